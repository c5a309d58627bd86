"""The history's list: its columns, laid out for the width there is, and its cells.

Designed for 80 columns first: Numéro, Statut, Date de dépôt and Personne concernée always
show without scrolling (the status is what a technician looks for first, manual §VI); Offre
de service, Motif, Demandeur and Date statut follow, in the room left or to the right. A
value too long for its column is shortened at a word, with « … » — never cut mid-word — and
shown whole in the line under the list and in the detail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from ep_contract.domain.catalogue import Catalogue
from ep_contract.domain.dates import format_stamp, paris
from ep_contract.domain.statuses import Status
from ep_contract.wire import RequestSummary


@dataclass(frozen=True)
class Column:
    key: str
    """The server's sort key."""
    header: str
    width: int
    """Its width when there is room (shortened, the first four, to fit)."""


COLUMNS = (
    Column("number", "Numéro", 10),
    Column("status", "Statut", 14),
    Column("filed_at", "Date de dépôt", 16),
    Column("person", "Personne concernée", 34),
    Column("service", "Offre de service", 18),
    Column("motif", "Motif", 40),
    Column("requester", "Demandeur", 20),
    Column("status_at", "Date statut", 16),
)
SORT_KEYS = [column.key for column in COLUMNS]
HEADERS = {column.key: column.header for column in COLUMNS}
CELL_PADDING = 2
"""A DataTable cell has one space on each side."""
PERSON_MIN = 18
PERSON_START = 26
MOTIF_MIN = 14

STATUS_STYLES = {
    Status.NOUVEAU: "bold",
    Status.PRIS_EN_CHARGE: "",
    Status.RESOLU: "green",
    Status.MESSAGE_ENVOYE: "yellow",
    Status.MESSAGE_RECU: "bold yellow",
    Status.CLOTURE: "dim",
}


def shorten(text: str | None, width: int) -> str:
    """``text`` in ``width`` columns: whole if it fits, else up to a word and « … »."""
    text = text or ""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if text[len(cut)] != " " and space >= width // 3:
        cut = cut[:space]  # the last word did not fit whole
    return cut.rstrip(" ,;:-–(") + "…"


def short_stamp(moment: datetime) -> str:
    """« 27/11/2026 16h26 »: the portal's stamp without « min », for a column of 16."""
    local = paris(moment)
    return f"{local:%d/%m/%Y} {local:%H}h{local:%M}"


def column_widths(available: int) -> dict[str, int]:
    """Each column's width for a table ``available`` columns wide. The first four always fit
    (Personne shrinks to fit, down to 18); then each following column is shown if it fits
    whole (Motif down to 14), and what is left goes to Personne (up to 34), then to the last
    column shown: the screen's edge never cuts a column — the others wait, whole, to the
    right."""
    widths = {column.key: column.width for column in COLUMNS}
    pad = CELL_PADDING
    left = available - sum(widths[key] + pad for key in ("number", "status", "filed_at"))
    widths["person"] = max(PERSON_MIN, min(PERSON_START, left - pad))
    left -= widths["person"] + pad
    shown = ["person"]
    for key in ("service", "motif", "requester", "status_at"):
        least = MOTIF_MIN if key == "motif" else widths[key]
        if left < least + pad:
            break
        widths[key] = min(widths[key], left - pad)
        left -= widths[key] + pad
        shown.append(key)
    if left > 0:
        grow = min(left, COLUMNS[3].width - widths["person"])
        widths["person"] += grow
        widths[shown[-1]] += left - grow
    return widths


def cells(item: RequestSummary, widths: dict[str, int], catalogue: Catalogue) -> list[Text]:
    """A request as the list shows it, in ``COLUMNS``' order; as ``Text``, never ``str``,
    which Textual's DataTable would read as markup."""
    service = catalogue.service(item.service_code)
    offer = service.label if service is not None else item.service_title
    return [
        Text(item.number),
        Text(str(item.status), style=STATUS_STYLES.get(item.status, "")),
        Text(short_stamp(item.filed_at)),
        Text(shorten(item.person or "—", widths["person"])),
        Text(shorten(offer, widths["service"])),
        Text(shorten(item.motif or "—", widths["motif"])),
        Text(shorten(item.requester, widths["requester"])),
        Text(short_stamp(item.status_at)),
    ]


def preview(item: RequestSummary, width: int, catalogue: Catalogue) -> Text:
    """The lines under the list: the highlighted request's offre and motif in full, who
    filed it and since when it has its status — what the narrow columns shorten. When the
    offre's title and the motif do not fit together, the offre's short title leaves the
    motif room."""
    subject = item.service_title + (f" › {item.motif}" if item.motif else "")
    service = catalogue.service(item.service_code)
    if len(subject) > width and item.motif and service is not None:
        subject = f"{service.label} › {item.motif}"
    who = f"Déposée par {item.requester} · statut depuis le {format_stamp(item.status_at)}"
    return Text.assemble((shorten(subject, width), "bold"), "\n", (shorten(who, width), "dim"))


class HistoryTable(DataTable[Text]):
    """The list; its keys act on the history (paging, sorting, copying) — letters only here,
    where they are shown, never while a filter has the focus. It lays its columns out for
    its own width, and again when that changes."""

    # The vertical scrollbar always there, so that the columns' widths hold whether the page
    # fills the list or not; no horizontal one: the columns to the right are in the line
    # under the list (→ brings them), and that bar, drawn again at every move of the cursor,
    # was more than half of the bytes a move sent to the terminal (bench/RESULTS.md).
    DEFAULT_CSS = """
    HistoryTable { overflow-y: scroll; scrollbar-size-horizontal: 0; }
    """
    BINDINGS = [
        Binding("n", "screen.page(1)", "Page suiv.", id="history.next",
                tooltip="Page suivante"),
        Binding("p", "screen.page(-1)", "Page préc.", id="history.previous",
                tooltip="Page précédente"),
        Binding("greater_than_sign", "screen.sort_column(1)", "Trier",
                id="history.sort_next", key_display=">",
                tooltip="Trier par la colonne suivante (< : la précédente)"),
        Binding("less_than_sign", "screen.sort_column(-1)", "Trier (colonne précédente)",
                id="history.sort_previous", key_display="<", show=False),
        Binding("o", "screen.reverse", "Inverser", id="history.reverse",
                tooltip="Inverser l'ordre du tri"),
        Binding("c", "screen.copy_number", "Copier", id="history.copy",
                tooltip="Copier le numéro de la demande"),
        # Priority, as Tab: run as soon as it is read (only while the list has the focus),
        # so that what is typed right after it goes to the filter, not to the list.
        Binding("f", "screen.focus_filters", "Filtres", id="history.filters",
                tooltip="Aller aux filtres", priority=True),
        # Not in the key bar, which is full at 80 columns: the « Vues » button says it.
        Binding("v", "screen.views", "Vues", id="history.views", show=False,
                tooltip="Vues enregistrées : en rappeler une, enregistrer celle-ci"),
    ]  # fmt: skip

    def __init__(self, catalogue: Catalogue, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.catalogue = catalogue
        self.items: list[RequestSummary] = []
        self.widths: dict[str, int] = {}
        self.sort_shown: tuple[str, str] = ("filed_at", "desc")

    def on_resize(self) -> None:
        widths = column_widths(self.scrollable_content_region.width)
        if widths != self.widths:
            self.widths = widths
            self.clear(columns=True)
            for column in COLUMNS:
                self.add_column(column.header, key=column.key, width=widths[column.key])
            self.show_sort(*self.sort_shown)
            self.show_items(self.items, keep_row=self.cursor_row)

    def show_items(self, items: list[RequestSummary], *, keep_row: int = 0) -> None:
        self.items = items
        if not self.widths:
            return  # before the first layout: on_resize builds the columns, then the rows
        self.clear()
        for item in items:
            self.add_row(*cells(item, self.widths, self.catalogue), key=item.number)
        if items:
            self.move_cursor(row=min(keep_row, len(items) - 1), animate=False)

    def show_sort(self, key: str, order: str) -> None:
        self.sort_shown = (key, order)
        if not self.columns:
            return
        arrow = "▲" if order == "asc" else "▼"
        for column in COLUMNS:
            here = column.key == key
            self.columns[column.key].label = Text(  # type: ignore[index]
                f"{column.header} {arrow}" if here else column.header,
                style="bold underline" if here else "bold",
            )
        self.refresh()

    def action_cursor_right(self) -> None:
        """→ brings the next column in whole (Textual scrolled one character: « 633100116 »,
        « Docum »); the last ones end at the right edge."""
        starts = [start for start in self._column_starts() if start > self.scroll_x]
        if starts:
            self.scroll_to(x=min(starts[0], self.max_scroll_x), animate=False, immediate=True)

    def action_cursor_left(self) -> None:
        starts = [start for start in self._column_starts() if start < self.scroll_x]
        self.scroll_to(x=starts[-1] if starts else 0, animate=False, immediate=True)

    def _column_starts(self) -> list[int]:
        starts, x = [], 0
        for column in self.ordered_columns:
            starts.append(x)
            x += column.get_render_width(self)
        return starts

    @property
    def current(self) -> RequestSummary | None:
        if not self.items or not self.display:
            return None
        return self.items[min(self.cursor_row, len(self.items) - 1)]
