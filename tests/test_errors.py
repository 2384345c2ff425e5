"""One registry of message codes (whimbrel/errors.py): every code the source prints is registered,
none twice, and none is registered that nothing prints."""
import ast
import re
from pathlib import Path

from whimbrel import errors

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "src" / "whimbrel" / "errors.py"
# a code opening a message ("[S005] ...") or passed as a string ("A006", INGEST = "W130")
USED = re.compile(r"\[([A-Z]\d{3})\]|[\"']([A-Z]\d{3})[\"']")


def codes_in_source() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    files = [*(ROOT / "src" / "whimbrel").rglob("*.py"), *(ROOT / "scripts").glob("*.py")]
    for path in files:
        if path == REGISTRY:
            continue
        for match in USED.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(1) or match.group(2), set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_code_used_in_the_source_is_registered():
    unregistered = {c: sorted(f) for c, f in codes_in_source().items() if c not in errors.CODES}
    assert not unregistered


def test_no_code_is_registered_twice():
    tree = ast.parse(REGISTRY.read_text(encoding="utf-8"))
    codes = next(node.value for node in tree.body
                 if isinstance(node, ast.AnnAssign) and node.target.id == "CODES")
    keys = [k.value for k in codes.keys]
    assert len(keys) == len(set(keys)) == len(errors.CODES)


def test_every_registered_code_is_used_and_none_in_a_reserved_range():
    used = codes_in_source()
    assert [c for c in errors.CODES if c not in used] == []
    assert not [c for c in errors.CODES if c[:2] in errors.RESERVED]


def test_ingest_codes_come_from_the_registry():
    from whimbrel.ingest.errors import CODES
    assert CODES == {c: t for c, t in errors.CODES.items() if "W101" <= c <= "W140"}
