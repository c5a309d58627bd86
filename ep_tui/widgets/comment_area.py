"""« Commentaires »: a text area with a live counter x/5000 and a hard limit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static, TextArea
from textual.widgets.text_area import Edit, EditResult

from ep_contract.domain.comment_checks import comment_warnings
from ep_contract.domain.text import cleaned, forbidden_characters
from ep_tui.textual_compat.ordered_keys import KeysInOrder


def as_stored(text: str, newline: str) -> str:
    """``text`` as a document with that line separator will hold it (the split Textual's
    ``Document.replace_range`` makes), so that its length is the one the limit counts."""
    lines = text.splitlines()
    if text.endswith(("\r\n", "\n", "\r")):
        lines.append("")
    return newline.join(lines)


class CommentText(KeysInOrder, TextArea):
    """The comment's text. A key, a paste and the external editor all change it through
    ``edit`` (Ctrl+Z does not, but only goes back to texts that fitted), which keeps the hard
    limit — what does not fit is not inserted, nothing already written is cut — and then calls
    ``on_edit`` directly: the counter and the warnings below are refreshed before Textual
    draws, in the same frame as the text. Told by the ``Changed`` message instead, they came a
    hop later, often after the text had been drawn: two frames for one key, the second after a
    wait of one or two frame periods (bench/RESULTS.md)."""

    BINDINGS = [
        # As in every editor a technician knows (Textual's TextArea moves to the line's start):
        # the complement pre-fills the old comment, and replacing it must be easy.
        Binding("ctrl+a", "select_all", "Tout sélectionner", id="comment.select_all",
                show=False),
    ]  # fmt: skip

    def __init__(self, text: str, *, limit: int, on_edit: Callable[[], None]) -> None:
        super().__init__(text, soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        self.limit = limit
        self._on_edit = on_edit
        self._said_full = False

    def edit(self, edit: Edit) -> EditResult:
        fitted = self._fit(self._visible(edit))
        if fitted is None:
            # Full and nothing to replace: the key does nothing (the counter says why).
            self.app.bell()
            return EditResult(end_location=self.selection.end, replaced_text="")
        result = super().edit(fitted)
        # Textual moves the cursor, and scrolls to it, before it gives the text area its new
        # height: a line added at the bottom (Entrée) stayed one line below the view until
        # the next key. Scrolled again here, with the height the edit gave.
        self.scroll_cursor_visible()
        self._on_edit()
        return result

    def _visible(self, edit: Edit) -> Edit:
        """A paste from a word processor or a web page may bring zero-width spaces, direction
        marks or control characters the technician cannot see, and the server would refuse
        the text for them: they are left out as the text comes in, and said once."""
        text = cleaned(edit.text)
        if text == edit.text:
            return edit
        if forbidden_characters(edit.text):
            self.notify("Caractères invisibles ou de contrôle retirés du texte collé.")
        return Edit(text, edit.from_location, edit.to_location, edit.maintain_selection_offset)

    def _fit(self, edit: Edit) -> Edit | None:
        document = self.document
        inserted = as_stored(edit.text, document.newline)
        replaced = len(document.get_text_range(edit.from_location, edit.to_location))
        room = self.limit - (len(document.text) - replaced)
        if len(inserted) <= room:
            self._said_full = False
            return edit
        kept = inserted[: max(room, 0)]
        if kept.endswith("\r") and document.newline == "\r\n":
            kept = kept[:-1]  # half a line break is not one
        if not self._said_full:
            # Once, when the limit is reached; not at every key typed against it.
            self._said_full = True
            left_out = len(inserted) - len(kept)
            self.notify(f"Commentaire limité à {self.limit} caractères : "
                        f"{left_out} non ajouté(s).", severity="warning")  # fmt: skip
        if not kept and edit.from_location == edit.to_location:
            return None
        return Edit(kept, edit.from_location, edit.to_location, edit.maintain_selection_offset)


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
        Binding("f9", "template", "Modèles", id="comment.templates",
                tooltip="Insérer un modèle de commentaire de votre structure au curseur"),
    ]  # fmt: skip

    @dataclass
    class Edited(Message):
        area: CommentArea

    @dataclass
    class TemplateWanted(Message):
        """F9: the screen offers the structure's templates, then calls ``insert``."""

        area: CommentArea

    def __init__(
        self,
        text: str,
        *,
        limit: int,
        id: str | None = None,  # noqa: A002
        templates: bool = True,
    ) -> None:
        super().__init__(id=id)
        self.templates = templates
        """Whether F9 offers the templates (not in a template's own editor)."""
        self.limit = limit
        self._initial = text[:limit]
        self._counter_shown = ""
        self._warnings_shown = ""
        self._reflected: str | None = None  # the text the counter and warnings are about

    def compose(self) -> ComposeResult:
        yield CommentText(self._initial, limit=self.limit, on_edit=self._reflect)
        yield Static("", classes="counter", markup=False)
        yield Static("", classes="warnings", markup=False)

    def on_mount(self) -> None:
        self._reflect()

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    @text.setter
    def text(self, value: str) -> None:
        self.query_one(TextArea).text = value[: self.limit]

    def focus(self, scroll_visible: bool = True) -> CommentArea:
        self.query_one(TextArea).focus(scroll_visible)
        return self

    def insert(self, text: str, *, as_words: bool = False) -> None:
        """``text`` at the cursor (in place of the selection), through the same checks as
        what is typed: the limit, invisible characters; the counter and warnings follow.
        ``as_words``: kept apart from the words around it by a space (a template inserted
        after « suivante. » must not read « suivante.Nous »)."""
        area = self.query_one(TextArea)
        start, end = sorted(area.selection)
        if as_words and text.strip():
            before = area.get_text_range((start[0], start[1] - 1), start) if start[1] else ""
            after = area.get_text_range(end, (end[0], end[1] + 1))
            if before and not before.isspace() and not text[0].isspace():
                text = " " + text
            if after.isalnum() and not text[-1].isspace():
                text += " "
        area.replace(text, start, end, maintain_selection_offset=False)  # the cursor after it
        area.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "template":
            return self.templates
        return True

    def action_template(self) -> None:
        self.post_message(self.TemplateWanted(self))

    def to_end(self) -> None:
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)

    def _reflect(self) -> None:
        """The counter and the warnings follow the text: at once from ``CommentText.edit``,
        and from ``Changed`` for what does not go through it (undo, the text replaced)."""
        text = self.text
        if text == self._reflected:
            return
        self._reflected = text
        self._refresh_counter(len(text))
        self._refresh_warnings(text)

    def _refresh_counter(self, length: int) -> None:
        shown = f"{length}/{self.limit}"
        if shown == self._counter_shown:
            return
        self._counter_shown = shown
        counter = self.query_one(".counter", Static)
        # One line whatever the count: repainting it is enough, no layout of the form.
        counter.update(shown, layout=False)
        counter.set_class(length >= self.limit, "-full")

    def _refresh_warnings(self, text: str) -> None:
        # Most keys change no warning: the form is laid out again only when one does.
        shown = "\n".join(w.message for w in comment_warnings(text))
        if shown != self._warnings_shown:
            self._warnings_shown = shown
            self.query_one(".warnings", Static).update(shown)

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        area = event.text_area
        if len(area.text) > self.limit:
            # Only a text replaced whole (``load_text``) can get here: it does not go through
            # ``CommentText.edit``. Its end is not kept, and that is said.
            area.text = area.text[: self.limit]
            area.move_cursor(area.document.end)
            self.notify(f"Commentaire limité à {self.limit} caractères.", severity="warning")
            return
        self._reflect()
        self.post_message(self.Edited(self))

    def action_external_editor(self) -> None:
        from ep_tui.external_editor import edit_text, editor_command

        command, chosen = editor_command()
        if command is None:
            self.notify("Aucun éditeur trouvé : indiquez le vôtre dans la variable "
                        "d'environnement EDITOR (par exemple EDITOR=nano).",
                        severity="warning")  # fmt: skip
            return
        if not chosen:
            self.notify(f"Éditeur : {command[0]} (EDITOR n'est pas défini ; "
                        "EDITOR=… pour en choisir un autre).")  # fmt: skip
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
