"""What the app writes or opens on the technician's machine: downloads, CSV, the viewer."""

import stat
from datetime import UTC, datetime
from pathlib import Path

from ep_contract.wire import RequestSummary
from ep_tui.downloads import save_new_file
from ep_tui.export import to_csv
from ep_tui.screens.date_picker import add_months
from ep_tui.screens.uploads import viewer_command


def test_downloads_never_leave_the_folder_nor_overwrite(tmp_path: Path) -> None:
    folder = tmp_path / "dl"
    first = save_new_file(folder, "../../etc/passwd", b"a")
    second = save_new_file(folder, "..\\..\\etc\\passwd", b"b")
    hidden = save_new_file(folder, ".bashrc", b"c")
    assert [p.parent for p in (first, second, hidden)] == [folder] * 3
    assert (first.name, second.name) == ("passwd", "passwd (1)")
    assert not hidden.name.startswith(".")
    assert first.read_bytes() == b"a" and second.read_bytes() == b"b"
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())


def test_a_name_long_in_bytes_is_saved_with_its_extension(tmp_path: Path) -> None:
    """120 emoji are 480 bytes: a file system refuses such a name (ENAMETOOLONG) — the file
    could never be saved. It is cut to fit, in bytes, keeping « .pdf », twice over."""
    name = "😀" * 120 + ".pdf"
    first = save_new_file(tmp_path, name, b"%PDF-1")
    again = save_new_file(tmp_path, name, b"%PDF-2")
    for path in (first, again):
        assert path.suffix == ".pdf" and len(path.name.encode()) <= 255
    assert again.name.endswith(" (1).pdf") and again.read_bytes() == b"%PDF-2"


def test_a_symlink_in_the_way_is_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "dl"
    folder.mkdir()
    target = tmp_path / "victim.txt"
    target.write_text("intact")
    (folder / "reponse.pdf").symlink_to(target)
    path = save_new_file(folder, "reponse.pdf", b"%PDF")
    assert path.name == "reponse (1).pdf"
    assert target.read_text() == "intact"


def summary(**changes: object) -> RequestSummary:
    values: dict[str, object] = {
        "number": "2633100011", "organisme_code": "331", "service_code": "etude",
        "service_title": "Soumettre une demande d'étude", "motif": "Autre; avec point-virgule",
        "person": "Madame TUTU Joséphine", "requester": "CHAUSSON Victor",
        "filed_at": datetime(2026, 2, 2, 15, 26, tzinfo=UTC), "status": "Nouveau",
        "status_at": datetime(2026, 2, 2, 15, 26, tzinfo=UTC),
    }  # fmt: skip
    return RequestSummary.model_validate({**values, **changes})


def test_csv_for_a_french_spreadsheet() -> None:
    text = to_csv([summary()])
    header, row, end = text.split("\r\n")
    assert header.startswith("Numéro de demande;Offre de service;Motif;")
    assert row == (
        '2633100011;Soumettre une demande d\'étude;"Autre; avec point-virgule";'
        "Madame TUTU Joséphine;CHAUSSON Victor;02/02/2026 16:26;Nouveau;02/02/2026 16:26"
    )
    assert end == ""


def test_csv_cells_are_never_formulas() -> None:
    row = to_csv([summary(person='=HYPERLINK("http://x")', motif="+33", requester="@A")],
                 header=False)  # fmt: skip
    cells = row.strip().split(";")
    assert cells[2] == "'+33" and cells[4] == "'@A"
    assert cells[3].startswith("\"'=HYPERLINK")


def test_the_system_viewer_only_where_the_technician_sees_it() -> None:
    pdf = Path("/tmp/x.pdf")
    assert viewer_command(pdf, "linux", {"SSH_CONNECTION": "1 2 3 4"}) is None
    assert viewer_command(pdf, "linux", {}) is None  # no display
    assert viewer_command(pdf, "darwin", {}) == ["open", "/tmp/x.pdf"]
    assert viewer_command(pdf, "darwin", {"SSH_TTY": "/dev/pts/1"}) is None
    assert viewer_command(pdf, "win32", {})[:3] == ["cmd", "/c", "start"]  # type: ignore[index]


def test_months_keep_the_day_or_take_the_last() -> None:
    from datetime import date

    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 22), -12) == date(2025, 11, 22)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)


def test_a_downloads_folder_the_app_creates_is_private(tmp_path: Path) -> None:
    from ep_tui.downloads import save_new_file

    folder = tmp_path / "Téléchargements"
    save_new_file(folder, "notification.pdf", b"%PDF-1.4")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_paths_under_home_are_shown_from_the_tilde(monkeypatch, tmp_path: Path) -> None:
    from ep_tui.downloads import shown_path

    monkeypatch.setenv("HOME", str(tmp_path))
    assert shown_path(tmp_path / "Téléchargements" / "a.csv") == "~/Téléchargements/a.csv"
    assert shown_path(tmp_path) == "~"
    assert shown_path(Path("/srv/partage/a.csv")) == "/srv/partage/a.csv"
