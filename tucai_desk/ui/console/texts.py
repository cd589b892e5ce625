# SPDX-License-Identifier: MIT
"""The staff console's codes → translated text (roster problems, import/export/report errors,
account errors, audit findings, report items).

Source strings are English, marked with ``QT_TRANSLATE_NOOP("ConsoleTexts", …)``; the Chinese
texts are in ``resources/i18n/tucai_desk_zh_CN.ts``, the one catalogue of the whole UI.
Placeholders are ``{name}`` fields filled after translation.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from tucai_desk.core.roster_rows import Column, RowIssue, RowProblem

_CTX = "ConsoleTexts"


def tr(source: str) -> str:
    return QCoreApplication.translate(_CTX, source)


def _fill(source: str, **params: Any) -> str:
    try:
        return tr(source).format(**params)
    except (KeyError, IndexError, ValueError):
        return tr(source)


COLUMNS: dict[str, str] = {
    Column.NAME: QT_TRANSLATE_NOOP("ConsoleTexts", "name"),
    Column.STUDENT_NO: QT_TRANSLATE_NOOP("ConsoleTexts", "student number"),
    Column.SCHOOL: QT_TRANSLATE_NOOP("ConsoleTexts", "school"),
    Column.DEPARTMENT: QT_TRANSLATE_NOOP("ConsoleTexts", "department"),
    Column.CLASS_NAME: QT_TRANSLATE_NOOP("ConsoleTexts", "class"),
    Column.PHONE: QT_TRANSLATE_NOOP("ConsoleTexts", "mobile number"),
    Column.CODE: QT_TRANSLATE_NOOP("ConsoleTexts", "collection code"),
    Column.ID_NUMBER: QT_TRANSLATE_NOOP("ConsoleTexts", "ID number"),
}

ROW_PROBLEMS: dict[str, str] = {
    RowProblem.MISSING_FIELD: QT_TRANSLATE_NOOP("ConsoleTexts", "The {column} is missing."),
    RowProblem.TOO_LONG: QT_TRANSLATE_NOOP("ConsoleTexts", "The {column} is too long."),
    RowProblem.BAD_CHARACTERS: QT_TRANSLATE_NOOP(
        "ConsoleTexts", "The {column} contains invisible control characters."
    ),
    RowProblem.FORMULA: QT_TRANSLATE_NOOP(
        "ConsoleTexts", "The {column} starts with = + - or @ (a spreadsheet formula); refused."
    ),
    RowProblem.BAD_STUDENT_NO: QT_TRANSLATE_NOOP(
        "ConsoleTexts", "The student number may only hold letters, digits and - _ . /"
    ),
    RowProblem.BAD_PHONE: QT_TRANSLATE_NOOP(
        "ConsoleTexts", "The mobile number is not a valid 11-digit mainland number."
    ),
    RowProblem.BAD_ID_NUMBER: QT_TRANSLATE_NOOP(
        "ConsoleTexts", "The ID number is not valid (length, birth date or check digit)."
    ),
    RowProblem.BAD_CODE: QT_TRANSLATE_NOOP(
        "ConsoleTexts", "The collection code is malformed or its check character is wrong."
    ),
    RowProblem.OTHER_SCHOOL_CODE: QT_TRANSLATE_NOOP(
        "ConsoleTexts", "The collection code belongs to another school."
    ),
    RowProblem.SCHOOL_MISMATCH: QT_TRANSLATE_NOOP(
        "ConsoleTexts", "The school name differs from this station's school."
    ),
    RowProblem.DUPLICATE_STUDENT_NO: QT_TRANSLATE_NOOP(
        "ConsoleTexts", "The student number repeats line {other}."
    ),
    RowProblem.DUPLICATE_CODE: QT_TRANSLATE_NOOP(
        "ConsoleTexts", "The collection code repeats line {other}."
    ),
    RowProblem.DUPLICATE_ID_NUMBER: QT_TRANSLATE_NOOP(
        "ConsoleTexts", "The ID number repeats line {other}."
    ),
    RowProblem.CODE_TAKEN: QT_TRANSLATE_NOOP(
        "ConsoleTexts", "The collection code already belongs to another student."
    ),
    RowProblem.STUDENT_NO_TAKEN: QT_TRANSLATE_NOOP(
        "ConsoleTexts",
        "The student with this ID number would get a student number that belongs to another "
        "student.",
    ),
}


def column_text(column: Column | str | None) -> str:
    source = COLUMNS.get(str(column)) if column else None
    return tr(source) if source else ""


def row_issue_text(issue: RowIssue) -> str:
    source = ROW_PROBLEMS.get(issue.problem, issue.problem.value)
    return _fill(source, column=column_text(issue.column), other=issue.other_line or "?")


ROSTER_ERRORS: dict[str, str] = {
    "file_missing": QT_TRANSLATE_NOOP("ConsoleTexts", "The roster file was not found."),
    "read_failed": QT_TRANSLATE_NOOP("ConsoleTexts", "The roster file cannot be read."),
    "too_large": QT_TRANSLATE_NOOP(
        "ConsoleTexts",
        "The roster file is too large ({size_mb} MB); the limit is {limit_mb} MB. "
        "Please split it and import the parts one after the other.",
    ),
    "empty": QT_TRANSLATE_NOOP("ConsoleTexts", "The roster file is empty."),
    "not_a_table": QT_TRANSLATE_NOOP(
        "ConsoleTexts",
        "This is not a CSV or XLSX table, or its text encoding is unknown. Save it from Excel "
        "as CSV (UTF-8) or XLSX.",
    ),
    "unreadable_encoding": QT_TRANSLATE_NOOP(
        "ConsoleTexts", "The text encoding of the file is unknown. Save it as CSV (UTF-8) or XLSX."
    ),
    "old_xls": QT_TRANSLATE_NOOP(
        "ConsoleTexts", "Old Excel files (.xls) are not supported. Save it as .xlsx or CSV."
    ),
    "broken_xlsx": QT_TRANSLATE_NOOP(
        "ConsoleTexts", "The XLSX file is damaged or not an Excel workbook."
    ),
    "size_lies": QT_TRANSLATE_NOOP(
        "ConsoleTexts",
        "The XLSX file claims a smaller size than its content really has (a damaged or forged "
        "file); nothing was imported. Open it in Excel and save it again as .xlsx or CSV.",
    ),
    "bad_csv": QT_TRANSLATE_NOOP(
        "ConsoleTexts", "The CSV file is malformed at line {line} (a huge cell or a stray quote)."
    ),
    "too_many_rows": QT_TRANSLATE_NOOP(
        "ConsoleTexts", "The roster has more than {limit} rows. Please split it."
    ),
    "no_header": QT_TRANSLATE_NOOP(
        "ConsoleTexts",
        "No header row was found. The first row should name the columns 姓名, 学号, 学校, 院系, "
        "班级, 手机号, 采集码, 身份证号.",
    ),
    "missing_columns": QT_TRANSLATE_NOOP(
        "ConsoleTexts", "The roster lacks required columns: {columns}."
    ),
    "duplicate_columns": QT_TRANSLATE_NOOP(
        "ConsoleTexts", "The roster has columns twice: {columns}."
    ),
    "no_rows": QT_TRANSLATE_NOOP("ConsoleTexts", "The roster holds no students."),
    "no_school": QT_TRANSLATE_NOOP(
        "ConsoleTexts", "The school cannot be told: no valid collection code in the roster."
    ),
    "has_bad_rows": QT_TRANSLATE_NOOP(
        "ConsoleTexts",
        "{count} rows have problems; nothing was imported. Correct the file and check it "
        "again, or choose to skip the bad rows.",
    ),
    "changed_since_preview": QT_TRANSLATE_NOOP(
        "ConsoleTexts",
        "The database changed since the check ({count} codes now belong to other students); "
        "nothing was imported. Please check the file again.",
    ),
    "write_failed": QT_TRANSLATE_NOOP(
        "ConsoleTexts", "Writing to the database failed; nothing was imported."
    ),
    "not_allowed": QT_TRANSLATE_NOOP("ConsoleTexts", "Your staff account may not do this."),
}

EXPORT_ERRORS: dict[str, str] = {
    "not_allowed": ROSTER_ERRORS["not_allowed"],
    "bad_name_by": QT_TRANSLATE_NOOP("ConsoleTexts", "Unknown way of naming the photo files."),
    "nothing_to_export": QT_TRANSLATE_NOOP(
        "ConsoleTexts",
        "There are no photos to export yet (none accepted by the provincial service). An "
        "offline or demo station may include photos confirmed here.",
    ),
    "write_failed": QT_TRANSLATE_NOOP(
        "ConsoleTexts", "The file cannot be written (folder missing, no permission or disk full)."
    ),
    "no_school": QT_TRANSLATE_NOOP("ConsoleTexts", "This station has no school yet."),
}
SKIP_REASONS: dict[str, str] = {
    "photo_missing": QT_TRANSLATE_NOOP("ConsoleTexts", "photo file missing"),
    "photo_damaged": QT_TRANSLATE_NOOP("ConsoleTexts", "photo file damaged (hash differs)"),
    "no_id_number": QT_TRANSLATE_NOOP("ConsoleTexts", "no ID number"),
}

STAFF_ERRORS: dict[str, str] = {
    "not_allowed": ROSTER_ERRORS["not_allowed"],
    "exists": QT_TRANSLATE_NOOP("ConsoleTexts", "This user name is taken (or empty)."),
    "weak_password": QT_TRANSLATE_NOOP(
        "ConsoleTexts",
        "The password needs at least 8 characters with letters and digits (or other signs).",
    ),
    "self": QT_TRANSLATE_NOOP("ConsoleTexts", "You cannot disable your own account."),
    "last_admin": QT_TRANSLATE_NOOP(
        "ConsoleTexts", "This is the last active admin account; it must stay."
    ),
    "bad_role": QT_TRANSLATE_NOOP("ConsoleTexts", "Unknown role."),
    "not_found": QT_TRANSLATE_NOOP("ConsoleTexts", "The account no longer exists."),
    "wrong_password": QT_TRANSLATE_NOOP("ConsoleTexts", "The current password is wrong."),
    "reason_required": QT_TRANSLATE_NOOP("ConsoleTexts", "Please enter a reason."),
    "student_missing": QT_TRANSLATE_NOOP("ConsoleTexts", "The student record was not found."),
    "mismatch": QT_TRANSLATE_NOOP("ConsoleTexts", "The two new passwords differ."),
    "already_allowed": QT_TRANSLATE_NOOP(
        "ConsoleTexts", "A head covering is already allowed for this student."
    ),
    "not_overridden": QT_TRANSLATE_NOOP(
        "ConsoleTexts", "No head covering is allowed for this student at the moment."
    ),
}
SETTINGS_ERRORS: dict[str, str] = {
    "invalid": QT_TRANSLATE_NOOP("ConsoleTexts", "These settings are not valid: {fields}."),
    "no_school": EXPORT_ERRORS["no_school"],
    "not_allowed": ROSTER_ERRORS["not_allowed"],
}
REPORT_ERRORS: dict[str, str] = {
    "not_allowed": ROSTER_ERRORS["not_allowed"],
    "no_school": EXPORT_ERRORS["no_school"],
    "write_failed": EXPORT_ERRORS["write_failed"],
}
AUDIT_FINDINGS: dict[str, str] = {
    "ok": QT_TRANSLATE_NOOP("ConsoleTexts", "The audit log is intact: {records} records."),
    "chain": QT_TRANSLATE_NOOP(
        "ConsoleTexts",
        "The audit log was tampered with: record {seq} was edited, inserted or a record "
        "before it was deleted.",
    ),
    "truncated": QT_TRANSLATE_NOOP(
        "ConsoleTexts",
        "The audit log was tampered with: the newest records (from {seq}) "
        "were deleted or replaced.",
    ),
    "head_missing": QT_TRANSLATE_NOOP(
        "ConsoleTexts", "The audit log was tampered with: its head record is missing."
    ),
}
_TABLES = {
    "RosterError": ROSTER_ERRORS,
    "ExportError": EXPORT_ERRORS,
    "StaffError": STAFF_ERRORS,
    "SettingsError": SETTINGS_ERRORS,
    "ReportError": REPORT_ERRORS,
    "LookupServiceError": STAFF_ERRORS,
}
UNKNOWN = QT_TRANSLATE_NOOP(
    "ConsoleTexts", "The action could not be completed ({code}). Nothing was changed."
)


def error_text(exc: BaseException) -> str | None:
    """Text for a console service error; None when ``exc`` is not one of them."""
    table = _TABLES.get(type(exc).__name__)
    code = getattr(exc, "code", None)
    if table is None or not isinstance(code, str):
        return None
    params: dict[str, Any] = dict(getattr(exc, "params", {}) or {})
    fields = getattr(exc, "fields", ())
    if fields:
        params["fields"] = ", ".join(fields)
    return _fill(table.get(code, UNKNOWN), code=code, **params)


def skip_reason_text(reason: str) -> str:
    source = SKIP_REASONS.get(reason)
    return tr(source) if source else reason


def audit_text(ok: bool, records: int, reason: str | None, seq: int | None) -> str:
    key = "ok" if ok else (reason or "chain")
    return _fill(
        AUDIT_FINDINGS.get(key, AUDIT_FINDINGS["chain"]),
        records=records,
        seq=seq if seq is not None else "?",
    )


REPORT_SECTIONS: dict[str, str] = {
    "summary": QT_TRANSLATE_NOOP("ConsoleTexts", "Summary"),
    "failures": QT_TRANSLATE_NOOP("ConsoleTexts", "Failed checks"),
    "liveness": QT_TRANSLATE_NOOP("ConsoleTexts", "Liveness failures"),
    "locks": QT_TRANSLATE_NOOP("ConsoleTexts", "Locks"),
    "sync": QT_TRANSLATE_NOOP("ConsoleTexts", "Sync"),
    "uploads": QT_TRANSLATE_NOOP("ConsoleTexts", "Uploads by state"),
}
REPORT_ITEMS: dict[str, str] = {
    "students_total": QT_TRANSLATE_NOOP("ConsoleTexts", "Students on the roster"),
    "students_done_total": QT_TRANSLATE_NOOP("ConsoleTexts", "Students done (all days)"),
    "confirmed_today": QT_TRANSLATE_NOOP("ConsoleTexts", "Photos confirmed this day"),
    "photo_attempts_today": QT_TRANSLATE_NOOP("ConsoleTexts", "Photos taken"),
    "photo_passed_today": QT_TRANSLATE_NOOP("ConsoleTexts", "Photos passed"),
    "photo_failed_today": QT_TRANSLATE_NOOP("ConsoleTexts", "Photos failed"),
    "liveness_failures_today": QT_TRANSLATE_NOOP("ConsoleTexts", "Liveness checks failed"),
    "payments_paid_today": QT_TRANSLATE_NOOP("ConsoleTexts", "Payments completed"),
    "liveness_locked_now": QT_TRANSLATE_NOOP("ConsoleTexts", "Students locked (liveness)"),
    "timed_locked_now": QT_TRANSLATE_NOOP("ConsoleTexts", "Students locked for a while"),
    "unlocks_today": QT_TRANSLATE_NOOP("ConsoleTexts", "Unlocks by staff"),
    "outbox_backlog": QT_TRANSLATE_NOOP("ConsoleTexts", "Uploads waiting to sync"),
    "oldest_backlog_at": QT_TRANSLATE_NOOP("ConsoleTexts", "Oldest upload waiting since"),
}


def report_section_text(section: str) -> str:
    source = REPORT_SECTIONS.get(section)
    return tr(source) if source else section


def report_item_text(key: str) -> str:
    source = REPORT_ITEMS.get(key)
    return tr(source) if source else key
