"""The wire contract of the Espace Partenaires API (``/api/v1``).

One source of truth: the mock server declares its routes with these models (so its OpenAPI
document is generated from them) and the client parses every answer into them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ep_contract.domain.catalogue import Value
from ep_contract.domain.convention import ConventionState
from ep_contract.domain.statuses import Status
from ep_contract.domain.worklist import (
    NOTICE_DAYS,
    NOUVEAU_DAYS,
    PRIS_EN_CHARGE_DAYS,
    THRESHOLD_MAX,
    THRESHOLD_MESSAGE,
    THRESHOLD_MIN,
    ItemKind,
    valid_threshold,
)

PAGE_SIZES = (10, 20, 50, 100)
SortKey = Literal[
    "number", "service", "motif", "person", "requester", "filed_at", "status", "status_at"
]
SortOrder = Literal["asc", "desc"]


class Wire(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _has_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return any("\ud800" <= c <= "\udfff" for c in value)
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(item) for item in value)
    return False


class Inbound(Wire):
    """A body the server receives. JSON may spell half a UTF-16 pair (« \\ud800 »), which is
    no character: no text can be stored or shown with one, so the whole body is refused
    (422) before any field is read."""

    @model_validator(mode="before")
    @classmethod
    def _no_lone_surrogate(cls, data: Any) -> Any:
        if _has_lone_surrogate(data):
            raise ValueError("Texte invalide : caractère incomplet (demi-paire UTF-16).")
        return data


# --- errors ---------------------------------------------------------------------------------


class Problem(BaseModel):
    """RFC 9457 problem details, with the messages of the fields at fault in ``errors``."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    code: str | None = None
    """A stable, machine-readable reason (``invalid_fields``, ``status_forbids``…)."""
    errors: dict[str, str] = Field(default_factory=dict)
    """French message by field name, to be shown under the field."""


# --- session and identity -------------------------------------------------------------------


class Credentials(Inbound):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=200)


class Structure(Wire):
    id: int
    name: str


class Me(Wire):
    id: int
    username: str
    first_name: str
    last_name: str
    structure: Structure
    newsletter: bool

    @property
    def display_name(self) -> str:
        """« PRÉNOM NOM » as the banner shows it."""
        return f"{self.first_name} {self.last_name}".upper()


class Session(Wire):
    token: str
    expires_at: datetime
    me: Me


class NewsletterChoice(Inbound):
    subscribed: bool


# --- organismes, catalogue, news ------------------------------------------------------------


class Convention(Wire):
    start: date
    end: date | None
    state: ConventionState
    message: str | None
    """The portal's exact message for the state, if it has one."""
    can_file: bool
    flagged: bool
    """Shown in red with an asterisk: the organisme is in a particular situation."""


class Organisme(Wire):
    code: str
    name: str
    convention: Convention

    @property
    def label(self) -> str:
        return f"{self.name} *" if self.convention.flagged else self.name


class NewsItem(Wire):
    id: int
    published_at: datetime
    title: str
    body: str


class NewsPage(Wire):
    items: list[NewsItem]
    total: int


# --- attachments ----------------------------------------------------------------------------


class Attachment(Wire):
    """A file uploaded, not yet (or already) attached to a request."""

    id: str
    name: str
    size: int
    content_type: str
    uploaded_at: datetime


class SentAttachment(Wire):
    """Attachments sent are listed by name only: their content is not viewable after filing."""

    name: str
    size: int
    sent_at: datetime


class ReceivedAttachment(Wire):
    id: str
    name: str
    size: int
    content_type: str
    received_at: datetime
    available_until: datetime
    available: bool


# --- requests -------------------------------------------------------------------------------


class NewRequest(Inbound):
    service: str = Field(max_length=50)
    values: dict[str, Value] = Field(default_factory=dict)
    """Field name → value, as in the service's form (dates as jj/mm/aaaa)."""
    attachment_ids: list[str] = Field(default_factory=list, max_length=50)


class Person(Wire):
    civilite: str
    nom: str
    prenom: str
    date_naissance: date
    lieu_naissance: str
    telephone: str

    def form_values(self) -> dict[str, str]:
        """The person block of a form, filled with this person (« Nouvelle demande pour cette
        personne »): the values as the technician would type them."""
        return {"civilite": self.civilite, "nom": self.nom, "prenom": self.prenom,
                "date_naissance": f"{self.date_naissance:%d/%m/%Y}",
                "lieu_naissance": self.lieu_naissance, "telephone": self.telephone}  # fmt: skip

    @property
    def label(self) -> str:
        """« Madame TUTU Joséphine »."""
        return f"{self.civilite} {self.nom} {self.prenom}"


class RequestSummary(Wire):
    number: str
    organisme_code: str
    service_code: str
    service_title: str
    motif: str | None
    person: str | None
    """« Madame TUTU Joséphine », or nothing for the ODS without a person block."""
    requester: str
    """The technician who filed it, « CHAUSSON Victor »."""
    filed_at: datetime
    status: Status
    status_at: datetime


class HistoryPage(Wire):
    items: list[RequestSummary]
    total: int
    page: int
    page_size: int
    pages: int
    sort: SortKey
    order: SortOrder


class DuplicateQuery(Inbound):
    """Who and what a new request is about, to find one already in progress (SPEC §10).
    Sent as a body, never in a URL: it names a person, and URLs end up in logs."""

    service: str = Field(max_length=50)
    motif: str | None = Field(default=None, max_length=200)
    documents: list[str] = Field(default_factory=list, max_length=20)
    """For « Demander un document » (no motif): the documents asked. A request in progress is
    the same purpose when it asks one of them."""
    nom: str = Field(min_length=1, max_length=60)
    prenom: str = Field(min_length=1, max_length=60)
    date_naissance: date


class Duplicates(Wire):
    """Requests of the structure « Nouveau » or « Pris en charge » for the same person, ODS
    and motif, newest first."""

    items: list[RequestSummary]


class Answer(Wire):
    """An answer of the form other than person, motif and comment (modalités, MAS…)."""

    name: str
    label: str
    value: Value


class Message(Wire):
    id: int
    author: Literal["technicien", "organisme"]
    author_name: str
    body: str
    sent_at: datetime
    attachments: list[str] = Field(default_factory=list)
    """Names of the files sent with the message (received ones are also listed, with their
    ids, in the detail's ``attachments_received``)."""


class Exchange(Wire):
    """The question/answer exchange after resolution (guide 001 §5)."""

    open: bool
    closes_at: datetime | None
    round_trips_used: int
    round_trips_max: int
    attachments_used: int
    attachments_max: int
    closed_reason: str | None
    """Why no message can be written now, in French; ``None`` when one can."""


class Actions(Wire):
    complete: bool
    cancel: bool
    message: bool
    close_exchange: bool


class RequestDetail(RequestSummary):
    version: int
    """Increases with every change of the request (optimistic concurrency)."""
    person_details: Person | None
    comment: str
    answers: list[Answer]
    response: str | None
    taken_at: datetime | None = None
    """When the organisme took it in charge (« Pris en charge »)."""
    resolved_at: datetime | None
    attachments_sent: list[SentAttachment]
    attachments_received: list[ReceivedAttachment]
    messages: list[Message]
    exchange: Exchange
    actions: Actions


class Complement(Inbound):
    """« Compléter la demande »: the whole new comment, and the files to add."""

    comment: str
    attachment_ids: list[str] = Field(default_factory=list, max_length=50)
    expected_version: int | None = None
    """The detail's ``version`` the technician started from: refused with 409
    ``request_changed`` if the request changed since (a colleague completed it, the organisme
    took it in charge…), so that nobody overwrites what they have not seen."""


class Cancellation(Inbound):
    reason: str
    confirm: bool


class NewMessage(Inbound):
    body: str
    attachment_ids: list[str] = Field(default_factory=list, max_length=50)


# --- « À traiter » (issue 17) ---------------------------------------------------------------


# Bounds said in the schema, checked by the server with a French message per field
# (ep_contract.domain.worklist.THRESHOLD_MESSAGE), not pydantic's English one.
_DAYS: dict[str, Any] = {"minimum": THRESHOLD_MIN, "maximum": THRESHOLD_MAX}


class MotifThreshold(Wire):
    motif: str = Field(min_length=1, max_length=200)
    days: int = Field(json_schema_extra=_DAYS)


class AlertSettings(Inbound):
    """A structure's alert thresholds, in days: readable by its technicians, changed by the
    back office. A motif's threshold replaces both waits for the requests of that motif
    (counted from the filing, as long as the request is not resolved)."""

    nouveau_days: int = Field(default=NOUVEAU_DAYS, json_schema_extra=_DAYS)
    pris_en_charge_days: int = Field(default=PRIS_EN_CHARGE_DAYS, json_schema_extra=_DAYS)
    notice_days: int = Field(default=NOTICE_DAYS, json_schema_extra=_DAYS)
    motifs: list[MotifThreshold] = Field(default_factory=list, max_length=100)

    def out_of_bounds(self) -> dict[str, str]:
        """The fields whose number of days is not a threshold, with the message to show."""
        found = {
            name: THRESHOLD_MESSAGE
            for name in ("nouveau_days", "pris_en_charge_days", "notice_days")
            if not valid_threshold(getattr(self, name))
        }
        for index, item in enumerate(self.motifs):
            if not valid_threshold(item.days):
                found[f"motifs.{index}.days"] = THRESHOLD_MESSAGE
        return found


WorkScope = Literal["mine", "structure"]


class WorkItem(Wire):
    kind: ItemKind
    number: str
    organisme_code: str
    organisme_name: str
    service_title: str
    motif: str | None
    person: str | None
    requester: str
    status: Status
    due_at: datetime
    """When the item became due: the answer's time, the deadline less the notice, the filing
    (or taking in charge) plus the threshold."""
    deadline: datetime | None
    """The end of the exchange window or of the download; none for a wait."""
    days: int
    """Days left before the deadline, or days waited."""
    count: int = 0
    """Received attachments still to download (files_expiring)."""


class WorkList(Wire):
    items: list[WorkItem]
    scope: WorkScope
    settings: AlertSettings


# --- « Modèles de commentaire » (issue 17) -----------------------------------------------------


class TemplateIn(Inbound):
    """A comment template, as written: checked by ep_contract.domain.comment_templates (a field
    message each), not by the schema, so that the answer is in French."""

    title: str
    body: str


class CommentTemplate(Wire):
    id: int
    title: str
    body: str
    updated_at: datetime
    updated_by: str
    """Who wrote it last, as the history names a requester (« LAPIERRE Martine »)."""


class CommentTemplates(Wire):
    items: list[CommentTemplate]
    """Sorted by title, as French sorts them."""


# --- « Pilotage du partenariat » (issue 18) ---------------------------------------------------
# Counts and durations only: no person, no comment leaves the server in these figures.


class Tally(Wire):
    """How many requests carry one value (a status, a motif, a MAS answer…)."""

    label: str
    count: int


class Delay(Wire):
    """From filing to one step, over the period's requests that reached it (seconds).

    ``median_seconds`` is the middle value (the mean of the two middle ones for an even
    count); ``p90_seconds`` the nearest-rank 90th percentile: the smallest delay that at
    least 90 % of the requests do not exceed. Requests that have not reached the step are
    ``still_open``, never in the figures."""

    count: int
    mean_seconds: float | None
    median_seconds: float | None
    p90_seconds: int | None
    still_open: int
    distribution: list[int] = Field(default_factory=list)
    """How many took less than 2 days, 2 to 7, 7 to 15, 15 to 30, 30 and more
    (ep_contract.domain.statistics.DELAY_BOUNDS_DAYS): a bound belongs to the next range."""


class Delays(Wire):
    taken: Delay
    """To « Pris en charge »."""
    resolved: Delay
    """To « Résolu » (the conventions' « délai moyen de traitement »)."""


class Breakdown(Wire):
    """One ODS, one benefit family or one technician: volume and delays."""

    key: str
    """The ODS code, the benefit family (``puma``, ``c2s``, ``ame``, ``autre``), or the
    technician as the history names them."""
    label: str
    filed: int
    delays: Delays


class MonthVolume(Wire):
    month: date
    """Its first day."""
    filed: int


class MasFigures(Wire):
    """The referrals to the Mission accompagnement santé and what the form said about them:
    a count per answer offered (zeros included), in the form's order."""

    referrals: int
    accompagnement: list[Tally]
    soins: list[Tally]
    duree: list[Tally]
    causes: list[Tally]


class ExchangeFigures(Wire):
    requests: int
    """Requests with at least one follow-up message."""
    questions: int
    """Messages of the structure (each one a round trip used)."""
    answers: int
    """Messages of the organisme."""


class AlertLine(Wire):
    """A request of the period beyond the structure's threshold today (the « À traiter »
    list's definition)."""

    kind: ItemKind
    number: str
    organisme_code: str
    service_title: str
    motif: str | None
    status: Status
    days: int
    """Days waited."""


class CountedOrganisme(Wire):
    code: str
    name: str


class ConventionEnd(Wire):
    organisme_code: str
    organisme_name: str
    ended_on: date


class StatisticsPeriod(Wire):
    kind: str
    start: date
    end: date
    """The last day, included."""
    label: str
    """« année 2026 », « 3e trimestre 2026 », « du 03/12/2025 au 02/12/2026 »."""


class Statistics(Wire):
    structure: str
    organismes: list[CountedOrganisme]
    """The organismes counted: one, or every one the structure has a convention with."""
    period: StatisticsPeriod
    generated_at: datetime
    filed: int
    """Requests filed in the period, cancelled ones included."""
    cancelled: int
    by_month: list[MonthVolume]
    """Every month the period touches, zeros included."""
    by_service: list[Breakdown]
    by_benefit: list[Breakdown]
    """PUMa, C2S, AME, then the others, zeros included."""
    by_motif: list[Tally]
    delays: Delays
    statuses: list[Tally]
    """The period's requests not cancelled, by status today, in the workflow's order."""
    cancellations: list[Tally]
    """By reason, in the form's order, zeros included."""
    exchanges: ExchangeFigures
    mas: MasFigures
    social_service: int
    """Referrals to the Assurance Maladie's social service (« Service Social » RDV)."""
    alerts: list[AlertLine]
    thresholds: AlertSettings
    by_requester: list[Breakdown]
    conventions_ended: list[ConventionEnd]
    """The conventions whose end is on or before the period's last day (ended, or ending
    later in the period): the period may cross their end, or start after it — its figures
    then stop there."""
