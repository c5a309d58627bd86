"""« Modèles de commentaire »: the structure's shared texts, kept by the server.

- ``TemplatesScreen`` (the palette): the list, « n » for a new one, Entrée to change one,
  Suppr to delete one.
- ``TemplateEditor``: a title and a body, checked as they are typed (the comment's rules and
  counter) and again by the server; its warnings (health data, a NIR whose key is wrong) are
  asked about when it is saved, as a comment's are when it is sent.
- ``TemplatePicker`` (F9 in any comment): type to narrow, Entrée inserts the text at the
  cursor — where the comment's warnings run again on the result.

Nothing typed in the editor is lost to a refusal or a network failure: the dialog stays, with
the text and the reason; a retry after a lost answer creates the template once (one
Idempotency-Key per editor).
"""

from __future__ import annotations

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ep_contract.domain.comment_checks import CommentWarning
from ep_contract.domain.comment_templates import TITLE_MAX, template_errors
from ep_contract.domain.fields import COMMENT_MAX
from ep_contract.domain.text import without_accents
from ep_contract.wire import CommentTemplate, TemplateIn
from ep_tui.api_client import errors
from ep_tui.api_client.idempotency import new_idempotency_key
from ep_tui.screens.confirmation import CommentCheck, CommentWarningDialog
from ep_tui.screens.dialog import Dialog
from ep_tui.screens.workspace_screen import ScreenContext, WorkspaceScreen
from ep_tui.services import Services
from ep_tui.textual_compat.footer import KeyFooter
from ep_tui.textual_compat.ordered_keys import TextInput
from ep_tui.widgets.banner import Banner
from ep_tui.widgets.comment_area import CommentArea

TITLE = "Modèles de commentaire"
NONE_YET = (
    "Aucun modèle pour votre structure. « n » en crée un : un texte que vous et vos collègues "
    "insérez ensuite dans n'importe quel commentaire avec F9."
)


def _searchable(text: str) -> str:
    """For matching what is typed: no accents, no case (« reponse » finds « Réponse »)."""
    return without_accents(text).casefold()


def _option(template: CommentTemplate, width: int) -> Option:
    """The title, and the text's beginning on a second line, both cut to the width."""
    lines = Text(no_wrap=True, overflow="ellipsis")
    lines.append(_one_line(template.title, width), style="bold")
    lines.append("\n")
    lines.append(_one_line(" ".join(template.body.split()), width), style="dim")
    return Option(lines, id=str(template.id))


def _one_line(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 1)] + "…"


class TemplateWarningDialog(CommentWarningDialog):
    """Saving a template that carries a comment warning: asked as for a comment."""

    BINDINGS = [
        Binding("escape", "back", "Revenir au modèle", id="template_warning.back",
                tooltip="Corriger le modèle avant de l'enregistrer"),
    ]  # fmt: skip

    def __init__(self, warnings: list[CommentWarning]) -> None:
        super().__init__(warnings, subject="Le modèle", anyway="Enregistrer quand même")


class TemplateEditor(Dialog[CommentTemplate | None]):
    """Create (``template`` None) or change a template. Answers the template as saved."""

    DEFAULT_CSS = """
    TemplateEditor #dialog { width: 78; }
    TemplateEditor CommentArea TextArea { height: 7; }
    TemplateEditor .field-label { margin-top: 1; }
    TemplateEditor .error { height: auto; display: none; }
    TemplateEditor .error.-shown { display: block; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Enregistrer", id="template_editor.save", priority=True),
        Binding("escape", "close", "Annuler", id="template_editor.close"),
    ]

    title_input = getters.query_one("#template-title", Input)
    body_area = getters.query_one("#template-body", CommentArea)

    def __init__(self, services: Services, template: CommentTemplate | None = None) -> None:
        super().__init__()
        self.services = services
        self.template = template
        self.idempotency_key = new_idempotency_key()
        self.check = CommentCheck(TemplateWarningDialog)
        self.saving = False

    def compose_dialog(self) -> ComposeResult:
        heading = "Nouveau modèle" if self.template is None else "Modifier le modèle"
        yield Static(heading, classes="dialog-title", markup=False)
        yield Static("Titre *", classes="field-label", markup=False)
        yield TextInput(self.template.title if self.template else "", id="template-title",
                        max_length=TITLE_MAX, placeholder="Ce que la liste des modèles montre",
                        compact=True)  # fmt: skip
        yield Static("", id="title-error", classes="error", markup=False)
        yield Static("Texte *", classes="field-label", markup=False)
        yield CommentArea(self.template.body if self.template else "", limit=COMMENT_MAX,
                          id="template-body", templates=False)  # fmt: skip
        yield Static("", id="body-error", classes="error", markup=False)
        yield Static("", id="save-error", classes="error", markup=False)
        with Horizontal(classes="buttons"):
            yield Button("Enregistrer", id="save", variant="primary", compact=True)
            yield Button("Annuler", id="close", compact=True)

    def on_mount(self) -> None:
        self.title_input.focus()

    def _say(self, where: str, message: str) -> None:
        """A message under a field, or nothing: an empty line would push the buttons down."""
        line = self.query_one(f"#{where}-error", Static)
        line.update(message)
        line.set_class(bool(message), "-shown")

    def _show_errors(self, found: dict[str, str]) -> None:
        for name in ("title", "body"):
            self._say(name, found.get(name, ""))
        first = next((name for name in ("title", "body") if name in found), None)
        if first == "title":
            self.title_input.focus()
        elif first == "body":
            self.body_area.focus()

    @on(Input.Changed, "#template-title")
    @on(CommentArea.Edited)
    def _checked_as_typed(self) -> None:
        """A message already shown follows the text (it goes once the field is right); none
        is shown before a first save, not to scold a title being typed."""
        shown = {name for name in ("title", "body")
                 if self.query_one(f"#{name}-error").has_class("-shown")}  # fmt: skip
        if shown:
            found = template_errors(self.title_input.value, self.body_area.text)
            for name in shown:
                self._say(name, found.get(name, ""))

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if not self.saving:
            self._save()

    @work(exclusive=True, group="template-save", exit_on_error=False)
    async def _save(self) -> None:
        title, body = self.title_input.value, self.body_area.text
        found = template_errors(title, body)
        self._show_errors(found)
        if found or not await self.check.cleared(self.app, body):
            return
        self.saving = True
        self._say("save", "Enregistrement…")
        client = self.services.client
        written = TemplateIn(title=title, body=body)
        try:
            if self.template is None:
                key = self.idempotency_key
                saved = await client.create_template(written, idempotency_key=key)
            else:
                saved = await client.update_template(self.template.id, written)
        except errors.FieldErrors as error:
            self._say("save", "")
            self._show_errors(error.fields)
            return
        except errors.ApiError as error:
            self._say("save", f"{error.message} Le texte est toujours là : Enregistrer pour "
                      "réessayer.")  # fmt: skip
            return
        finally:
            self.saving = False
        self.dismiss(saved)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)


class DeleteTemplate(Dialog[bool]):
    BINDINGS = [Binding("escape", "keep", "Garder", id="delete_template.keep")]

    def __init__(self, template: CommentTemplate) -> None:
        super().__init__()
        self.template = template

    def compose_dialog(self) -> ComposeResult:
        yield Static("Supprimer le modèle ?", classes="dialog-title", markup=False)
        yield Static(f"« {self.template.title} » ne sera plus proposé à personne de votre "
                     "structure. Les commentaires où il a été inséré ne changent pas.",
                     markup=False)  # fmt: skip
        with Horizontal(classes="buttons"):
            yield Button("Garder", id="keep", variant="primary", compact=True)
            yield Button("Supprimer", id="delete", variant="error", compact=True)

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed, "#delete")
    def _delete(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        self.dismiss(False)


class TemplatesScreen(WorkspaceScreen[None]):
    DEFAULT_CSS = """
    TemplatesScreen #templates-title { text-style: bold; color: $primary; padding: 0 1; }
    TemplatesScreen #templates-status { padding: 0 1; color: $text-muted; }
    TemplatesScreen #templates-status.error { color: $error; text-style: bold; }
    TemplatesScreen #templates { height: 1fr; border: none; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Retour", id="templates.back"),
        Binding("n", "new", "Nouveau modèle", id="templates.new"),
        Binding("enter", "edit", "Modifier", id="templates.edit", show=False),
        Binding("delete", "delete", "Supprimer", id="templates.delete", key_display="suppr"),
        Binding("f5", "reload", "Actualiser", id="templates.reload"),
    ]

    templates_list = getters.query_one("#templates", OptionList)
    status_line = getters.query_one("#templates-status", Static)

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        self.templates: list[CommentTemplate] = []

    def compose(self) -> ComposeResult:
        yield Banner(self.session.me, self.workspace.organisme)
        yield Static(f"{TITLE} — {self.session.me.structure.name}", id="templates-title",
                     markup=False)  # fmt: skip
        yield Static("Chargement…", id="templates-status", markup=False)
        yield OptionList(id="templates")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.templates_list.focus()
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"edit", "delete"}:
            return self._highlighted() is not None
        return True

    def action_reload(self) -> None:
        self.load()

    @work(exclusive=True, group="templates", exit_on_error=False)
    async def load(self, select: int | None = None) -> None:
        try:
            self.templates = await self.services.client.comment_templates()
        except errors.ApiError as error:
            self.status_line.update(error.message)
            self.status_line.set_class(True, "error")
            return
        self._show(select)

    def on_resize(self) -> None:
        self._show()

    def _show(self, select: int | None = None) -> None:
        listing = self.templates_list
        kept = listing.highlighted if select is None else None
        listing.clear_options()
        listing.add_options(_option(t, self.size.width - 6) for t in self.templates)
        self.status_line.set_class(False, "error")
        count = len(self.templates)
        self.status_line.update(
            f"{count} modèle{'s' if count > 1 else ''}. F9 dans un commentaire en insère un."
            if count
            else NONE_YET  # fmt: skip
        )
        listing.display = bool(count)
        if select is not None:
            kept = next((i for i, t in enumerate(self.templates) if t.id == select), None)
        if count:
            listing.highlighted = min(kept or 0, count - 1)
        self.refresh_bindings()

    def _highlighted(self) -> CommentTemplate | None:
        index = self.templates_list.highlighted
        if index is None or not self.templates_list.display or index >= len(self.templates):
            return None
        return self.templates[index]

    def action_new(self) -> None:
        self.app.push_screen(TemplateEditor(self.services), self._saved)

    @on(OptionList.OptionSelected, "#templates")
    def action_edit(self) -> None:
        if (template := self._highlighted()) is not None:
            self.app.push_screen(TemplateEditor(self.services, template), self._saved)

    def _saved(self, template: CommentTemplate | None) -> None:
        if template is not None:
            self.notify(f"Modèle « {template.title} » enregistré.")
            self.load(select=template.id)

    def action_delete(self) -> None:
        template = self._highlighted()
        if template is None:
            return

        def answered(delete: bool | None) -> None:
            if delete:
                self._delete(template)

        self.app.push_screen(DeleteTemplate(template), answered)

    @work(exclusive=True, group="template-delete", exit_on_error=False)
    async def _delete(self, template: CommentTemplate) -> None:
        try:
            await self.services.client.delete_template(template.id)
        except errors.NotFound:
            pass  # a colleague deleted it meanwhile: the reload shows the list as it is
        except errors.ApiError as error:
            self.notify(error.message, title="Suppression impossible", severity="error")
            return
        self.notify(f"Modèle « {template.title} » supprimé.")
        self.load()


class TemplatePicker(Dialog[str | None]):
    """F9 in a comment: the structure's templates, narrowed as one types; answers the text
    to insert."""

    DEFAULT_CSS = """
    TemplatePicker #dialog { width: 78; }
    TemplatePicker #picker-list { height: auto; max-height: 12; border: none; }
    """
    BINDINGS = [
        Binding("escape", "close", "Fermer", id="template_picker.close"),
        Binding("ctrl+n", "new", "Nouveau modèle", id="template_picker.new"),
        Binding("down", "to_list", show=False),
    ]

    filter_input = getters.query_one("#picker-filter", Input)
    options = getters.query_one("#picker-list", OptionList)

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.templates: list[CommentTemplate] = []
        self.shown: list[CommentTemplate] = []

    def compose_dialog(self) -> ComposeResult:
        yield Static("Insérer un modèle de commentaire", classes="dialog-title", markup=False)
        yield TextInput(placeholder="Tapez pour chercher dans les titres et les textes",
                        id="picker-filter", compact=True)  # fmt: skip
        yield Static("Chargement…", id="picker-status", classes="hint", markup=False)
        yield OptionList(id="picker-list")
        yield Static("Entrée insère le modèle au curseur. Créer, modifier, supprimer : "
                     "palette (Ctrl+P) → « Modèles de commentaire ».", classes="hint",
                     markup=False)  # fmt: skip
        with Horizontal(classes="buttons"):
            yield Button("Insérer", id="insert", variant="primary", compact=True)
            yield Button("Nouveau modèle", id="new", compact=True)
            yield Button("Fermer", id="close", compact=True)

    def on_mount(self) -> None:
        self.filter_input.focus()
        self.load()

    @work(exclusive=True, group="picker", exit_on_error=False)
    async def load(self) -> None:
        status = self.query_one("#picker-status", Static)
        try:
            self.templates = await self.services.client.comment_templates()
        except errors.ApiError as error:
            status.update(error.message)
            status.set_class(True, "error")
            return
        self._narrow()

    @on(Input.Changed, "#picker-filter")
    def _narrow(self) -> None:
        wanted = _searchable(self.filter_input.value).split()
        self.shown = [t for t in self.templates
                      if all(w in _searchable(f"{t.title} {t.body}") for w in wanted)]  # fmt: skip
        self.options.clear_options()
        self.options.add_options(_option(t, 70) for t in self.shown)
        self.options.display = bool(self.shown)
        if self.shown:
            self.options.highlighted = 0
        status = self.query_one("#picker-status", Static)
        status.set_class(False, "error")
        if not self.templates:
            status.update("Aucun modèle pour votre structure : « Nouveau modèle » en crée un.")
        elif not self.shown:
            status.update("Aucun modèle ne contient ce que vous avez tapé.")
        else:
            status.update(f"{len(self.shown)} sur {len(self.templates)}.")

    def action_to_list(self) -> None:
        if self.shown:
            self.options.focus()

    @on(Input.Submitted, "#picker-filter")
    @on(OptionList.OptionSelected, "#picker-list")
    @on(Button.Pressed, "#insert")
    def _insert(self) -> None:
        index = self.options.highlighted
        if self.shown and index is not None and index < len(self.shown):
            self.dismiss(self.shown[index].body)

    @on(Button.Pressed, "#new")
    def action_new(self) -> None:
        def saved(template: CommentTemplate | None) -> None:
            if template is not None:
                self.dismiss(template.body)  # written to be used: inserted at once

        self.app.push_screen(TemplateEditor(self.services), saved)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
