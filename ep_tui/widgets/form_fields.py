"""The form's fields, built from the catalogue: one block per field (label, control, hint,
message), one control per kind. Every control has a ``value`` (str, list or bool) and posts
:class:`FieldBlock.Changed` up when the technician changes it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, RadioSet, Select, Static, Switch

from ep_contract.domain import fields as rules
from ep_contract.domain.catalogue import FormField
from ep_tui.textual_compat.ordered_keys import TextInput
from ep_tui.textual_compat.select import FrenchSelect
from ep_tui.widgets.comment_area import CommentArea
from ep_tui.widgets.date_input import DateInput
from ep_tui.widgets.formatted_input import FormattedInput
from ep_tui.widgets.toggles import ChoiceButton, TickList, YesNoSwitch

ControlType = TypeVar("ControlType", bound=Widget)


class FieldBlock(Vertical):
    DEFAULT_CSS = """
    FieldBlock { height: auto; margin-bottom: 1; }
    FieldBlock .field-label { width: 100%; }
    FieldBlock .field-hint { color: $text-muted; width: 100%; }
    FieldBlock .field-error { color: $error; text-style: bold; display: none; }
    FieldBlock .field-notice { color: $warning; }
    FieldBlock.-invalid .field-error { display: block; }
    FieldBlock.-invalid Input { background: $error 20%; }
    FieldBlock Input { width: 1fr; max-width: 60; }
    FieldBlock RadioSet { height: auto; layout: horizontal; border: none; padding: 0; }
    FieldBlock RadioSet RadioButton { width: auto; margin-right: 3; }
    FieldBlock RadioSet.many { layout: grid; grid-size: 2; grid-rows: 1; }
    FieldBlock .statement { width: 100%; }
    FieldBlock .consent-row { height: auto; }
    """

    @dataclass
    class Changed(Message):
        block: FieldBlock

    def __init__(self, field: FormField, value: Any = None) -> None:
        super().__init__(id=f"field-{field.name}", classes="field-block")
        self.field = field
        self._initial = value
        self.touched = False
        self.edited = False
        """Changed by the technician: a message may then appear as soon as it is left."""
        self._control_widget: Widget | None = None
        self._error: Static | None = None  # mounted at the first error (a form opens faster)
        self._notice: Static | None = None

    # --- building --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        field = self.field
        star = " *" if field.required else ""  # « Motif de la demande * », as the portal
        yield Static(
            Text.assemble((field.label, "bold"), star), classes="field-label", markup=False
        )
        yield from self._control()
        if field.hint and field.kind not in {"textarea"}:
            yield Static(field.hint, classes="field-hint", markup=False)

    def _control(self) -> ComposeResult:
        field, value = self.field, self._initial
        control_id = f"control-{field.name}"
        match field.kind:
            case "select":
                yield self._keep(
                    FrenchSelect(
                        [(choice, choice) for choice in field.choices],
                        prompt=field.placeholder or "Sélectionner",
                        value=value if value in field.choices else Select.NULL,
                        id=control_id,
                        compact=True,
                    )
                )
            case "radio":
                # More than two answers (the MAS durations) in two columns: on one line, the
                # last was cut at 80 columns.
                many = "many" if len(field.choices) > 2 else ""
                with self._keep(RadioSet(id=control_id, compact=True, classes=many)):
                    for choice in field.choices:
                        yield ChoiceButton(choice, value=choice == value, compact=True)
            case "multi":
                yield self._keep(TickList(field.choices, list(value or []), id=control_id))
            case "consent":
                with Vertical(classes="consent-row"):
                    yield Static(field.statement or "", classes="statement", markup=False)
                    yield self._keep(YesNoSwitch(bool(value), id=control_id))
            case "textarea":
                yield self._keep(
                    CommentArea(
                        str(value or ""), id=control_id, limit=field.max_length or rules.COMMENT_MAX
                    )
                )
            case "text" if field.text_format == "date":
                yield self._keep(
                    DateInput(
                        str(value or ""),
                        title=field.label,
                        id=control_id,
                        placeholder=field.placeholder or "",
                        compact=True,
                    )
                )
            case _:  # text
                options: dict[str, Any] = {
                    "id": control_id,
                    "placeholder": field.placeholder or _blank_placeholder(field),
                    "max_length": field.max_length or 0,
                    "compact": True,
                }
                formatter = rules.FORMATTERS.get(field.text_format or "")
                if formatter is None:
                    yield self._keep(TextInput(str(value or ""), **options))
                else:
                    yield self._keep(
                        FormattedInput(str(value or ""), formatter=formatter, **options)
                    )

    # --- value -----------------------------------------------------------------------------

    def _keep(self, control: ControlType) -> ControlType:
        """The widget that holds the value, kept as it is built (no query at every key)."""
        self._control_widget = control
        return control

    @property
    def control(self) -> Widget:
        assert self._control_widget is not None, "composed before it is read"
        return self._control_widget

    @property
    def value(self) -> Any:
        control = self.control
        if isinstance(control, Select):
            return "" if control.value is Select.NULL else str(control.value)
        if isinstance(control, RadioSet):
            pressed = control.pressed_button
            return str(pressed.label) if pressed is not None else ""
        if isinstance(control, TickList):
            return control.selected  # the catalogue's order, whatever the order ticked in
        if isinstance(control, Switch):
            return control.value
        if isinstance(control, CommentArea):
            return control.text
        assert isinstance(control, Input)
        return control.value

    def set_error(self, message: str | None) -> None:
        if self._error is None:
            if not message:
                return
            self._error = Static("", classes="field-error", markup=False)
            self.mount(self._error)
        self._error.update(Content(message or ""))  # the server's words, never markup
        self.set_class(bool(message), "-invalid")

    def focus_control(self) -> None:
        self.scroll_visible(animate=False)
        self.control.focus()

    # --- reactions -------------------------------------------------------------------------

    def _changed(self) -> None:
        self.post_message(self.Changed(self))

    @on(Select.Changed)
    @on(RadioSet.Changed)
    @on(TickList.Changed)
    @on(Switch.Changed)
    @on(CommentArea.Edited)
    def _choice_changed(self, event: Message) -> None:
        event.stop()
        self.touched = True
        self.edited = True
        self._changed()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        # Already formatted (NOM in capitals, phone and date grouped): see FormattedInput.
        event.stop()
        self.edited = True
        self._say(None)
        self._changed()

    @on(TextInput.Refused)
    def _refused(self, event: TextInput.Refused) -> None:
        """Typed or pasted beyond the field's length: say it, rather than drop it unseen."""
        event.stop()
        limit = self.field.max_length
        if self.field.text_format == "telephone":
            self._say("Le numéro a déjà ses 10 chiffres : la suite n'a pas été saisie.")
        elif self.field.text_format == "date":
            self._say("La date est complète (jj/mm/aaaa) : la suite n'a pas été saisie.")
        elif limit:
            self._say(f"{limit} caractères au maximum : la suite n'a pas été saisie.")

    def _say(self, notice: str | None) -> None:
        if self._notice is None:
            if not notice:
                return
            self._notice = Static("", classes="field-notice", markup=False)
            self.mount(self._notice, after=self.control)
        self._notice.update(notice or "")
        self._notice.display = bool(notice)

    @on(Input.Blurred)
    def _left(self, event: Input.Blurred) -> None:
        """A message under the field as soon as it is left."""
        event.stop()
        self.touched = True
        self.post_message(self.Left(self))

    @dataclass
    class Left(Message):
        block: FieldBlock


def _blank_placeholder(field: FormField) -> str:
    """What an empty text box shows when the catalogue gives nothing: without colour (over
    SSH, NO_COLOR) an empty box is blank, and « Nom * » read as a label with no field."""
    return f"{field.max_length} caractères maximum" if field.max_length else "Saisir…"
