"""The coder's own setup errors: what the CLI and API catch instead of each stage's internals."""
import pytest

from whimbrel.coder import Coder, CoderSetupError, check_options


def test_an_unknown_factuality_option_is_refused_before_anything_loads():
    with pytest.raises(CoderSetupError, match=r"--factuality: \[M010\].*'encoder'"):
        check_options(factuality="encoder")


def test_known_options_pass():
    check_options(factuality="features")
    check_options(factuality="none")


@pytest.mark.slow
def test_a_bad_actor_file_is_a_coder_setup_error_naming_the_file(tmp_path):
    bad = tmp_path / "mine.yaml"
    bad.write_text("- name: [unclosed\n", encoding="utf-8")
    with pytest.raises(CoderSetupError, match=r"\[A001\].*mine.yaml"):
        Coder.load(actor_files=(str(bad),))
