"""``ep-tui`` as a command line (issue 19): the same server, the same rules, for scripts, for a
structure's IT and for technicians who use a screen reader. Plain output, one item per line
with its label, no box drawing, no colour, no Textual (a contract in pyproject.toml)."""

COMMANDS = ("connexion", "deconnexion", "organismes", "demandes", "demande", "a-traiter",
            "statistiques", "doctor", "annuler", "message", "telecharger", "deposer",
            "completer", "completion", "aide")  # fmt: skip
"""The subcommands; kept here so that the entry point reads them without importing them."""
