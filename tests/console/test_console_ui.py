# SPDX-License-Identifier: MIT
"""The staff console driven like a user (pytest-qt): lookup while typing, the student page and
unlock, roster import, export and report, audit, accounts, settings, idle logout."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from tucai_desk.core.clock import FakeClock
from tucai_desk.services.accounts import COMMAND_LINE
from tucai_desk.services.app import Station
from tucai_desk.services.console import ConsoleServices
from tucai_desk.services.dto import StaffSession
from tucai_desk.ui.console import ConsoleWindow
from tucai_desk.ui.console import texts as console_texts
from tucai_desk.ui.tasks import ImmediateExecutor, TaskRunner

from .conftest import roster_row, set_remote_status, student_id, take_photos, write_csv

WindowFactory = Callable[..., ConsoleWindow]


class ManualExecutor(Executor):
    """Holds every job until the test runs it: answers can come back in any order."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Callable[[], Any], Future[Any]]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        fut: Future[Any] = Future()
        self.jobs.append((lambda: fn(*args, **kwargs), fut))
        return fut

    def run(self, index: int) -> None:
        fn, fut = self.jobs.pop(index)
        try:
            fut.set_result(fn())
        except BaseException as exc:  # handed on like a worker's exception
            fut.set_exception(exc)


@pytest.fixture
def make_window(
    qtbot: QtBot, station: Station, console: ConsoleServices, admin: StaffSession
) -> Iterator[WindowFactory]:
    made: list[ConsoleWindow] = []

    def make(
        session: StaffSession | None = None, tasks: TaskRunner | None = None, **kw: Any
    ) -> ConsoleWindow:
        window = ConsoleWindow(
            station,
            session or admin,
            tasks or TaskRunner.immediate(),
            services=console,
            idle_ms=kw.pop("idle_ms", 600_000),
            **kw,
        )
        qtbot.addWidget(window)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:  # before the station closes
        window.close()


def _cell(table: Any, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text() if item is not None else ""


def test_lookup_results_while_typing_then_the_student_page(
    qtbot: QtBot, station: Station, make_window: WindowFactory
) -> None:
    window = make_window()
    panel = window.lookup
    assert panel is not None
    me = station.capture.student(student_id(station, 1))
    qtbot.keyClicks(panel.view.search_edit, me.student_no)
    qtbot.waitUntil(lambda: len(panel.results) == 1, timeout=3000)
    # The pause after typing searched, not every keystroke.
    assert panel.request_id < len(me.student_no)
    assert _cell(panel.view.results_table, 0, 0) == me.name
    qtbot.keyClick(panel.view.results_table, Qt.Key.Key_Return)
    page = panel.student_page
    assert panel.stack.currentWidget() is page
    assert page.detail is not None and page.detail.id == me.id
    assert me.student_no in page.view.title_label.text()
    qtbot.mouseClick(page.view.back_button, Qt.MouseButton.LeftButton)
    assert panel.stack.currentWidget() is panel.view


def test_a_stale_answer_never_overwrites_the_newest(
    station: Station, make_window: WindowFactory
) -> None:
    db = ManualExecutor()
    window = make_window(tasks=TaskRunner(ImmediateExecutor(), db))
    panel = window.lookup
    assert panel is not None
    first = station.capture.student(student_id(station, 0))
    second = station.capture.student(student_id(station, 7))
    panel.view.search_edit.setText(first.student_no)
    panel.view.search_edit.returnPressed.emit()
    panel.view.search_edit.setText(second.student_no)
    panel.view.search_edit.returnPressed.emit()
    search_jobs = [i for i, _ in enumerate(db.jobs)][-2:]
    db.run(search_jobs[1])  # the newest answer comes first…
    assert [h.id for h in panel.results] == [second.id]
    db.run(search_jobs[0])  # …and the older one, arriving late, is dropped
    assert [h.id for h in panel.results] == [second.id]
    while db.jobs:
        db.run(0)


def test_unlock_from_the_student_page_needs_a_reason(
    qtbot: QtBot,
    station: Station,
    console: ConsoleServices,
    admin: StaffSession,
    make_window: WindowFactory,
) -> None:
    sid = student_id(station, 2)
    for _ in range(3):
        station.capture.record_liveness_failure(sid, "timeout")
    window = make_window()
    assert window.lookup is not None
    window.lookup.open_student(sid)
    page = window.lookup.student_page
    assert page.view.unlock_button.isEnabled() and not page.view.clear_button.isEnabled()
    qtbot.mouseClick(page.view.unlock_button, Qt.MouseButton.LeftButton)
    assert page.view.message_label.text() == "Please enter a reason."
    assert station.capture.locks(sid).liveness_locked
    page.view.reason_edit.setText("本人到场核实")  # typed through the input method
    qtbot.keyClicks(page.view.reason_edit, " (ID checked)")
    with qtbot.waitSignal(window.locks_changed, timeout=2000) as changed:
        qtbot.mouseClick(page.view.unlock_button, Qt.MouseButton.LeftButton)
    assert changed.args == [sid]
    assert not station.capture.locks(sid).liveness_locked
    assert page.detail is not None and not page.detail.liveness_locked
    assert "liveness lock cleared" in [
        _cell(page.view.audit_table, r, 3) for r in range(page.view.audit_table.rowCount())
    ]


def test_import_panel_lists_bad_rows_and_imports_only_when_confirmed(
    qtbot: QtBot,
    tmp_path: Path,
    station: Station,
    console: ConsoleServices,
    admin: StaffSession,
    make_window: WindowFactory,
) -> None:
    window = make_window()
    panel = window.importer
    assert panel is not None
    path = write_csv(
        tmp_path / "r.csv",
        [roster_row(1), roster_row(2, 手机号="123"), roster_row(3, 姓名="=1+1")],
        encoding="gbk",
    )
    qtbot.keyClicks(panel.view.path_edit, str(path))
    qtbot.mouseClick(panel.view.check_button, Qt.MouseButton.LeftButton)
    table = panel.view.issues_table
    assert table.rowCount() == 2
    assert (_cell(table, 0, 0), _cell(table, 1, 0)) == ("3", "4")
    assert "mobile number" in _cell(table, 0, 2) and "formula" in _cell(table, 1, 2)
    assert not panel.view.import_button.isEnabled()
    assert console.lookup.search(admin, "2024") == []  # a check writes nothing
    panel.view.skip_check.setChecked(True)
    assert panel.view.import_button.isEnabled()
    assert panel.view.import_button.text() == "Import 1 students"
    with qtbot.waitSignal(panel.imported, timeout=2000):
        qtbot.mouseClick(panel.view.import_button, Qt.MouseButton.LeftButton)
    assert "1 new" in panel.view.result_label.text()
    assert [h.student_no for h in console.lookup.search(admin, "2024")] == ["2024000001"]


def test_import_panel_shows_a_clear_message_for_a_hostile_file(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory
) -> None:
    window = make_window()
    panel = window.importer
    assert panel is not None
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"PK\x03\x04" + os.urandom(512))
    panel.view.path_edit.setText(str(garbage))
    qtbot.mouseClick(panel.view.check_button, Qt.MouseButton.LeftButton)
    assert panel.view.message_label.text() == console_texts.tr(
        console_texts.ROSTER_ERRORS["broken_xlsx"]
    )
    assert not panel.view.import_button.isEnabled()
    assert panel.view.check_button.isEnabled()  # ready for the next try


def test_export_and_daily_report(
    qtbot: QtBot, tmp_path: Path, station: Station, make_window: WindowFactory
) -> None:
    upload = take_photos(station, student_id(station, 3), fails=1, passes=1)
    assert upload is not None
    window = make_window()
    panel = window.export
    assert panel is not None
    out = tmp_path / "out.zip"
    panel.view.out_edit.setText(str(out))
    qtbot.mouseClick(panel.view.export_button, Qt.MouseButton.LeftButton)
    assert not out.exists()
    assert "offline or demo" in panel.view.export_label.text()  # nothing accepted yet
    panel.view.unsynced_check.setChecked(True)
    qtbot.mouseClick(panel.view.export_button, Qt.MouseButton.LeftButton)
    assert out.is_file() and panel.result is not None and panel.result.files == 1
    set_remote_status(station, upload, "accepted")
    panel.view.unsynced_check.setChecked(False)
    panel.view.out_edit.setText(str(out))
    qtbot.mouseClick(panel.view.export_button, Qt.MouseButton.LeftButton)
    assert panel.result.files == 1
    # The day shown first is the station's today (its clock), not the machine's calendar.
    assert panel.selected_day() == station.capture._capture._clock.now().astimezone().date()
    qtbot.mouseClick(panel.view.refresh_button, Qt.MouseButton.LeftButton)
    assert panel.report is not None and panel.report.figures.photo_failed_today == 1
    rows = {
        (_cell(panel.view.report_table, r, 1), _cell(panel.view.report_table, r, 2))
        for r in range(panel.view.report_table.rowCount())
    }
    assert ("Photos failed", "1") in rows and ("exposure", "1") in rows
    assert panel.view.save_button.isEnabled()
    panel.save_report(tmp_path / "report.csv")
    assert (tmp_path / "report.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_audit_panel_reports_tampering(
    qtbot: QtBot, station: Station, make_window: WindowFactory
) -> None:
    window = make_window()
    panel = window.audit
    assert panel is not None
    qtbot.mouseClick(panel.view.verify_button, Qt.MouseButton.LeftButton)
    assert panel.verdict is not None and panel.verdict.ok
    assert panel.view.verdict_label.text().startswith("The audit log is intact")
    with station.db.engine.begin() as conn:
        conn.execute(text("UPDATE audit SET action = 'nothing' WHERE seq = 1"))
    qtbot.mouseClick(panel.view.verify_button, Qt.MouseButton.LeftButton)
    assert not panel.verdict.ok
    assert "record 1 was edited" in panel.view.verdict_label.text()
    qtbot.mouseClick(panel.view.refresh_button, Qt.MouseButton.LeftButton)
    assert panel.view.table.rowCount() == len(panel.entries) >= 2


def test_accounts_panel_creates_an_operator_whose_console_is_limited(
    qtbot: QtBot, station: Station, make_window: WindowFactory
) -> None:
    window = make_window()
    view = window.accounts.view
    qtbot.keyClicks(view.new_user_edit, "operator7")
    qtbot.keyClicks(view.new_password_edit, "op-secret-7")
    qtbot.mouseClick(view.create_button, Qt.MouseButton.LeftButton)
    assert view.done_label.text() == "Account operator7 created."
    names = [_cell(view.table, r, 0) for r in range(view.table.rowCount())]
    assert names == ["admin", "operator7"]
    operator = station.staff.login("operator7", "op-secret-7")
    limited = make_window(session=operator)
    assert [limited.tabs.tabText(i) for i in range(limited.tabs.count())] == ["My account"]
    assert limited.lookup is None and not limited.settings_button.isVisible()
    assert not limited.accounts.view.admin_box.isVisible()
    assert limited.open_settings() is None
    own = limited.accounts.view
    qtbot.keyClicks(own.old_edit, "op-secret-7")
    qtbot.keyClicks(own.new_edit, "op-secret-8")
    qtbot.keyClicks(own.repeat_edit, "op-secret-9")
    qtbot.mouseClick(own.change_button, Qt.MouseButton.LeftButton)
    assert own.message_label.text() == "The two new passwords differ."
    qtbot.keyClicks(own.old_edit, "op-secret-7")
    qtbot.keyClicks(own.new_edit, "op-secret-8")
    qtbot.keyClicks(own.repeat_edit, "op-secret-8")
    qtbot.mouseClick(own.change_button, Qt.MouseButton.LeftButton)
    assert own.done_label.text() == "Your password was changed."
    assert station.staff.login("operator7", "op-secret-8").role == "operator"


def test_settings_dialog_saves_and_audits(
    qtbot: QtBot,
    station: Station,
    console: ConsoleServices,
    admin: StaffSession,
    make_window: WindowFactory,
) -> None:
    window = make_window()
    with qtbot.waitSignal(window.settings_saved, timeout=2000) as saved:
        dialog = window.open_settings()
        assert dialog is not None
        view = dialog.view
        assert view.camera_width.value() == 1280
        view.cooldown_seconds.setValue(20)
        view.idle_minutes.setValue(4)
        view.fee.setValue(18.5)
        view.notice_edit.edit.selectAll()
        qtbot.keyClicks(view.notice_edit.edit, "Bring ")
        qtbot.mouseClick(view.notice_edit.bold_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(view.notice_edit.edit, "the student card")
        untouched = view.precautions_edit.html()
        view.background_combo.setCurrentIndex(view.background_combo.findData("white"))
        qtbot.mouseClick(
            view.buttons.button(view.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
        )
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [c.changes != {} for c in saved.args[0]] == [True, True, True]
    assert station.settings.policy.cooldown_seconds == 20
    assert station.settings.background == "white"
    assert console.accounts.idle_policy().minutes == 4
    assert window.idle.timeout_ms == 4 * 60 * 1000
    assert station.capture.school().fee_cents == 1850
    # Edited as it looks (no HTML typed); the untouched text comes back exactly as it was.
    notice = station.capture.school().notice_html
    assert "Bring " in notice and "font-weight:700" in notice and "the student card" in notice
    assert station.capture.school().precautions_html == untouched
    actions = [e.action for e in console.accounts.audit_entries(admin, limit=5)]
    assert {"settings_changed", "console_settings_changed", "school_settings_changed"} <= set(
        actions
    )


def test_settings_dialog_keeps_the_old_values_on_a_bad_entry(
    qtbot: QtBot, station: Station, make_window: WindowFactory
) -> None:
    window = make_window()
    dialog = window.open_settings()
    assert dialog is not None
    dialog.view.camera_source.setCurrentText("rtsp://camera")
    dialog.view.cooldown_seconds.setValue(33)
    qtbot.mouseClick(
        dialog.view.buttons.button(dialog.view.buttons.StandardButton.Save),
        Qt.MouseButton.LeftButton,
    )
    assert "camera.source" in dialog.view.message_label.text()
    assert dialog.isVisible() and station.settings.policy.cooldown_seconds == 10
    dialog.reject()


def test_settings_dialog_shows_and_confirms_a_station_clock_jump(
    qtbot: QtBot,
    station: Station,
    console: ConsoleServices,
    admin: StaffSession,
    make_window: WindowFactory,
    clock: FakeClock,
) -> None:
    if not station.db.is_sqlite:
        pytest.skip("PostgreSQL's clock is the rule time; no station clock to confirm")
    clock.set(clock.now() + timedelta(hours=3))  # the station clock is set three hours ahead
    station.capture.capture_gate(student_id(station, 0))
    window = make_window()
    dialog = window.open_settings()
    assert dialog is not None
    view = dialog.view
    qtbot.waitUntil(lambda: not view.confirm_clock_button.isHidden())
    assert "180" in view.clock_label.text()
    qtbot.mouseClick(view.confirm_clock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.confirm_clock_button.isHidden())
    assert console.settings.pending_clock_jump() is None
    actions = [e.action for e in console.accounts.audit_entries(admin, limit=5)]
    assert "clock_jump_confirmed" in actions
    dialog.reject()


def test_an_idle_console_logs_out_and_input_keeps_it_open(
    qtbot: QtBot,
    console: ConsoleServices,
    admin: StaffSession,
    make_window: WindowFactory,
) -> None:
    window = make_window(idle_ms=60_000)
    assert window.lookup is not None
    qtbot.waitUntil(lambda: window.idle.idle_ms() >= 50, timeout=2000)
    elsewhere = QWidget()  # a student at the station's main window
    qtbot.addWidget(elsewhere)
    before = window.idle.idle_ms()
    qtbot.keyClick(elsewhere, Qt.Key.Key_A)
    assert window.idle.idle_ms() >= before
    qtbot.keyClick(window.lookup.view.search_edit, Qt.Key.Key_A)
    assert window.idle.idle_ms() < before
    window.idle.set_timeout_ms(100)
    with qtbot.waitSignal(window.session_ended, timeout=3000) as ended:
        pass
    assert ended.args == ["idle"] and not window.isVisible()
    assert console.accounts.audit_entries(COMMAND_LINE, limit=1)[0].action == "session_timeout"


def test_log_out_ends_the_session(
    qtbot: QtBot, console: ConsoleServices, admin: StaffSession, make_window: WindowFactory
) -> None:
    window = make_window()
    with qtbot.waitSignal(window.session_ended, timeout=2000) as ended:
        qtbot.mouseClick(window.logout_button, Qt.MouseButton.LeftButton)
    assert ended.args == ["logout"] and not window.isVisible()
    assert console.accounts.audit_entries(COMMAND_LINE, limit=1)[0].action == "logout"


def test_chinese_console_texts(
    qtbot: QtBot,
    qapp: QApplication,
    station: Station,
    admin: StaffSession,
    console: ConsoleServices,
    clock: FakeClock,
) -> None:
    """The station's one catalogue (``install_translations``) translates the console too.

    Placeholders and completeness of that catalogue: tests/ui/test_ui_texts.py."""
    from tucai_desk.ui.i18n import install_translations

    install_translations(qapp, "zh_CN")
    try:
        window = ConsoleWindow(
            station, admin, TaskRunner.immediate(), services=console, idle_ms=600_000
        )
        qtbot.addWidget(window)
        assert window.tabs.tabText(0) == "查找学生"
        assert window.logout_button.text() == "退出登录"
        assert console_texts.audit_text(True, 3, None, None) == "审计日志完整：共 3 条记录。"
        window.close()
    finally:
        install_translations(qapp, "en")
    assert console_texts.audit_text(True, 3, None, None).startswith("The audit log")


def test_import_runs_off_the_gui_thread_with_progress(
    qtbot: QtBot,
    tmp_path: Path,
    console: ConsoleServices,
    admin: StaffSession,
    make_window: WindowFactory,
) -> None:
    tasks = TaskRunner.create()
    try:
        window = make_window(tasks=tasks)
        panel = window.importer
        assert panel is not None
        window.tabs.setCurrentWidget(panel)
        seen: list[tuple[str, int, int]] = []
        panel.relay.progressed.connect(lambda *args: seen.append(args))
        path = write_csv(
            tmp_path / "many.csv", [roster_row(i, 手机号="", 身份证号="") for i in range(1, 12_001)]
        )
        panel.view.path_edit.setText(str(path))
        qtbot.mouseClick(panel.view.check_button, Qt.MouseButton.LeftButton)
        assert panel.view.progress_bar.isVisible()
        qtbot.waitUntil(lambda: panel.preview is not None, timeout=60_000)
        assert panel.preview.to_create == 12_000 and not panel.view.progress_bar.isVisible()
        with qtbot.waitSignal(panel.imported, timeout=60_000):
            qtbot.mouseClick(panel.view.import_button, Qt.MouseButton.LeftButton)
        phases = {phase for phase, _, _ in seen}
        assert {"read", "check", "write"} <= phases
        assert ("check", 10_000, 12_000) in seen and ("write", 12_000, 12_000) in seen
        assert len(console.lookup.search(admin, "20240")) == 50  # capped result list
        window.close()
    finally:
        tasks.shutdown(wait=True)
    assert tasks.pending() == 0
