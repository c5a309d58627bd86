"""The JSON Schema of what the command line reads from the server and prints with
``--format json``: the API's own models (ep_contract.wire, ep_contract.queries), written once
to ``answers.schema.json`` beside this module.

The file is the documented schema a structure's IT can validate against, and what the reading
commands decode the server's answers with (ep_tui.cli.plain), so that they need not import
pydantic. ``python -m ep_tui.cli.schema`` writes it anew; a test fails when it differs from the
models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PATH = Path(__file__).with_name("answers.schema.json")
ANSWERS = ("Session", "Organisme", "HistoryPage", "RequestDetail", "WorkList", "Statistics",
           "Problem")  # fmt: skip
QUERIES = ("HistoryQuery", "StatisticsQuery")


def build() -> dict[str, Any]:
    from pydantic.json_schema import models_json_schema

    from ep_contract import queries, wire

    models = [(getattr(wire, name), "validation") for name in ANSWERS]
    models += [(getattr(queries, name), "validation") for name in QUERIES]
    _, schema = models_json_schema(models, title="ep-tui --format json")  # type: ignore[arg-type]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "description": "Ce que les commandes de lecture d'ep-tui écrivent avec --format json : "
        "organismes (liste d'Organisme), demandes (HistoryPage, ou liste de RequestSummary "
        "avec --tout), demande (RequestDetail), a-traiter (WorkList), statistiques "
        "(Statistics).",
        **schema,
    }


def text() -> str:
    return json.dumps(build(), ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    PATH.write_text(text(), encoding="utf-8")
    print(f"{PATH} écrit.")
