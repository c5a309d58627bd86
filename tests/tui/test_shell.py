"""The app shell as a technician uses it: sign-in, organismes and their states, home, news,
newsletter, identification, help, palette, keymap, themes, session expiry."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Button, Checkbox, Input, OptionList, Static, Switch

from ep_tui.screens.dialogs import AddressDialog, HelpScreen, IdentityCard
from ep_tui.screens.home import HISTORY_ONLY_REASON, HomeScreen
from ep_tui.screens.news import NewsScreen
from ep_tui.screens.organisme import OrganismeDialog
from ep_tui.screens.reauth import ReauthDialog
from ep_tui.screens.sign_in import SignInScreen
from ep_tui.widgets.news import NewsCarousel, news_date
from ep_tui.widgets.service_card import ServiceCard
from mock_server.clock import Clock
from tests.tui.harness import SERVER_URL, MemoryKeyring, build_app
from tests.tui.steps import choose, expire_session, home, settle, sign_in, type_into


def text_of(pilot, selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


async def test_wrong_credentials_are_said_and_nothing_is_kept(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test() as pilot:
        await sign_in(pilot, password="wrong")
        assert isinstance(app.screen, SignInScreen)
        assert text_of(pilot, "#error") == "Identifiant ou mot de passe incorrect."
        assert app.screen.query_one("#password", Input).value == ""
        assert app.screen.query_one("#username", Input).value == "mlapierre"


async def test_unreachable_server_is_named(tmp_path: Path, clock: Clock):
    from ep_tui.api_client.client import EPClient, RetryPolicy

    app = build_app(tmp_path, clock)
    app.services.client = EPClient("http://127.0.0.1:9", retry=RetryPolicy(attempts=1))
    async with app.run_test() as pilot:
        await sign_in(pilot)
        assert "http://127.0.0.1:9" in text_of(pilot, "#error")


async def test_active_organisme_goes_straight_home(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test() as pilot:
        await home(pilot, "331")
        assert isinstance(app.screen, HomeScreen)
        assert str(app.screen.query_one("#banner-organisme", Button).label) == "CPAM GIRONDE"
        assert str(app.screen.query_one("#banner-person", Button).label) == "MARTINE LAPIERRE"
        cards = app.screen.query(ServiceCard)
        assert [c.service.code for c in cards] == [
            "contact",
            "signalement",
            "rdv",
            "etude",
            "document",
        ]
        assert all(not c.query_one(Button).disabled for c in cards)


async def test_future_convention_gives_no_access(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test() as pilot:
        await sign_in(pilot)
        await choose(pilot, "241")
        dialog = app.screen
        assert isinstance(dialog, OrganismeDialog)
        assert text_of(pilot, "#message") == (
            "Le conventionnement avec l'organisme CPAM DORDOGNE débutera le 01/01/2027."
        )
        visible = {b.id for b in dialog.query("#actions Button") if not b.has_class("hidden")}
        assert visible == {"other", "sign-out"}
        await pilot.click("#sign-out")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert app.session is None and app.services.client.token is None


async def test_future_convention_lets_another_be_chosen(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test() as pilot:
        await sign_in(pilot)
        await choose(pilot, "241")
        await pilot.click("#other")
        await choose(pilot, "331")
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize(
    ("code", "message_start", "history_only"),
    [
        ("471", "Le conventionnement arrive à échéance le 04/12/2026 - Veuillez contacter", False),
        ("401", "Le conventionnement s'est terminé le 02/11/2026 mais il reste des demandes", True),
        ("641", "Le conventionnement s'est terminé le 28/10/2026 . Vous disposez d'un délai", True),
    ],
)
async def test_states_with_a_warning_then_continuer(
    tmp_path: Path, clock: Clock, code: str, message_start: str, history_only: bool
):
    app = build_app(tmp_path, clock)
    async with app.run_test() as pilot:
        await sign_in(pilot)
        await choose(pilot, code, go_on=False)
        assert text_of(pilot, "#message").startswith(message_start)
        await pilot.click("#continue")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        buttons = [c.query_one(Button) for c in app.screen.query(ServiceCard)]
        assert all(b.disabled for b in buttons) is history_only
        assert bool(app.screen.query("#history-only")) is history_only
        if history_only:
            assert text_of(pilot, "#history-only .reason") == HISTORY_ONLY_REASON


async def test_the_first_choice_starts_on_the_first_organisme_and_explains_the_star(
    tmp_path: Path, clock: Clock
):
    """Nothing remembered: the cursor was nowhere, no row looked chosen, and « * » was
    unexplained. The first row is under the cursor, and the manual's NB is under the list."""
    app = build_app(tmp_path, clock)
    async with app.run_test() as pilot:
        await sign_in(pilot)
        assert app.screen.query_one(OptionList).highlighted == 0
        assert text_of(pilot, "#legend").startswith("NB : sont signalés en rouge + un astérisque")
        await pilot.press("enter")
        await settle(pilot)
        assert "Sélectionnez" not in text_of(pilot, "#message")


async def test_switching_organisme_from_the_banner(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test() as pilot:
        await home(pilot, "331")
        await pilot.press("f4")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, OrganismeDialog)
        assert dialog.organismes[dialog.query_one(OptionList).highlighted].code == "331"
        await pilot.press("escape")  # cancel: nothing changes
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.click("#banner-organisme")
        await settle(pilot)
        await choose(pilot, "911")
        assert isinstance(app.screen, HomeScreen)
        assert str(app.screen.query_one("#banner-organisme", Button).label) == "CPAM ESSONNE"
        assert len(app.screen_stack) == 3  # default, sign-in, one home page: nothing piles up


async def test_last_organisme_is_preselected_next_time(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test() as pilot:
        await home(pilot, "621")
    again = build_app(tmp_path, clock)
    async with again.run_test() as pilot:
        await sign_in(pilot)
        dialog = again.screen
        assert dialog.organismes[dialog.query_one(OptionList).highlighted].code == "621"
    other_user = build_app(tmp_path, clock)
    async with other_user.run_test() as pilot:
        await sign_in(pilot, "vchausson")
        # Nothing remembered for them: the first.
        assert other_user.screen.query_one(OptionList).highlighted == 0


async def test_identifiant_is_remembered(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test() as pilot:
        await home(pilot)
    again = build_app(tmp_path, clock)
    async with again.run_test() as pilot:
        await settle(pilot)
        assert again.screen.query_one("#username", Input).value == "mlapierre"
        assert again.focused is again.screen.query_one("#password", Input)


async def test_sign_out_from_the_identification_card(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test() as pilot:
        await home(pilot)
        token = app.services.client.token
        await pilot.click("#banner-person")
        await settle(pilot)
        card = app.screen
        assert isinstance(card, IdentityCard)
        assert str(card.query_one("#name", Static).render()) == "MARTINE LAPIERRE"
        assert "Centre hospitalier Les Tilleuls" in str(card.query_one("#structure").render())
        await pilot.click("#sign-out")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen) and app.session is None
        rows = app.server.state.server.db.query(  # type: ignore[attr-defined]
            "SELECT revoked FROM tokens WHERE token_hash = ?",
            (__import__("mock_server.security").security.token_hash(token),),
        )
        assert rows[0]["revoked"] == 1


async def test_remember_me_with_a_keyring(tmp_path: Path, clock: Clock):
    keyring = MemoryKeyring()
    app = build_app(tmp_path, clock, keyring=keyring)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#remember", Checkbox).disabled
        await type_into(pilot, "#username", "mlapierre")
        await type_into(pilot, "#password", "demo")
        app.screen.query_one("#remember", Checkbox).value = True
        await pilot.press("enter")
        await settle(pilot)
    # The password, and the drafts' key (chosen at sign-in: ep_tui.drafts), nothing else.
    drafts_key = ("ep-tui-drafts", "encryption-key")
    assert keyring.secrets.keys() == {(f"ep-tui:{SERVER_URL}", "mlapierre"), drafts_key}
    assert keyring.secrets[(f"ep-tui:{SERVER_URL}", "mlapierre")] == "demo"
    assert "demo" not in (tmp_path / "state.json").read_text()
    again = build_app(tmp_path, clock, keyring=keyring)
    async with again.run_test() as pilot:
        await settle(pilot)
        assert again.screen.query_one("#password", Input).value == "demo"
        assert again.screen.query_one("#remember", Checkbox).value is True
        again.screen.query_one("#remember", Checkbox).value = False
        await pilot.click("#submit")
        await settle(pilot)
    assert keyring.secrets.keys() == {drafts_key}  # unticked: the password is forgotten


async def test_no_keyring_disables_remember_me_and_says_why(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)  # the fail backend: what a headless server has
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.screen.query_one("#remember", Checkbox).disabled
        assert "Aucun trousseau de clés" in text_of(pilot, "#keyring-reason")
        await home(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert not list(tmp_path.rglob("*demo*"))


async def test_news_carousel_feed_and_all(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await home(pilot, "331")
        carousel = app.screen.query_one(NewsCarousel)
        # The focus starts on the first service (filing is the main task); Tab goes on.
        assert app.focused is app.screen.query("ServiceCard Button").first()
        carousel.focus()
        await settle(pilot)
        assert carousel.index == 0
        first = carousel.items[0].title
        assert first in str(carousel.query_one("#carousel-item", Static).render())
        await pilot.press("right")
        assert carousel.index == 1
        await pilot.press("left", "left")
        assert carousel.index == 2  # wraps around
        feed = str(app.screen.query_one("#feed-lines", Static).render()).splitlines()
        assert len(feed) == 10  # items 4 to 13
        news = app.session.workspace.news
        assert feed[0].startswith(news_date(news[3]))  # the feed starts at the 4th item
        assert feed[-1].startswith(news_date(news[12]))
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewsScreen)
        assert len(app.screen.query(".item")) == 16
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_carousel_timer_only_when_an_interval_is_set(tmp_path: Path, clock: Clock):
    """The carousel moves by itself every news_interval seconds; 0 (the tests) stops it.
    The tests check that the timer is armed, not that time passes."""
    frozen = build_app(tmp_path / "frozen", clock)
    async with frozen.run_test() as pilot:
        await home(pilot, "331")
        assert frozen.screen.query_one(NewsCarousel)._timer is None
    moving = build_app(tmp_path / "moving", clock, news_interval=5)
    async with moving.run_test() as pilot:
        await home(pilot, "331")
        carousel = moving.screen.query_one(NewsCarousel)
        assert carousel._timer is not None and carousel.interval == 5
        carousel.action_next()  # what the timer calls
        assert carousel.index == 1


async def test_no_news_lands_on_the_services(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test() as pilot:
        await home(pilot, "911")
        assert not app.screen.query(NewsCarousel)
        first = app.screen.query(ServiceCard).first()
        assert app.focused is first.query_one(Button)
        assert first.service.code == "signalement"


async def test_newsletter_switch_is_saved_on_the_server(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test() as pilot:
        await home(pilot, "331", username="vchausson")
        switch = app.screen.query_one("#newsletter", Switch)
        assert switch.value is False
        switch.value = True
        await settle(pilot)
        (row,) = app.server.state.server.db.query(  # type: ignore[attr-defined]
            "SELECT newsletter FROM technicians WHERE username = 'vchausson'"
        )
        assert row["newsletter"] == 1


async def test_session_expiry_mid_screen_signs_in_again_and_goes_on(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test() as pilot:
        await home(pilot, "331", username="vchausson")
        await expire_session(pilot, clock)
        dialog = app.screen
        assert isinstance(dialog, ReauthDialog)
        await type_into(pilot, "#reauth-password", "demo")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#newsletter", Switch).value is True
        (row,) = app.server.state.server.db.query(  # type: ignore[attr-defined]
            "SELECT newsletter FROM technicians WHERE username = 'vchausson'"
        )
        assert row["newsletter"] == 1  # the call that met the 401 went through


async def test_session_expiry_declined_signs_out(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test() as pilot:
        await home(pilot, "331", username="vchausson")
        await expire_session(pilot, clock)
        await pilot.click("#reauth-sign-out")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)


async def test_help_lists_the_keys_with_their_ids(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test() as pilot:
        await home(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        rows = " ".join(str(r.render()) for r in app.screen.query(".key-row"))
        for binding_id in ("app.home", "app.history", "app.organisme", "app.identity"):
            assert binding_id in rows


async def test_keys_can_be_remapped_from_the_config(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock, keymap={"app.help": "f9"})
    async with app.run_test() as pilot:
        await home(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_palette_offers_screens_and_new_requests(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await home(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"nouvelle")
        await settle(pilot)
        hits = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        assert any("Nouvelle demande : Demander un document" in h for h in hits)
        await pilot.press("escape")
        await settle(pilot)


async def test_palette_offers_no_new_request_in_history_only_mode(tmp_path: Path, clock: Clock):
    from ep_tui.commands import EPCommands

    app = build_app(tmp_path, clock)
    async with app.run_test() as pilot:
        await home(pilot, "401")
        names = [name for name, _, _ in EPCommands(app.screen)._commands()]
        assert "Historique des demandes" in names
        assert not [n for n in names if n.startswith("Nouvelle demande")]


async def test_links_show_the_address_where_no_browser_opens(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("SSH_CONNECTION", "127.0.0.1 1 127.0.0.1 22")
    app = build_app(tmp_path, clock)
    async with app.run_test() as pilot:
        await home(pilot)
        await pilot.click("#link-ameli")
        await settle(pilot)
        assert isinstance(app.screen, AddressDialog)
        assert "https://www.ameli.fr" in str(app.screen.query_one("#url").render())


async def test_themes_and_no_color(tmp_path: Path, clock: Clock, monkeypatch):
    app = build_app(tmp_path, clock, theme="ep-contraste")
    assert app.theme == "ep-contraste"
    monkeypatch.setenv("NO_COLOR", "1")
    plain = build_app(tmp_path, clock)
    assert plain.no_color is True


async def test_home_key_and_banner_return_home(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test() as pilot:
        await home(pilot)
        app.screen.query_one(NewsCarousel).focus()  # « n »: all the news, from the news
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewsScreen)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_keys_typed_at_once_after_entree_reach_the_password(tmp_path: Path, clock: Clock):
    """A fast typist, or a paste: « identifiant⏎motdepasse⏎ » arrives in one read. Entrée in
    « Identifiant » moves the focus before the next key is read."""
    from textual import events

    app = build_app(tmp_path, clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        for character in "mlapierre\rdemo\r":
            key = "enter" if character == "\r" else character
            app.post_message(events.Key(key, character))
        await settle(pilot)
        assert isinstance(app.screen, OrganismeDialog)


async def test_keys_typed_at_once_after_tab_reach_the_next_field(tmp_path: Path, clock: Clock):
    """« identifiant⇥motdepasse » in one read: Tab moves the focus before the next key is read
    (as Textual's own binding it came back from the field a few messages late, and the
    password was typed in clear into « Identifiant »). Shift+Tab likewise."""
    from textual import events

    app = build_app(tmp_path, clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        # Back in a field, its text is selected (as in a browser): End, then type.
        keys = [*"mlapierre", "tab", *"demx", "shift+tab", "end", "!", "tab", "end",
                "backspace", "o"]  # fmt: skip
        for key in keys:
            character = {"tab": "\t", "shift+tab": None, "end": None,
                         "backspace": "\x7f"}.get(key, key)  # fmt: skip
            app.post_message(events.Key(key, character))
        await settle(pilot)
        screen = app.screen
        assert screen.query_one("#username", Input).value == "mlapierre!"
        assert screen.query_one("#password", Input).value == "demo"


async def test_the_password_goes_to_the_keyring_off_the_ui_loop(tmp_path: Path, clock: Clock):
    """A keyring may be a D-Bus service or a file it encrypts: the screen would freeze."""
    import threading

    writers: list[threading.Thread] = []

    class Watched(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            if service.startswith("ep-tui:"):
                writers.append(threading.current_thread())
            super().set_password(service, username, password)

    app = build_app(tmp_path, clock, keyring=Watched())
    async with app.run_test() as pilot:
        await settle(pilot)
        await type_into(pilot, "#username", "mlapierre")
        await type_into(pilot, "#password", "demo")
        app.screen.query_one("#remember", Checkbox).value = True
        await pilot.press("enter")
        await settle(pilot)
    assert writers and threading.main_thread() not in writers
