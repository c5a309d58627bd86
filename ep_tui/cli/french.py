"""argparse in French: its messages go through gettext (``argparse._``), and no French
catalogue ships with Python. The strings below are argparse's own (Python 3.11–3.13); one
that is not here stays in English rather than fail. tests/test_cli.py checks the usual ones."""

from __future__ import annotations

import argparse
import re
from typing import NoReturn

FRENCH = {
    "usage: ": "usage : ",
    "options": "options",
    "positional arguments": "arguments",
    "show this help message and exit": "afficher cette aide",
    "%(prog)s: error: %(message)s\n": "%(prog)s : %(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s : %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "« %(value)s » n'existe pas (au choix : %(choices)s)",
    "invalid %(type)s value: %(value)r": "valeur « %(value)s » invalide (%(type)s attendu)",
    "the following arguments are required: %s": "à indiquer : %s",
    "unrecognized arguments: %s": "inconnu : %s",
    "expected one argument": "une valeur attendue",
    "expected at least one argument": "au moins une valeur attendue",
    "expected at most one argument": "au plus une valeur attendue",
    "not allowed with argument %s": "incompatible avec %s",
    "one of the arguments %s is required": "un de ces arguments est à indiquer : %s",
    "ambiguous option: %(option)s could match %(matches)s":
        "option ambiguë : %(option)s peut être %(matches)s",
    "ignored explicit argument %r": "valeur ignorée : %r",
}  # fmt: skip


def install() -> None:
    """From now on, in this process, argparse speaks French."""
    argparse._ = lambda text: FRENCH.get(text, text)  # type: ignore[attr-defined]


class FrenchParser(argparse.ArgumentParser):
    """Its error first, on a line a screen reader reaches at once, then where the help is:
    argparse writes the whole usage first (a dozen lines for « demandes »). Choices are
    quoted « » as the rest of the text, not with Python's quotes."""

    def error(self, message: str) -> NoReturn:
        head, chose, choices = message.partition("(au choix : ")
        message = head + chose + re.sub(r"'([^']*)'", r"« \1 »", choices)
        self.exit(2, f"{self.prog} : {message}\nAide : {self.prog} --help\n")
