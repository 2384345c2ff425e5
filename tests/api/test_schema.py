"""schemathesis against /openapi.json: generated requests to every operation, never a server error."""
import pytest
from hypothesis import HealthCheck, given, settings

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is installed by `bash scripts/setup.sh --test`")
from schemathesis.checks import not_a_server_error  # noqa: E402

EXAMPLES = 25  # per operation; bounded so the suite stays quick


def test_no_operation_answers_with_a_server_error(db_copy):
    from whimbrel.api.app import create_app

    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(db_copy, allow_review=True, token="test-token"))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/events", "/api/events/{event_id}", "/api/reviews", "/api/export"}
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(headers={"X-Whimbrel-Token": "test-token"}, checks=[not_a_server_error])

        check()
