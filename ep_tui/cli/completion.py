"""``ep-tui completion bash|zsh|fish``: the shell's completion of the commands, their options
and the options' choices (a status, a period, a format…), written from the parser itself so
that it never lags behind it.

    eval "$(ep-tui completion bash)"         # in ~/.bashrc
    eval "$(ep-tui completion zsh)"          # in ~/.zshrc
    ep-tui completion fish > ~/.config/fish/completions/ep-tui.fish
"""

from __future__ import annotations

import argparse
import shlex

SHELLS = ("bash", "zsh", "fish")


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _options(parser: argparse.ArgumentParser) -> list[tuple[str, list[str] | None]]:
    """Each long option, with its choices when it has some (None: takes no value)."""
    found = []
    for action in parser._actions:
        longs = [o for o in action.option_strings if o.startswith("--")]
        if not longs:
            continue
        choices = [str(c) for c in action.choices] if action.choices else None
        takes_value = action.nargs != 0 and not isinstance(
            action, argparse._StoreTrueAction | argparse._HelpAction
        )
        found.append((longs[0], choices if choices else ([] if takes_value else None)))
    return found


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    commands = _commands(parser)
    if shell == "fish":
        return _fish(commands)
    bash = _bash(commands)
    if shell == "zsh":
        return "autoload -U +X bashcompinit && bashcompinit\n" + bash
    return bash


def _bash(commands: dict[str, argparse.ArgumentParser]) -> str:
    lines = [
        "_ep_tui() {",
        '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
        "  local IFS=$'\\n'",
        "  if [[ $COMP_CWORD -eq 1 ]]; then",
        f'    COMPREPLY=($(compgen -W {shlex.quote(chr(10).join(commands))} -- "$cur"))',
        "    return",
        "  fi",
        '  case "${COMP_WORDS[1]}:$prev" in',
    ]
    for name, sub in commands.items():
        for option, choices in _options(sub):
            if choices:
                words = shlex.quote("\n".join(choices))
                lines.append(f'    {name}:{option}) COMPREPLY=($(compgen -W {words} -- "$cur"))'
                             " ; return ;;")  # fmt: skip
            elif choices == []:
                lines.append(f"    {name}:{option}) COMPREPLY=() ; return ;;")
    lines += ["  esac", '  case "${COMP_WORDS[1]}" in']
    for name, sub in commands.items():
        words = shlex.quote("\n".join(option for option, _ in _options(sub)))
        lines.append(f'    {name}) COMPREPLY=($(compgen -W {words} -- "$cur")) ;;')
    lines += ["  esac", "}", "complete -o default -F _ep_tui ep-tui", ""]
    return "\n".join(lines)


def _fish(commands: dict[str, argparse.ArgumentParser]) -> str:
    names = " ".join(commands)
    lines = [f"complete -c ep-tui -f -n 'not __fish_seen_subcommand_from {names}' -a '{names}'"]
    for name, sub in commands.items():
        for option, choices in _options(sub):
            flag = f"-l {option.removeprefix('--')}"
            if choices:
                quoted = " ".join(shlex.quote(choice) for choice in choices)
                lines.append(f"complete -c ep-tui -n '__fish_seen_subcommand_from {name}' {flag}"
                             f" -x -a {shlex.quote(quoted)}")  # fmt: skip
            else:
                lines.append(f"complete -c ep-tui -n '__fish_seen_subcommand_from {name}' {flag}")
    return "\n".join(lines) + "\n"
