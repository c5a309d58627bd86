"""« Pilotage du partenariat » (issue 18): every figure against an independent oracle.

The oracle builds a random store through the public API (filings by two technicians of the
structure and one of another, takings in charge, resolutions, cancellations, follow-up
exchanges, across a year's and a quarter's end in Paris time), then walks the whole history
and every detail through the public API and counts by itself — no code shared with the
server's queries. Cancelled requests leave the history: the oracle remembers the ones it
cancelled, as a technician would.
"""

from __future__ import annotations

import math
import random
import statistics as stats
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from ep_contract.domain.statuses import CANCEL_REASONS
from mock_server.clock import PARIS
from tests.support import VALID_VALUES, Api

ORGANISMES = ("331", "621", "911")
START = datetime(2028, 12, 20, 9, 0, tzinfo=PARIS)
MAS = "Saisine mission accompagnement santé"
STATUS_ORDER = ["Nouveau", "Pris en charge", "Résolu", "Message envoyé", "Message reçu", "Clôturé"]
C2S_THRESHOLD = {"motif": "Etude de C2S", "days": 20}


@dataclass
class Filed:
    """What the oracle knows of a request: from the API's answers, never from the store."""

    number: str
    organisme: str
    service: str
    service_title: str
    motif: str | None
    requester: str
    filed_at: datetime
    status: str = "Nouveau"
    taken_at: datetime | None = None
    resolved_at: datetime | None = None
    cancel_reason: str | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    authors: list[str] = field(default_factory=list)
    private: list[str] = field(default_factory=list)
    """The person's names, birth date, phone and the comment: never in the figures."""


# --- building a random store through the API --------------------------------------------------


async def catalogue(api: Api, code: str) -> dict:
    response = await api.http.get(f"/api/v1/organismes/{code}/catalogue", headers=await api.login())
    assert response.status_code == 200, response.text
    return response.json()


def values_for(rng: random.Random, service: dict) -> dict[str, Any]:
    """A valid form of ``service``: the test's usual person and comment, a random motif (and
    random MAS answers when the motif is the MAS referral)."""
    names = {f["name"]: f for f in service["fields"]}
    base = VALID_VALUES.get(service["code"], VALID_VALUES["etude"])
    values = {k: v for k, v in base.items() if k in names}
    if "motif" in names:
        values["motif"] = rng.choice(names["motif"]["choices"])
    if "documents" in names:
        values["documents"] = [rng.choice(names["documents"]["choices"])]
    if values.get("motif") == MAS:
        values["mas_consentement"] = True
        for name in ("mas_accompagnement", "mas_soins", "mas_causes"):
            choices = names[name]["choices"]
            values[name] = rng.sample(choices, k=rng.randint(1, 2))
        values["mas_accompagnement"].append(names["mas_accompagnement"]["choices"][1])
        values["mas_accompagnement"] = sorted(set(values["mas_accompagnement"]))
        values["mas_duree"] = rng.choice(names["mas_duree"]["choices"])
    return values


async def build_store(api: Api, seed: int) -> tuple[list[Filed], list[Filed]]:
    rng = random.Random(seed)
    api.clock.set(START)
    catalogues = {code: await catalogue(api, code) for code in ORGANISMES}
    response = await api.http.put(
        "/api/v1/backoffice/structures/1/alert-settings",
        json={"motifs": [C2S_THRESHOLD]},
        headers=await api.agent("331"),
    )
    assert response.status_code == 200, response.text
    known: list[Filed] = []
    others: list[Filed] = []
    # Around the year's end, Paris time: 23:30 on 31 December is 22:30 UTC.
    boundaries = [datetime(2028, 12, 31, 23, 30, tzinfo=PARIS),
                  datetime(2029, 1, 1, 0, 30, tzinfo=PARIS)]  # fmt: skip
    for _ in range(120):
        at_boundary = bool(boundaries) and api.clock.now() >= boundaries[0] - timedelta(hours=2)
        if at_boundary:  # a filing each side of midnight, whatever the seed
            api.clock.set(boundaries.pop(0))
        else:
            api.advance_days(rng.uniform(0.05, 1.6))
        action = rng.random()
        if at_boundary or action < 0.5 or not known:
            await file_one(api, rng, catalogues, known, user=rng.choice(["mlapierre", "vchausson"]))
        elif action < 0.55:
            await file_one(api, rng, catalogues, others, user="jbernard", organisme="331")
        else:
            await act_on_one(api, rng, known)
    return known, others


async def file_one(
    api: Api,
    rng: random.Random,
    catalogues: dict[str, dict],
    known: list[Filed],
    *,
    user: str,
    organisme: str | None = None,
) -> None:
    code = organisme or rng.choice(ORGANISMES)
    service = rng.choice(catalogues[code]["services"])
    values = values_for(rng, service)
    detail = await api.filed(service["code"], values=values, organisme=code, user=user)
    known.append(
        Filed(number=detail["number"], organisme=code, service=service["code"],
              service_title=detail["service_title"], motif=detail["motif"],
              requester=detail["requester"], filed_at=datetime.fromisoformat(detail["filed_at"]))
    )  # fmt: skip


async def act_on_one(api: Api, rng: random.Random, known: list[Filed]) -> None:
    request = rng.choice(known)
    number, organisme = request.number, request.organisme
    if request.status == "Nouveau":
        if rng.random() < 0.2:
            reason = rng.choice(CANCEL_REASONS)
            sent = await api.post(f"/api/v1/requests/{number}/cancellation",
                                  {"reason": reason, "confirm": True})  # fmt: skip
            assert sent.status_code == 204, sent.text
            request.status, request.cancel_reason = "Annulé", reason
        else:
            await api.take(number, organisme)
            request.status = "Pris en charge"
    elif request.status == "Pris en charge":
        answered = await api.agent_post(f"/requests/{number}/resolution",
                                        {"answer": "Fait.", "attachment_ids": []},
                                        organisme=organisme)  # fmt: skip
        assert answered.status_code == 204, answered.text
        request.status = "Résolu"
    elif request.status in {"Résolu", "Message reçu"}:
        sent = await api.post(f"/api/v1/requests/{number}/messages", {"body": "Une question ?"})
        if sent.status_code == 201:
            request.status = "Message envoyé"
    elif request.status == "Message envoyé":
        answered = await api.agent_post(f"/requests/{number}/messages", {"body": "Voici."},
                                        organisme=organisme)  # fmt: skip
        assert answered.status_code == 204, answered.text
        request.status = "Message reçu"


async def walk_history(api: Api, cancelled: list[Filed]) -> list[Filed]:
    """Every request of the structure as the public API shows it, plus the ones cancelled."""
    seen = []
    for code in ORGANISMES:
        page, pages = 1, 1
        while page <= pages:
            response = await api.history(organisme=code, page=page, page_size=100, sort="number")
            assert response.status_code == 200, response.text
            body = response.json()
            pages = body["pages"]
            for item in body["items"]:
                detail = (await api.detail(item["number"])).json()
                seen.append(
                    Filed(
                        number=item["number"], organisme=code, service=item["service_code"],
                        service_title=item["service_title"], motif=item["motif"],
                        requester=item["requester"],
                        filed_at=datetime.fromisoformat(item["filed_at"]),
                        status=item["status"], taken_at=_moment(detail["taken_at"]),
                        resolved_at=_moment(detail["resolved_at"]),
                        answers={a["name"]: a["value"] for a in detail["answers"]},
                        authors=[m["author"] for m in detail["messages"]],
                        private=_private(detail),
                    )
                )  # fmt: skip
            page += 1
    return seen + cancelled


def _private(detail: dict) -> list[str]:
    person = detail["person_details"] or {}
    born = person.get("date_naissance")
    words = [person.get(k) for k in ("nom", "prenom", "telephone")] + [detail["comment"]]
    if born:
        words += [born, f"{date.fromisoformat(born):%d/%m/%Y}"]
    return [w for w in words if w]


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


# --- the oracle --------------------------------------------------------------------------------


RANGES_DAYS = [(0, 2), (2, 7), (7, 15), (15, 30), (30, 10_000)]


def _delay(seconds: list[float], still_open: int) -> dict:
    distribution = [sum(1 for x in seconds if low * 86_400 <= x < high * 86_400)
                    for low, high in RANGES_DAYS]  # fmt: skip
    if not seconds:
        return {"count": 0, "mean_seconds": None, "median_seconds": None, "p90_seconds": None,
                "still_open": still_open, "distribution": distribution}  # fmt: skip
    ordered = sorted(seconds)
    rank = math.ceil(len(ordered) * 0.9 - 1e-9)
    return {"count": len(ordered), "mean_seconds": pytest.approx(stats.fmean(ordered)),
            "median_seconds": pytest.approx(stats.median(ordered)),
            "p90_seconds": int(ordered[rank - 1]), "still_open": still_open,
            "distribution": distribution}  # fmt: skip


def _delays(requests: list[Filed]) -> dict:
    live = [r for r in requests if r.cancel_reason is None]
    taken = [(r.taken_at - r.filed_at).total_seconds() for r in live if r.taken_at]
    resolved = [(r.resolved_at - r.filed_at).total_seconds() for r in live if r.resolved_at]
    return {"taken": _delay(taken, len(live) - len(taken)),
            "resolved": _delay(resolved, len(live) - len(resolved))}  # fmt: skip


def _months_between(first: date, last: date) -> list[date]:
    """Every month the period touches, counted here (not ep_contract's months_of)."""
    found: list[date] = []
    day = first
    while day <= last:
        if day.replace(day=1) not in found:
            found.append(day.replace(day=1))
        day += timedelta(days=1)
    return found


def oracle(
    requests: list[Filed], first: date, last: date, benefits: dict[str, dict[str, str]],
    today: date,
) -> dict:  # fmt: skip
    mine = [r for r in requests if first <= r.filed_at.astimezone(PARIS).date() <= last]
    live = [r for r in mine if r.cancel_reason is None]
    months = dict.fromkeys(_months_between(first, last), 0)
    for r in mine:
        months[r.filed_at.astimezone(PARIS).date().replace(day=1)] += 1
    by_service: defaultdict[str, list[Filed]] = defaultdict(list)
    by_benefit: defaultdict[str, list[Filed]] = defaultdict(list)
    by_requester: defaultdict[str, list[Filed]] = defaultdict(list)
    for r in mine:
        by_service[r.service].append(r)
        by_benefit[benefits[r.organisme].get(r.motif or "", "autre")].append(r)
        by_requester[r.requester].append(r)
    mas = [r for r in live if r.motif == MAS]
    mas_counts = {name: Counter() for name in ("accompagnement", "soins", "duree", "causes")}
    for r in mas:
        for name, counts in mas_counts.items():
            value = r.answers.get(f"mas_{name}", [])
            counts.update([value] if isinstance(value, str) else value)
    alerts = []
    for r in live:
        if r.status not in {"Nouveau", "Pris en charge"}:
            continue
        if r.motif == C2S_THRESHOLD["motif"]:
            threshold, since = C2S_THRESHOLD["days"], r.filed_at
        elif r.status == "Nouveau":
            threshold, since = 10, r.filed_at
        else:
            threshold, since = 30, r.taken_at
        assert since is not None
        waited = (today - since.astimezone(PARIS).date()).days
        if waited > threshold:
            alerts.append((-waited, r.number))
    return {
        "filed": len(mine),
        "cancelled": len(mine) - len(live),
        "months": list(months.items()),
        "by_service": {k: (len(v), _delays(v)) for k, v in by_service.items()},
        "by_benefit": {k: (len(v), _delays(v)) for k, v in by_benefit.items()},
        "by_requester": {k: (len(v), _delays(v)) for k, v in by_requester.items()},
        "motifs": Counter(r.motif or "(sans motif)" for r in mine),
        "delays": _delays(mine),
        "statuses": Counter(r.status for r in live),
        "cancellations": Counter(r.cancel_reason for r in mine if r.cancel_reason),
        "exchanges": {
            "requests": sum(1 for r in mine if r.authors),
            "questions": sum(r.authors.count("technicien") for r in mine),
            "answers": sum(r.authors.count("organisme") for r in mine),
        },  # fmt: skip
        "mas": (len(mas), {k: +v for k, v in mas_counts.items()}),
        "social_service": sum(1 for r in live if r.motif == "Service Social"),
        "alerts": [number for _, number in sorted(alerts)],
    }


def served(body: dict) -> dict:
    """The server's answer in the oracle's shape (zeros dropped where the oracle has none)."""

    def groups(items: list[dict]) -> dict:
        return {g["key"]: (g["filed"], g["delays"]) for g in items if g["filed"]}

    return {
        "filed": body["filed"],
        "cancelled": body["cancelled"],
        "months": [(date.fromisoformat(m["month"]), m["filed"]) for m in body["by_month"]],
        "by_service": groups(body["by_service"]),
        "by_benefit": groups(body["by_benefit"]),
        "by_requester": groups(body["by_requester"]),
        "motifs": Counter({t["label"]: t["count"] for t in body["by_motif"]}),
        "delays": body["delays"],
        "statuses": +Counter({t["label"]: t["count"] for t in body["statuses"]}),
        "cancellations": +Counter({t["label"]: t["count"] for t in body["cancellations"]}),
        "exchanges": body["exchanges"],
        "mas": (
            body["mas"]["referrals"],
            {
                k: +Counter({t["label"]: t["count"] for t in body["mas"][k]})
                for k in ("accompagnement", "soins", "duree", "causes")
            },
        ),  # fmt: skip
        "social_service": body["social_service"],
        "alerts": [a["number"] for a in body["alerts"]],
    }


PERIODS = [
    ({"periode": "annee", "annee": 2028}, date(2028, 1, 1), date(2028, 12, 31)),
    ({"periode": "annee", "annee": 2029}, date(2029, 1, 1), date(2029, 12, 31)),
    ({"periode": "trimestre", "annee": 2028, "trimestre": 4},
     date(2028, 10, 1), date(2028, 12, 31)),
    ({"periode": "trimestre", "annee": 2029, "trimestre": 1}, date(2029, 1, 1), date(2029, 3, 31)),
    ({"periode": "dates", "debut": "2028-12-25", "fin": "2029-01-06"},
     date(2028, 12, 25), date(2029, 1, 6)),
]  # fmt: skip


async def statistics(api: Api, user: str = "mlapierre", **params: Any):
    return await api.http.get(
        "/api/v1/statistics",
        params={k: str(v) for k, v in params.items()},
        headers=await api.login(user),
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_every_figure_equals_the_oracles_count_from_the_public_api(
    api: Api, seed: int
) -> None:
    known, others = await build_store(api, seed)
    cancelled = [r for r in known if r.cancel_reason]
    everything = await walk_history(api, cancelled)  # the seed's requests too (2026)
    # Both sides of midnight on 31 December, Paris time (00:30 is still 2028 in UTC).
    stamps = {r.filed_at for r in known}
    assert datetime(2028, 12, 31, 23, 30, tzinfo=PARIS) in stamps
    assert datetime(2029, 1, 1, 0, 30, tzinfo=PARIS) in stamps
    numbers = {r.number for r in everything}
    assert {r.number for r in known} <= numbers
    assert others and not {r.number for r in others} & numbers
    today = api.clock.now().astimezone(PARIS).date()
    benefits = {code: (await catalogue(api, code))["benefits"] for code in ORGANISMES}
    twelve = (today.replace(year=today.year - 1) + timedelta(days=1), today)
    private = {word for r in everything for word in r.private}
    assert len(private) > 20
    checked = 0
    for params, first, last in [*PERIODS, ({"periode": "12mois"}, *twelve)]:
        for organisme in (*ORGANISMES, None):
            query = {**params, **({"organisme": organisme} if organisme else {})}
            response = await statistics(api, **query)
            assert response.status_code == 200, response.text
            scope = [r for r in everything if organisme in (None, r.organisme)]
            expected = oracle(scope, first, last, benefits, today)
            assert served(response.json()) == expected, query
            for word in private:
                assert word not in response.text, (query, word)
            checked += expected["filed"]
    assert checked > 100  # the periods were not empty: the comparison counted something


# --- scope, empty periods, refusals -------------------------------------------------------------


async def test_another_structures_organisme_is_not_found(api: Api) -> None:
    response = await statistics(api, user="jbernard", organisme="911")
    assert response.status_code == 404
    assert response.json()["code"] == "organisme_not_found"
    response = await statistics(api, organisme="999")
    assert response.status_code == 404


async def test_another_structures_requests_are_never_counted(api: Api) -> None:
    api.clock.set(START)
    before = (await statistics(api, organisme="331")).json()
    await api.filed("etude", user="jbernard")
    after = (await statistics(api, organisme="331")).json()
    assert after["filed"] == before["filed"]
    theirs = (await statistics(api, user="jbernard", organisme="331")).json()
    assert theirs["filed"] == 1 and theirs["structure"] != after["structure"]


async def test_a_period_without_requests_has_zeros_everywhere(api: Api) -> None:
    response = await statistics(api, periode="annee", annee=2027)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["filed"] == 0 and body["cancelled"] == 0
    assert [m["filed"] for m in body["by_month"]] == [0] * 12
    assert body["delays"]["resolved"] == {"count": 0, "mean_seconds": None,
                                          "median_seconds": None, "p90_seconds": None,
                                          "still_open": 0,
                                          "distribution": [0, 0, 0, 0, 0]}  # fmt: skip
    assert [b["key"] for b in body["by_benefit"]] == ["puma", "c2s", "ame", "autre"]
    assert all(t["count"] == 0 for t in body["mas"]["accompagnement"])
    assert len(body["mas"]["accompagnement"]) == 5  # every answer offered, with its zero
    assert body["alerts"] == [] and body["by_requester"] == []


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"periode": "dates", "debut": "2026-02-30", "fin": "2026-03-31"},
         {"debut": "Saisissez une date qui existe, au format aaaa-mm-jj."}),
        ({"periode": "dates", "debut": "01/02/2026", "fin": ""},
         {"debut": "Saisissez une date qui existe, au format aaaa-mm-jj.",
          "fin": "Saisissez une date."}),
        ({"periode": "dates", "debut": "2026-03-01", "fin": "2026-02-28"},
         {"fin": "La date de fin est avant la date de début."}),
        ({"periode": "dates", "debut": "2020-01-01", "fin": "2025-01-01"},
         {"fin": "Une période dure au plus 5 ans."}),
        ({"periode": "trimestre", "annee": 2026, "trimestre": 5},
         {"trimestre": "Un trimestre est un nombre de 1 à 4."}),
        ({"periode": "annee", "annee": 1999}, {"annee": "Saisissez une année entre 2000 et 2027."}),
        ({"periode": "dates", "debut": "9995-01-01", "fin": "9995-01-02"},
         {"debut": "Saisissez une date entre 2000 et 2027.",
          "fin": "Saisissez une date entre 2000 et 2027."}),
    ],
)  # fmt: skip
async def test_a_period_that_is_not_one_is_refused_by_field(
    api: Api, params: dict, errors: dict
) -> None:
    response = await statistics(api, **params)
    assert response.status_code == 422
    assert response.json()["errors"] == errors


async def test_five_years_to_the_day_are_allowed(api: Api) -> None:
    response = await statistics(api, periode="dates", debut="2020-01-01", fin="2024-12-31")
    assert response.status_code == 200, response.text


async def test_a_period_crossing_a_conventions_end_says_where_it_ended(api: Api) -> None:
    # The seed's CPAM LANDES ended 20 days before the clock's today (22/11/2026).
    body = (await statistics(api, organisme="401", periode="annee", annee=2026)).json()
    assert body["conventions_ended"] == [
        {"organisme_code": "401", "organisme_name": "CPAM LANDES", "ended_on": "2026-11-02"}
    ]
    assert (await statistics(api, organisme="331", periode="annee")).json()[
        "conventions_ended"
    ] == []


async def test_no_person_and_no_comment_leave_the_server(api: Api) -> None:
    await api.filed("signalement")  # PAIN François, « L'assuré a besoin de soins urgents »
    text = (await statistics(api)).text
    for word in ("PAIN", "François", "soins urgents", "1970"):
        assert word not in text


def test_a_store_of_the_previous_schema_gets_the_year_of_filing(tmp_path) -> None:
    """The demo store lives between versions: its rows get the Paris year they were filed in
    (the statistics' index narrows its walk with it)."""
    from mock_server.db import Database
    from mock_server.seed import seed
    from tests.conftest import NOW

    db = Database(tmp_path / "store.sqlite3")
    seed(db, NOW)
    db.connection.execute(
        "UPDATE requests SET filed_at = ? WHERE id = 1",
        (int(datetime(2026, 1, 1, 0, 30, tzinfo=PARIS).timestamp()),),  # 23:30 UTC, in 2025
    )
    versions = dict(db.connection.execute("SELECT id, version FROM requests").fetchall())
    db.connection.executescript(
        "DROP INDEX requests_statistics; ALTER TABLE requests DROP COLUMN filed_year;"
    )
    db.close()
    reopened = Database(tmp_path / "store.sqlite3")
    rows = reopened.connection.execute(
        "SELECT id, filed_at, filed_year, version FROM requests ORDER BY id"
    ).fetchall()
    assert len(rows) > 100
    for row in rows:
        assert row["filed_year"] == datetime.fromtimestamp(row["filed_at"], PARIS).year
    assert rows[0]["filed_year"] == 2026
    # No version moved: a « Compléter » open across the upgrade is not refused for it.
    assert {row["id"]: row["version"] for row in rows} == versions
    reopened.connection.execute("UPDATE requests SET comment = 'x' WHERE id = 1")
    (version,) = reopened.connection.execute("SELECT version FROM requests WHERE id = 1").fetchone()
    assert version == versions[1] + 1  # the trigger is back
    reopened.close()


async def test_a_store_seeded_before_the_benefits_gets_them(tmp_path) -> None:
    """The demo's store outlives a version: its catalogues get the motifs' benefit families
    (else every request of it would count as « autre »), and nothing else of them changes."""
    import json

    import httpx

    from mock_server.app import create_app
    from mock_server.clock import Clock
    from mock_server.db import Database
    from mock_server.transport import LoopbackTransport
    from tests.conftest import NOW

    path = tmp_path / "store.sqlite3"
    create_app(Database(path), clock=Clock(NOW))
    with Database(path).transaction() as connection:
        for code, text in connection.execute("SELECT code, json FROM catalogues").fetchall():
            stored = json.loads(text)
            del stored["benefits"]
            stored["services"][0]["title"] = "Titre gardé"
            connection.execute("UPDATE catalogues SET json = ? WHERE code = ?",
                               (json.dumps(stored), code))  # fmt: skip
    server = create_app(Database(path), clock=Clock(NOW))
    async with httpx.AsyncClient(transport=LoopbackTransport(server), base_url="http://t") as http:
        api = Api(http, Clock(NOW))
        served = await catalogue(api, "331")
        assert served["benefits"]["Etude de C2S"] == "c2s"
        assert served["services"][0]["title"] == "Titre gardé"
        body = (await statistics(api, organisme="331")).json()
        assert [b["filed"] for b in body["by_benefit"]][:3] != [0, 0, 0]


async def test_a_quarter_ends_at_midnight_in_paris_not_in_utc(api: Api) -> None:
    # 23:30 on 31 March in Paris is 21:30 UTC; 00:30 on 1 April is 22:30 UTC on 31 March.
    api.clock.set(datetime(2029, 3, 31, 23, 30, tzinfo=PARIS))
    await api.filed("etude")
    api.clock.set(datetime(2029, 4, 1, 0, 30, tzinfo=PARIS))
    await api.filed("etude")
    first = (await statistics(api, organisme="331", periode="trimestre", annee=2029,
                              trimestre=1)).json()  # fmt: skip
    second = (await statistics(api, organisme="331", periode="trimestre", annee=2029,
                               trimestre=2)).json()  # fmt: skip
    assert (first["filed"], second["filed"]) == (1, 1)
    assert [m["filed"] for m in first["by_month"]] == [0, 0, 1]
    assert [m["filed"] for m in second["by_month"]] == [1, 0, 0]
