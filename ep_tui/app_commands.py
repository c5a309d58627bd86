"""The app's own commands, each declared once: the action it runs, its key and key-bar label,
its title and help in the command palette (also the key's tooltip, and the banner's). The app
builds its bindings from them, the palette its entries, the banner its tooltips — after
braindrop's ``app/commands`` and ``app/providers``.

A binding's ``id`` is what a technician's keymap names (``{"app.history": "f3"}``, see
config.py and the help screen): never change one."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class AppCommand:
    action: str
    """The App action it runs (a binding, a banner link and the palette run the same)."""
    title: str
    """Its name in the palette."""
    help: str
    """What it does: the palette's second line, the key's tooltip."""
    key: str | None = None
    label: str | None = None
    """In the key bar (and the help screen), when shorter than the title."""
    binding_id: str | None = None
    show: bool = True
    """In the key bar."""
    priority: bool = False
    needs_session: bool = True
    """Offered only once signed in (and acted on only once an organisme is chosen)."""

    @property
    def name(self) -> str:
        """The action's name, without its arguments: what ``check_action`` is given."""
        return self.action.partition("(")[0]

    def binding(self) -> Binding:
        assert self.key is not None, self
        return Binding(self.key, self.action, self.label or self.title, id=self.binding_id,
                       show=self.show, priority=self.priority, tooltip=self.help)  # fmt: skip

    def hint(self) -> str:
        """The help with its key, for a link's tooltip: « … (F3) »."""
        return f"{self.help} ({self.key.upper()})" if self.key else self.help


HELP = AppCommand("help", "Aide", "Les touches et l'aide", key="f1", binding_id="app.help",
                  needs_session=False)  # fmt: skip
HOME = AppCommand("home", "Accueil", "Revenir à la page d'accueil", key="f2",
                  binding_id="app.home")  # fmt: skip
HISTORY = AppCommand("history", "Historique des demandes",
                     "Les demandes de votre structure pour cet organisme", key="f3",
                     label="Historique", binding_id="app.history")  # fmt: skip
ORGANISME = AppCommand("change_organisme", "Changer d'organisme", "Choisir un autre organisme",
                       key="f4", label="Organisme", binding_id="app.organisme")  # fmt: skip
WORKLIST = AppCommand("worklist", "À traiter",
                      "Réponses à lire, délais qui se terminent, demandes en attente, "
                      "brouillons : tous organismes", key="f7", binding_id="app.worklist",
                      show=False)  # fmt: skip
STATISTICS = AppCommand("statistics", "Pilotage du partenariat",
                        "Les chiffres du COPIL : volumes, délais, MAS, service social, "
                        "alertes ; CSV et rapport", key="f12", label="Pilotage",
                        binding_id="app.statistics", show=False)  # fmt: skip
TEMPLATES = AppCommand(
    "comment_templates",
    "Modèles de commentaire",
    "Les textes de votre structure, à insérer dans un commentaire (F9)",
)
IDENTITY = AppCommand("identity", "Fiche d'identification",
                      "Vous, votre structure, et la déconnexion", key="f6",
                      label="Identification", binding_id="app.identity", show=False)  # fmt: skip
AMELI = AppCommand("open_link('ameli')", "ameli.fr", "Le site de l'Assurance Maladie")
MANUAL = AppCommand("open_link('manual')", "Manuel utilisateur",
                    "Le manuel d'Espace Partenaires")  # fmt: skip
SIGN_OUT = AppCommand("sign_out", "Se déconnecter", "Fermer la session")
QUIT = AppCommand("quit", "Quitter", "Quitter ep-tui", key="ctrl+q", binding_id="app.quit",
                  show=False, priority=True, needs_session=False)  # fmt: skip

KEYS = (HELP, HOME, HISTORY, ORGANISME, IDENTITY, WORKLIST, STATISTICS, QUIT)
"""The app's keys, in the order of the key bar and the help screen."""
PALETTE = (HOME, HISTORY, WORKLIST, STATISTICS, TEMPLATES, ORGANISME, IDENTITY, HELP, AMELI,
           MANUAL, SIGN_OUT)  # fmt: skip
"""The palette's entries, before « Nouvelle demande : … » (« Quitter » is Textual's own
system command there, in French: EPApp.get_system_commands)."""
