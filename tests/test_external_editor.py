"""The comment in the technician's editor: the command from $VISUAL / $EDITOR, the text
through a private file that is gone afterwards, a failed editor changing nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from ep_tui.external_editor import edit_text, editor_command, private_base, sweep_leftovers

# A stand-in editor: records where it was asked to edit and with which mode, leaves a swap
# file beside it (as vim does), appends a line, and exits with the status it is given.
EDITOR = """
import os, sys, stat
path = sys.argv[-1]
with open(sys.argv[1], "w") as log:
    log.write(path + "\\n" + oct(stat.S_IMODE(os.stat(path).st_mode)) + "\\n"
              + oct(stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode)))
open(path + ".swp", "w").write("swap")
with open(path, "a", encoding="utf-8") as file:
    file.write(" Revue dans l'éditeur.\\n")
sys.exit(int(sys.argv[2]))
"""


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, None),
        ({"EDITOR": "   "}, None),
        ({"EDITOR": "nano"}, ["nano"]),
        ({"EDITOR": "code --wait", "VISUAL": ""}, ["code", "--wait"]),
        ({"EDITOR": "nano", "VISUAL": "'/opt/my ed/ed' -q"}, ["/opt/my ed/ed", "-q"]),
    ],
)
def test_the_editor_comes_from_visual_then_editor(environ: dict, expected: list | None) -> None:
    assert editor_command(environ, which=lambda name: None) == (expected, expected is not None)


def test_without_a_named_editor_the_first_one_installed_is_taken() -> None:
    installed = {"vi": "/usr/bin/vi"}
    assert editor_command({}, which=installed.get) == (["/usr/bin/vi"], False)
    installed["nano"] = "/bin/nano"
    assert editor_command({}, which=installed.get) == (["/bin/nano"], False)
    assert editor_command({"EDITOR": "ed"}, which=installed.get) == (["ed"], True)


def _editor(tmp_path: Path, status: int) -> tuple[list[str], Path]:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR, encoding="utf-8")
    log = tmp_path / "editor.log"
    return [sys.executable, str(script), str(log), str(status)], log


def test_the_text_goes_through_a_private_file_that_is_removed(tmp_path: Path) -> None:
    command, log = _editor(tmp_path, 0)
    edited = edit_text("Dossier complet.", command)
    assert edited == "Dossier complet. Revue dans l'éditeur."  # the editor's last newline dropped
    path, file_mode, folder_mode = log.read_text().splitlines()
    assert (file_mode, folder_mode) == ("0o600", "0o700")
    assert not Path(path).parent.exists()  # the text and the swap file are gone


def test_a_failed_editor_changes_nothing_and_leaves_nothing(tmp_path: Path) -> None:
    command, log = _editor(tmp_path, 1)
    assert edit_text("Dossier complet.", command) is None
    assert not Path(log.read_text().splitlines()[0]).parent.exists()


def test_an_editor_that_cannot_start_is_an_error_and_leaves_nothing(tmp_path: Path) -> None:
    before = set(Path(tempfile.gettempdir()).glob("ep-tui-*"))
    with pytest.raises(OSError):
        edit_text("Dossier complet.", [str(tmp_path / "no-such-editor")])
    assert set(Path(tempfile.gettempdir()).glob("ep-tui-*")) == before


def test_the_text_lives_in_the_users_runtime_folder_when_there_is_one(tmp_path: Path) -> None:
    """$XDG_RUNTIME_DIR is memory only, the user's alone, emptied at log-out: the comment is
    better there than in /tmp, which a disk may keep."""
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    assert private_base({"XDG_RUNTIME_DIR": str(runtime)}) == runtime
    command, log = _editor(tmp_path, 0)
    edit_text("Dossier complet.", command, base=runtime)
    assert Path(log.read_text().splitlines()[0]).parent.parent == runtime
    runtime.chmod(0o755)  # readable by others: not private, the system's temp folder then
    assert private_base({"XDG_RUNTIME_DIR": str(runtime)}) is None
    assert private_base({"XDG_RUNTIME_DIR": str(tmp_path / "none")}) is None


# The app's side, in a process of its own: edit_text with an editor that says where the text
# is and then waits, as a person reading it would.
WAITING_APP = """
import sys
from pathlib import Path
from ep_tui.external_editor import edit_text
editor = [sys.executable, "-c", "import sys; print(sys.argv[1], flush=True); sys.stdin.read()"]
edit_text("Comment about a person.", editor, base=Path(sys.argv[1]))
"""


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
def test_the_text_is_removed_when_the_app_is_stopped_during_the_edit(
    tmp_path: Path, signum: int
) -> None:
    """SIGHUP is what an SSH link that drops sends: the process ends, and the comment must
    not stay behind in clear (it did, in /tmp/ep-tui-…/commentaire.txt)."""
    app = subprocess.Popen(
        [sys.executable, "-c", WAITING_APP, str(tmp_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert app.stdout is not None and app.stdin is not None
    path = Path(app.stdout.readline().strip())  # the editor has the file open
    assert path.read_text(encoding="utf-8") == "Comment about a person."
    app.send_signal(signum)
    assert app.wait(timeout=30) == -signum  # ended as the signal would have ended it
    app.stdin.close()  # the editor, left alone, reads its end of input and goes
    assert not path.exists() and not path.parent.exists()


def test_folders_left_by_runs_that_died_are_swept(tmp_path: Path) -> None:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)  # fmt: skip
    dead = tmp_path / f"ep-tui-{finished.stdout.strip()}-abc"
    alive = tmp_path / f"ep-tui-{os.getpid()}-def"
    for folder in (dead, alive):
        folder.mkdir(mode=0o700)
        (folder / "commentaire.txt").write_text("Comment about a person.", encoding="utf-8")
    assert sweep_leftovers([tmp_path]) == 1
    assert not dead.exists() and alive.exists()
