"""docs/API.md describes every operation the server has."""

from pathlib import Path

from mock_server.app import create_app

API_DOC = Path(__file__).parent.parent / "docs" / "API.md"


def _documented_forms(path: str) -> set[str]:
    # The doc's tables write {n} for a number, {id} for an attachment, and may leave out
    # the /api/v1 prefix.
    short = (path.replace("{number}", "{n}").replace("{attachment_id}", "{id}")
             .replace("{template_id}", "{id}"))  # fmt: skip
    return {path, short, short.removeprefix("/api/v1")}


def test_every_operation_is_in_the_api_document() -> None:
    text = API_DOC.read_text(encoding="utf-8")
    spec = create_app(test_controls=True).openapi()
    missing = []
    for path, operations in spec["paths"].items():
        for method in operations:
            if not any(f"{method.upper()} {form}" in text for form in _documented_forms(path)):
                missing.append(f"{method.upper()} {path}")
    assert missing == []


def test_the_reliability_table_is_what_the_fault_suite_asserts() -> None:
    """docs/RELIABILITY.md is written by `make reliability` from the observed outcomes; the
    suite asserts each observation equals the expected one, so the two agree when it passes."""
    from tests.faults.matrix import FAULTS, RESTART, expected, render
    from tests.faults.write_paths import PATHS

    cells = {(p.name, f.name): expected(p.name, f) for p in PATHS for f in FAULTS}
    cells |= {(p.name, RESTART): expected(p.name, None) for p in PATHS}
    document = API_DOC.parent / "RELIABILITY.md"
    assert document.read_text(encoding="utf-8") == render(
        cells, [(p.name, p.kept_means) for p in PATHS]
    )
