"""The command palette in French, with its own key bar.

Textual's palette speaks English — « Search for commands… », « No matches found », its key
descriptions — and has no key bar, so the bar of the screen below stayed on show. The
placeholder and the key descriptions are public (a constructor argument, ``BINDINGS``);
« No matches found » is written inside a private method, copied here with the French text.

Upstream: Textual has no way to give its own strings in another language; no issue asks for
it yet (searched 2026-12-01) — one is to be opened, asking for the « no matches » text to be
a class attribute like the placeholder. Remove the override of ``_start_no_matches_countdown``
then; tests/test_textual_compat.py fails if the private names used here change.
"""

from __future__ import annotations

from typing import ClassVar

from rich.align import Align
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from ep_tui.textual_compat.footer import KeyFooter

PLACEHOLDER = "Rechercher une commande… (« hist », « nouvelle »…)"
NO_MATCH = "Aucune commande ne correspond."


class FrenchCommandPalette(CommandPalette):
    NO_MATCHES_DELAY: ClassVar[float] = 0.5
    """Seconds of typing without a match before it is said (Textual's own delay; 0: at once)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+end, shift+end", "command_list('last')", "Dernière commande", show=False),
        Binding(
            "ctrl+home, shift+home", "command_list('first')", "Première commande", show=False
        ),  # fmt: skip
        Binding("down", "cursor_down", "Commande suivante", show=False),
        Binding("escape", "escape", "Fermer la palette"),
        Binding("pagedown", "command_list('page_down')", "Page suivante", show=False),
        Binding("pageup", "command_list('page_up')", "Page précédente", show=False),
        Binding("up", "command_list('cursor_up')", "Commande précédente", show=False),
    ]

    def __init__(self, *args: object, placeholder: str = PLACEHOLDER, **kwargs: object) -> None:
        super().__init__(*args, placeholder=placeholder, **kwargs)  # type: ignore[arg-type]

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield KeyFooter()

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's method, with the message in French and the delay a class setting.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(NO_MATCH, style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )  # fmt: skip
                )
                self._list_visible = True
            else:
                self._list_visible = False

        if self.NO_MATCHES_DELAY > 0:
            self._no_matches_timer = self.set_timer(self.NO_MATCHES_DELAY, show_no_matches)
        else:
            show_no_matches()
