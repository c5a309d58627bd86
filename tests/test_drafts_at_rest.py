"""Drafts at rest without a keyring (issue 15): the key that opens them was beside them; it
is now wrapped by a key derived from the technician's password, so that whoever reads the
data folder reads nothing, and every folder the app creates is its owner's alone."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from ep_tui.config import private_folder
from ep_tui.drafts import Draft, DraftsLocked, DraftStore, draft_folder

SERVER = "https://ep.test"


def draft(values: dict | None = None) -> Draft:
    return Draft(SERVER, "mlapierre", "331", "rdv", values or {"nom": "PIRES"}, "key-1")


def mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def test_the_drafts_open_only_with_the_password_that_saved_them(tmp_path: Path) -> None:
    folder = private_folder(draft_folder(tmp_path / "data"))
    drafts = DraftStore(folder, None)
    drafts.unlock(SERVER, "mlapierre", "demo")
    drafts.save(draft())
    assert b"PIRES" not in b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())

    reader = DraftStore(folder, None)  # someone with the folder, not the password
    with pytest.raises(DraftsLocked):
        reader.load(SERVER, "mlapierre", "331", "rdv")
    reader.unlock(SERVER, "mlapierre", "demo")
    loaded = reader.load(SERVER, "mlapierre", "331", "rdv")
    assert loaded is not None and loaded.values == {"nom": "PIRES"}


def test_after_a_change_of_password_the_old_drafts_are_deleted_and_counted(
    tmp_path: Path,
) -> None:
    folder = private_folder(draft_folder(tmp_path / "data"))
    drafts = DraftStore(folder, None)
    drafts.unlock(SERVER, "mlapierre", "ancien")
    drafts.save(draft())
    later = DraftStore(folder, None)
    later.unlock(SERVER, "mlapierre", "nouveau")
    assert later.lost_to_password_change == 1
    assert later.load(SERVER, "mlapierre", "331", "rdv") is None
    later.save(draft({"nom": "PAIN"}))  # and new drafts work with the new password
    again = DraftStore(folder, None)
    again.unlock(SERVER, "mlapierre", "nouveau")
    assert again.load(SERVER, "mlapierre", "331", "rdv").values == {"nom": "PAIN"}  # type: ignore[union-attr]


def test_accounts_do_not_share_a_key(tmp_path: Path) -> None:
    folder = private_folder(draft_folder(tmp_path / "data"))
    drafts = DraftStore(folder, None)
    drafts.unlock(SERVER, "mlapierre", "demo")
    drafts.save(draft())
    with pytest.raises(DraftsLocked):  # signed in as mlapierre only
        drafts.save(Draft(SERVER, "vchausson", "331", "rdv", {"nom": "X"}, "key-2"))
    assert len(list(folder.glob("*/key"))) == 1


def test_every_folder_the_app_creates_is_private(tmp_path: Path) -> None:
    """Outside the demo, the data folder was created 0755 (mkdir with the umask)."""
    data = tmp_path / "alice" / ".local" / "share" / "ep-tui"
    drafts_folder = private_folder(draft_folder(data))
    drafts = DraftStore(drafts_folder, None)
    drafts.unlock(SERVER, "mlapierre", "demo")
    drafts.save(draft())
    created = [tmp_path / "alice", tmp_path / "alice" / ".local", data.parent, data, drafts_folder,
               *[p for p in drafts_folder.rglob("*") if p.is_dir()]]  # fmt: skip
    assert {str(p): mode(p) for p in created} == {str(p): "0o700" for p in created}
    data.chmod(0o755)  # left so by an earlier version: the app's own folder is made private
    private_folder(data)
    assert mode(data) == "0o700"
    downloads = tmp_path / "Téléchargements"
    downloads.mkdir(mode=0o755)
    private_folder(downloads, own=False)  # the user's own folder is left as it is
    assert mode(downloads) == "0o755"


def test_an_account_s_drafts_are_listed_newest_first_and_no_one_else_s(tmp_path: Path) -> None:
    folder = private_folder(draft_folder(tmp_path / "data"))
    drafts = DraftStore(folder, None)
    assert drafts.all_of(SERVER, "mlapierre") == []  # locked: nothing, and no error
    drafts.unlock(SERVER, "mlapierre", "demo")
    drafts.unlock(SERVER, "vchausson", "autre")
    drafts.save(draft({"nom": "PIRES"}))
    drafts.save(Draft(SERVER, "mlapierre", "911", "etude", {"nom": "PRINCE"}, "key-3"))
    drafts.save(Draft(SERVER, "vchausson", "331", "rdv", {"nom": "X"}, "key-2"))
    (folder.glob("*/*.draft").__next__()).parent.joinpath("damaged.draft").write_text("?")
    listed = drafts.all_of(SERVER, "mlapierre")
    assert [(d.organisme_code, d.values["nom"]) for d in listed] == [
        ("911", "PRINCE"), ("331", "PIRES")
    ]  # fmt: skip
