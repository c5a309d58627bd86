"""History queries and filing at 100,000 requests, in process, through the whole app
(authentication, housekeeping, validation, JSON) over ``httpx.ASGITransport``.

Targets (issue 2): history p50 ≤ 20 ms and p99 ≤ 100 ms for any combination of filters and
sort; filing p50 ≤ 30 ms.
"""

from __future__ import annotations

import asyncio
import random
import shutil
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from bench.common import BENCH_NOW, BULK, big_store, summary_ms
from mock_server.app import create_app
from mock_server.clock import Clock
from mock_server.db import Database
from mock_server.repository import REQUEST_COLUMNS
from mock_server.transport import LoopbackTransport
from tests.support import VALID_VALUES

SORTS = ["number", "service", "motif", "person", "requester", "filed_at", "status", "status_at"]
STATUSES = ["Nouveau", "Pris en charge", "Résolu", "Message envoyé", "Message reçu", "Clôturé"]
SERVICES = ["contact", "signalement", "rdv", "etude", "document"]
MOTIFS = ["Demande d'aide financière", "C2S", "AME", "Situation d'urgence", "Capital décès"]
PEOPLE = ["tutu", "PAIN François", "josephine", "le goff", "zzz-nobody", "mar"]


def random_query(rng: random.Random, total_pages_hint: int = 1600) -> dict[str, str]:
    """Any combination: 0 to 4 of the 8 filters, any sort, either order, first or deep page."""
    filters = {
        "numero": lambda: "26331" + str(rng.randint(0, 9)),
        "personne": lambda: rng.choice(PEOPLE),
        "statut": lambda: rng.choice(STATUSES),
        "depot_debut": lambda: (
            date(2026, 11, 22) - timedelta(days=rng.randint(30, 900))
        ).isoformat(),
        "depot_fin": lambda: (date(2026, 11, 22) - timedelta(days=rng.randint(0, 29))).isoformat(),
        "demandeur": lambda: rng.choice(["lapierre", "chausson", "victor"]),
        "service": lambda: rng.choice(SERVICES),
        "motif": lambda: rng.choice(MOTIFS),
    }
    chosen = rng.sample(list(filters), k=rng.choice([0, 0, 1, 1, 2, 2, 3, 4]))
    params = {name: filters[name]() for name in chosen}
    params["sort"] = rng.choice(SORTS)
    params["order"] = rng.choice(["asc", "desc"])
    params["page_size"] = str(rng.choice([10, 20, 50, 100]))
    params["page"] = str(1 if rng.random() < 0.7 else rng.randint(2, 40))
    return params


async def run(queries: int = 600, filings: int = 300, *, bulk: int = BULK) -> dict:
    # Work on a copy: filing adds requests, and every run must start from the same store.
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "store.sqlite3"
        shutil.copyfile(big_store(bulk), copy)
        return await _measure(Database(copy), queries, filings)


ELSEWHERE = 2000
"""Rows of another structure whose person is called ZARBIDOU (issue 15's timing oracle)."""


def _people_elsewhere(db: Database) -> None:
    """``ELSEWHERE`` copies of the measured history's rows, in another structure's history
    at the same organisme, all about one person no row of the measured history is about."""
    replaced = {"number": "printf('2699%06d', id)", "structure_id": "2",
                "person_key": "'ZARBIDOU ANATOLE|ANATOLE ZARBIDOU'"}  # fmt: skip
    columns = ", ".join(REQUEST_COLUMNS)
    chosen = ", ".join(replaced.get(c, c) for c in REQUEST_COLUMNS)
    with db.transaction() as connection:
        connection.execute(
            f"INSERT INTO requests ({columns}) SELECT {chosen} FROM requests"  # noqa: S608
            " WHERE structure_id = 1 AND organisme_code = '331' LIMIT ?",
            (ELSEWHERE,),
        )


async def _oracle(http: httpx.AsyncClient, headers: dict[str, str]) -> dict:
    """A name that exists only in another structure against a name that exists nowhere,
    alternated: the same time, or the history tells what other structures hold."""
    times: dict[str, list[float]] = {"elsewhere": [], "nowhere": []}
    for _ in range(150):
        for kind, name in (("elsewhere", "ZARBIDOU"), ("nowhere", "QWXZVK")):
            started = time.perf_counter()
            response = await http.get("/api/v1/organismes/331/requests",
                                      params={"personne": name}, headers=headers)  # fmt: skip
            times[kind].append(time.perf_counter() - started)
            assert response.json()["total"] == 0, response.text
    return {kind: summary_ms(samples) for kind, samples in times.items()}


async def _measure(db: Database, queries: int, filings: int, worklists: int = 300) -> dict:
    _people_elsewhere(db)
    app = create_app(db, clock=Clock(BENCH_NOW), seed_if_empty=False)
    rng = random.Random(11)
    async with httpx.AsyncClient(transport=LoopbackTransport(app), base_url="http://b") as http:
        token = (
            await http.post("/api/v1/session", json={"username": "mlapierre", "password": "demo"})
        ).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        (total,) = db.one("SELECT COUNT(*) FROM requests")
        # Warm up SQLite's page cache and Python's imports, as a running server would be.
        for _ in range(20):
            await http.get(
                "/api/v1/organismes/331/requests", params=random_query(rng), headers=headers
            )
        history, slowest = [], []
        for _ in range(queries):
            params = random_query(rng)
            started = time.perf_counter()
            response = await http.get(
                "/api/v1/organismes/331/requests", params=params, headers=headers
            )
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, response.text
            history.append(elapsed)
            slowest.append((elapsed, params))
        oracle = await _oracle(http, headers)
        work, items = [], {}
        for index in range(worklists):
            scope = ("mine", "structure")[index % 2]
            started = time.perf_counter()
            response = await http.get("/api/v1/worklist", params={"scope": scope},
                                      headers=headers)  # fmt: skip
            work.append(time.perf_counter() - started)
            assert response.status_code == 200, response.text
            items[scope] = len(response.json()["items"])
        filing = []
        for index in range(filings):
            service = SERVICES[index % len(SERVICES)]
            started = time.perf_counter()
            response = await http.post(
                "/api/v1/organismes/331/requests",
                json={"service": service, "values": VALID_VALUES[service]},
                headers={**headers, "Idempotency-Key": f"bench-{index}-{time.time_ns()}"},
            )
            filing.append(time.perf_counter() - started)
            assert response.status_code == 201, response.text
    db.close()
    slowest.sort(key=lambda pair: pair[0], reverse=True)
    return {
        "store_requests": total,
        "history": summary_ms(history),
        "filing": summary_ms(filing),
        "oracle": oracle,
        "worklist": summary_ms(work),
        "worklist_items": items,
        "slowest_queries": [(round(t * 1000, 1), p) for t, p in slowest[:5]],
    }


if __name__ == "__main__":
    print(asyncio.run(run()))
