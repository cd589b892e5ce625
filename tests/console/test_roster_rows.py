# SPDX-License-Identifier: MIT
"""Row validation of a roster: header mapping, each field's rules, duplicates within the file."""

from __future__ import annotations

from tucai_desk.core.roster_rows import (
    Column,
    HeaderProblem,
    RowProblem,
    check_rows,
    id_number_valid,
    is_formula,
    map_header,
    safe_cell,
)

from .conftest import HEADER, SCHOOL, id_number, new_code, roster_row


def _problems(rows: list[list[str]], school: str | None = "32001") -> set[tuple[int, RowProblem]]:
    header = map_header(HEADER)
    result = check_rows(header, [(i + 2, r) for i, r in enumerate(rows)], school, SCHOOL)
    return {(issue.line, issue.problem) for issue in result.issues}


def test_header_accepts_bom_spaces_and_full_width_and_finds_missing_columns() -> None:
    header = map_header(["\ufeff姓名", " 学号 ", "学校", "院系", "班级", "采集码", "备注"])
    assert header.problem is None
    assert header.columns[Column.NAME] == 0 and header.columns[Column.CODE] == 5
    assert header.ignored == ("备注",)
    missing = map_header(["姓名", "学号", "学校"])
    assert missing.problem is HeaderProblem.MISSING_COLUMNS
    assert set(missing.missing) == {Column.DEPARTMENT, Column.CLASS_NAME, Column.CODE}
    assert map_header(["a", "b"]).problem is HeaderProblem.NO_HEADER
    assert map_header([*HEADER, "学号"]).problem is HeaderProblem.DUPLICATE_COLUMNS


def _wrong_check(good: str) -> str:
    return good[:17] + ("0" if good[17] != "0" else "1")


def test_id_number_check_character_and_birth_date() -> None:
    good = id_number(7)
    assert id_number_valid(good)
    assert not id_number_valid(_wrong_check(good))
    assert not id_number_valid(good[:17])  # 17 characters
    assert not id_number_valid("320102" + "20041331" + good[14:])  # 31 Dec is fine, 13th month not


def test_good_rows_pass_and_phone_is_normalised() -> None:
    header = map_header(HEADER)
    row = roster_row(1, 手机号="+86 139-0000-0001")
    result = check_rows(header, [(2, row)], "32001", SCHOOL)
    assert result.issues == ()
    assert result.rows[0].phone == "13900000001"
    assert result.rows[0].code == new_code(1)


def test_each_bad_field_is_named_with_its_line() -> None:
    rows = [
        roster_row(1, 姓名=""),
        roster_row(2, 手机号="12345"),
        roster_row(3, 身份证号=_wrong_check(id_number(3))),
        roster_row(4, 采集码="JS320010000000X"),
        roster_row(5, 采集码=new_code(5).replace("32001", "32002")),
        roster_row(6, 学校="别的学校"),
        roster_row(7, 学号="2024/../x y"),
    ]
    assert _problems(rows) == {
        (2, RowProblem.MISSING_FIELD),
        (3, RowProblem.BAD_PHONE),
        (4, RowProblem.BAD_ID_NUMBER),
        (5, RowProblem.BAD_CODE),
        (6, RowProblem.BAD_CODE),  # the changed school digits break the check character
        (7, RowProblem.SCHOOL_MISMATCH),
        (8, RowProblem.BAD_STUDENT_NO),
    }


def test_a_valid_code_of_another_school_is_refused() -> None:
    from tucai_desk.core.collection_code import make_code

    rows = [roster_row(1, 采集码=make_code("JS", "32099", 5))]
    assert _problems(rows) == {(2, RowProblem.OTHER_SCHOOL_CODE)}


def test_formula_cells_are_refused_in_every_column() -> None:
    rows = [
        roster_row(1, 姓名='=HYPERLINK("http://x")'),
        roster_row(2, 院系="+cmd|' /C calc'!A0"),
        roster_row(3, 班级="-2+3"),
        roster_row(4, 学号="@SUM(A1)"),
        roster_row(5, 姓名="\t=1+1"),
    ]
    problems = _problems(rows)
    assert {line for line, p in problems if p is RowProblem.FORMULA} == {2, 3, 4, 5, 6}
    assert is_formula("=1") and is_formula(" =1") and not is_formula("张三")
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("张三") == "张三"


def test_duplicates_within_the_file_point_at_the_first_line() -> None:
    header = map_header(HEADER)
    rows = [
        roster_row(1),
        roster_row(2, 学号="2024000001"),
        roster_row(3, 采集码=new_code(1)),
        roster_row(4, 身份证号=id_number(1)),
    ]
    result = check_rows(header, [(i + 2, r) for i, r in enumerate(rows)], "32001", SCHOOL)
    found = {(i.line, i.problem, i.other_line) for i in result.issues}
    assert found == {
        (3, RowProblem.DUPLICATE_STUDENT_NO, 2),
        (4, RowProblem.DUPLICATE_CODE, 2),
        (5, RowProblem.DUPLICATE_ID_NUMBER, 2),
    }
    assert [r.line for r in result.rows] == [2]


def test_control_characters_and_overlong_cells_are_refused() -> None:
    rows = [roster_row(1, 姓名="张\u202e三"), roster_row(2, 班级="班" * 201)]
    assert _problems(rows) == {(2, RowProblem.BAD_CHARACTERS), (3, RowProblem.TOO_LONG)}


def test_without_a_school_the_first_valid_code_decides() -> None:
    header = map_header(HEADER)
    result = check_rows(header, [(2, roster_row(1))], None)
    assert result.school_code == "32001" and result.issues == ()
