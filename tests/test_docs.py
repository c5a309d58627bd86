"""docs/API.md describes every operation the server has."""

from pathlib import Path

from mock_server.app import create_app

API_DOC = Path(__file__).parent.parent / "docs" / "API.md"


def _documented_forms(path: str) -> set[str]:
    # The doc's tables write {n} for a number, {id} for an attachment, and may leave out
    # the /api/v1 prefix.
    short = path.replace("{number}", "{n}").replace("{attachment_id}", "{id}")
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
