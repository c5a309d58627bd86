"""« Pièces jointes »: add (checked before anything is sent, then uploaded with a progress
bar), view, delete; the list under « Liste des pièces jointes »."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from ep_contract.domain.attachments import ACCEPTED_HINT
from ep_contract.domain.catalogue import FormField
from ep_contract.domain.wording import plural
from ep_tui.widgets.pick_list import PickList

EMPTY = "Aucune pièce jointe enregistrée."


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} Mo".replace(".", ",")
    return f"{max(1, round(size / 1024))} Ko"


class AttachmentsBlock(Vertical):
    """Holds the uploaded files' descriptions (id, name, content_type, size, path)."""

    DEFAULT_CSS = """
    AttachmentsBlock { height: auto; margin-bottom: 1; }
    AttachmentsBlock .field-label { text-style: bold; }
    AttachmentsBlock .field-hint { color: $text-muted; }
    AttachmentsBlock .field-error { color: $error; text-style: bold; }
    AttachmentsBlock .limit { color: $warning; }
    AttachmentsBlock OptionList { height: auto; max-height: 10; }
    AttachmentsBlock .row { height: auto; }
    AttachmentsBlock .row Button { margin-right: 2; }
    AttachmentsBlock ProgressBar { display: none; }
    AttachmentsBlock ProgressBar.-busy { display: block; }
    """

    @dataclass
    class AddWanted(Message):
        block: AttachmentsBlock

    @dataclass
    class ViewWanted(Message):
        attachment: dict[str, Any]

    @dataclass
    class Changed(Message):
        block: AttachmentsBlock

    def __init__(self, field: FormField, files: list[dict[str, Any]] | None = None) -> None:
        super().__init__(id=f"field-{field.name}", classes="field-block")
        self.field = field
        self.files: list[dict[str, Any]] = list(files or [])

    @property
    def limit(self) -> int:
        return self.field.max_files or 8

    def compose(self) -> ComposeResult:
        # Built in their first state (not set once mounted): each change restyles a widget.
        has_files = bool(self.files)
        yield Static(self.field.label, classes="field-label", markup=False)
        yield Static(ACCEPTED_HINT + " Un seul PDF regroupant les pièces est préférable.",
                     classes="field-hint", markup=False)  # fmt: skip
        with Horizontal(classes="row"):
            yield Button("Ajouter un fichier", id="attach-add", compact=True,
                         disabled=len(self.files) >= self.limit)  # fmt: skip
            yield Button("Voir", id="attach-view", compact=True, disabled=not has_files)
            yield Button("Supprimer", id="attach-delete", compact=True, disabled=not has_files)
        yield Static(self._limit_text(), classes="limit", markup=False)
        yield Static("Liste des pièces jointes", classes="field-label", markup=False)
        yield AttachmentList(*self._options(), id="control-pieces_jointes")
        yield Static("", classes="field-error", markup=False)

    def _options(self) -> list[Option]:
        if not self.files:
            return [Option(Text(EMPTY, style="italic"), id="empty", disabled=True)]
        return [
            Option(self._label(item), id=f"file-{index}") for index, item in enumerate(self.files)
        ]

    @staticmethod
    def _label(item: dict[str, Any]) -> Text:
        kind = item["content_type"].split("/")[-1]
        return Text.assemble(
            item["name"], ("  " + kind, "dim"), ("  " + human_size(item["size"]), "dim")
        )

    def _limit_text(self) -> str:
        """Why « Ajouter un fichier » is greyed out, when it is."""
        if len(self.files) < self.limit:
            return ""
        return (f"{plural(self.limit, 'pièce jointe', 'pièces jointes')} au maximum : "
                "supprimez-en une pour en ajouter une autre.")  # fmt: skip

    def _refresh(self) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(self._options())
        if self.files and highlighted is not None:
            options.highlighted = min(highlighted, len(self.files) - 1)
        self.query_one(".limit", Static).update(self._limit_text())
        self.query_one("#attach-add", Button).disabled = len(self.files) >= self.limit
        has_files = bool(self.files)
        self.query_one("#attach-view", Button).disabled = not has_files
        self.query_one("#attach-delete", Button).disabled = not has_files
        options.refresh_bindings()

    @property
    def value(self) -> list[str]:
        return [item["id"] for item in self.files]

    def set_error(self, message: str | None) -> None:
        # Shown as it is: a file's name may hold « [ ] », never read as markup.
        self.query_one(".field-error", Static).update(Content(message or ""))

    def focus_control(self) -> None:
        self.scroll_visible(animate=False)
        self.query_one("#attach-add", Button).focus()

    def busy(self, done: int, total: int) -> None:
        # Mounted at the first upload: three widgets fewer when a form opens.
        found = self.query(ProgressBar)
        if found:
            bar = found.first()
        else:
            bar = ProgressBar(total=1, show_eta=False, id="attach-progress")
            self.mount(bar, after=self.query_one(".row"))
        bar.set_class(done < total, "-busy")
        bar.update(total=total, progress=done)

    def add(self, item: dict[str, Any]) -> None:
        self.files.append(item)
        self._refresh()
        self.post_message(self.Changed(self))

    def replace_files(self, files: list[dict[str, Any]]) -> None:
        """The list after the uploads a draft held were checked (some sent again, some gone)."""
        self.files = list(files)
        self._refresh()
        self.post_message(self.Changed(self))

    def _selected(self) -> int | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not self.files:
            return None
        return min(index, len(self.files) - 1)

    @on(Button.Pressed, "#attach-add")
    def _add(self, event: Button.Pressed) -> None:
        event.stop()
        if len(self.files) >= self.limit:
            self.set_error(f"{self.limit} pièces jointes maximum.")
            return
        self.post_message(self.AddWanted(self))

    @on(Button.Pressed, "#attach-view")
    @on(OptionList.OptionSelected, "#control-pieces_jointes")
    def _view(self, event: Button.Pressed | OptionList.OptionSelected) -> None:
        event.stop()
        if (index := self._selected()) is not None:
            self.post_message(self.ViewWanted(self.files[index]))

    @on(Button.Pressed, "#attach-delete")
    def _delete(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_delete()

    def action_delete(self) -> None:
        if (index := self._selected()) is not None:
            del self.files[index]
            self._refresh()
            self.post_message(self.Changed(self))


class AttachmentList(PickList):
    """« Liste des pièces jointes »: Entrée shows the highlighted file, Suppr removes it."""

    BINDINGS = [
        Binding("delete", "delete", "Supprimer", id="attachments.delete",
                tooltip="Retirer la pièce jointe de la liste"),
    ]  # fmt: skip

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # « Suppr Supprimer » in the key bar of an empty list promised what it cannot do.
        if action == "delete":
            return any(not option.disabled for option in self.options)  # « Aucune… » is not one
        return True

    def action_delete(self) -> None:
        block = next((a for a in self.ancestors if isinstance(a, AttachmentsBlock)), None)
        if block is not None:
            block.action_delete()
