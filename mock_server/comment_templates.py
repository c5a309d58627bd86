"""« Modèles de commentaire »: a structure's shared texts (issue 17). A technician sees, writes
and deletes their structure's only: another structure's template is not found (its existence
is not told)."""

from __future__ import annotations

import sqlite3

from ep_contract.domain.comment_templates import TEMPLATES_MAX, template_errors
from ep_contract.wire import CommentTemplate, CommentTemplates, TemplateIn
from mock_server.clock import at
from mock_server.problems import ProblemError, field_errors
from mock_server.repository import Technician
from mock_server.text import search_key

_SELECT = (
    "SELECT t.id, t.title, t.body, t.updated_at, UPPER(w.last_name) || ' ' || w.first_name"
    " AS author FROM comment_templates t JOIN technicians w ON w.id = t.updated_by"
)


def _template(row: sqlite3.Row) -> CommentTemplate:
    return CommentTemplate(id=row["id"], title=row["title"], body=row["body"],
                           updated_at=at(row["updated_at"]), updated_by=row["author"])  # fmt: skip


def list_templates(connection: sqlite3.Connection, structure_id: int) -> CommentTemplates:
    rows = connection.execute(
        f"{_SELECT} WHERE t.structure_id = ? ORDER BY t.title_key, t.id", (structure_id,)
    ).fetchall()
    return CommentTemplates(items=[_template(row) for row in rows])


def _one(connection: sqlite3.Connection, technician: Technician, template_id: int) -> sqlite3.Row:
    row = connection.execute(
        f"{_SELECT} WHERE t.id = ? AND t.structure_id = ?", (template_id, technician.structure_id)
    ).fetchone()
    if row is None:
        raise ProblemError(404, "Modèle introuvable : il a peut-être été supprimé.",
                           code="template_not_found")  # fmt: skip
    return row


def _checked(
    connection: sqlite3.Connection, technician: Technician, body: TemplateIn, exclude: int
) -> str:
    """The title's key, once every rule is met (a field message each otherwise)."""
    errors = template_errors(body.title, body.body)
    key = search_key(body.title)
    if (
        "title" not in errors
        and connection.execute(
            "SELECT 1 FROM comment_templates WHERE structure_id = ? AND title_key = ? AND id != ?",
            (technician.structure_id, key, exclude),
        ).fetchone()
    ):
        errors["title"] = "Un modèle de votre structure porte déjà ce titre."
    if errors:
        raise field_errors(errors)
    return key


def create(
    connection: sqlite3.Connection, technician: Technician, body: TemplateIn, now: int
) -> CommentTemplate:
    key = _checked(connection, technician, body, exclude=0)
    (count,) = connection.execute(
        "SELECT COUNT(*) FROM comment_templates WHERE structure_id = ?",
        (technician.structure_id,),
    ).fetchone()
    if count >= TEMPLATES_MAX:
        raise ProblemError(409, f"Votre structure a déjà {TEMPLATES_MAX} modèles : supprimez-en "
                           "un avant d'en créer un autre.", code="templates_full")  # fmt: skip
    cursor = connection.execute(
        "INSERT INTO comment_templates (structure_id, title, title_key, body, updated_at,"
        " updated_by) VALUES (?, ?, ?, ?, ?, ?)",
        (technician.structure_id, body.title.strip(), key, body.body, now, technician.id),
    )
    assert cursor.lastrowid is not None
    return _template(_one(connection, technician, cursor.lastrowid))


def update(
    connection: sqlite3.Connection,
    technician: Technician,
    template_id: int,
    body: TemplateIn,
    now: int,
) -> CommentTemplate:
    _one(connection, technician, template_id)
    key = _checked(connection, technician, body, exclude=template_id)
    connection.execute(
        "UPDATE comment_templates SET title = ?, title_key = ?, body = ?, updated_at = ?,"
        " updated_by = ? WHERE id = ?",
        (body.title.strip(), key, body.body, now, technician.id, template_id),
    )
    return _template(_one(connection, technician, template_id))


def delete(connection: sqlite3.Connection, technician: Technician, template_id: int) -> None:
    _one(connection, technician, template_id)
    connection.execute("DELETE FROM comment_templates WHERE id = ?", (template_id,))
