"""Demo data (SPEC §11), relative to the instant it is seeded at so that the convention states
are always the intended ones, and deterministic (a fixed random seed).  Every person here is
invented; the manual's examples (PAIN François, TUTU Joséphine…) are invented too.
"""

from __future__ import annotations

import functools
import json
import random
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ep_contract.domain.catalogue import Catalogue, Service
from ep_contract.domain.request_number import format_request_number
from ep_contract.domain.statuses import EXCHANGE_DAYS, Status
from mock_server import catalogues, demo_agent, demo_texts, security
from mock_server.clock import PARIS, date_of
from mock_server.db import Database
from mock_server.repository import DAY, REQUEST_COLUMNS, last_second_of_window, with_sort_keys
from mock_server.text import name_key

DEMO_PASSWORD = "demo"
"""Every seeded account's password (README: demo credentials)."""


@functools.cache
def _demo_hash(password: str) -> str:
    # One scrypt per process: seeding runs before every test, and the hash's cost is the point.
    return security.hash_password(password)


@dataclass(frozen=True)
class SeedPerson:
    civilite: str
    nom: str
    prenom: str
    born: str  # ISO
    lieu: str


PERSONS = [
    SeedPerson("Monsieur", "PAIN", "François", "1970-10-05", "24"),
    SeedPerson("Madame", "PIRES", "Marina", "1980-02-01", "29"),
    SeedPerson("Monsieur", "PRINCE", "Marius", "1960-05-05", "27"),
    SeedPerson("Madame", "CHEMIN", "Marie", "1975-06-01", "47"),
    SeedPerson("Madame", "TUTU", "Joséphine", "1971-10-10", "44"),
    SeedPerson("Madame", "BULOT", "Christine", "1968-03-14", "33"),
    SeedPerson("Monsieur", "LE GOFF", "Yann", "1985-07-22", "29"),
    SeedPerson("Madame", "N'DIAYE", "Awa", "1992-11-30", "Sénégal"),
    SeedPerson("Monsieur", "MARTIN-LEROY", "Jean-Pierre", "1958-01-09", "75"),
    SeedPerson("Monsieur", "OLIVEIRA", "Tiago", "1979-04-18", "Portugal"),
    SeedPerson("Madame", "DUPRÉ", "Léa", "2001-09-02", "33"),
    SeedPerson("Monsieur", "FAURE", "Émile", "1949-12-24", "2A"),
    SeedPerson("Madame", "GARNIER", "Zoé", "1996-05-11", "971"),
    SeedPerson("Madame", "D'ALMEIDA", "Sofia", "1983-08-08", "Brésil"),
    SeedPerson("Monsieur", "BENALI", "Karim", "1974-02-27", "Algérie"),
    SeedPerson("Madame", "ROUSSEAU", "Hélène", "1966-06-16", "40"),
    SeedPerson("Monsieur", "CHEVALIER", "Louis", "1990-10-03", "47"),
    SeedPerson("Madame", "MOREAU", "Inès", "1988-01-21", "24"),
    SeedPerson("Monsieur", "LAMBERT", "Noé", "2004-03-05", "33"),
    SeedPerson("Madame", "BONNET", "Chloé", "1977-12-12", "64"),
    SeedPerson("Monsieur", "GUÉRIN", "Hugo", "1962-07-07", "Maroc"),
    SeedPerson("Madame", "PERRIN", "Manon", "1999-04-29", "33"),
    SeedPerson("Monsieur", "ROBIN", "Théo", "1986-09-19", "91"),
    SeedPerson("Madame", "CLÉMENT", "Camille", "1972-02-02", "62"),
]


@dataclass(frozen=True)
class OrganismeSeed:
    code: str
    name: str
    catalogue: str


ORGANISMES = [
    OrganismeSeed("331", "CPAM GIRONDE", "national"),
    OrganismeSeed("621", "CPAM COTE D'OPALE", "national-reduced"),
    OrganismeSeed("471", "CPAM LOT ET GARONNE", "national"),
    OrganismeSeed("241", "CPAM DORDOGNE", "national"),
    OrganismeSeed("401", "CPAM LANDES", "national"),
    OrganismeSeed("641", "CPAM BEARN ET SOULE", "national"),
    OrganismeSeed("161", "CPAM CHARENTE", "national"),
    OrganismeSeed("911", "CPAM ESSONNE", "essonne"),
]
STRUCTURES = [
    (1, "Service social du Centre hospitalier Les Tilleuls", "service.social@tilleuls.invalid"),
    (2, "Association Entraide Santé Garonne", "contact@entraide-garonne.invalid"),
]
TECHNICIANS = [
    # id, structure, username, first, last, newsletter
    (1, 1, "mlapierre", "Martine", "LAPIERRE", True),
    (2, 1, "vchausson", "Victor", "CHAUSSON", False),
    (3, 2, "jbernard", "Julie", "BERNARD", False),
]
NEWS_TITLES = [
    "La Complémentaire santé solidaire, c'est quoi ?",
    "Nouvelle version d'Espace Partenaires",
    "Campagne de vaccination contre la grippe",
    "MT'Dents : rendez-vous dentaires gratuits pour les enfants",
    "Examen de prévention en santé : les créneaux de décembre",
    "Rappel : une demande par personne accompagnée",
    "Pas de données de santé dans les commentaires",
    "Dépistage du cancer colorectal : le kit en pharmacie",
    "AME : les pièces à joindre au renouvellement",
    "Fermeture exceptionnelle de l'accueil le 11 novembre",
    "Mission accompagnement santé : bilan de l'année",
    "Le compte ameli en 5 minutes : atelier pour vos publics",
    "Délais de traitement des demandes de C2S",
    "Réunion des partenaires du territoire",
    "Attestation de droits : la télécharger depuis ameli",
    "Nouveau formulaire de demande de carte Vitale",
]


def seed(db: Database, now: datetime) -> None:
    """Wipe the store and fill it with the demo data, relative to ``now``."""
    db.wipe()
    today = now.astimezone(PARIS).date()
    rng = random.Random(20260401)
    with db.transaction() as connection:
        _reference_data(connection, today)
        _news(connection, now, rng)
        plan = [
            # structure, organisme, count, filed between (days ago), and what to force
            (1, "331", 150, (400, 0), None),
            (1, "621", 20, (200, 0), None),
            (1, "471", 15, (150, 0), None),
            (1, "401", 12, (300, 21), "pending"),
            (1, "641", 8, (200, 26), "resolved_recently"),
            (1, "161", 5, (400, 151), None),  # resolved long ago: hidden
            (1, "911", 20, (150, 0), None),
            (2, "331", 40, (300, 0), None),
        ]
        for structure_id, organisme_code, count, (oldest, newest), force in plan:
            rows = generate_requests(
                rng,
                connection,
                structure_id,
                organisme_code,
                count,
                now - timedelta(days=oldest),
                now - timedelta(days=newest),
                now,
                force=force,
            )
            insert_generated(connection, rows, now, with_extras=True, rng=rng)
        demo_agent.mark_seed_end(connection, int(now.timestamp()))


def upgrade_reference_data(db: Database) -> None:
    """A store seeded by an earlier version (the demo's lives between versions) gets what its
    catalogues lacked: the motifs' benefit families (« Pilotage du partenariat »). Nothing
    else of a stored catalogue changes."""
    with db.transaction() as connection:
        for code, text in connection.execute("SELECT code, json FROM catalogues").fetchall():
            stored = json.loads(text)
            if "benefits" not in stored and code in catalogues.ALL:
                stored["benefits"] = dict(catalogues.ALL[code].benefits)
                connection.execute(
                    "UPDATE catalogues SET json = ? WHERE code = ?", (json.dumps(stored), code)
                )


def _reference_data(connection: sqlite3.Connection, today: date) -> None:
    for catalogue in catalogues.ALL.values():
        connection.execute(
            "INSERT INTO catalogues (code, json) VALUES (?, ?)",
            (catalogue.code, catalogue.model_dump_json()),
        )
    for organisme in ORGANISMES:
        connection.execute(
            "INSERT INTO organismes (code, name, catalogue_code) VALUES (?, ?, ?)",
            (organisme.code, organisme.name, organisme.catalogue),
        )
        connection.execute(
            "INSERT INTO agents (organisme_code, username, password_hash, name)"
            " VALUES (?, ?, ?, ?)",
            (
                organisme.code,
                f"agent{organisme.code}",
                _demo_hash(DEMO_PASSWORD),
                f"Agent {organisme.name}",
            ),
        )
    connection.executemany("INSERT INTO structures (id, name, email) VALUES (?, ?, ?)", STRUCTURES)
    for tech_id, structure_id, username, first, last, newsletter in TECHNICIANS:
        connection.execute(
            "INSERT INTO technicians (id, structure_id, username, password_hash, first_name,"
            " last_name, email, newsletter) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                tech_id,
                structure_id,
                username,
                _demo_hash(DEMO_PASSWORD),
                first,
                last,
                f"{username}@partenaire.invalid",
                int(newsletter),
            ),
        )
    days = timedelta
    conventions = [
        (1, "331", date(2021, 1, 1), None),
        (1, "621", date(2022, 3, 1), None),
        (1, "471", date(2021, 6, 1), today + days(12)),  # ends in < 30 days
        (1, "241", today + days(40), None),  # starts later
        (1, "401", date(2020, 9, 1), today - days(20)),  # ended, requests pending
        (1, "641", date(2020, 9, 1), today - days(25)),  # ended, all resolved
        (1, "161", date(2019, 1, 1), today - days(150)),  # ended long ago: hidden
        (1, "911", date(2023, 1, 1), None),  # local catalogue, no news
        (2, "331", date(2022, 1, 1), None),
    ]
    connection.executemany(
        "INSERT INTO conventions (structure_id, organisme_code, start_on, end_on)"
        " VALUES (?, ?, ?, ?)",
        [
            (s, o, start.isoformat(), end.isoformat() if end else None)
            for s, o, start, end in conventions
        ],
    )


def _news(connection: sqlite3.Connection, now: datetime, rng: random.Random) -> None:
    for index, title in enumerate(NEWS_TITLES):
        published = now - timedelta(days=3 + index * 9, hours=rng.randint(0, 8))
        connection.execute(
            "INSERT INTO news (organisme_code, published_at, title, body) VALUES (?, ?, ?, ?)",
            (
                "331",
                int(published.timestamp()),
                title,
                demo_texts.news_body(title),
            ),
        )
    for index, title in enumerate(NEWS_TITLES[:2]):
        connection.execute(
            "INSERT INTO news (organisme_code, published_at, title, body) VALUES (?, ?, ?, ?)",
            (
                "621",
                int((now - timedelta(days=10 + index * 20)).timestamp()),
                title,
                demo_texts.news_body(title),
            ),
        )


def _value_for(rng: random.Random, service: Service, name: str) -> object:
    field = service.field(name)
    assert field is not None
    if field.kind == "multi":
        return rng.sample(field.choices, k=rng.randint(1, min(2, len(field.choices))))
    if field.kind == "consent":
        return True
    return rng.choice(field.choices)


def _answers(rng: random.Random, service: Service, motif: str | None) -> list[dict]:
    answers = []
    for field in service.fields:
        if field.name in {"modalites", "documents"}:
            answers.append(
                {
                    "name": field.name,
                    "label": field.label,
                    "value": _value_for(rng, service, field.name),
                }
            )
    if motif == catalogues.MAS_MOTIF:
        accompagnement = [catalogues.RENONCEMENT[0], "Fragilité face au numérique"]
        answers += [
            {"name": "mas_consentement", "label": "Consentement de l'assuré", "value": True},
            {
                "name": "mas_accompagnement",
                "label": "Accompagnement santé sollicité dans le cadre de",
                "value": accompagnement,
            },
            {
                "name": "mas_soins",
                "label": "Quels soins ne sont pas réalisés ?",
                "value": ["Pharmacie"],
            },
            {
                "name": "mas_duree",
                "label": "Depuis quand dure le renoncement ?",
                "value": "De 3 mois à 1 an",
            },
            {
                "name": "mas_causes",
                "label": "Quelles en sont les causes ? Un problème :",
                "value": ["De reste à charge", "De transport"],
            },
        ]
    return answers


def generate_requests(
    rng: random.Random,
    connection: sqlite3.Connection,
    structure_id: int,
    organisme_code: str,
    count: int,
    oldest: datetime,
    newest: datetime,
    now: datetime,
    *,
    force: str | None = None,
) -> list[dict]:
    """Requests with statuses that follow from their age, as if agents had worked on them."""
    (catalogue_json,) = connection.execute(
        "SELECT c.json FROM catalogues c JOIN organismes o ON o.catalogue_code = c.code"
        " WHERE o.code = ?",
        (organisme_code,),
    ).fetchone()
    catalogue = Catalogue.model_validate_json(catalogue_json)
    technicians = connection.execute(
        "SELECT id, first_name, last_name FROM technicians WHERE structure_id = ?",
        (structure_id,),
    ).fetchall()
    span = max(1, int((newest - oldest).total_seconds()))
    now_ts = int(now.timestamp())
    rows = []
    for _ in range(count):
        service = rng.choice(catalogue.services)
        motif_field = service.field("motif")
        motif = rng.choice(motif_field.choices) if motif_field else None
        technician = rng.choice(technicians)
        filed_at = int(oldest.timestamp()) + rng.randrange(span)
        row: dict = {
            "structure_id": structure_id,
            "organisme_code": organisme_code,
            "technician_id": technician["id"],
            "requester": f"{technician['last_name']} {technician['first_name']}",
            "requester_key": name_key(technician["last_name"], technician["first_name"]),
            "service_code": service.code,
            "service_title": service.title,
            "motif": motif,
            # randrange(10) draws as choice() did from ten comments: the seed's other
            # random choices, and so its numbers and statuses, stay as they were.
            "comment": demo_texts.comment_for(service.code, motif, rng.randrange(10)),
            "answers_json": json.dumps(_answers(rng, service, motif), ensure_ascii=False),
            "filed_at": filed_at,
            "closed_by_technician": 0,
        }
        if service.has_person:
            person = rng.choice(PERSONS)
            row.update(
                civilite=person.civilite,
                nom=person.nom,
                prenom=person.prenom,
                birth_date=person.born,
                birth_place=person.lieu,
                phone=f"0{rng.choice('67')}.00.00.00.{rng.randint(0, 99):02d}",
                person=f"{person.civilite} {person.nom} {person.prenom}",
                person_key=name_key(person.nom, person.prenom),
            )
        taken_at = filed_at + rng.randint(2 * 3600, 4 * DAY)
        resolved_at = taken_at + rng.randint(3600, 10 * DAY)
        row["taken_at"] = taken_at if taken_at <= now_ts else None
        row["resolved_at"] = resolved_at if resolved_at <= now_ts else None
        rows.append(row)
    rows.sort(key=lambda r: r["filed_at"])
    _force(rows, force, now_ts)
    for row in rows:
        _settle(row, now_ts, rng)
    return rows


def _force(rows: list[dict], force: str | None, now: int) -> None:
    if force == "pending":
        for row in rows[-3:]:
            row["resolved_at"] = None
        rows[-1]["taken_at"] = None
    elif force == "resolved_recently":
        # All resolved, the last one 10 days ago: the grace period is still running.
        for row in rows:
            row["resolved_at"] = min(row["resolved_at"] or now, now - 10 * DAY)
            row["taken_at"] = min(row["taken_at"] or row["resolved_at"], row["resolved_at"])
        rows[-1]["resolved_at"] = now - 10 * DAY


def _settle(row: dict, now: int, rng: random.Random) -> None:
    """Status and status date from the times; exchanges for some recently resolved ones."""
    row["response"] = None
    row["_exchange"] = None
    if row["resolved_at"] is not None:
        row["taken_at"] = row["taken_at"] or row["filed_at"]
        row["response"] = demo_texts.response_for(row["service_code"], rng.randrange(5))
        deadline = last_second_of_window(row["resolved_at"], EXCHANGE_DAYS)
        if now > deadline:
            row["status"], row["status_at"] = Status.CLOTURE, deadline + 1
        else:
            roll = rng.random()
            if roll < 0.2:
                row["_exchange"] = "sent"
                row["status"], row["status_at"] = Status.MESSAGE_ENVOYE, row["resolved_at"] + DAY
            elif roll < 0.35:
                row["_exchange"] = "answered"
                row["status"], row["status_at"] = Status.MESSAGE_RECU, row["resolved_at"] + 2 * DAY
            else:
                row["status"], row["status_at"] = Status.RESOLU, row["resolved_at"]
            row["status_at"] = min(row["status_at"], now)
    elif row["taken_at"] is not None:
        row["status"], row["status_at"] = Status.PRIS_EN_CHARGE, row["taken_at"]
    else:
        row["status"], row["status_at"] = Status.NOUVEAU, row["filed_at"]


def insert_generated(
    connection: sqlite3.Connection,
    rows: list[dict],
    now: datetime,
    *,
    with_extras: bool,
    rng: random.Random | None = None,
) -> None:
    """Number the rows in filing order, per organisme and year, and insert them in bulk."""
    sequences: dict[tuple[str, int], int] = {
        (r["organisme_code"], r["year"]): r["last_sequence"]
        for r in connection.execute("SELECT * FROM counters").fetchall()
    }
    for row in rows:
        year = date_of(row["filed_at"]).year
        key = (row["organisme_code"], year)
        sequences[key] = sequences.get(key, 0) + 1
        row["number"] = format_request_number(year, row["organisme_code"], sequences[key])
    connection.executemany(
        f"INSERT INTO requests ({', '.join(REQUEST_COLUMNS)})"
        f" VALUES ({', '.join(':' + c for c in REQUEST_COLUMNS)})",
        [{c: keyed.get(c) for c in REQUEST_COLUMNS} for keyed in map(with_sort_keys, rows)],
    )
    connection.executemany(
        "INSERT INTO counters (organisme_code, year, last_sequence) VALUES (?, ?, ?)"
        " ON CONFLICT (organisme_code, year) DO UPDATE SET last_sequence = excluded.last_sequence",
        [(code, year, last) for (code, year), last in sequences.items()],
    )
    if with_extras and rng is not None:
        _extras(connection, rows, rng)


def _extras(connection: sqlite3.Connection, rows: list[dict], rng: random.Random) -> None:
    """Attachments sent and received, and follow-up messages, for some of the requests."""
    for row in rows:
        (request_id,) = connection.execute(
            "SELECT id FROM requests WHERE number = ?", (row["number"],)
        ).fetchone()
        mentioned = demo_texts.mentions_attachment(row["comment"])
        if row["service_code"] not in {"rdv", "document"} and (rng.random() < 0.4 or mentioned):
            _attachment(
                connection,
                request_id,
                "sent",
                "technician",
                row["technician_id"],
                rng.choice(["Justificatifs.pdf", "Attestation sur l'honneur.pdf"]),
                row["filed_at"],
                row["structure_id"],
            )
        answered_with_file = demo_texts.mentions_attachment(row["response"] or "")
        if row["resolved_at"] is not None and (rng.random() < 0.5 or answered_with_file):
            _attachment(
                connection,
                request_id,
                "received",
                "agent",
                1,
                "Réponse de l'organisme.pdf",
                row["resolved_at"],
                None,
            )
        if row["_exchange"]:
            cursor = connection.execute(
                "INSERT INTO messages (request_id, author, author_name, body, sent_at)"
                " VALUES (?, 'technicien', ?, ?, ?)",
                (
                    request_id,
                    row["requester"],
                    "Pouvez-vous préciser la date d'effet des droits ?",
                    row["resolved_at"] + DAY,
                ),
            )
            if row["_exchange"] == "answered":
                connection.execute(
                    "INSERT INTO messages (request_id, author, author_name, body, sent_at)"
                    " VALUES (?, 'organisme', 'Agent de la CPAM', ?, ?)",
                    (
                        request_id,
                        "Les droits sont ouverts à compter du 1er du mois.",
                        row["resolved_at"] + 2 * DAY,
                    ),
                )
            assert cursor.lastrowid


def _attachment(
    connection: sqlite3.Connection,
    request_id: int,
    direction: str,
    owner_role: str,
    owner_id: int,
    name: str,
    at_ts: int,
    structure_id: int | None,
) -> None:
    connection.execute(
        "INSERT INTO attachments (id, owner_role, owner_id, structure_id, request_id, direction,"
        " name, content_type, size, sha256, content, uploaded_at, attached_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 'application/pdf', ?, '', ?, ?, ?)",
        (
            f"pj_seed{request_id}{direction[0]}",
            owner_role,
            owner_id,
            structure_id,
            request_id,
            direction,
            name,
            len(demo_texts.MINIMAL_PDF),
            demo_texts.MINIMAL_PDF,
            at_ts,
            at_ts,
        ),
    )


def populate_bulk(db: Database, now: datetime, count: int, *, seed_value: int = 7) -> None:
    """Add ``count`` requests (for benchmarks): 80 % to structure 1 at CPAM GIRONDE, the rest
    spread over its other organismes and the second structure — the worst case for the history
    of the main demo account."""
    rng = random.Random(seed_value)
    shares = [
        (1, "331", 0.8),
        (1, "621", 0.05),
        (1, "471", 0.05),
        (1, "911", 0.05),
        (2, "331", 0.05),
    ]
    with db.transaction() as connection:
        for structure_id, organisme_code, share in shares:
            rows = generate_requests(
                rng,
                connection,
                structure_id,
                organisme_code,
                int(count * share),
                now - timedelta(days=3 * 365),
                now,
                now,
            )
            insert_generated(connection, rows, now, with_extras=False)
