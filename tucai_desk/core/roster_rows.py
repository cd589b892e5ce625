# SPDX-License-Identifier: MIT
"""Roster rows: header mapping and validation of every row of an imported roster (pure, no I/O).

A roster is a table with the columns 姓名, 学号, 学校, 院系, 班级, 手机号 (optional), 采集码 and
身份证号 (optional). Every cell is hostile input: a cell that would start a spreadsheet formula is
refused (it would run when staff open the file or an export in a spreadsheet), control characters
are refused, lengths are capped to the database columns. Problems are returned as codes with the
row's line number; the UI and the command line turn them into words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from tucai_desk.core.collection_code import CodeFormatError, CodeProblem, check_char, parse_code
from tucai_desk.core.people import is_mainland_mobile, normalise_phone


class Column(StrEnum):
    NAME = "name"
    STUDENT_NO = "student_no"
    SCHOOL = "school"
    DEPARTMENT = "department"
    CLASS_NAME = "class_name"
    PHONE = "phone"
    CODE = "code"
    ID_NUMBER = "id_number"


# The roster's own headers first; the English names are accepted too (exports of other tools).
HEADERS: Mapping[str, Column] = {
    "姓名": Column.NAME,
    "学号": Column.STUDENT_NO,
    "学校": Column.SCHOOL,
    "院系": Column.DEPARTMENT,
    "班级": Column.CLASS_NAME,
    "手机号": Column.PHONE,
    "采集码": Column.CODE,
    "身份证号": Column.ID_NUMBER,
    "name": Column.NAME,
    "student_no": Column.STUDENT_NO,
    "school": Column.SCHOOL,
    "department": Column.DEPARTMENT,
    "class": Column.CLASS_NAME,
    "class_name": Column.CLASS_NAME,
    "phone": Column.PHONE,
    "code": Column.CODE,
    "id_number": Column.ID_NUMBER,
}
CHINESE_HEADER: Mapping[Column, str] = {
    Column.NAME: "姓名",
    Column.STUDENT_NO: "学号",
    Column.SCHOOL: "学校",
    Column.DEPARTMENT: "院系",
    Column.CLASS_NAME: "班级",
    Column.PHONE: "手机号",
    Column.CODE: "采集码",
    Column.ID_NUMBER: "身份证号",
}
REQUIRED: tuple[Column, ...] = (
    Column.NAME,
    Column.STUDENT_NO,
    Column.SCHOOL,
    Column.DEPARTMENT,
    Column.CLASS_NAME,
    Column.CODE,
)
OPTIONAL: tuple[Column, ...] = (Column.PHONE, Column.ID_NUMBER)
# The database column sizes (store/models.py).
MAX_LENGTH: Mapping[Column, int] = {
    Column.NAME: 100,
    Column.STUDENT_NO: 32,
    Column.SCHOOL: 200,
    Column.DEPARTMENT: 200,
    Column.CLASS_NAME: 200,
    Column.PHONE: 20,
    Column.CODE: 32,
    Column.ID_NUMBER: 18,
}
# Spreadsheets start a formula with these; a leading tab or carriage return hides one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PHONE_LIKE = re.compile(r"^\+?[\d\s\-()]+$")
_STUDENT_NO = re.compile(r"^[0-9A-Za-z_\-./]+$")
_ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]


class RowProblem(StrEnum):
    MISSING_FIELD = "missing_field"
    TOO_LONG = "too_long"
    BAD_CHARACTERS = "bad_characters"
    FORMULA = "formula"
    BAD_STUDENT_NO = "bad_student_no"
    BAD_PHONE = "bad_phone"
    BAD_ID_NUMBER = "bad_id_number"
    BAD_CODE = "bad_code"
    OTHER_SCHOOL_CODE = "other_school_code"
    SCHOOL_MISMATCH = "school_mismatch"
    DUPLICATE_STUDENT_NO = "duplicate_student_no"
    DUPLICATE_CODE = "duplicate_code"
    DUPLICATE_ID_NUMBER = "duplicate_id_number"
    CODE_TAKEN = "code_taken"  # the code belongs to another student in the database
    STUDENT_NO_TAKEN = "student_no_taken"  # a renumbered student's new 学号 is someone else's


class HeaderProblem(StrEnum):
    NO_HEADER = "no_header"
    MISSING_COLUMNS = "missing_columns"
    DUPLICATE_COLUMNS = "duplicate_columns"


@dataclass(frozen=True, slots=True)
class RowIssue:
    line: int  # the row's number in the file (the header is line 1 in a file that starts with it)
    problem: RowProblem
    column: Column | None = None
    other_line: int | None = None  # the first line holding the same 学号 / code


@dataclass(frozen=True, slots=True)
class RosterRow:
    line: int
    name: str
    student_no: str
    school: str
    department: str
    class_name: str
    phone: str | None
    code: str
    id_number: str | None

    @property
    def school_code(self) -> str:
        return self.code[2:7]


@dataclass(frozen=True, slots=True)
class HeaderMap:
    """Which column index holds which field; ``problem`` set when the header is unusable."""

    columns: Mapping[Column, int] = field(default_factory=dict)
    problem: HeaderProblem | None = None
    missing: tuple[Column, ...] = ()
    duplicates: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RowCheck:
    rows: tuple[RosterRow, ...]
    issues: tuple[RowIssue, ...]
    school_code: str | None  # the school of the roster's codes (None: no valid code at all)

    @property
    def bad_lines(self) -> frozenset[int]:
        return frozenset(issue.line for issue in self.issues)


def clean_header(cell: object) -> str:
    text = unicodedata.normalize("NFKC", str(cell or "")).strip().lstrip("\ufeff").strip()
    return text.replace(" ", "").lower() if text.isascii() else text.replace(" ", "")


def map_header(cells: Sequence[object]) -> HeaderMap:
    columns: dict[Column, int] = {}
    duplicates: list[str] = []
    ignored: list[str] = []
    for index, cell in enumerate(cells):
        name = clean_header(cell)
        if not name:
            continue
        column = HEADERS.get(name)
        if column is None:
            ignored.append(name[:40])
        elif column in columns:
            duplicates.append(CHINESE_HEADER[column])
        else:
            columns[column] = index
    if not columns:
        return HeaderMap(problem=HeaderProblem.NO_HEADER, ignored=tuple(ignored))
    if duplicates:
        return HeaderMap(columns, HeaderProblem.DUPLICATE_COLUMNS, duplicates=tuple(duplicates))
    missing = tuple(c for c in REQUIRED if c not in columns)
    if missing:
        return HeaderMap(columns, HeaderProblem.MISSING_COLUMNS, missing=missing)
    return HeaderMap(columns, ignored=tuple(ignored))


def header_score(cells: Sequence[object]) -> int:
    """How many known column names a row holds (finds the header row and the CSV delimiter)."""
    return len({HEADERS[n] for n in (clean_header(c) for c in cells) if n in HEADERS})


def is_formula(raw: str) -> bool:
    """A cell a spreadsheet would run as a formula (CSV/formula injection)."""
    return raw.startswith(FORMULA_STARTS) or raw.lstrip().startswith(FORMULA_STARTS[:4])


def safe_cell(value: object) -> str:
    """A cell for a CSV that staff open in a spreadsheet: never starts a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text and is_formula(text) else text


def id_number_valid(text: str) -> bool:
    """An 18-character resident ID number with a real birth date and the right check character."""
    if len(text) != 18 or not text[:17].isdigit() or not (text[17].isdigit() or text[17] == "X"):
        return False
    try:
        born = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return False
    if born.year < 1900:
        return False
    total = sum(int(d) * w for d, w in zip(text[:17], _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == text[17]


# Control and format characters (C0, C1, zero-width and direction marks, BOM, separators),
# surrogates and private-use characters: none belongs in a roster cell.
_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff"
    "\ud800-\udfff\ue000-\uf8ff\ufff0-\uffff]"
)
_PLAIN_CODE = re.compile(r"^[A-Z]{2}(\d{5})(\d{8})([0-9X])$")


def _has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None


def _parse_code(text: str) -> tuple[str, str]:
    """(code, school code); the plain form is checked directly, anything else by ``parse_code``."""
    match = _PLAIN_CODE.match(text)
    if match is not None:
        if check_char(match.group(1) + match.group(2)) != match.group(3):
            raise CodeFormatError(CodeProblem.MALFORMED)
        return text, match.group(1)
    parsed = parse_code(text)
    return parsed.code, parsed.school_code


def _norm_name(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").replace("\u3000", "")


class RowValidator:
    """Checks rows one by one (streaming), remembering 学号, codes and ID numbers already seen.

    ``school_code``: the station's school; None lets the roster's first valid code decide.
    ``school_name``: the school's name when known; the 学校 column must then match it.
    """

    def __init__(self, school_code: str | None, school_name: str | None = None) -> None:
        self.school_code = school_code
        self.school_name = _norm_name(school_name) if school_name else None
        self.school_label = school_name  # as written (the new school's name on a first import)
        self._student_nos: dict[str, int] = {}
        self._codes: dict[str, int] = {}
        self._id_numbers: dict[str, int] = {}
        self.rows: list[RosterRow] = []
        self.issues: list[RowIssue] = []

    def add(self, line: int, cells: Sequence[object], header: HeaderMap) -> None:
        values: dict[Column, str] = {}
        issues: list[RowIssue] = []
        for column, index in header.columns.items():
            raw = cells[index] if index < len(cells) else None
            raw_text = "" if raw is None else str(raw)
            if (
                raw_text
                and is_formula(raw_text)
                and not (column is Column.PHONE and _PHONE_LIKE.match(raw_text.strip()))
            ):
                issues.append(RowIssue(line, RowProblem.FORMULA, column))
                continue
            text = raw_text.strip()
            if column not in (Column.NAME, Column.SCHOOL, Column.DEPARTMENT, Column.CLASS_NAME):
                text = unicodedata.normalize("NFKC", text).strip()
            if _has_control(text):
                issues.append(RowIssue(line, RowProblem.BAD_CHARACTERS, column))
                continue
            if len(text) > MAX_LENGTH[column] and column is not Column.PHONE:
                issues.append(RowIssue(line, RowProblem.TOO_LONG, column))
                continue
            values[column] = text
        for column in REQUIRED:
            if column in values and not values[column]:
                issues.append(RowIssue(line, RowProblem.MISSING_FIELD, column))
        self._check_fields(line, values, issues)
        if issues:
            self.issues.extend(issues)
            return
        phone = values.get(Column.PHONE) or None
        id_number = values.get(Column.ID_NUMBER) or None
        self.rows.append(
            RosterRow(
                line=line,
                name=values[Column.NAME],
                student_no=values[Column.STUDENT_NO],
                school=values[Column.SCHOOL],
                department=values[Column.DEPARTMENT],
                class_name=values[Column.CLASS_NAME],
                phone=normalise_phone(phone) if phone else None,
                code=values[Column.CODE],
                id_number=id_number,
            )
        )

    def _check_fields(self, line: int, values: dict[Column, str], issues: list[RowIssue]) -> None:
        student_no = values.get(Column.STUDENT_NO)
        if student_no:
            if not _STUDENT_NO.match(student_no):
                issues.append(RowIssue(line, RowProblem.BAD_STUDENT_NO, Column.STUDENT_NO))
            else:
                self._unique(
                    self._student_nos,
                    student_no,
                    line,
                    issues,
                    RowProblem.DUPLICATE_STUDENT_NO,
                    Column.STUDENT_NO,
                )
        phone = values.get(Column.PHONE)
        if phone and not is_mainland_mobile(phone):
            issues.append(RowIssue(line, RowProblem.BAD_PHONE, Column.PHONE))
        id_number = values.get(Column.ID_NUMBER)
        if id_number:
            id_number = id_number.upper()
            values[Column.ID_NUMBER] = id_number
            if not id_number_valid(id_number):
                issues.append(RowIssue(line, RowProblem.BAD_ID_NUMBER, Column.ID_NUMBER))
            else:
                self._unique(
                    self._id_numbers,
                    id_number,
                    line,
                    issues,
                    RowProblem.DUPLICATE_ID_NUMBER,
                    Column.ID_NUMBER,
                )
        code = values.get(Column.CODE)
        if code:
            try:
                code, school_code = _parse_code(code)
            except CodeFormatError:
                issues.append(RowIssue(line, RowProblem.BAD_CODE, Column.CODE))
            else:
                values[Column.CODE] = code
                if self.school_code is None:
                    self.school_code = school_code
                if school_code != self.school_code:
                    issues.append(RowIssue(line, RowProblem.OTHER_SCHOOL_CODE, Column.CODE))
                else:
                    self._unique(
                        self._codes, code, line, issues, RowProblem.DUPLICATE_CODE, Column.CODE
                    )
        school = values.get(Column.SCHOOL)
        if school:
            if self.school_name is None and not issues:
                self.school_name = _norm_name(school)
                self.school_label = school
            if self.school_name is not None and _norm_name(school) != self.school_name:
                issues.append(RowIssue(line, RowProblem.SCHOOL_MISMATCH, Column.SCHOOL))

    @staticmethod
    def _unique(
        seen: dict[str, int],
        key: str,
        line: int,
        issues: list[RowIssue],
        problem: RowProblem,
        column: Column,
    ) -> None:
        first = seen.setdefault(key, line)
        if first != line:
            issues.append(RowIssue(line, problem, column, other_line=first))

    def result(self) -> RowCheck:
        return RowCheck(tuple(self.rows), tuple(self.issues), self.school_code)


def check_rows(
    header: HeaderMap,
    rows: Iterable[tuple[int, Sequence[object]]],
    school_code: str | None,
    school_name: str | None = None,
) -> RowCheck:
    """Validate all ``(line, cells)`` rows against ``header`` (see :class:`RowValidator`)."""
    validator = RowValidator(school_code, school_name)
    for line, cells in rows:
        validator.add(line, cells, header)
    return validator.result()
