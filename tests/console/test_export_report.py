# SPDX-License-Identifier: MIT
"""Photo export (ZIP names, manifest, what is left out) and the daily report (screen, CSV, CLI)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest

from tucai_desk.cli import main as cli_main
from tucai_desk.core.clock import FakeClock
from tucai_desk.services.app import Station
from tucai_desk.services.console import ConsoleServices
from tucai_desk.services.dto import StaffSession
from tucai_desk.services.export import MANIFEST_HEADER, ExportError
from tucai_desk.store.models import AuditRecord, PhotoBlob, Upload

from .conftest import id_number, set_remote_status, student_id, take_photos

pytestmark = pytest.mark.db


def _manifest(path: Path) -> tuple[bytes, list[list[str]]]:
    raw = zipfile.ZipFile(path).read("manifest.csv")
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.fixture
def three_uploads(station: Station) -> dict[str, tuple[int, str]]:
    """Students 1 (accepted), 2 (finished), 3 (only confirmed here)."""
    out = {}
    for n, status in ((1, "accepted"), (2, "finished"), (3, "pending")):
        sid = student_id(station, n)
        upload = take_photos(station, sid, fails=0, passes=1)
        assert upload is not None
        set_remote_status(station, upload, status)
        out[status] = (sid, upload)
    return out


def test_export_holds_accepted_photos_named_by_student_number(
    tmp_path: Path,
    station: Station,
    console: ConsoleServices,
    admin: StaffSession,
    three_uploads: dict[str, tuple[int, str]],
) -> None:
    out = tmp_path / "exp" / "photos.zip"
    result = console.export.export(admin, out)
    names = sorted(zipfile.ZipFile(out).namelist())
    numbers = sorted(
        station.capture.student(three_uploads[s][0]).student_no for s in ("accepted", "finished")
    )
    assert names == sorted([f"{n}.jpg" for n in numbers] + ["manifest.csv"])
    assert result.files == 2 and result.skipped == ()
    raw, rows = _manifest(out)
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    assert tuple(rows[0]) == MANIFEST_HEADER
    by_file = {r[0]: r for r in rows[1:]}
    for name in names[:-1]:
        data = zipfile.ZipFile(out).read(name)
        assert by_file[name][9] == hashlib.sha256(data).hexdigest()
        assert data.startswith(b"\xff\xd8")
    # States by name and the local time without an offset, for the school office.
    assert {r[7] for r in rows[1:]} == {"审核通过", "成品照已生成"}
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", r[8]) for r in rows[1:])
    with station.db.session() as s:
        record = s.query(AuditRecord).filter_by(action="photos_exported").one()
        assert record.detail["files"] == 2 and record.detail["sha256"] == result.sha256


def test_unsynced_photos_only_on_request_and_nothing_to_export_says_so(
    tmp_path: Path, station: Station, console: ConsoleServices, admin: StaffSession
) -> None:
    sid = student_id(station, 4)
    take_photos(station, sid, fails=0, passes=1)
    with pytest.raises(ExportError) as caught:
        console.export.export(admin, tmp_path / "none.zip")
    assert caught.value.code == "nothing_to_export"
    assert not (tmp_path / "none.zip").exists() and list(tmp_path.glob(".export-*")) == []
    result = console.export.export(admin, tmp_path / "all.zip", include_unsynced=True)
    assert result.files == 1
    assert _manifest(tmp_path / "all.zip")[1][1][7] == "待同步"


def test_named_by_id_number_leaves_out_students_without_one_and_damaged_photos(
    tmp_path: Path,
    station: Station,
    console: ConsoleServices,
    admin: StaffSession,
    three_uploads: dict[str, tuple[int, str]],
) -> None:
    accepted_sid, _ = three_uploads["accepted"]
    finished_sid, finished_upload = three_uploads["finished"]
    station.capture._students.update(accepted_sid, id_number=id_number(9))
    # The finished student's photo gets damaged, in the file and in the database's copy (a
    # damaged file alone is replaced from the database).
    with station.db.session() as s:
        path = s.get(Upload, finished_upload).photo_path
        s.get(PhotoBlob, Path(path).stem).data = b"\xff\xd8 not the photo"
    station.photos.path(path).write_bytes(b"\xff\xd8 not the photo")
    out = tmp_path / "by_id.zip"
    result = console.export.export(admin, out, name_by="id_number")
    assert zipfile.ZipFile(out).namelist() == [f"{id_number(9)}.jpg", "manifest.csv"]
    assert [(s.student_no, s.reason) for s in result.skipped] == [
        (station.capture.student(finished_sid).student_no, "no_id_number")
    ]
    station.capture._students.update(finished_sid, id_number=id_number(10))
    result = console.export.export(admin, out, name_by="id_number")
    assert [s.reason for s in result.skipped] == ["photo_damaged"]


def test_manifest_cells_never_start_a_formula(
    tmp_path: Path,
    station: Station,
    console: ConsoleServices,
    admin: StaffSession,
    three_uploads: dict[str, tuple[int, str]],
) -> None:
    sid, _ = three_uploads["accepted"]
    # A name that came in through the provincial service's roster, not our import.
    station.capture._students.update(sid, name='=HYPERLINK("http://x")', department="@SUM(A1)")
    console.export.export(admin, tmp_path / "safe.zip")
    _, rows = _manifest(tmp_path / "safe.zip")
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://x")' in cells and "'@SUM(A1)" in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)


def test_daily_report_counts_the_day(
    tmp_path: Path,
    station: Station,
    console: ConsoleServices,
    admin: StaffSession,
    clock: FakeClock,
    three_uploads: dict[str, tuple[int, str]],
) -> None:
    sid = student_id(station, 6)
    take_photos(station, sid, fails=2, passes=0)
    for _ in range(3):
        station.capture.record_liveness_failure(sid, "screen_cues")
    report = console.reports.daily(admin)
    f = report.figures
    assert f.students_total == 30 and f.students_done_total == 3 and f.confirmed_today == 3
    assert (f.photo_attempts_today, f.photo_passed_today, f.photo_failed_today) == (5, 3, 2)
    assert f.failures_by_reason == {"exposure": 2, "sharpness": 2}
    assert f.liveness_failures_today == 3 and f.liveness_reasons == {"screen_cues": 3}
    assert f.liveness_locked_now == 1 and f.outbox_backlog == 3
    assert f.uploads_by_status == {"accepted": 1, "finished": 1, "pending": 1}
    yesterday = console.reports.daily(admin, report.day - timedelta(days=1)).figures
    assert yesterday.photo_attempts_today == 0 and yesterday.students_done_total == 3
    out = console.reports.save_csv(admin, report, tmp_path / "r" / "day.csv")
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert ["未通过原因", "exposure", "曝光不当", "2"] in rows
    assert ["活体未通过原因", "screen_cues", "检测到屏幕", "3"] in rows
    assert ["上传状态", "pending", "待同步", "1"] in rows
    backlog = next(r for r in rows if r[1] == "oldest_backlog_at")[3]
    assert "+" not in backlog and "T" not in backlog
    assert ["概况", "photo_failed_today", "当日检测未通过", "2"] in rows


def test_cli_export_and_report(
    tmp_path: Path,
    station: Station,
    capsys: pytest.CaptureFixture[str],
    clock: FakeClock,
    three_uploads: dict[str, tuple[int, str]],
) -> None:
    folder, settings = station.data_dir, station.settings
    station.close()
    from tucai_desk.services.settings import save_settings

    save_settings(folder, settings)
    out = tmp_path / "cli.zip"
    code = cli_main(["export", "--data-dir", str(folder), "--out", str(out), "--json"])
    printed = json.loads(capsys.readouterr().out)
    assert code == 0 and printed["files"] == 2 and out.is_file()
    code = cli_main(["export", "--data-dir", str(folder), "--out", str(out), "--by", "id_number"])
    captured = capsys.readouterr()  # nobody has an ID number: nothing exported, all listed
    assert code == 1 and captured.err.count("没有身份证号") == 2
    csv_out = tmp_path / "day.csv"
    day = clock.now().astimezone().date().isoformat()  # the tests' day, not the real one
    code = cli_main(
        ["report", "--data-dir", str(folder), "--date", day, "--out", str(csv_out), "--json"]
    )
    body = json.loads(capsys.readouterr().out)
    assert code == 0 and body["summary"]["confirmed_today"] == "3" and csv_out.is_file()
    assert cli_main(["report", "--data-dir", str(folder), "--date", "2026-13-01"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
