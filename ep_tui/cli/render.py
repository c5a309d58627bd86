"""What the reading commands print, in three formats.

- ``texte``: linear, for a person and a screen reader — one item after another, one labelled
  value a line (« Statut : Pris en charge »), a blank line between items, dates in French and
  Paris time, no box drawing, no colour, no escape sequence: every text of the server goes
  through :func:`ep_contract.domain.text.shown` (it may hold control characters).
- ``json``: the API's own models (ep_contract.wire), as the server sends them: the schema is
  the API's (docs/API.md, and answers.schema.json beside this module: ``ep-tui aide
  schema``), stable across versions of the app.

Each renderer takes a model or what ep_tui.cli.plain decoded: the same attribute names.
- ``csv``: for a French spreadsheet (« ; », a header line, a cell that a spreadsheet would
  take for a formula kept as text): the history's export (ep_tui.export) for ``demandes``
  and ``demande``, the COPIL's tables (ep_tui.copil) for ``statistiques``, and here a line an
  organisme or an item to do.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ep_contract.domain.convention import ConventionState
from ep_contract.domain.dates import format_day, paris
from ep_contract.domain.text import shown
from ep_contract.domain.worklist import URGENCY_OF, URGENCY_TITLES, Urgency, describe

if TYPE_CHECKING:  # what ep_tui.cli.plain decodes answers to the same names, without pydantic
    from ep_contract.wire import (
        HistoryPage,
        Organisme,
        RequestDetail,
        RequestSummary,
        Statistics,
        WorkList,
    )

CONVENTION_WORDS = {
    ConventionState.FUTURE: "à venir",
    ConventionState.ACTIVE: "active",
    ConventionState.ENDING: "active, fin prochaine",
    ConventionState.ENDED_PENDING: "terminée, demandes en cours",
    ConventionState.ENDED_RESOLVED: "terminée, consultation de l'historique",
    ConventionState.EXPIRED: "expirée",
}


def stamp(moment: datetime) -> str:
    """« 18/11/2026 à 15h38 », Paris time, as the portal writes it."""
    return f"{paris(moment):%d/%m/%Y à %Hh%M}"


def to_json(value: Any) -> str:
    """A pydantic model, what ep_tui.cli.plain decoded, or a list of either, as the API's
    JSON."""
    return json.dumps(_dumped(value), ensure_ascii=False, indent=2)


def _dumped(value: Any) -> Any:
    if isinstance(value, list):
        return [_dumped(item) for item in value]
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    from ep_tui.cli.plain import jsonable

    return jsonable(value)


def _lines(pairs: Iterable[tuple[str, str | None]], indent: str = "") -> list[str]:
    return [f"{indent}{label} : {shown(value)}" for label, value in pairs if value]


def organismes_text(organismes: Sequence[Organisme]) -> str:
    blocks = []
    for organisme in organismes:
        convention = organisme.convention
        pairs = [
            ("Code", organisme.code),
            ("Convention", CONVENTION_WORDS.get(convention.state, str(convention.state))),
            ("Début", format_day(convention.start)),
            ("Fin", format_day(convention.end) if convention.end else None),
            ("Nouvelles demandes", "oui" if convention.can_file else "non"),
            ("Situation particulière", convention.message if convention.flagged else None),
        ]
        blocks.append("\n".join([shown(organisme.name), *_lines(pairs, "  ")]))
    return "\n\n".join(blocks) if blocks else "Aucun organisme."


def summary_pairs(item: RequestSummary) -> list[tuple[str, str | None]]:
    return [
        ("Statut", str(item.status)),
        ("Depuis le", stamp(item.status_at)),
        ("Déposée le", stamp(item.filed_at)),
        ("Personne concernée", item.person),
        ("Offre de service", item.service_title),
        ("Motif", item.motif),
        ("Demandeur", item.requester),
    ]


def history_text(items: Sequence[RequestSummary], page: HistoryPage | None) -> str:
    if not items and page is not None and page.page > max(page.pages, 1):
        return f"Pas de page {page.page} : {page.total} demande(s) sur {page.pages} page(s)."
    if not items:
        return "Aucune demande ne correspond."
    blocks = [
        "\n".join([f"Demande {item.number}", *_lines(summary_pairs(item), "  ")]) for item in items
    ]
    if page is not None:
        plural = "s" if page.total > 1 else ""
        heading = f"{page.total} demande{plural}, page {page.page} sur {page.pages}."
        if page.pages > 1:
            heading += " Les autres : --page N, ou --tout."
    else:
        plural = "s" if len(items) > 1 else ""
        heading = f"{len(items)} demande{plural}."
    return "\n\n".join([heading, *blocks])


def _size(size: int) -> str:
    return (
        f"{size / 1_000_000:.1f} Mo".replace(".", ",")
        if size >= 100_000
        else f"{size // 1000 + 1} ko"
    )


def detail_text(detail: RequestDetail) -> str:
    parts = ["\n".join([f"Demande {detail.number}", *_lines(summary_pairs(detail), "  ")])]
    if detail.person_details is not None:
        person = detail.person_details
        parts.append("\n".join(["Personne concernée", *_lines([
            ("Civilité", person.civilite), ("Nom", person.nom), ("Prénom", person.prenom),
            ("Date de naissance", format_day(person.date_naissance)),
            ("Lieu de naissance", person.lieu_naissance), ("Téléphone", person.telephone),
        ], "  ")]))  # fmt: skip
    answers = [(answer.label, _answer(answer.value)) for answer in detail.answers]
    if answers:
        parts.append("\n".join(["Réponses", *_lines(answers, "  ")]))
    parts.append("\n".join(["Commentaire", *_indented(detail.comment)]))
    if detail.response:
        parts.append("\n".join(["Réponse de l'organisme", *_indented(detail.response)]))
    if detail.attachments_sent:
        parts.append("\n".join(["Pièces jointes envoyées", *(
            f"  {shown(a.name)}, {_size(a.size)}, le {stamp(a.sent_at)}"
            for a in detail.attachments_sent
        )]))  # fmt: skip
    if detail.attachments_received:
        parts.append("\n".join(["Pièces jointes reçues", *(
            f"  {shown(a.name)}, {_size(a.size)}, reçue le {stamp(a.received_at)}, "
            + (f"disponible jusqu'au {stamp(a.available_until)} (à télécharger : "
               f"ep-tui telecharger {detail.number} {a.id})" if a.available
               else "plus disponible")
            for a in detail.attachments_received
        )]))  # fmt: skip
    for message in detail.messages:
        who = "Vous" if message.author == "technicien" else "L'organisme"
        heading = f"Message de {shown(message.author_name)} ({who}), le {stamp(message.sent_at)}"
        parts.append("\n".join([heading, *_indented(message.body)]))
    actions = [
        label
        for label, allowed in (
            ("compléter", detail.actions.complete),
            ("annuler", detail.actions.cancel),
            ("écrire un message", detail.actions.message),
        )
        if allowed
    ]
    parts.append(f"Actions possibles : {', '.join(actions) if actions else 'aucune'}.")
    return "\n\n".join(parts)


def _answer(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    return "" if value is None else str(value)


def _indented(text: str) -> list[str]:
    return [f"  {line}" for line in shown(text).splitlines()] or ["  (vide)"]


def work_list_text(work: WorkList) -> str:
    """« À traiter »: the groups of the screen, most urgent first; each item its number, what
    is due and its request, one labelled value a line."""
    whose = "toute la structure" if work.scope == "structure" else "mes demandes"
    if not work.items:
        return f"Rien à traiter ({whose})."
    parts = [f"{len(work.items)} à traiter ({whose})."]
    for urgency in Urgency:
        items = [item for item in work.items if URGENCY_OF[item.kind] is urgency]
        if not items:
            continue
        parts.append(f"{URGENCY_TITLES[urgency]} ({len(items)})")
        for item in items:
            pairs = [
                ("À faire", describe(item.kind, item.days, item.count)),
                ("Échéance", stamp(item.deadline) if item.deadline else None),
                ("Organisme", item.organisme_name),
                ("Statut", str(item.status)),
                ("Personne concernée", item.person),
                ("Offre de service", item.service_title),
                ("Motif", item.motif),
                ("Demandeur", item.requester),
            ]
            parts.append("\n".join([f"Demande {item.number}", *_lines(pairs, "  ")]))
    return "\n\n".join(parts)


def statistics_text(figures: Statistics) -> str:
    """« Pilotage du partenariat » without its charts: the headline, then every table as
    « libellé : chiffres » lines (a bar says nothing to a screen reader)."""
    from ep_tui import copil

    parts = [
        "\n".join([
            f"Pilotage du partenariat : {_spoken(copil.scope_line(figures))}",
            f"Du {format_day(figures.period.start)} au {format_day(figures.period.end)}",
            *(_spoken(line) for line in copil.headline(figures)),
        ])
    ]  # fmt: skip
    for table in copil.tables(figures, spelled=True):
        rows = [f"  {shown(row.label)} : {_spoken(row.text)}" for row in table.rows]
        note = [f"  {shown(table.note)}"] if table.note else []
        parts.append("\n".join([shown(table.title), *rows, *note]))
    alerts = [f"  {_spoken(line)}" for line in copil.alert_lines(figures)] or ["  Aucune."]
    parts.append("\n".join(["Alertes (au-delà des seuils aujourd'hui)", *alerts]))
    return "\n\n".join(parts)


def _spoken(text: str) -> str:
    """The screen's separators (« · ») and days (« 7,4 j ») as a reader says them."""
    return re.sub(r"(\d) j\b", r"\1 jours", shown(text).replace(" · ", ", "))


def _csv(columns: Sequence[str], rows: Iterable[Sequence[str | None]]) -> str:
    from ep_tui.export import cell_text

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([cell_text(cell) for cell in row] for row in rows)
    return buffer.getvalue()


ORGANISME_COLUMNS = ("Code", "Organisme", "Convention", "Début", "Fin", "Nouvelles demandes",
                     "Situation particulière")  # fmt: skip


def organismes_csv(organismes: Sequence[Organisme]) -> str:
    return _csv(ORGANISME_COLUMNS, (
        (o.code, o.name, CONVENTION_WORDS.get(o.convention.state, str(o.convention.state)),
         format_day(o.convention.start),
         format_day(o.convention.end) if o.convention.end else "",
         "oui" if o.convention.can_file else "non",
         o.convention.message if o.convention.flagged else "")
        for o in organismes
    ))  # fmt: skip


WORK_COLUMNS = ("Urgence", "À faire", "Échéance", "Numéro de demande", "Organisme", "Statut",
                "Personne concernée", "Offre de service", "Motif", "Demandeur")  # fmt: skip


def work_list_csv(work: WorkList) -> str:
    """A line an item, most urgent first, as « texte » orders them."""
    by_urgency = sorted(work.items, key=lambda item: list(Urgency).index(URGENCY_OF[item.kind]))
    return _csv(WORK_COLUMNS, (
        (URGENCY_TITLES[URGENCY_OF[item.kind]], describe(item.kind, item.days, item.count),
         f"{paris(item.deadline):%d/%m/%Y %H:%M}" if item.deadline else "", item.number,
         item.organisme_name, str(item.status), item.person, item.service_title, item.motif,
         item.requester)
        for item in by_urgency
    ))  # fmt: skip
