"""The demo data reads as a believable structure's year: each comment speaks of its request's
offre and motif, a text that mentions a file comes with it, the news read as news."""

from __future__ import annotations

import sqlite3

import pytest

from mock_server import demo_texts
from mock_server.db import Database
from mock_server.seed import seed
from tests.conftest import NOW


@pytest.fixture(scope="module")
def store() -> sqlite3.Connection:
    db = Database(":memory:")
    seed(db, NOW)
    return db.connection


def test_each_comment_is_one_written_for_its_offre_and_motif(store: sqlite3.Connection):
    rows = store.execute("SELECT service_code, motif, comment FROM requests").fetchall()
    assert rows
    for row in rows:
        by_motif = demo_texts.COMMENTS[row["service_code"]]
        written = by_motif.get(row["motif"]) or by_motif.get(None)
        assert row["comment"] in written, (row["service_code"], row["motif"], row["comment"])


def test_a_text_that_mentions_a_file_comes_with_it(store: sqlite3.Connection):
    rows = store.execute(
        "SELECT r.comment, r.response, "
        " (SELECT COUNT(*) FROM attachments a WHERE a.request_id = r.id"
        "  AND a.direction = 'sent') AS sent,"
        " (SELECT COUNT(*) FROM attachments a WHERE a.request_id = r.id"
        "  AND a.direction = 'received') AS received"
        " FROM requests r"
    ).fetchall()
    mentioning = [row for row in rows if demo_texts.mentions_attachment(row["comment"])]
    answered = [r for r in rows if r["response"] and demo_texts.mentions_attachment(r["response"])]
    assert mentioning and answered
    assert all(row["sent"] for row in mentioning)
    assert all(row["received"] for row in answered)


def test_the_news_read_as_news(store: sqlite3.Connection):
    for title, body in store.execute("SELECT title, body FROM news"):
        assert not body.startswith(title), title  # not the title said again
        assert "?." not in body
