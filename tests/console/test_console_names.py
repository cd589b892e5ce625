# SPDX-License-Identifier: MIT
"""Every staff-facing code by its name, in Chinese: attempt reasons, upload states, audit actions
and their details (read as 键：值, times as local time), the 学号 instead of the internal id."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tucai_desk.services.app import Station
from tucai_desk.services.console import ConsoleServices
from tucai_desk.services.dto import StaffSession
from tucai_desk.ui.console import ConsoleWindow
from tucai_desk.ui.i18n import install_translations
from tucai_desk.ui.tasks import TaskRunner

from .conftest import student_id, take_photos


def _column(table: Any, column: int) -> list[str]:
    return [
        (table.item(r, column).text() if table.item(r, column) else "")
        for r in range(table.rowCount())
    ]


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    install_translations(qapp, "zh_CN")
    yield
    install_translations(qapp, "en")


def test_staff_screens_name_every_code_in_chinese(
    qtbot: QtBot,
    chinese: None,
    station: Station,
    console: ConsoleServices,
    admin: StaffSession,
) -> None:
    sid = student_id(station, 4)
    student = station.capture.student(sid)
    take_photos(station, sid, fails=1, passes=1)  # one failed photo (exposure, sharpness)
    station.capture.record_liveness_failure(sid, "timeout")
    station.capture.record_liveness_failure(sid, "planar_motion")
    station.capture.record_liveness_failure(sid, "timeout")
    station.staff.unlock_liveness(admin, sid, "本人到场核实")
    window = ConsoleWindow(
        station, admin, TaskRunner.immediate(), services=console, idle_ms=600_000
    )
    qtbot.addWidget(window)
    assert window.lookup is not None and window.audit is not None
    window.lookup.open_student(sid)
    page = window.lookup.student_page
    reasons = _column(page.view.attempts_table, 4)
    assert "曝光不当；照片模糊" in reasons
    assert "超时未完成动作" in reasons and "疑似翻拍（平面移动）" in reasons
    assert _column(page.view.uploads_table, 1) == ["待同步"]
    assert _column(page.view.uploads_table, 2) == ["待发送"]
    actions = _column(page.view.audit_table, 3)
    assert "解除活体锁定" in actions and "查看学生信息" in actions
    unlock = _column(page.view.audit_table, 4)[actions.index("解除活体锁定")]
    assert unlock == "原因：本人到场核实；活体未通过次数：3；其他未通过次数：0；锁定至：—"

    window.audit.refresh()
    table = window.audit.view.table
    assert table.horizontalHeaderItem(5).text() == "学号"
    audit_actions = _column(table, 4)
    assert {"登录", "解除活体锁定", "查看学生信息"} <= set(audit_actions)
    row = audit_actions.index("解除活体锁定")
    assert _column(table, 5)[row] == student.student_no
    details = " ".join(_column(table, 6))
    assert "{" not in details and '"' not in details and "+00:00" not in details
    assert not any("T" in t or "+" in t for t in _column(table, 1))

    assert window.export is not None
    window.export._on_refresh()
    items = set(_column(window.export.view.report_table, 1))
    assert {"曝光不当", "照片模糊", "超时未完成动作", "待同步"} <= items
    assert not items & {"exposure", "pending", "timeout"}
    window.close()


def test_timed_lock_detail_is_local_time(chinese: None, clock: Any) -> None:
    from tucai_desk.ui.console import names

    until = clock.now()
    text = names.detail_text({"timed_lock_until": until.isoformat(), "enabled": True})
    local = until.astimezone().strftime("%Y年%m月%d日 %H:%M:%S")
    assert text == f"锁定至：{local}；开启：是"
    # Codes are named, a user name called "admin" is not.
    account = names.detail_text({"username": "admin", "role": "admin", "via": "cli"})
    assert account == "用户名：admin；角色：管理员；途径：命令行"
