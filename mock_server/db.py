"""The SQLite store: schema and connection.

Times are stored as integer seconds since the epoch (UTC), so that sorting and range filters
are plain integer comparisons on indexed columns.

How the history stays fast at 100,000 requests (see bench/RESULTS.md): every history query is
scoped to one structure and one organisme.
- Unfiltered, each sortable column has a composite index
  ``(structure_id, organisme_code, <column>, filed_at, id)``: SQLite walks it in the asked
  order and stops after one page.
- Filtered, ``requests_history_sorted`` covers every filterable column: the count and the choice of
  the page's ids are one sequential scan of that index (a date range narrows it) with a top-N
  sort, and only the page's rows are read from the table.  The query names that index: left
  to guess how selective a text or date filter is, SQLite's planner would sometimes walk
  another index and read every row to test the filters (see ``mock_server.history``).
- The Statut column sorts in the workflow's order through ``status_rank``, a generated
  column of the status's place, indexed like the others; the offre and the motif sort in
  French order through ``service_sort`` and ``motif_sort``, upper-case unaccented copies
  written with the row (« Connaître les évolutions » before « Connaître les offres »:
  ``mock_server.repository.with_sort_keys``).
- Text filters match ``person_key``/``requester_key``, upper-case unaccented copies of the
  names (both orders) kept for that.  A substring of three characters or more is looked up
  in ``request_names``, a trigram full-text index of those two keys and of the row's scope
  (structure and organisme), always searched with the caller's scope: « MARTIN » is then a
  few hundred rowids of that history instead of a test on every row of it.  Shorter ones (and a
  SQLite built without FTS5) fall back to the scan.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA_VERSION = 6

# The statuses in the workflow's order (ep_contract.domain.statuses.Status).
STATUS_RANK_SQL = (
    "CASE status WHEN 'Nouveau' THEN 1 WHEN 'Pris en charge' THEN 2 WHEN 'Résolu' THEN 3"
    " WHEN 'Message envoyé' THEN 4 WHEN 'Message reçu' THEN 5 WHEN 'Clôturé' THEN 6"
    " ELSE 9 END"
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS structures (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS technicians (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id),
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT NOT NULL,
    newsletter INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS agents (
    id INTEGER PRIMARY KEY,
    organisme_code TEXT NOT NULL REFERENCES organismes(code),
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS catalogues (code TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS organismes (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    catalogue_code TEXT NOT NULL REFERENCES catalogues(code)
);
CREATE TABLE IF NOT EXISTS conventions (
    structure_id INTEGER NOT NULL REFERENCES structures(id),
    organisme_code TEXT NOT NULL REFERENCES organismes(code),
    start_on TEXT NOT NULL,
    end_on TEXT,
    PRIMARY KEY (structure_id, organisme_code)
);
CREATE TABLE IF NOT EXISTS news (
    id INTEGER PRIMARY KEY,
    organisme_code TEXT NOT NULL REFERENCES organismes(code),
    published_at INTEGER NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS news_by_organisme ON news (organisme_code, published_at);
CREATE TABLE IF NOT EXISTS tokens (
    token_hash TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('technician', 'agent')),
    subject_id INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS counters (
    organisme_code TEXT NOT NULL, year INTEGER NOT NULL, last_sequence INTEGER NOT NULL,
    PRIMARY KEY (organisme_code, year)
);
CREATE TABLE IF NOT EXISTS requests (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    structure_id INTEGER NOT NULL REFERENCES structures(id),
    organisme_code TEXT NOT NULL REFERENCES organismes(code),
    technician_id INTEGER NOT NULL REFERENCES technicians(id),
    requester TEXT NOT NULL,
    requester_key TEXT NOT NULL,
    service_code TEXT NOT NULL,
    service_title TEXT NOT NULL,
    motif TEXT,
    civilite TEXT,
    nom TEXT,
    prenom TEXT,
    birth_date TEXT,
    birth_place TEXT,
    phone TEXT,
    person TEXT,
    person_key TEXT,
    comment TEXT NOT NULL,
    answers_json TEXT NOT NULL DEFAULT '[]',
    filed_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    status_at INTEGER NOT NULL,
    taken_at INTEGER,
    resolved_at INTEGER,
    response TEXT,
    closed_by_technician INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    cancelled_at INTEGER,
    cancel_reason TEXT,
    -- The status's place in the workflow, for « sort by Statut » (SPEC §8: Nouveau, Pris en
    -- charge, Résolu, Message envoyé, Message reçu, Clôturé — not the alphabet).
    status_rank INTEGER GENERATED ALWAYS AS (STATUS_RANK_SQL) VIRTUAL,
    service_sort TEXT,
    motif_sort TEXT,
    name_scope TEXT GENERATED ALWAYS AS (NAME_SCOPE_SQL) VIRTUAL,
    filed_year INTEGER NOT NULL
);
-- Every change of a request bumps its version (optimistic concurrency for « Compléter »),
-- here rather than in each UPDATE so that none can forget it.
CREATE TRIGGER IF NOT EXISTS requests_version AFTER UPDATE ON requests
    WHEN NEW.version = OLD.version
    BEGIN UPDATE requests SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE INDEX IF NOT EXISTS requests_by_filed ON requests
    (structure_id, organisme_code, filed_at, id);
CREATE INDEX IF NOT EXISTS requests_by_status_at ON requests
    (structure_id, organisme_code, status_at, id);
CREATE INDEX IF NOT EXISTS requests_by_service_sort ON requests
    (structure_id, organisme_code, service_sort, filed_at, id);
CREATE INDEX IF NOT EXISTS requests_by_motif_sort ON requests
    (structure_id, organisme_code, motif_sort, filed_at, id);
CREATE INDEX IF NOT EXISTS requests_by_person ON requests
    (structure_id, organisme_code, person_key, filed_at, id);
CREATE INDEX IF NOT EXISTS requests_by_requester ON requests
    (structure_id, organisme_code, requester_key, filed_at, id);
CREATE INDEX IF NOT EXISTS requests_open_exchanges ON requests (status, resolved_at);
-- Every filterable column, so that a filtered count or page is one sequential scan of this
-- index, never a table lookup per row.
CREATE INDEX IF NOT EXISTS requests_history_sorted ON requests
    (structure_id, organisme_code, filed_at, status, service_code, motif, person_key,
     requester_key, number, status_at, service_sort, motif_sort, status_rank);
CREATE INDEX IF NOT EXISTS requests_by_status_rank ON requests
    (structure_id, organisme_code, status_rank, filed_at, id);
CREATE INDEX IF NOT EXISTS requests_by_status ON requests
    (structure_id, organisme_code, status, filed_at, id);
CREATE INDEX IF NOT EXISTS requests_by_number ON requests
    (structure_id, organisme_code, number);
CREATE INDEX IF NOT EXISTS requests_by_resolution ON requests
    (structure_id, organisme_code, resolved_at);
CREATE INDEX IF NOT EXISTS requests_by_organisme_status ON requests
    (organisme_code, status, filed_at);
-- « Pilotage du partenariat »: every column its figures group or measure, in the order they
-- group by, so that SQLite groups the requests of an organisme and a year as it walks this
-- index (no table lookup, no sort) and keeps the period's rows by their filing time. Filing
-- time first would narrow the walk but sort every row of the period: 374 ms against 70 for
-- five years of a structure's 95,000 requests (bench store). The Paris year of filing,
-- written with the row (repository.with_sort_keys), narrows the walk of a year or a quarter
-- to its own; a generated column would not (SQLite reads the table for each of its rows).
CREATE INDEX IF NOT EXISTS requests_statistics ON requests
    (structure_id, organisme_code, filed_year, service_code, motif, requester, status,
     cancel_reason, filed_at, taken_at, resolved_at);
-- The MAS referrals' answers, read without the rest of their rows.
CREATE INDEX IF NOT EXISTS requests_mas_answers ON requests
    (structure_id, organisme_code, filed_at, status, answers_json)
    WHERE motif = 'Saisine mission accompagnement santé';
CREATE TABLE IF NOT EXISTS attachments (
    id TEXT PRIMARY KEY,
    owner_role TEXT NOT NULL CHECK (owner_role IN ('technician', 'agent')),
    owner_id INTEGER NOT NULL,
    structure_id INTEGER,
    request_id INTEGER REFERENCES requests(id),
    message_id INTEGER REFERENCES messages(id),
    direction TEXT CHECK (direction IN ('sent', 'received')),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    uploaded_at INTEGER NOT NULL,
    attached_at INTEGER,
    downloaded_at INTEGER
    -- The first download by anyone of the structure (« À traiter »: files still to take).
);
CREATE INDEX IF NOT EXISTS attachments_by_request ON attachments (request_id);
-- Received files not downloaded yet, by age: the work list reads only those near their end.
CREATE INDEX IF NOT EXISTS attachments_to_download ON attachments
    (direction, downloaded_at, attached_at);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests(id),
    author TEXT NOT NULL CHECK (author IN ('technicien', 'organisme')),
    author_name TEXT NOT NULL,
    body TEXT NOT NULL,
    sent_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_request ON messages (request_id, id);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    kind TEXT NOT NULL,
    request_number TEXT NOT NULL,
    organisme_code TEXT NOT NULL,
    sent_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status_code INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX IF NOT EXISTS idempotency_by_age ON idempotency (created_at);
-- When each technician last opened each request: an answer is unread by them until then
-- (a colleague's reading does not count).
CREATE TABLE IF NOT EXISTS request_reads (
    technician_id INTEGER NOT NULL REFERENCES technicians(id),
    request_id INTEGER NOT NULL REFERENCES requests(id),
    read_at INTEGER NOT NULL,
    PRIMARY KEY (technician_id, request_id)
) WITHOUT ROWID;
-- A structure's alert thresholds (ep_contract.wire.AlertSettings as JSON); defaults when none.
CREATE TABLE IF NOT EXISTS alert_settings (
    structure_id INTEGER PRIMARY KEY REFERENCES structures(id),
    json TEXT NOT NULL
);
-- « Modèles de commentaire »: shared by a structure's technicians (schema 5).
CREATE TABLE IF NOT EXISTS comment_templates (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id),
    title TEXT NOT NULL,
    title_key TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by INTEGER NOT NULL REFERENCES technicians(id),
    UNIQUE (structure_id, title_key)
);
"""

# « s<structure>o<organisme>e »: delimited, so that no scope is a substring of another.
NAME_SCOPE_SQL = "'s' || structure_id || 'o' || organisme_code || 'e'"

# External content: the index holds the trigrams only, the keys stay in ``requests``. The
# scope is indexed with the names and every search asks for it (mock_server.history): the
# index then gives only the caller's rows — another structure's are never read, and a name
# that exists only elsewhere costs what a name that exists nowhere costs.
NAME_INDEX = """
CREATE VIRTUAL TABLE IF NOT EXISTS request_names USING fts5(
    name_scope, person_key, requester_key, content='requests', content_rowid='id',
    tokenize='trigram'
);
CREATE TRIGGER IF NOT EXISTS request_names_insert AFTER INSERT ON requests BEGIN
    INSERT INTO request_names (rowid, name_scope, person_key, requester_key)
    VALUES (NEW.id, NEW.name_scope, NEW.person_key, NEW.requester_key);
END;
CREATE TRIGGER IF NOT EXISTS request_names_delete AFTER DELETE ON requests BEGIN
    INSERT INTO request_names (request_names, rowid, name_scope, person_key, requester_key)
    VALUES ('delete', OLD.id, OLD.name_scope, OLD.person_key, OLD.requester_key);
END;
CREATE TRIGGER IF NOT EXISTS request_names_update
    AFTER UPDATE OF person_key, requester_key ON requests BEGIN
    INSERT INTO request_names (request_names, rowid, name_scope, person_key, requester_key)
    VALUES ('delete', OLD.id, OLD.name_scope, OLD.person_key, OLD.requester_key);
    INSERT INTO request_names (rowid, name_scope, person_key, requester_key)
    VALUES (NEW.id, NEW.name_scope, NEW.person_key, NEW.requester_key);
END;
"""

_TABLES = (
    "comment_templates",
    "alert_settings",
    "request_reads",
    "idempotency",
    "outbox",
    "attachments",
    "messages",
    "requests",
    "counters",
    "tokens",
    "news",
    "conventions",
    "agents",
    "technicians",
    "organismes",
    "catalogues",
    "structures",
    "meta",
)


class Database:
    """One SQLite connection shared by the server's handlers.

    The handlers are ``async`` and never await inside a transaction, so on one event loop they
    never interleave; the lock is for the rare caller from another thread (seeding tools).
    """

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.connection.row_factory = sqlite3.Row
        self.lock = threading.RLock()
        self.connection.execute("PRAGMA foreign_keys = ON")
        # SQLite's default page cache is 2 MB: far too small for a history of 100,000
        # requests, whose pages would then be re-read from the OS for every query.
        self.connection.execute("PRAGMA cache_size = -131072")  # 128 MiB
        self.connection.execute("PRAGMA temp_store = MEMORY")
        if self.path != ":memory:":
            self.connection.execute("PRAGMA journal_mode = WAL")
            self.connection.execute("PRAGMA synchronous = NORMAL")
        self._migrate()
        self.connection.executescript(
            SCHEMA.replace("STATUS_RANK_SQL", STATUS_RANK_SQL).replace(
                "NAME_SCOPE_SQL", NAME_SCOPE_SQL
            )
        )
        self.has_name_index = self._create_name_index()

    def _migrate(self) -> None:
        """Bring a store written by an earlier version up to this schema (the demo store lives
        in the technician's data folder between versions)."""
        columns = {row[1] for row in self.connection.execute("PRAGMA table_xinfo(requests)")}
        files = {row[1] for row in self.connection.execute("PRAGMA table_xinfo(attachments)")}
        if files and "downloaded_at" not in files:  # schema 4
            self.connection.execute("ALTER TABLE attachments ADD COLUMN downloaded_at INTEGER")
        if columns and "status_rank" not in columns:
            self.connection.execute(
                "ALTER TABLE requests ADD COLUMN status_rank INTEGER"
                f" GENERATED ALWAYS AS ({STATUS_RANK_SQL}) VIRTUAL"
            )
            self.connection.execute("DROP INDEX IF EXISTS requests_history")
        if columns and "filed_year" not in columns:  # schema 6
            from mock_server.clock import date_of

            self.connection.create_function(
                "paris_year", 1, lambda moment: date_of(moment).year, deterministic=True
            )
            # Without the version trigger (the schema puts it back): a « Compléter » left
            # open across the upgrade must not meet a change nobody made.
            self.connection.executescript(
                "ALTER TABLE requests ADD COLUMN filed_year INTEGER NOT NULL DEFAULT 0;"
                "DROP TRIGGER IF EXISTS requests_version;"
                "UPDATE requests SET filed_year = paris_year(filed_at) WHERE 1;"
                "DROP INDEX IF EXISTS requests_statistics;"
            )
        if columns and "name_scope" not in columns:
            # Schema 3: the French sort keys, and the name index rebuilt with the scope.
            from mock_server.text import search_key

            self.connection.create_function(
                "search_key", 1, lambda t: None if t is None else search_key(t), deterministic=True
            )
            self.connection.executescript(
                "ALTER TABLE requests ADD COLUMN service_sort TEXT;"
                "ALTER TABLE requests ADD COLUMN motif_sort TEXT;"
                "UPDATE requests SET service_sort = search_key(service_title),"
                " motif_sort = search_key(motif) WHERE 1;"
                "ALTER TABLE requests ADD COLUMN name_scope TEXT"
                f" GENERATED ALWAYS AS ({NAME_SCOPE_SQL}) VIRTUAL;"
                "DROP INDEX IF EXISTS requests_history; DROP INDEX IF EXISTS requests_by_service;"
                " DROP INDEX IF EXISTS requests_by_motif;"
                "DROP TRIGGER IF EXISTS request_names_insert;"
                "DROP TRIGGER IF EXISTS request_names_delete;"
                "DROP TRIGGER IF EXISTS request_names_update;"
                "DROP TABLE IF EXISTS request_names;"
            )

    def _create_name_index(self) -> bool:
        """The trigram index of the name keys, kept by triggers; built from the table when it
        is added to a store that predates it.  False when this SQLite has no FTS5."""
        existed = self.one("SELECT 1 FROM sqlite_master WHERE name = 'request_names'")
        try:
            self.connection.executescript(NAME_INDEX)
        except sqlite3.OperationalError:
            return False
        if not existed:
            self.connection.execute("INSERT INTO request_names(request_names) VALUES ('rebuild')")
        return True

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception."""
        with self.lock:
            self.connection.execute("BEGIN IMMEDIATE")
            try:
                yield self.connection
            except BaseException:
                self.connection.execute("ROLLBACK")
                raise
            self.connection.execute("COMMIT")

    def query(self, sql: str, parameters: tuple | dict = ()) -> list[sqlite3.Row]:
        with self.lock:
            return self.connection.execute(sql, parameters).fetchall()

    def one(self, sql: str, parameters: tuple | dict = ()) -> sqlite3.Row | None:
        with self.lock:
            return self.connection.execute(sql, parameters).fetchone()

    def is_empty(self) -> bool:
        return self.one("SELECT 1 FROM structures LIMIT 1") is None

    def wipe(self) -> None:
        """Remove every row (used by « reset to the seed »)."""
        with self.transaction() as connection:
            for table in _TABLES:
                connection.execute(f"DELETE FROM {table}")

    def close(self) -> None:
        self.connection.close()
