# SPDX-License-Identifier: MIT
"""Demo mode: a demo school with 30 students, their codes, notices and a demo admin account.

The demo admin password is fixed and printed at start, so a new user can follow the README.
"""

from __future__ import annotations

import logging

from tucai_desk.core.collection_code import make_code
from tucai_desk.paths import resource
from tucai_desk.store.students import StudentRepository

log = logging.getLogger(__name__)

DEMO_SCHOOL_CODE = "32001"
DEMO_SCHOOL_NAME = "演示学校（江苏）"
DEMO_FEE_CENTS = 1500
DEMO_ADMIN = "admin"
DEMO_PASSWORD = "demo-admin"
DEMO_STUDENTS = 30

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
_GIVEN = [
    "子涵",
    "浩然",
    "欣怡",
    "宇轩",
    "梓萱",
    "俊杰",
    "雨桐",
    "思远",
    "佳琪",
    "一鸣",
    "若曦",
    "明轩",
    "诗涵",
    "天佑",
    "可馨",
    "嘉懿",
    "晨阳",
    "语嫣",
    "博文",
    "静怡",
    "泽宇",
    "梦瑶",
    "皓轩",
    "雅琴",
    "文博",
    "紫涵",
    "志强",
    "晓彤",
    "逸飞",
    "婉清",
]
_DEPARTMENTS = ["计算机学院", "机械工程学院", "外国语学院", "经济管理学院", "艺术学院"]


def demo_codes(n: int = DEMO_STUDENTS) -> list[str]:
    """The collection codes of the demo students, in roster order."""
    return [make_code("JS", DEMO_SCHOOL_CODE, i + 1) for i in range(n)]


def seed_demo(students: StudentRepository) -> None:
    """Create the demo school and roster once; running it again changes nothing."""
    school = students.school_by_code(DEMO_SCHOOL_CODE)
    if school is not None and students.count_students() > 0:
        return
    notice = resource("demo", "notice.html").read_text(encoding="utf-8")
    precautions = resource("demo", "precautions.html").read_text(encoding="utf-8")
    school = students.upsert_school(
        DEMO_SCHOOL_CODE,
        DEMO_SCHOOL_NAME,
        fee_cents=DEMO_FEE_CENTS,
        notice_html=notice,
        precautions_html=precautions,
    )
    for i, code in enumerate(demo_codes()):
        dept = _DEPARTMENTS[i % len(_DEPARTMENTS)]
        students.add_student(
            school.id,
            student_no=f"2023{i + 1:06d}",
            name=_SURNAMES[i] + _GIVEN[i],
            code=code,
            department=dept,
            class_name=f"{dept[:2]}{2301 + i % 3}班",
            phone=f"1380013{i + 1:04d}" if i % 4 else None,
        )
    log.info("demo roster created: %d students", DEMO_STUDENTS)
