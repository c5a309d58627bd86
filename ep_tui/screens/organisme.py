"""« Sélectionner l'organisme sur lequel vous souhaitez vous connecter. » (manual §II).

One dialog for the first choice after sign-in and for « changer d'organisme » from the
banner. After « Valider » it shows the convention state's exact message and its actions;
when the technician may go on, it loads the organisme's catalogue and news and answers with
a ready :class:`Workspace`, so that the home page appears complete at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ep_contract.domain.convention import ConventionState
from ep_contract.wire import Organisme
from ep_tui.api_client import errors
from ep_tui.screens.base import SafetyNet
from ep_tui.screens.dialog import Dialog
from ep_tui.services import Services
from ep_tui.session import Workspace, load_workspace

PROMPT = "Sélectionner l'organisme sur lequel vous souhaitez vous connecter."
# The manual's « NB » under the list (§II), where the asterisk is explained.
FLAGGED_LEGEND = (
    "NB : sont signalés en rouge + un astérisque les organismes relevant d'une situation "
    "particulière."
)


def organisme_label(organisme: Organisme, *, under_cursor: bool = False) -> Content:
    """Organismes in a particular situation: in red (the theme's), bold, with an asterisk —
    readable without the colour too. Under the cursor, in the cursor's own colours: red on
    the cursor's blue read at 1.5:1, and without colour (reversed) at 1.3:1."""
    if organisme.convention.flagged:
        return Content.assemble((organisme.label, "bold" if under_cursor else "bold $error"))
    return Content(organisme.label)


class OrganismeDialog(SafetyNet, Dialog[None]):
    """Posts :class:`Chosen` with a ready workspace, or :class:`SignOutWanted`; closes with
    nothing on « Annuler ». The app acts on the messages while the dialog is still on top,
    so that it goes from the dialog to the new home page in one step — closing the dialog
    first drew the screen below it for nothing (8 KB at 80×24, bench/RESULTS.md)."""

    @dataclass
    class Chosen(Message):
        workspace: Workspace

    class SignOutWanted(Message):
        pass

    CSS_PATH = "organisme.tcss"
    BINDINGS = [
        # Entrée on a line of the list validates it too; this key shows in the bar (the list's
        # own keys are not shown there), and is VALIDER's everywhere else.
        Binding("ctrl+s", "validate_shown", "Valider", id="organisme.validate", priority=True,
                tooltip="Valider l'organisme choisi"),
        Binding("escape", "cancel", "Annuler", id="organisme.cancel",
                tooltip="Revenir sans changer d'organisme"),
    ]  # fmt: skip

    def __init__(
        self,
        services: Services,
        username: str,
        organismes: list[Organisme],
        *,
        current: str | None = None,
        can_cancel: bool = False,
    ) -> None:
        super().__init__()
        self.services = services
        self.username = username
        self.organismes = organismes
        self.can_cancel = can_cancel
        remembered = current or services.state.last_organisme(
            services.settings.server_url, username
        )
        self.preselected = next((i for i, o in enumerate(organismes) if o.code == remembered), None)
        self._lit: int | None = None

    def compose_dialog(self) -> ComposeResult:
        yield Static(PROMPT, id="prompt", markup=False)
        options = [Option(organisme_label(o), id=o.code) for o in self.organismes]
        yield OptionList(*options, id="organismes")
        if any(o.convention.flagged for o in self.organismes):
            yield Static(FLAGGED_LEGEND, id="legend", classes="hint", markup=False)
        yield Static("", id="message", markup=False)
        with Horizontal(id="actions"):
            yield Button("Valider", id="validate", variant="primary", compact=True)
            yield Button(
                "Continuer", id="continue", variant="primary", classes="hidden", compact=True
            )
            yield Button("Choisir un autre organisme", id="other", classes="hidden", compact=True)
            yield Button("Se déconnecter", id="sign-out", classes="hidden", compact=True)
            if self.can_cancel:
                yield Button("Annuler", id="cancel", compact=True)

    def on_mount(self) -> None:
        options = self.query_one("#organismes", OptionList)
        # The remembered organisme, else the first: a list whose cursor is nowhere showed no
        # row as chosen, and ↓ had to be found before Entrée did anything.
        options.highlighted = self.preselected if self.preselected is not None else 0
        if not self.organismes:
            self._show(
                "Votre structure n'a de convention active avec aucun organisme.",
                buttons={"sign-out"},
            )
        options.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # After sign-in there is nothing to go back to: no « Annuler » then.
        return self.can_cancel if action == "cancel" else True

    @property
    def chosen(self) -> Organisme | None:
        index = self.query_one("#organismes", OptionList).highlighted
        return self.organismes[index] if index is not None else None

    @on(OptionList.OptionHighlighted)
    def _choice_changed(self) -> None:
        self._light(self.query_one("#organismes", OptionList).highlighted)
        self._show("", buttons={"validate"})

    def _light(self, index: int | None) -> None:
        """The row under the cursor drawn in the cursor's colours, the one it left in its own."""
        options = self.query_one("#organismes", OptionList)
        for row, under_cursor in ((self._lit, False), (index, True)):
            if row is not None and self.organismes[row].convention.flagged:
                label = organisme_label(self.organismes[row], under_cursor=under_cursor)
                options.replace_option_prompt_at_index(row, label)
        self._lit = index

    @on(OptionList.OptionSelected)
    @on(Button.Pressed, "#validate")
    def validate(self) -> None:
        organisme = self.chosen
        if organisme is None:
            self._show("Sélectionnez un organisme.", buttons={"validate"}, error=True)
            return
        state = organisme.convention.state
        if state == ConventionState.FUTURE:
            self._show(
                organisme.convention.message or "", buttons={"other", "sign-out"}, error=True
            )
            self.query_one("#other", Button).focus()
        elif state == ConventionState.ACTIVE:
            self._load(organisme)
        else:
            self._show(
                organisme.convention.message or "",
                buttons={"continue"},
                error=state != ConventionState.ENDING,
            )
            self.query_one("#continue", Button).focus()

    def _show(self, message: str, *, buttons: set[str], error: bool = False) -> None:
        line = self.query_one("#message", Static)
        line.update(message)
        line.set_class(error, "error")
        line.set_class(not error and bool(message), "warning")
        for button in self.query("#actions Button"):
            if button.id != "cancel":
                button.set_class(button.id not in buttons, "hidden")

    def action_validate_shown(self) -> None:
        """« Continuer » when the convention's message asks for it, else « Valider »."""
        if not self.query_one("#continue").has_class("hidden"):
            self._continue()
        elif not self.query_one("#validate").has_class("hidden"):
            self.validate()

    @on(Button.Pressed, "#continue")
    def _continue(self) -> None:
        if (organisme := self.chosen) is not None:
            self._load(organisme)

    @on(Button.Pressed, "#other")
    def _other(self) -> None:
        self._show("", buttons={"validate"})
        self.query_one("#organismes", OptionList).focus()

    @on(Button.Pressed, "#sign-out")
    def _sign_out(self) -> None:
        self.post_message(self.SignOutWanted())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self.can_cancel:
            self.dismiss(None)

    @work(exclusive=True, group="organisme", exit_on_error=False)
    async def _load(self, organisme: Organisme) -> None:
        # Said only if it takes a while: most of the time the home page comes first, and the
        # dialog is not redrawn for a message nobody would read.
        opening = self.set_timer(
            0.3, lambda: self._show(f"Ouverture de {organisme.name}…", buttons=set())
        )
        try:
            workspace = await load_workspace(self.services.client, organisme)
        except errors.ApiError as error:
            self._show(error.message, buttons={"validate"}, error=True)
            return
        finally:
            opening.stop()
        self.services.state.remember_organisme(
            self.services.settings.server_url, self.username, organisme.code
        )
        self.post_message(self.Chosen(workspace))
