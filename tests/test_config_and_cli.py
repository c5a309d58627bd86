"""Settings (file < environment < command line), local state kept private, the CLI, and the
embedded demo server's store."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from ep_tui.api_client.client import EPClient
from ep_tui.config import (
    ConfigError,
    LocalState,
    Settings,
    config_path,
    load_settings,
    state_path,
)
from ep_tui.demo import DEMO_URL, EmbeddedServerTransport


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file() -> None:
    settings = load_settings()
    assert settings.server_url == "http://127.0.0.1:8765"
    assert settings.theme == "ep" and settings.news_interval == 8.0


def test_file_then_environment_then_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_config(
        'server_url = "https://file.invalid"\ntheme = "ep-clair"\nnews_interval = 3\n'
        '[keymap]\n"app.help" = "f9"\n'
    )
    assert str(path).startswith(os.environ["XDG_CONFIG_HOME"])  # never the real config
    settings = load_settings()
    assert (settings.server_url, settings.theme, settings.news_interval) == (
        "https://file.invalid",
        "ep-clair",
        3.0,
    )
    assert settings.keymap == {"app.help": "f9"}
    monkeypatch.setenv("EP_TUI_SERVER_URL", "https://env.invalid")
    monkeypatch.setenv("EP_TUI_CURSOR_BLINK", "false")
    settings = load_settings()
    assert settings.server_url == "https://env.invalid" and settings.cursor_blink is False
    settings = load_settings({"server_url": "https://cli.invalid", "theme": None})
    assert settings.server_url == "https://cli.invalid" and settings.theme == "ep-clair"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('theme = "rose"', "theme"),
        ('server_url = "ftp://x"', "server_url"),
        ("news_interval = -1", "news_interval"),
        ("unknown_key = 1", "clé inconnue"),
        ("this is not toml", "illisible"),
        ('[keymap]\n"app.help" = 3', "keymap"),
    ],
)
def test_invalid_settings_are_refused_clearly(text: str, message: str) -> None:
    write_config(text)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert message in str(caught.value)


def test_local_state_is_private_and_holds_no_secret() -> None:
    state = LocalState()
    state.remember_username("http://s", "mlapierre")
    state.remember_organisme("http://s", "mlapierre", "331")
    path = state_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    again = LocalState()
    assert again.last_username("http://s") == "mlapierre"
    assert again.last_organisme("http://s", "mlapierre") == "331"
    assert again.last_organisme("http://s", "vchausson") is None
    assert again.last_organisme("http://other", "mlapierre") is None


def test_a_damaged_state_file_is_ignored() -> None:
    path = state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json", encoding="utf-8")
    assert LocalState().last_username("http://s") == ""


def test_cli_help_and_a_bad_config() -> None:
    """The launcher speaks French as the commands do (argparse's own words included), and
    takes the commands' ``--serveur`` as well as ``--server``."""
    shown = subprocess.run(
        [sys.executable, "-m", "ep_tui", "--help"], capture_output=True, text=True, check=True
    )
    for option in ("--server", "--serveur", "--demo", "--demo-reset", "--theme", "EP_TUI_"):
        assert option in shown.stdout
    assert "usage : " in shown.stdout and "afficher cette aide" in shown.stdout
    for english in ("show this help", "the Espace Partenaires server", "Commands,", "colour"):
        assert english not in shown.stdout
    from ep_tui.__main__ import parse_args

    assert parse_args(["--serveur", "https://x"]).server == "https://x"
    assert parse_args(["--server", "https://x"]).server == "https://x"
    mistaken = subprocess.run([sys.executable, "-m", "ep_tui", "--theme", "rose"],
                              capture_output=True, text=True)  # fmt: skip
    assert mistaken.returncode == 2
    assert mistaken.stderr.splitlines()[0].startswith("ep-tui : --theme : « rose » n'existe pas")
    write_config('theme = "rose"')
    refused = subprocess.run(
        [sys.executable, "-m", "ep_tui", "--server", "https://x"], capture_output=True, text=True
    )
    assert refused.returncode == 2 and "theme" in refused.stderr


def test_the_demo_without_the_server_extra_says_how_to_get_it() -> None:
    """The client installs without FastAPI (the ``server`` extra): ``--demo`` then stops with
    the command that installs it, instead of a traceback at the first sign-in."""
    child = (
        "import sys; sys.modules['fastapi'] = None\n"  # what find_spec reports when not installed
        "from ep_tui.__main__ import main\n"
        "sys.exit(main(['--demo']))\n"
    )
    refused = subprocess.run(
        [sys.executable, "-c", child], capture_output=True, text=True, timeout=120
    )
    assert refused.returncode == 2
    assert "pip install 'ep-tui[server]'" in refused.stderr and "fastapi" in refused.stderr
    assert "Traceback" not in refused.stderr


@pytest.mark.parametrize("url", ["http://10.0.0.5:8765", "http://ep.example.fr", "ftp://ep.fr"])
def test_a_server_reached_in_clear_is_refused_before_anything_is_sent(url: str) -> None:
    """The password, the token and the people's data never travel in clear: http:// is
    refused unless it stays on this machine, from the command line as from the config."""
    refused = subprocess.run(
        [sys.executable, "-m", "ep_tui", "--server", url], capture_output=True, text=True
    )
    assert refused.returncode == 2 and "https://" in refused.stderr
    write_config(f'server_url = "{url}"')
    assert (
        subprocess.run([sys.executable, "-m", "ep_tui"], capture_output=True, text=True).returncode
        == 2
    )
    with pytest.raises(ValueError, match="https://"):
        EPClient(url)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8765", "http://[::1]:8765", "http://localhost:8765", "https://ep.fr"]
)
async def test_https_anywhere_and_http_to_this_machine_are_accepted(url: str) -> None:
    assert Settings(server_url=url).server_url == url
    async with EPClient(url):  # builds; nothing is sent
        pass


async def test_demo_store_is_private_seeded_and_reset(tmp_path: Path) -> None:
    store = tmp_path / "data" / "demo.sqlite3"

    async def sign_in_and_file(transport: EmbeddedServerTransport) -> int:
        async with httpx.AsyncClient(transport=transport, base_url=DEMO_URL) as http:
            token = (
                await http.post(
                    "/api/v1/session", json={"username": "mlapierre", "password": "demo"}
                )
            ).json()["token"]
            headers = {"Authorization": f"Bearer {token}"}
            page = (await http.get("/api/v1/organismes/331/requests", headers=headers)).json()
            await http.post(
                "/api/v1/organismes/331/requests",
                json={
                    "service": "contact",
                    "values": {
                        "motif": "Gérer la convention de partenariat",
                        "modalites": ["Physique"],
                        "commentaire": "Test de la démonstration.",
                    },
                },
                headers={**headers, "Idempotency-Key": f"demo-{page['total']}"},
            )
            return int(page["total"])

    first = await sign_in_and_file(EmbeddedServerTransport(store))
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.parent.stat().st_mode) == 0o700
    kept = await sign_in_and_file(EmbeddedServerTransport(store))
    assert kept == first + 1  # the demo store keeps what was filed
    reset = await sign_in_and_file(EmbeddedServerTransport(store, reset=True))
    assert reset == first  # --demo-reset restores the seed


def test_the_demo_agent_is_on_unless_switched_off(tmp_path: Path) -> None:
    from ep_tui.__main__ import parse_args

    def agent_of(transport: EmbeddedServerTransport) -> bool:
        return bool(transport._build().app.state.server.demo_agent)  # type: ignore[attr-defined]

    store = tmp_path / "demo.sqlite3"
    assert parse_args(["--demo"]).demo_agent == "on"
    assert parse_args(["--demo", "--demo-agent", "off"]).demo_agent == "off"
    assert agent_of(EmbeddedServerTransport(store)) is True
    assert agent_of(EmbeddedServerTransport(store, agent=False)) is False


# Run in a child: when ``main`` first imports Textual, print what Textual will read and the
# collector's young threshold, and stop.
_FIRST_TEXTUAL_IMPORT = """
import gc, os, sys
class Spy:
    def find_spec(self, name, path=None, target=None):
        if name == "textual":
            print(os.environ.get("TEXTUAL_FPS"), gc.get_threshold()[0])
            sys.exit(0)
sys.meta_path.insert(0, Spy())
from ep_tui.__main__ import main
main(["--server", "http://127.0.0.1:9"])
"""


@pytest.mark.parametrize(("chosen", "expected"), [(None, "500"), ("30", "30")])
def test_frame_rate_reaches_textual_unless_the_user_chose_one(
    chosen: str | None, expected: str
) -> None:
    """Textual reads TEXTUAL_FPS once, at import: the entry point sets it first."""
    environment = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"}
    if chosen:
        environment["TEXTUAL_FPS"] = chosen
    shown = subprocess.run(
        [sys.executable, "-c", _FIRST_TEXTUAL_IMPORT],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.split()[0] == expected


def test_the_young_generation_is_collected_less_often_before_textual_is_imported() -> None:
    """The imports and the first screen create objects kept for the whole run: at Python's
    default the collector ran ~80 times before the first frame (textual_compat/collector.py)."""
    from ep_tui.textual_compat.collector import YOUNG_GENERATION_THRESHOLD

    shown = subprocess.run([sys.executable, "-c", _FIRST_TEXTUAL_IMPORT], capture_output=True,
                           text=True, check=True)  # fmt: skip
    assert shown.stdout.split()[1] == str(YOUNG_GENERATION_THRESHOLD)  # Python's: 700
