"""« Commentaires »: a text area with a live counter x/5000 and a hard limit."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static, TextArea

from ep_tui.domain.comment_checks import comment_warnings


class CommentArea(Vertical, can_focus=False):
    DEFAULT_CSS = """
    CommentArea { height: auto; }
    CommentArea TextArea { height: 8; }
    CommentArea .counter { color: $text-muted; text-align: right; width: 100%; }
    CommentArea .counter.-full { color: $warning; text-style: bold; }
    CommentArea .warnings { color: $warning; }
    """
    BINDINGS = [
        Binding("f8", "external_editor", "Éditeur", id="comment.editor",
                tooltip="Écrire le commentaire dans votre éditeur ($VISUAL, $EDITOR)"),
    ]  # fmt: skip

    @dataclass
    class Edited(Message):
        area: CommentArea

    def __init__(self, text: str, *, limit: int, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.limit = limit
        self._initial = text[:limit]
        self._warnings_shown = ""

    def compose(self) -> ComposeResult:
        yield TextArea(self._initial, soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        yield Static("", classes="counter")
        yield Static("", classes="warnings")

    def on_mount(self) -> None:
        self._refresh_counter()
        self._refresh_warnings()

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    @text.setter
    def text(self, value: str) -> None:
        self.query_one(TextArea).text = value[: self.limit]

    def focus(self, scroll_visible: bool = True) -> CommentArea:
        self.query_one(TextArea).focus(scroll_visible)
        return self

    def to_end(self) -> None:
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)

    def _refresh_counter(self) -> None:
        length = len(self.text)
        counter = self.query_one(".counter", Static)
        # One line whatever the count: repainting it is enough, no layout of the form.
        counter.update(f"{length}/{self.limit}", layout=False)
        counter.set_class(length >= self.limit, "-full")

    def _refresh_warnings(self) -> None:
        # Most keys change no warning: the form is laid out again only when one does.
        shown = "\n".join(w.message for w in comment_warnings(self.text))
        if shown != self._warnings_shown:
            self._warnings_shown = shown
            self.query_one(".warnings", Static).update(shown)

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        area = event.text_area
        if len(area.text) > self.limit:
            # The hard limit: what goes beyond is not kept (a paste is cut, and said so).
            area.text = area.text[: self.limit]
            area.move_cursor(area.document.end)
            self.notify(f"Commentaire limité à {self.limit} caractères.", severity="warning")
            return
        self._refresh_counter()
        self._refresh_warnings()
        self.post_message(self.Edited(self))

    def action_external_editor(self) -> None:
        from ep_tui.external_editor import edit_text, editor_command

        command = editor_command()
        if command is None:
            self.notify("Aucun éditeur défini : indiquez-le dans la variable d'environnement "
                        "EDITOR (par exemple EDITOR=nano).", severity="warning")  # fmt: skip
            return
        area = self.query_one(TextArea)
        try:
            with self.app.suspend():
                edited = edit_text(area.text, command)
        except SuspendNotSupported:
            self.notify("Ce terminal ne permet pas d'ouvrir un éditeur.", severity="warning")
            return
        except OSError as error:
            self.notify(f"Impossible de lancer l'éditeur « {command[0]} » : "
                        f"{error.strerror or error}.", severity="error")  # fmt: skip
            return
        if edited is None:
            self.notify("L'éditeur s'est terminé sur une erreur : commentaire inchangé.",
                        severity="warning")  # fmt: skip
            return
        if edited != area.text:
            # One edit, so that Ctrl+Z gives back the comment as it was before the editor;
            # the hard limit and the draft follow from the change like for a key.
            area.replace(edited, area.document.start, area.document.end)
        area.move_cursor(area.document.end)
        area.focus()
