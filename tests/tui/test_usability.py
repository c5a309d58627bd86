"""Usability checked as behaviour, on what the terminal shows (tests/tui/rendering.py): the
focus is visible on every focusable widget of every screen, in the default theme, the
high-contrast one and with NO_COLOR; no text is drawn in its own background; nothing of
Textual's English is left on screen; letters typed in a field never act on a list.

Snapshots prove a screen is stable; these prove a person can use it."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
import textual.command
import textual.widgets
from textual.app import App
from textual.binding import Binding
from textual.geometry import Region
from textual.widget import Widget

from mock_server.clock import PARIS, Clock
from tests.tui.harness import build_app
from tests.tui.rendering import Screen, screen_cells, screen_text, text_lines, widget_cells
from tests.tui.tour import TOUR

STOPS = list(TOUR)
THEMES = ["ep", "ep-contraste", "nocolor"]


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG's contrast ratio between two colours (1 to 21)."""

    def luminance(rgb: tuple[int, int, int]) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(v) for v in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


FOCUS_CONTRAST = 3.0
"""WCAG 2.2 (focus appearance): the focus indicator contrasts 3:1 with its unfocused state."""
TEXT_CONTRAST = 2.0
"""Below this, a letter is lost in its background (a grey on a close grey: what NO_COLOR's
monochrome made of the starred organismes)."""


def visibly_different(focused: Screen, blurred: Screen) -> bool:
    """Whether a person sees the difference: a character, an underline, bold or italic on a
    letter, or a colour change of 3:1 — not a 5 % tint."""
    for row_a, row_b in zip(focused, blurred, strict=False):
        for a, b in zip(row_a, row_b, strict=False):
            if a.char != b.char and (a.char.strip() or b.char.strip()):
                return True
            if bool(a.style.underline) != bool(b.style.underline):
                return True
            letter = a.char.strip() and b.char.strip()
            if letter and (bool(a.style.bold), bool(a.style.italic)) != (
                bool(b.style.bold),
                bool(b.style.italic),
            ):
                return True
            if contrast(a.background, b.background) >= FOCUS_CONTRAST:
                return True
            if letter and contrast(a.foreground, b.foreground) >= FOCUS_CONTRAST:
                return True
    return False


def in_banner(widget: Widget) -> bool:
    return any(type(node).__name__ in {"Banner", "TopBar"} for node in widget.ancestors_with_self)


def themed_app(tmp_path: Path, clock: Clock, theme: str, monkeypatch: pytest.MonkeyPatch) -> App:
    if theme == "nocolor":
        monkeypatch.setenv("NO_COLOR", "1")
        return build_app(tmp_path, clock)
    return build_app(tmp_path, clock, theme=theme)


def describe(widget: Widget) -> str:
    return f"{type(widget).__name__}#{widget.id or '?'}"


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("stop", STOPS)
async def test_focus_is_visible_on_every_focusable_widget(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch, stop: str, theme: str
) -> None:
    """Tab through the screen: each widget that takes the focus looks different focused and
    not, and the banner's links are never in the cycle (they have F2, F4, F6)."""
    app = themed_app(tmp_path, clock, theme, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await TOUR[stop](pilot)
        screen = app.screen
        start = screen.focused
        seen: list[Widget] = []
        invisible: list[str] = []
        for _ in range(60):
            widget = screen.focused
            if widget is None or widget in seen:
                break
            seen.append(widget)
            assert not in_banner(widget), f"{describe(widget)} of the banner is in Tab's cycle"
            await pilot.pause()
            focused = widget_cells(app, widget)
            screen.set_focus(None)
            await pilot.pause()
            blurred = widget_cells(app, widget)
            # A drop-down's list is there only while it has the focus: that is its focus.
            shown_only_focused = not any(blurred)
            if not shown_only_focused and not visibly_different(focused, blurred):
                invisible.append(describe(widget))
            screen.set_focus(widget)
            await pilot.press("tab")
            await pilot.pause()
        assert seen or start is None, "nothing takes the focus"
        assert not invisible, f"focus not visible on {invisible}"


def unreadable(cells: Screen, regions: list) -> list[tuple[int, int, str]]:
    """Letters and digits in ``regions`` whose colour is too close to their background's."""
    found = []
    for y, row in enumerate(cells):
        for x, cell in enumerate(row):
            if not any(region.contains(x, y) for region in regions):
                continue
            if cell.char.isalnum() and contrast(cell.foreground, cell.background) < TEXT_CONTRAST:
                found.append((x, y, cell.char))
    return found


def read_regions(app: App) -> list:
    """Where the technician reads: the whole screen, or a dialog's own parts — the screen
    below a dialog is faded on purpose."""
    from textual.screen import ModalScreen

    if isinstance(app.screen, ModalScreen):
        return [child.region for child in app.screen.children if child.display]
    return [app.screen.region]


@pytest.mark.parametrize("stop", STOPS)
async def test_no_text_drawn_in_its_own_background_without_colour(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch, stop: str
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await TOUR[stop](pilot)
        cells = screen_cells(app)
        lost = unreadable(cells, read_regions(app))
        lines = text_lines(cells)
        assert not lost, [f"{lines[y].strip()!r} at ({x},{y}): {c}" for x, y, c in lost[:5]]


def textual_english() -> set[str]:
    """Every label Textual itself may put on screen: its widgets' and the palette's key
    descriptions, its placeholders, its system commands and messages."""
    found: set[str] = set()
    for module in (textual.widgets, textual.command):
        for name in dir(module):
            cls = getattr(module, name)
            if inspect.isclass(cls):
                for binding in getattr(cls, "BINDINGS", []):
                    if isinstance(binding, Binding) and binding.description:
                        found.add(binding.description)
    found |= {
        "Search for commands…",
        "No matches found",
        "Theme",
        "Change the current theme",
        "Quit",
        "Quit the application as soon as possible",
        "Keys",
        "Show help for the focused widget and a summary of available keys",
        "Maximize",
        "Minimize",
        "Screenshot",
        "Save an SVG 'screenshot' of the current screen",
        "Dismiss menu",
        "Select",
    }
    return found


ENGLISH = sorted(textual_english(), key=len, reverse=True)


@pytest.mark.parametrize("stop", [*STOPS, "palette-sans-resultat"])
async def test_nothing_of_textuals_english_on_screen(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch, stop: str
) -> None:
    from ep_tui.textual_compat.palette import FrenchCommandPalette

    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        if stop == "palette-sans-resultat":
            await TOUR["palette"](pilot)
            # Said at once rather than after half a second of the palette's own timer.
            monkeypatch.setattr(FrenchCommandPalette, "NO_MATCHES_DELAY", 0)
            await pilot.press(*"zzzz")
            for _ in range(20):
                await pilot.pause()
            assert "Aucune commande ne correspond." in screen_text(app)
        else:
            await TOUR[stop](pilot)
        text = "\n".join(text_lines(screen_cells(app)))
        words = [w for w in ENGLISH if re.search(rf"(?<![\w']){re.escape(w)}(?![\w'])", text)]
        assert not words, f"English on screen: {words}"


# --- what a person sees first, at 80×24 --------------------------------------------------


FRAME = re.compile("[\u2500-\u259f]")
"""Box-drawing and block characters: a frame's sides, between the lines of what it holds."""


def normalised(text: str) -> str:
    return " ".join(FRAME.sub(" ", text).split())


def region_text(app: App, widget: Widget) -> str:
    """What a widget shows, its lines joined: a label wrapped over two lines reads whole."""
    return normalised(" ".join(text_lines(widget_cells(app, widget))))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_history_shows_number_status_date_and_person_first(
    tmp_path: Path, clock: Clock, size: tuple[int, int]
) -> None:
    from ep_contract.domain.statuses import Status
    from ep_tui.screens.history import HistoryScreen

    app = build_app(tmp_path, clock)
    async with app.run_test(size=size) as pilot:
        await TOUR["historique"](pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        lines = text_lines(screen_cells(app))
        header = next(line for line in lines if "Numéro" in line and "Statut" in line)
        for title in ("Numéro", "Statut", "Date de dépôt", "Personne concernée"):
            assert title in header, (title, header)
        shown = [line for line in lines if any(item.number in line for item in screen.page.items)]
        assert len(shown) >= 8, "fewer than 8 requests on the first screen"
        for line, item in zip(shown, screen.page.items, strict=False):
            assert item.number in line and str(item.status) in line, line
            assert f"{item.filed_at.astimezone(PARIS):%d/%m/%Y}" in line, line
            person = item.person or "—"
            assert person in line or person.rsplit(" ", 1)[0] in line, (person, line)
            assert str(Status(item.status)) in line
        assert any("Par page" in line for line in lines), "« Par page » is off screen"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("organisme", ["331", "621", "911"])
async def test_the_home_page_shows_every_service_on_arrival(
    tmp_path: Path, clock: Clock, size: tuple[int, int], organisme: str
) -> None:
    from ep_tui.widgets.service_card import ServiceCard

    app = build_app(tmp_path, clock)
    async with app.run_test(size=size) as pilot:
        from tests.tui.steps import home

        await home(pilot, organisme)
        cards = list(app.screen.query(ServiceCard))
        assert cards
        for card in cards:
            title = card.service.title
            shown = region_text(app, card.query_one(".title"))
            assert title in shown, f"« {title} » not whole on the first screen: {shown}"
            button = card.query_one("Button")
            assert "Nouvelle demande" in region_text(app, button), title


def catalogue_forms() -> list:
    from mock_server.catalogues import ALL
    from mock_server.seed import ORGANISMES

    organisme_of = {o.catalogue: o.code for o in ORGANISMES if o.code in {"331", "621", "911"}}
    return [
        pytest.param(organisme_of[code], service.code, id=f"{code}-{service.code}")
        for code, catalogue in ALL.items()
        if code in organisme_of
        for service in catalogue.services
    ]


@pytest.mark.parametrize(("organisme", "service_code"), catalogue_forms())
async def test_every_label_of_the_catalogue_is_shown_whole_on_80_columns(
    tmp_path: Path, clock: Clock, organisme: str, service_code: str
) -> None:
    """Every title, description, block, label and choice of each form, MAS blocks shown, reads
    whole in 80 columns — wrapped if it must, never cut. (The terminal is tall so that the
    whole form is on screen at once: the width is what cuts, the height only scrolls.)"""
    from textual.widgets import Select

    from ep_tui.widgets.form_fields import FieldBlock
    from tests.tui.forms import choose, open_form
    from tests.tui.steps import home, settle

    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 400)) as pilot:
        await home(pilot, organisme)
        screen = await open_form(pilot, service_code)
        service = screen.service
        if (motif := service.field("motif")) and "Saisine mission accompagnement santé" in (
            motif.choices
        ):
            await choose(pilot, "motif", "Saisine mission accompagnement santé")
            await choose(pilot, "mas_accompagnement",
                         ["Renoncement ou difficultés d'accès à des soins"])  # fmt: skip
        form_text = region_text(app, screen.query_one("#form"))
        for text in (service.title, service.description, service.warning):
            if text:
                assert normalised(text) in form_text, text
        for field in service.fields:
            if field.section:
                assert normalised(field.section) in form_text, field.section
        for block in screen.query(FieldBlock):
            if not block.display:
                continue
            shown = region_text(app, block)
            assert normalised(block.field.label) in shown, block.field.label
            control = block.control
            if isinstance(control, Select):
                control.focus()
                await pilot.press("enter")
                await settle(pilot)
                overlay = control.query_one("SelectOverlay")
                shown = region_text(app, overlay)
                for _ in range(len(block.field.choices)):  # scrolled through, page by page
                    await pilot.press("pagedown")
                    await settle(pilot)
                    shown += " " + region_text(app, overlay)
                await pilot.press("escape")
            for choice in block.field.choices:
                assert normalised(choice) in shown, f"{block.field.label}: « {choice} » is cut"
            assert "…" not in shown.replace("...", ""), shown


async def test_letters_typed_in_a_filter_never_act_on_the_list(tmp_path: Path, clock: Clock):
    """n, p, o, c, f, > and < act on the history's list only when it has the focus; typed in
    a filter they are text (or nothing), and the page, sort and focus stay as they were."""
    from textual.widgets import Input, Select

    from ep_tui.screens.history import HistoryScreen
    from tests.tui.steps import settle

    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await TOUR["historique"](pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        before = screen.query_state
        for field in [*screen.query("#filters Input"), *screen.query("#filters Select")]:
            field.focus()
            await pilot.press(*"npocf", "greater_than_sign", "less_than_sign")
            await settle(pilot)
            assert app.focused is field, f"{field.id}: the focus moved"
            assert screen.query_state.page == before.page
            assert (screen.query_state.sort, screen.query_state.order) == (
                before.sort,
                before.order,
            ), field.id
            if isinstance(field, Input):
                field.value = ""
            elif isinstance(field, Select):
                field.clear()
            await settle(pilot)
        assert not [n for n in app._notifications if "copié" in str(n.message)]


async def test_letters_on_the_home_page_act_only_on_the_news(tmp_path: Path, clock: Clock):
    from ep_tui.screens.home import HomeScreen
    from ep_tui.screens.news import NewsScreen
    from tests.tui.steps import settle

    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await TOUR["accueil"](pilot)
        for selector in ("ServiceCard Button", "#newsletter"):
            app.screen.query(selector).first().focus()
            await pilot.press("n")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen), selector
        app.screen.query_one("#carousel").focus()
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewsScreen)


async def test_the_arrows_go_from_one_offre_to_the_next(tmp_path: Path, clock: Clock):
    """↓ on the first card moved nothing: the cards are a list, Tab was the only way."""
    from tests.tui.steps import settle

    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await TOUR["accueil"](pilot)
        cards = list(app.screen.query("ServiceCard"))
        cards[0].query_one("Button").focus()
        await pilot.press("down", "down")
        await settle(pilot)
        assert app.focused is cards[2].query_one("Button")
        await pilot.press("up")
        await settle(pilot)
        assert app.focused is cards[1].query_one("Button")
        await pilot.press("enter")
        await settle(pilot)
        assert getattr(app.screen, "service", None) == cards[1].service


DIALOGS = ["organismes", "organisme-termine", "changer-organisme", "identification", "aide",
           "adresse", "palette", "export", "annuler", "cloturer", "quitter-formulaire",
           "reprendre-brouillon", "calendrier", "fichier", "confirmation", "doublon",
           "session-expiree"]  # fmt: skip


@pytest.mark.parametrize("stop", DIALOGS)
async def test_a_dialog_brings_its_own_key_bar(tmp_path: Path, clock: Clock, stop: str) -> None:
    """Over a screen, a dialog's key bar takes the last line: the keys shown are those of
    what has the focus in the dialog, never those of the screen below (« ^s VALIDER » under
    « Quitter le formulaire ? »)."""
    from textual.screen import ModalScreen
    from textual.widgets import Footer

    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await TOUR[stop](pilot)
        screen = app.screen
        assert isinstance(screen, ModalScreen), f"{stop}: {type(screen).__name__} is no dialog"
        footers = [footer for footer in screen.query(Footer) if footer.display]
        assert footers, f"{type(screen).__name__} has no key bar of its own"
        assert footers[0].region.y == 23, f"{type(screen).__name__}'s key bar is not at the bottom"


@pytest.mark.parametrize(("organisme", "service_code"), catalogue_forms())
async def test_every_empty_box_of_a_form_shows_it_is_a_box_without_colour(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch, organisme: str,
    service_code: str,
) -> None:  # fmt: skip
    """With NO_COLOR an empty text box was only a background: « Nom * » then a blank line,
    read as a label with no field (a technician looked for where to type the name)."""
    from textual.widgets import Input

    from tests.tui.forms import open_form
    from tests.tui.steps import home

    monkeypatch.setenv("NO_COLOR", "1")
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 400)) as pilot:
        await home(pilot, organisme)
        screen = await open_form(pilot, service_code)
        blank = [
            str(box.id)
            for box in screen.query(Input)
            if box.display and box.region and not region_text(app, box).strip()
        ]
        assert not blank


@pytest.mark.parametrize("theme", THEMES)
async def test_every_organisme_reads_under_the_cursor(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch, theme: str
) -> None:
    """A starred organisme under the cursor was red on the cursor's blue (1.5:1), and without
    colour a grey on a grey (1.3:1); the cursor now starts on the first row, so it shows."""
    from textual.widgets import OptionList

    from tests.tui.steps import sign_in

    app = themed_app(tmp_path, clock, theme, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        options = app.screen.query_one(OptionList)
        assert options.highlighted == 0
        lost = []
        for _ in range(options.option_count):
            lost += unreadable(screen_cells(app), [options.region])
            await pilot.press("down")
            await pilot.pause()
        assert not lost, lost[:5]


@pytest.mark.parametrize("theme", THEMES)
async def test_an_empty_attachments_list_says_so_readably(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch, theme: str
) -> None:
    """« Aucune pièce jointe enregistrée. » was drawn in Textual's « disabled » grey: 1.2:1
    on the list's background once focused, 2.2:1 without — and « Suppr Supprimer » stood in
    the key bar of the empty list."""
    from tests.tui.forms import open_form
    from tests.tui.steps import home

    app = themed_app(tmp_path, clock, theme, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "etude")
        files = screen.query_one("#control-pieces_jointes")
        files.focus()
        await pilot.pause()
        files.scroll_visible(animate=False)
        await pilot.pause()
        assert "Aucune pièce jointe" in region_text(app, files)
        assert not unreadable(screen_cells(app), [files.region])
        assert "Supprimer" not in screen_text(app).splitlines()[-1]


async def test_every_empty_filter_of_the_history_shows_it_is_a_box_without_colour(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """« Numéro de demande » then nothing: the same blank box as the forms'."""
    from textual.widgets import Input

    from tests.tui.steps import home, settle

    monkeypatch.setenv("NO_COLOR", "1")
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        await pilot.press("f3")
        await settle(pilot)
        blank = [
            str(box.id)
            for box in app.screen.query(Input)
            if box.display and box.region and not region_text(app, box).strip()
        ]
        assert not blank


def reversed_rows(cells: Screen, region: Region) -> list[str]:
    """The rows of ``region`` whose letters are dark on a light ground (reverse video on a
    dark theme), as text."""
    found = []
    for row in cells[region.y : region.bottom]:
        letters = [c for c in row[region.x : region.right] if c.char.strip()]
        if letters and all(sum(c.background) > sum(c.foreground) for c in letters):
            found.append("".join(c.char for c in row[region.x : region.right]))
    return found


@pytest.mark.parametrize("stop", ["organismes", "a-traiter"])
async def test_without_colour_the_row_under_the_cursor_is_in_reverse_video(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch, stop: str
) -> None:
    """app.tcss asks for reverse video there, but Textual's option list keeps only bold,
    dim, italic, underline and strike of a row's style: without colour the row under the
    cursor was bold on a grey band a shade lighter than the others (seen in tmux)."""
    from textual.widgets import OptionList

    monkeypatch.setenv("NO_COLOR", "1")
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await TOUR[stop](pilot)
        options = app.screen.query_one(OptionList)
        assert options.has_focus and options.highlighted is not None
        chosen = options.get_option_at_index(options.highlighted).prompt
        first_words = str(getattr(chosen, "plain", chosen)).split()[0]
        rows = reversed_rows(screen_cells(app), options.content_region)
        assert rows and first_words in rows[0], rows


@pytest.mark.parametrize("stop", STOPS)
async def test_no_key_of_the_key_bar_is_cut_at_80_columns(
    tmp_path: Path, clock: Clock, stop: str
) -> None:
    """Textual cut the last key that did not fit under the palette's (« f2 Accuei », « f1
    Ai ») on most screens at 80 columns: a key is shown whole or not at all."""
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await TOUR[stop](pilot)
        await pilot.pause()
        footer = next(f for f in app.screen.query(Footer) if f.display)
        keys = [key for key in footer.query_children(FooterKey) if key.display]
        palettes = [key for key in keys if key.has_class("-command-palette")]
        end = palettes[0].region.x if palettes else footer.region.right  # dialogs have none
        bar = text_lines(screen_cells(app))[footer.region.y]
        for key in keys:
            if key not in palettes:
                assert key.region.right <= end, f"{key.description} is cut"
                assert f"{key.key_display} {key.description}" in bar


async def test_keys_left_out_at_80_columns_come_back_at_120(tmp_path: Path, clock: Clock):
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await TOUR["a-traiter"](pilot)

        def shown() -> list[str]:
            footer = app.screen.query_one(Footer)
            return [key.description for key in footer.query_children(FooterKey) if key.display]

        narrow = shown()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        wide = shown()
        assert len(wide) > len(narrow) and wide[: len(narrow) - 1] == narrow[:-1]
        assert all(description in screen_text(app) for description in wide)
