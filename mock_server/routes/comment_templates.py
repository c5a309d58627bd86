"""« Modèles de commentaire »: the structure's shared comment texts."""

from __future__ import annotations

import sqlite3
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Response

from ep_contract.wire import CommentTemplate, CommentTemplates, TemplateIn
from mock_server import comment_templates
from mock_server.auth import TechnicianContext, technician_context
from mock_server.idempotency import fingerprint
from mock_server.routes.common import IDEMPOTENCY_HEADER_DOC, idempotent_write

router = APIRouter(prefix="/api/v1/comment-templates", tags=["modèles de commentaire"])
TemplateId = Annotated[int, Path(ge=1, le=2**62, description="The template's id")]


@router.get("", response_model=CommentTemplates, summary="The structure's comment templates")
async def get_templates(ctx: TechnicianContext = Depends(technician_context)) -> CommentTemplates:
    return comment_templates.list_templates(ctx.state.db.connection, ctx.technician.structure_id)


@router.post(
    "",
    status_code=201,
    response_model=CommentTemplate,
    summary="Create a template: the title unique in the structure, the body a valid comment",
)
async def create_template(
    body: TemplateIn,
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", description=IDEMPOTENCY_HEADER_DOC)
    ] = None,
    ctx: TechnicianContext = Depends(technician_context),
) -> Response:
    now = ctx.state.clock.timestamp()

    def operation(connection: sqlite3.Connection) -> CommentTemplate:
        return comment_templates.create(connection, ctx.technician, body, now)

    return idempotent_write(ctx.state, f"technician:{ctx.technician.id}", idempotency_key,
                            fingerprint("template", body.model_dump(mode="json")), 201,
                            operation)  # fmt: skip


@router.put("/{template_id}", response_model=CommentTemplate, summary="Change a template")
async def update_template(
    template_id: TemplateId, body: TemplateIn, ctx: TechnicianContext = Depends(technician_context)
) -> CommentTemplate:
    with ctx.state.db.transaction() as connection:
        return comment_templates.update(
            connection, ctx.technician, template_id, body, ctx.state.clock.timestamp()
        )


@router.delete("/{template_id}", status_code=204, summary="Delete a template")
async def delete_template(
    template_id: TemplateId, ctx: TechnicianContext = Depends(technician_context)
) -> Response:
    with ctx.state.db.transaction() as connection:
        comment_templates.delete(connection, ctx.technician, template_id)
    return Response(status_code=204)
