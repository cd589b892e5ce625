# SPDX-License-Identifier: MIT
"""Chinese messages of the console's command-line tools (the GUI translates its own texts)."""

from __future__ import annotations

from typing import Any

from tucai_desk.core.roster_rows import CHINESE_HEADER, Column, RowIssue, RowProblem

ROSTER_ERRORS: dict[str, str] = {
    "file_missing": "找不到名单文件。",
    "read_failed": "名单文件无法读取（权限或磁盘问题）。",
    "too_large": "名单文件太大（{size_mb} MB），上限为 {limit_mb} MB。请拆分后分批导入。",
    "empty": "名单文件是空的。",
    "not_a_table": (
        "这不是 CSV 或 XLSX 表格，或文件编码无法识别。请用 Excel 另存为 CSV（UTF-8）或 XLSX。"
    ),
    "unreadable_encoding": "名单文件的文字编码无法识别。请另存为 CSV（UTF-8）或 XLSX。",
    "old_xls": "不支持旧版 Excel（.xls）文件。请在 Excel 中另存为 .xlsx 或 CSV。",
    "broken_xlsx": "XLSX 文件已损坏或不是 Excel 工作簿，无法读取。",
    "size_lies": (
        "XLSX 文件声明的大小与实际内容不符（文件已损坏或被篡改），未导入任何数据。"
        "请用 Excel 打开后重新另存为 .xlsx 或 CSV。"
    ),
    "bad_csv": "CSV 文件第 {line} 行格式错误（单元格过大或引号不配对）。",
    "too_many_rows": "名单行数超过上限 {limit} 行。请拆分后分批导入。",
    "no_header": "找不到表头。第一行应为：姓名、学号、学校、院系、班级、手机号、采集码、身份证号。",
    "missing_columns": "名单缺少必需的列：{columns}。",
    "duplicate_columns": "名单中有重复的列：{columns}。",
    "no_rows": "名单中没有学生数据。",
    "no_school": "无法确定学校：名单中没有有效的采集码。",
    "has_bad_rows": (
        "名单中有 {count} 行有问题，未导入任何数据。请修改后重新导入，或选择跳过有问题的行。"
    ),
    "changed_since_preview": (
        "预览之后数据库已有变化（{count} 行的采集码已被其他学生使用），未导入任何数据。请重新预览。"
    ),
    "write_failed": "写入数据库失败，未导入任何数据。",
    "not_allowed": "当前账号无权执行此操作。",
}

ROW_PROBLEMS: dict[RowProblem, str] = {
    RowProblem.MISSING_FIELD: "缺少{column}",
    RowProblem.TOO_LONG: "{column}过长",
    RowProblem.BAD_CHARACTERS: "{column}含有不可见的控制字符",
    RowProblem.FORMULA: "{column}以 = + - @ 开头（可能是表格公式），已拒绝",
    RowProblem.BAD_STUDENT_NO: "学号只能包含字母、数字和 - _ . /",
    RowProblem.BAD_PHONE: "手机号不是有效的 11 位大陆手机号",
    RowProblem.BAD_ID_NUMBER: "身份证号无效（位数、出生日期或校验位不对）",
    RowProblem.BAD_CODE: "采集码格式错误或校验位不对",
    RowProblem.OTHER_SCHOOL_CODE: "采集码属于其他学校",
    RowProblem.SCHOOL_MISMATCH: "学校名称与本校不一致",
    RowProblem.DUPLICATE_STUDENT_NO: "学号与第 {other} 行重复",
    RowProblem.DUPLICATE_CODE: "采集码与第 {other} 行重复",
    RowProblem.DUPLICATE_ID_NUMBER: "身份证号与第 {other} 行重复",
    RowProblem.CODE_TAKEN: "采集码已属于数据库中的另一名学生",
    RowProblem.STUDENT_NO_TAKEN: "该身份证号的学生改用的新学号已属于数据库中的另一名学生",
}

EXPORT_ERRORS: dict[str, str] = {
    "not_allowed": "当前账号无权导出。",
    "bad_name_by": "文件命名方式只能是 student_no（学号）或 id_number（身份证号）。",
    "nothing_to_export": (
        "没有可导出的照片（尚无被省平台接收的照片）。"
        "离线/演示站点可加 --include-unsynced 导出已确认的照片。"
    ),
    "write_failed": "导出文件无法写入（目录不存在、无权限或磁盘已满）。",
    "no_school": "采集站尚未设置学校。",
}

SKIP_REASONS: dict[str, str] = {
    "photo_missing": "照片文件缺失",
    "photo_damaged": "照片文件已损坏（校验值不符）",
    "no_id_number": "没有身份证号",
}

REPORT_ERRORS: dict[str, str] = {
    "not_allowed": "当前账号无权查看报表。",
    "no_school": "采集站尚未设置学校。",
    "write_failed": "报表文件无法写入。",
}


def roster_error(code: str, params: dict[str, Any]) -> str:
    template = ROSTER_ERRORS.get(code, "名单导入失败（{code}），未导入任何数据。")
    try:
        return template.format(code=code, **params)
    except (KeyError, IndexError):
        return template


def row_issue(issue: RowIssue) -> str:
    column = CHINESE_HEADER.get(issue.column, "") if isinstance(issue.column, Column) else ""
    text = ROW_PROBLEMS.get(issue.problem, issue.problem.value)
    return f"第 {issue.line} 行：" + text.format(column=column, other=issue.other_line or "?")
