# SPDX-License-Identifier: MIT
"""Roster import: encodings and formats, hostile files, re-import keeping history, the CLI."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tucai_desk.cli import main as cli_main
from tucai_desk.commands.console_texts import roster_error
from tucai_desk.core.roster_rows import RowProblem
from tucai_desk.services.accounts import COMMAND_LINE
from tucai_desk.services.app import Station, open_station
from tucai_desk.services.console import ConsoleServices
from tucai_desk.services.dto import StaffSession
from tucai_desk.services.roster import RosterError
from tucai_desk.services.settings import StationSettings, load_settings, save_settings
from tucai_desk.store.models import Attempt, AuditRecord, Draft, Student, Upload

from .conftest import (
    HEADER,
    db_state,
    id_number,
    new_code,
    roster_row,
    student_id,
    take_photos,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.db


def _import(console: ConsoleServices, admin: StaffSession, path: Path, **kw: object):  # noqa: ANN202
    preview = console.roster.preview(admin, path)
    return preview, console.roster.apply(admin, preview, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_each_encoding_imports_the_same_students(
    tmp_path: Path,
    station: Station,
    console: ConsoleServices,
    admin: StaffSession,
    encoding: str,
) -> None:
    # Names with characters outside GB2312 (镕, 喆) still go through GBK/GB18030.
    rows = [roster_row(1, 姓名="朱镕基"), roster_row(2, 姓名="张喆"), roster_row(3)]
    path = write_csv(tmp_path / "r.csv", rows, encoding=encoding)
    preview, result = _import(console, admin, path)
    assert preview.ok and preview.to_create == 3 and preview.file_format == "csv"
    assert result.created == 3
    names = {h.name for h in console.lookup.search(admin, "2024000")}
    assert names == {"朱镕基", "张喆", "新生3"}


def test_xlsx_with_numbers_as_cells_imports(
    tmp_path: Path, console: ConsoleServices, admin: StaffSession
) -> None:
    # Excel keeps a 学号 or phone typed as a number as a number.
    rows = [
        [
            "李雷",
            2024000001,
            "演示学校（江苏）",
            "外国语学院",
            "英语2401班",
            13900000001,
            new_code(1),
            id_number(1),
        ]
    ]
    preview, result = _import(console, admin, write_xlsx(tmp_path / "r.xlsx", rows))
    assert preview.file_format == "xlsx" and preview.ok
    assert result.created == 1
    hit = console.lookup.search(admin, "2024000001")[0]
    assert hit.name == "李雷" and hit.phone_masked == "139****0001"


def test_title_row_above_the_header_and_tab_separated_text(
    tmp_path: Path, console: ConsoleServices, admin: StaffSession
) -> None:
    text = "2024届毕业生图像采集名单\n" + "\t".join(HEADER) + "\n" + "\t".join(roster_row(1))
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-16")  # Excel's "Unicode text"
    preview, result = _import(console, admin, path)
    assert preview.ok and result.created == 1


HOSTILE: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "empty"),
    "blank": (b"\r\n \r\n", "empty"),
    "garbage": (os.urandom(4096) + b"\x00", "not_a_table"),
    "broken_xlsx": (b"PK\x03\x04" + os.urandom(2000), "broken_xlsx"),
    "old_xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old_xls"),
    "no_header": ("只是一些文字\n没有表头\n".encode(), "no_header"),
    "wrong_columns": ("姓名,学号,学校\n张三,1,演示学校（江苏）\n".encode(), "missing_columns"),
    "header_only": (",".join(HEADER).encode() + b"\n", "no_rows"),
    "docx_zip": (b"", "broken_xlsx"),  # filled below: a ZIP that is not a workbook
    "huge_cell": (b"", "bad_csv"),  # filled below: one quoted cell over the csv field limit
}


def _hostile_bytes(name: str) -> bytes:
    if name == "docx_zip":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("word/document.xml", "<w/>")
        return buf.getvalue()
    if name == "huge_cell":
        return (",".join(HEADER) + '\n"' + "x" * 300_000 + '"\n').encode()
    return HOSTILE[name][0]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_end_in_a_clear_message_and_change_nothing(
    tmp_path: Path, station: Station, console: ConsoleServices, admin: StaffSession, name: str
) -> None:
    path = tmp_path / f"{name}.csv"
    path.write_bytes(_hostile_bytes(name))
    before = db_state(station)
    with pytest.raises(RosterError) as caught:
        console.roster.preview(admin, path)
    assert caught.value.code == HOSTILE[name][1]
    message = roster_error(caught.value.code, caught.value.params)
    assert message and "{" not in message  # a Chinese sentence with its placeholders filled
    assert db_state(station) == before


def test_a_10_mb_file_is_read_and_an_oversized_one_refused_before_reading(
    tmp_path: Path, station: Station, console: ConsoleServices, admin: StaffSession
) -> None:
    # 10 MB of rows whose codes belong to nobody's school: read completely, every row listed.
    big = tmp_path / "big.csv"
    filler = "备注" * 30
    lines = [",".join([*HEADER, "备注"])]
    row = ",".join(roster_row(1, 采集码="JS3209900000001X")) + "," + filler
    lines.extend([row] * (10 * 1024 * 1024 // len(row.encode())))
    big.write_text("\n".join(lines), encoding="utf-8")
    assert big.stat().st_size > 9.5 * 1024 * 1024
    before = db_state(station)
    preview = console.roster.preview(admin, big)
    assert preview.bad_rows == preview.total_rows > 30_000
    assert preview.ignored_columns == ("备注",)
    with pytest.raises(RosterError) as caught:
        console.roster.apply(admin, preview)
    assert caught.value.code == "has_bad_rows"
    huge = tmp_path / "huge.csv"
    with open(huge, "wb") as fh:  # sparse: 21 MB on paper, nothing on disk
        fh.truncate(21 * 1024 * 1024)
    with pytest.raises(RosterError) as caught:
        console.roster.preview(admin, huge)
    assert caught.value.code == "too_large" and caught.value.params["limit_mb"] == 20.0
    assert "20.0 MB" in roster_error("too_large", caught.value.params)
    assert db_state(station) == before


def test_formula_rows_are_listed_and_nothing_is_written_unless_skipped(
    tmp_path: Path, station: Station, console: ConsoleServices, admin: StaffSession
) -> None:
    rows = [
        roster_row(1),
        roster_row(2, 姓名='=HYPERLINK("http://evil","x")'),
        roster_row(3, 班级="@SUM(1)"),
    ]
    path = write_csv(tmp_path / "f.csv", rows)
    before = db_state(station)
    preview = console.roster.preview(admin, path)
    assert [(i.line, i.problem) for i in preview.issues] == [
        (3, RowProblem.FORMULA),
        (4, RowProblem.FORMULA),
    ]
    with pytest.raises(RosterError):
        console.roster.apply(admin, preview)
    assert db_state(station) == before
    result = console.roster.apply(admin, preview, skip_bad_rows=True)
    assert result.created == 1 and result.skipped_rows == 2
    assert [h.student_no for h in console.lookup.search(admin, "2024")] == ["2024000001"]


def test_xlsx_formula_cells_are_refused(
    tmp_path: Path, station: Station, console: ConsoleServices, admin: StaffSession
) -> None:
    path = write_xlsx(tmp_path / "f.xlsx", [roster_row(1, 院系='=HYPERLINK("http://x")')])
    before = db_state(station)
    preview = console.roster.preview(admin, path)
    assert [(i.line, i.problem) for i in preview.issues] == [(2, RowProblem.FORMULA)]
    assert db_state(station) == before


def test_a_code_of_another_student_in_the_database_is_a_bad_row(
    tmp_path: Path, console: ConsoleServices, admin: StaffSession
) -> None:
    from tucai_desk.services.demo import demo_codes

    path = write_csv(tmp_path / "c.csv", [roster_row(1, 采集码=demo_codes()[0])])
    preview = console.roster.preview(admin, path)
    assert [(i.line, i.problem) for i in preview.issues] == [(2, RowProblem.CODE_TAKEN)]


def test_reimport_updates_by_student_number_and_keeps_capture_history(
    tmp_path: Path, station: Station, console: ConsoleServices, admin: StaffSession
) -> None:
    from tucai_desk.services.demo import demo_codes

    sid = student_id(station, 2)
    upload_id = take_photos(station, sid, fails=2, passes=1)
    before = console.lookup.detail(admin, sid, audit_view=False)
    # The demo roster again, with a new class for the third student and one new student.
    demo_rows = []
    for i, code in enumerate(demo_codes()):
        detail = console.lookup.search(admin, code)[0]
        demo_rows.append(
            [
                detail.name,
                detail.student_no,
                "演示学校（江苏）",
                detail.department,
                "新班级" if i == 2 else detail.class_name,
                "",
                code,
                "",
            ]
        )
    path = write_csv(tmp_path / "again.csv", [*demo_rows, roster_row(1)])
    preview, result = _import(console, admin, path)
    assert (preview.to_create, preview.to_update, preview.unchanged) == (1, 1, 29)
    assert (result.created, result.updated) == (1, 1)
    after = console.lookup.detail(admin, sid, audit_view=False)
    assert after.class_name == "新班级"
    assert after.phone == before.phone  # an empty 手机号 in the file keeps the number
    assert [a.id for a in after.attempts] == [a.id for a in before.attempts]
    assert [u.id for u in after.uploads] == [upload_id]
    assert after.status == before.status
    with station.db.session() as s:
        assert s.scalar(select(func.count(Attempt.id))) == 3
        assert s.scalar(select(func.count(Draft.id))) == 1
        assert s.scalar(select(func.count(Upload.id))) == 1
        record = s.scalars(select(AuditRecord).where(AuditRecord.action == "roster_imported")).one()
        assert record.detail["created"] == 1 and record.detail["updated"] == 1


def test_a_changed_code_moves_with_the_student(
    tmp_path: Path, station: Station, console: ConsoleServices, admin: StaffSession
) -> None:
    _import(console, admin, write_csv(tmp_path / "a.csv", [roster_row(1)]))
    preview, result = _import(
        console, admin, write_csv(tmp_path / "b.csv", [roster_row(1, 采集码=new_code(77))])
    )
    assert preview.code_changes == 1 and result.code_changes == 1
    assert station.capture.verify_code(new_code(77)).student is not None
    assert station.capture.verify_code(new_code(1)).problem is not None


def test_database_changed_between_preview_and_import(
    tmp_path: Path, station: Station, console: ConsoleServices, admin: StaffSession
) -> None:
    preview = console.roster.preview(admin, write_csv(tmp_path / "a.csv", [roster_row(1)]))
    with station.db.session() as s:  # another station takes the code meanwhile
        other = s.scalars(select(Student).limit(1)).one()
        from tucai_desk.store.models import CollectionCodeRow

        s.get(CollectionCodeRow, station.capture.student(other.id).code).code = new_code(1)
    before = db_state(station)
    with pytest.raises(RosterError) as caught:
        console.roster.apply(admin, preview)
    assert caught.value.code == "changed_since_preview"
    assert db_state(station) == before


def test_an_operator_may_not_import(
    tmp_path: Path, station: Station, console: ConsoleServices, admin: StaffSession
) -> None:
    console.accounts.create_account(admin, "op1", "operator-pass1", "operator")
    operator = station.staff.login("op1", "operator-pass1")
    with pytest.raises(RosterError) as caught:
        console.roster.preview(operator, write_csv(tmp_path / "a.csv", [roster_row(1)]))
    assert caught.value.code == "not_allowed"


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli_main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_import_on_a_fresh_folder_sets_the_station_up(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "fresh"
    folder.mkdir()
    if not db_url.startswith("sqlite"):
        # A PostgreSQL station names its server in the settings; SQLite uses the folder's file.
        save_settings(folder, StationSettings(db_url=db_url))
    path = write_csv(tmp_path / "r.csv", [roster_row(i) for i in range(1, 6)], encoding="gbk")
    code, out, err = _cli(["import-roster", str(path), "--data-dir", str(folder)], capsys)
    assert code == 1 and "--yes" in err  # no terminal to ask: nothing imported
    code, out, _ = _cli(
        ["import-roster", str(path), "--data-dir", str(folder), "--yes", "--json"], capsys
    )
    report = json.loads(out)
    assert code == 0 and report["imported"] and report["created"] == 5
    assert report["encoding"] == "gb18030" and report["new_school"]
    settings = load_settings(folder)
    assert settings.school_code == "32001" and not settings.demo
    station = open_station(folder)  # no demo roster: the imported school
    try:
        assert station.school.name == "演示学校（江苏）"
        assert station.capture.verify_code(new_code(3)).student is not None
        assert station.staff.needs_first_admin()
    finally:
        station.close()


def test_cli_lists_bad_rows_in_chinese_and_imports_nothing(
    tmp_path: Path, station: Station, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = station.data_dir
    station.close()
    path = write_csv(tmp_path / "bad.csv", [roster_row(1), roster_row(2, 手机号="10086")])
    code, out, err = _cli(["import-roster", str(path), "--data-dir", str(folder), "--yes"], capsys)
    assert code == 1
    assert "第 3 行：手机号不是有效的 11 位大陆手机号" in out
    assert "未导入任何数据" in err
    code, out, _ = _cli(
        ["import-roster", str(tmp_path / "missing.csv"), "--data-dir", str(folder), "--json"],
        capsys,
    )
    assert code == 2 and json.loads(out)["error"] == "file_missing"
    # the command line has no staff login, and its import is audited all the same
    code, out, _ = _cli(
        [
            "import-roster",
            str(path),
            "--data-dir",
            str(folder),
            "--yes",
            "--skip-bad-rows",
            "--json",
        ],
        capsys,
    )
    assert code == 0 and json.loads(out)["created"] == 1
    reopened = open_station(folder, settings=station.settings)
    try:
        console = ConsoleServices.for_station(reopened)
        entries = console.accounts.audit_entries(COMMAND_LINE, limit=1)
        assert entries[0].action == "roster_imported" and entries[0].detail["via"] == "cli"
    finally:
        reopened.close()


def test_the_same_id_number_under_a_new_student_number_is_the_same_student(
    tmp_path: Path, station: Station, console: ConsoleServices, admin: StaffSession, caplog
) -> None:  # noqa: ANN001
    from tucai_desk.core.policies import BlockReason
    from tucai_desk.store.models import StudentLock

    caplog.set_level("DEBUG")
    _import(console, admin, write_csv(tmp_path / "a.csv", [roster_row(1), roster_row(2)]))
    sid = station.capture.verify_code(new_code(1)).student.id  # type: ignore[union-attr]
    upload_id = take_photos(station, sid, fails=2, passes=1)
    for _ in range(3):
        station.capture.record_liveness_failure(sid, "timeout")
    assert station.capture.capture_gate(sid).reason is BlockReason.LIVENESS_LOCKED
    # The school renumbers the student: same 身份证号, new 学号 (and the code stays).
    renumbered = roster_row(1, 学号="2025999001")
    preview, result = _import(
        console, admin, write_csv(tmp_path / "b.csv", [renumbered, roster_row(2)])
    )
    assert preview.student_no_changes == (("2024000001", "2025999001"),)
    assert (preview.to_create, preview.to_update) == (0, 1)
    assert (result.created, result.updated) == (0, 1)
    with station.db.session() as s:
        assert s.scalar(select(func.count(Student.id)).where(Student.name == "新生1")) == 1
        assert s.get(Student, sid).student_no == "2025999001"  # type: ignore[union-attr]
        lock = s.get(StudentLock, sid)
        assert lock is not None and lock.liveness_locked and lock.liveness_failures == 3
        assert s.scalar(select(func.count(Attempt.id)).where(Attempt.student_id == sid)) == 6
    after = console.lookup.detail(admin, sid, audit_view=False)
    assert [u.id for u in after.uploads] == [upload_id]
    assert station.capture.capture_gate(sid).reason is BlockReason.LIVENESS_LOCKED
    # Lookup by the ID number still finds the student; no log line carries the number.
    assert [h.id for h in console.lookup.search(admin, id_number(1))] == [sid]
    assert id_number(1) not in caplog.text


def test_a_new_student_number_that_belongs_to_someone_else_is_refused(
    tmp_path: Path, console: ConsoleServices, admin: StaffSession
) -> None:
    _import(console, admin, write_csv(tmp_path / "a.csv", [roster_row(1), roster_row(2)]))
    # Student 1 (by ID number) would take student 2's 学号, and student 2 keeps it.
    taking = roster_row(1, 学号="2024000002")
    preview = console.roster.preview(admin, write_csv(tmp_path / "b.csv", [taking]))
    assert [(i.line, i.problem) for i in preview.issues] == [(2, RowProblem.STUDENT_NO_TAKEN)]
