"""The yardstick: a minimal Textual app (Header, Label, Footer)."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Label


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Minimal ready")
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
