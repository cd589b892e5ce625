# SPDX-License-Identifier: MIT
"""站点自检 in the station: the capture page's banner, the check page on the station's camera,
and an admin's audited dismissal of the banner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from station_scenes import scene, write_clip

from tucai_desk.services.demo import demo_codes
from tucai_desk.services.readiness import BannerState
from tucai_desk.store.staff_repo import StaffRepository


@pytest.fixture(scope="module")
def backdrop_clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("backdrops")
    return {
        "even": write_clip(folder / "even.avi", scene(), seconds=1.0),
        "left_dark": write_clip(folder / "left.avi", scene(left_light=0.3), seconds=1.0),
    }


def _staff_login(qtbot: Any, active: Any, actions: Any, password: str = "demo-admin") -> None:
    """The signed-in admin goes on without a dialog; a sign-in or password prompt is answered."""
    if actions.login_dialog is None:
        return
    dialog = active(actions.login_dialog)
    if dialog.form.user_edit.isVisible():
        qtbot.keyClicks(dialog.form.user_edit, "admin")
    qtbot.keyClicks(dialog.form.password_edit, password)
    qtbot.keyClick(dialog.form.password_edit, Qt.Key.Key_Return)


def _to_capture(walk_to_capture: Any, window: Any) -> Any:
    walk_to_capture(window, demo_codes(1)[0])
    return window.flow.capture_page.view.readiness_banner


def _run_check(qtbot: Any, active: Any, window: Any) -> Any:
    readiness = window.readiness_actions
    readiness.action.trigger()
    _staff_login(qtbot, active, window.staff_actions)
    dialog = active(readiness.dialog)
    qtbot.waitUntil(lambda: window.camera.latest_frames(1) != [], timeout=10000)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=15000)
    return dialog


def test_a_passed_check_takes_the_banner_away(
    qtbot: Any, language: Any, make_station: Any, make_window: Any, login: Any, active: Any,
    backdrop_clips: dict[str, Path], walk_to_capture: Any,
) -> None:  # fmt: skip
    language("zh_CN")
    station = make_station()
    window = make_window(station, camera_spec=f"file:{backdrop_clips['even']}")
    login(window)
    banner = _to_capture(walk_to_capture, window)
    assert banner.state is BannerState.MISSING and banner.isVisibleTo(banner.parentWidget())
    assert "今天还没有进行站点自检" in banner.text_label.text()

    dialog = _run_check(qtbot, active, window)
    assert dialog.table.rowCount() == 8
    results = [dialog.table.item(i, 1).text() for i in range(8)]
    assert results[:7] == ["通过"] * 7
    assert results[7] in ("通过", "注意")  # the frame rate a busy test machine keeps
    assert dialog.table.item(0, 0).text() == "背景布颜色"
    assert "已就绪" in dialog.message_label.text() and "未就绪" not in dialog.message_label.text()
    qtbot.waitUntil(lambda: banner.state is BannerState.NONE, timeout=5000)
    assert not banner.isVisibleTo(banner.parentWidget())
    dialog.reject()


def test_a_failed_check_names_the_fault_and_an_admin_dismisses_the_banner(
    qtbot: Any, language: Any, make_station: Any, make_window: Any, login: Any, active: Any,
    ime_type: Any, clock: Any, backdrop_clips: dict[str, Path], walk_to_capture: Any,
) -> None:  # fmt: skip
    language("zh_CN")
    station = make_station()
    window = make_window(station, camera_spec=f"file:{backdrop_clips['left_dark']}")
    login(window)
    banner = _to_capture(walk_to_capture, window)
    dialog = _run_check(qtbot, active, window)
    rows = {dialog.table.item(i, 0).text(): i for i in range(dialog.table.rowCount())}
    row = rows["光照均匀度"]
    assert dialog.table.item(row, 1).text() == "未通过"
    assert dialog.table.item(row, 4).text().startswith("左侧灯光偏暗")
    assert "未就绪" in dialog.message_label.text()
    dialog.reject()
    qtbot.waitUntil(lambda: banner.state is BannerState.FAILED, timeout=5000)
    assert "光照均匀度" in banner.text_label.text()

    qtbot.mouseClick(banner.dismiss_button, Qt.MouseButton.LeftButton)
    _staff_login(qtbot, active, window.staff_actions)
    ask = active(window.readiness_actions.dismiss_dialog)
    assert not ask.ok_button.isEnabled()  # a reason is required
    ime_type(ask.reason_edit, "左侧灯泡已坏，明天更换")
    qtbot.mouseClick(ask.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: banner.state is BannerState.NONE, timeout=5000)
    trail = StaffRepository(station.db, clock, station.station_id).audit_trail()
    dismissed = [r for r in trail if r.action == "station_check_dismissed"]
    assert len(dismissed) == 1 and "灯泡" in dismissed[0].detail["reason"]


def test_camera_settings_are_saved_per_camera_and_shown_again(
    qtbot: Any, language: Any, make_station: Any, make_window: Any, login: Any, active: Any,
    backdrop_clips: dict[str, Path],
) -> None:  # fmt: skip
    from tucai_desk.services.settings import load_settings

    language("zh_CN")
    station = make_station()
    spec = f"file:{backdrop_clips['even']}"
    window = make_window(station, camera_spec=spec)
    login(window)
    readiness = window.readiness_actions
    readiness.action.trigger()
    _staff_login(qtbot, active, window.staff_actions)
    dialog = active(readiness.dialog)
    assert dialog.size_combo.currentText() == "1280×720" and not dialog.lock_box.isChecked()
    qtbot.waitUntil(lambda: window.camera.opened_source() is not None, timeout=10000)
    dialog.show_controls()
    assert dialog.controls_label.text() == "曝光、白平衡和对焦：自动。"

    dialog.size_combo.setCurrentIndex(dialog.size_combo.findData("1920x1080"))
    dialog.fps_combo.setCurrentIndex(dialog.fps_combo.findData(15))
    dialog.lock_box.setChecked(True)
    first = window.camera.opened_source()
    qtbot.mouseClick(dialog.apply_camera_button, Qt.MouseButton.LeftButton)
    assert "重新插入时会自动恢复" in dialog.message_label.text()
    qtbot.waitUntil(lambda: window.camera.opened_source() not in (None, first), timeout=10000)
    saved = load_settings(station.data_dir).camera.devices[spec]
    assert (saved.width, saved.height, saved.fps) == (1920, 1080, 15)
    assert saved.exposure_locked and saved.white_balance_locked and saved.focus_locked
    dialog.reject()
    qtbot.waitUntil(lambda: readiness.dialog is None)

    readiness.action.trigger()
    _staff_login(qtbot, active, window.staff_actions)
    again = active(readiness.dialog)
    assert again.size_combo.currentText() == "1920×1080"
    assert again.fps_combo.currentData() == 15 and again.lock_box.isChecked()
    again.reject()
