# SPDX-License-Identifier: MIT
"""Render every page of the station (the real widgets, a demo station) to PNG files.

    .venv/bin/python tools/screenshots.py OUTDIR [--lang zh_CN|en] [--good-photo PATH]

Runs offscreen unless a display is set (``xvfb-run -a`` works too). The student is walked
through the flow as at the station: login, code, details, notices, video, capture with the demo
camera, a failed photo with its cooldown, a passing photo (``--good-photo``, a portrait that
passes the checks; without it the pass pages are skipped), draft box, upload, payment, done,
download; then the lock dialogs, the staff login and the unlock dialog.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GLOG_minloglevel", "2")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget  # noqa: E402

from tucai_desk.core.clock import FakeClock  # noqa: E402
from tucai_desk.services.app import open_station  # noqa: E402
from tucai_desk.services.demo import DEMO_PASSWORD, demo_codes  # noqa: E402
from tucai_desk.services.settings import PolicyModel, StationSettings  # noqa: E402
from tucai_desk.ui.app import application, build_window  # noqa: E402
from tucai_desk.ui.flow import Step  # noqa: E402
from tucai_desk.ui.main_window import MainWindow  # noqa: E402
from tucai_desk.ui.staff.login import StaffLoginDialog  # noqa: E402
from tucai_desk.ui.texts import session_error_text  # noqa: E402

DEFAULT_GOOD = Path(__file__).resolve().parents[2] / "shared/data/photos/good_london_002.jpg"


def spin(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(what: str, predicate: Callable[[], bool], timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for: {what}")
        spin(30)


class Shooter:
    def __init__(self, outdir: Path, lang: str) -> None:
        self.outdir = outdir
        self.lang = lang
        self.count = 0
        self.saved: list[Path] = []

    def shot(self, widget: QWidget, name: str) -> None:
        spin(120)
        self.count += 1
        path = self.outdir / f"{self.lang}_{self.count:02d}_{name}.png"
        widget.grab().save(str(path))
        self.saved.append(path)

    def patch_message_boxes(self, choice: int = 1) -> None:
        """Save each message box as a picture instead of waiting for a click."""
        shooter = self

        def fake_exec(box: QMessageBox) -> int:
            box.show()  # lays the box out as exec() would
            shooter.shot(box, f"dialog_{shooter.count + 1:02d}")
            box.hide()
            return min(choice, len(box.buttons()) - 1)

        QMessageBox.exec = fake_exec  # type: ignore[method-assign]


def _capped(image: np.ndarray) -> np.ndarray:
    """The portrait with a red cap laid over its crown (the generated head-cover defect)."""
    from tucai_desk.vision.defects import face_points, red_cap
    from tucai_desk.vision.landmarker import FaceLandmarkerRunner

    with FaceLandmarkerRunner(mode="image", num_faces=1) as runner:
        pts = face_points(runner, image)
    return image if pts is None else red_cap(image, pts)


def walk(window: MainWindow, shooter: Shooter, good_photo: Path | None, clock: FakeClock) -> None:
    flow = window.flow
    shot = shooter.shot
    wait_until("login page", lambda: window.stack.currentWidget() is window.login_page)
    shot(window, "login")
    window.stack.setCurrentWidget(window.setup_page)
    shot(window, "first_admin")
    window.stack.setCurrentWidget(window.login_page)
    window.login_page.form.password_edit.setText(DEMO_PASSWORD)
    window.login_page.form.login_button.click()
    wait_until("code page", lambda: flow.step is Step.CODE)
    shot(window, "p01_code")
    flow.code.view.code_edit.setText("JS3200100000012X")
    flow.code.view.verify_button.click()
    wait_until("code error", lambda: flow.code.view.error_label.isVisible())
    shot(window, "p01_code_error")
    flow.code.view.code_edit.setText(demo_codes(3)[2])
    flow.code.view.verify_button.click()
    wait_until("info page", lambda: flow.step is Step.INFO)
    flow.info.view.phone_edit.setText("1380013")
    shot(window, "p02_info_bad_phone")
    flow.info.view.phone_edit.setText("13800130003")
    shot(window, "p02_info")
    flow.info.view.confirm_button.click()
    wait_until("notice", lambda: flow.step is Step.NOTICE)
    shot(window, "p03_notice")
    bar = flow.notice.view.browser.verticalScrollBar()
    bar.setValue(bar.maximum())
    wait_until("notice read", lambda: flow.notice.read)
    flow.notice.view.next_button.click()
    wait_until("precautions", lambda: flow.step is Step.PRECAUTIONS)
    bar = flow.precautions.view.browser.verticalScrollBar()
    bar.setValue(bar.maximum())
    wait_until("precautions read", lambda: flow.precautions.read)
    shot(window, "p04_precautions")
    flow.precautions.view.next_button.click()
    wait_until("notify", lambda: flow.step is Step.NOTIFY)
    flow.notify.view.photo_box.setChecked(True)
    shot(window, "p05_notify")
    flow.notify.view.next_button.click()
    wait_until("video", lambda: flow.step is Step.VIDEO)
    wait_until("video frames", lambda: flow.video.gate.frames > 20)
    shot(window, "p06_video")
    flow.video.player.setPlaybackRate(8.0)
    wait_until("video watched", lambda: flow.video.watched, 120)
    flow.video.view.next_button.click()
    wait_until("capture", lambda: flow.step is Step.CAPTURE)
    wait_until("live frames", lambda: flow.capture_page.view.live_view.frames_shown > 5)
    wait_until("capture ready", lambda: flow.capture_page.can_capture)
    spin(800)
    shot(window, "p07_capture")
    flow.capture_page.view.capture_button.click()
    wait_until("preview", lambda: flow.step is Step.PREVIEW)
    shot(window, "p08_preview")
    flow.preview.view.accept_button.click()
    wait_until("result", lambda: flow.step is Step.RESULT)
    shot(window, "p09_result_busy")
    wait_until("outcome", lambda: flow.result.outcome is not None, 120)
    shot(window, "p09_result")
    clock.advance(seconds=60)  # past the cooldown
    wait_until("retake enabled", lambda: flow.result.view.retake_button.isEnabled())
    if good_photo is not None and good_photo.is_file():
        from tucai_desk.vision.imageio import read_image

        still = read_image(good_photo)
        flow.result.view.retake_button.click()
        wait_until("capture again", lambda: flow.step is Step.CAPTURE)
        flow.take_still([still])
        flow.preview.view.accept_button.click()
        wait_until("passed", lambda: flow.result.outcome is not None, 120)
        shot(window, "p09_result_pass")
        flow.result.view.drafts_button.click()
        wait_until("drafts", lambda: flow.step is Step.DRAFTS and flow.drafts.cards)
        shot(window, "p10_drafts")
        flow.drafts.cards[0].use_button.click()
        wait_until("confirm", lambda: flow.step is Step.CONFIRM)
        shot(window, "p11_confirm")
        flow.confirm.view.confirm_button.click()
        wait_until("payment", lambda: flow.step is Step.PAYMENT)
        shot(window, "p12_payment")
        shot(window.statusBar(), "status_bar_signed_in")
        window.staff_actions.gate.sign_out()  # signed out: the next staff action asks for a login
        shot(window.statusBar(), "status_bar_signed_out")
        window.staff_actions.confirm_payment()
        dialog = window.staff_actions.login_dialog
        assert dialog is not None
        dialog.form.user_edit.setText("admin")
        dialog.form.password_edit.setText(DEMO_PASSWORD)
        shot(dialog, "staff_login_dialog")
        dialog.form.login_button.click()
        wait_until("paid", lambda: flow.payment.view.done_button.isEnabled())
        shot(window, "p12_payment_paid")
        flow.payment.view.done_button.click()
        wait_until("done", lambda: flow.step is Step.DONE)
        shot(window, "p13_done")
        flow.done.download_requested.emit()
        wait_until("download", lambda: flow.step is Step.DOWNLOAD)
        shot(window, "p14_download")
    station = window.station
    capture = station.capture

    def set_rules(**values: Any) -> None:
        """The programme's rules live in the database (changed as an admin would, audited)."""
        station.rules.change(None, values, source="screenshots")

    def student_no(n: int) -> Any:
        student = capture.verify_code(demo_codes(n)[n - 1]).student
        assert student is not None
        return student

    def open_capture(student: Any) -> None:
        flow.reset()
        wait_until("code page", lambda: flow.step is Step.CODE)
        flow.open_page(student, Step.CAPTURE)
        wait_until("gate", lambda: flow.capture_page.gate is not None)

    # The liveness challenge on the live view (the demo clip cannot pass it; it times out).
    station.set_liveness_enabled(True)
    window.staff_actions.sync_liveness()
    window.update_liveness_banner()
    open_capture(student_no(4))
    wait_until("prompt", lambda: flow.capture_page.view.live_view.prompt_text != "", 60)
    spin(1500)
    shot(window, "p07_capture_liveness")
    station.set_liveness_enabled(False)
    window.update_liveness_banner()
    # A student sitting too far aside: no photo can be made; the still shows with the cut side.
    if good_photo is not None and good_photo.is_file():
        from tucai_desk.vision.imageio import read_image

        aside = read_image(good_photo)
        open_capture(student_no(8))
        flow.take_still([np.ascontiguousarray(aside[:, int(aside.shape[1] * 0.36) :])])
        flow.preview.view.accept_button.click()
        wait_until("outcome", lambda: flow.result.outcome is not None, 120)
        shot(window, "p09_result_cut_side")
        # A cap and a hand over the mouth: each failure marks its own region.
        for n, name, still in (
            (9, "p09_result_head_cover", _capped(read_image(good_photo))),
            (10, "p09_result_hand", good_photo.parent / "bad_occlusion_mic_ffhq00005.png"),
        ):
            image = still if isinstance(still, np.ndarray) else None
            if image is None and Path(still).is_file():
                image = read_image(Path(still))
            if image is not None:
                open_capture(student_no(n))
                flow.take_still([image])
                flow.preview.view.accept_button.click()
                wait_until("outcome", lambda: flow.result.outcome is not None, 120)
                shot(window, name)
    # A timed lock with a photo in the draft box: the dialog with the draft-box line.
    timed = student_no(5)
    set_rules(timed_lock_after=1, cooldown_seconds=0)
    if good_photo is not None and good_photo.is_file():
        from tucai_desk.vision.imageio import read_image

        capture.submit_still(timed.id, [read_image(good_photo)])
    capture.submit_still(timed.id, [np.full((720, 960, 3), 185, np.uint8)])
    open_capture(timed)
    shot(window, "p07_capture_timed_lock")
    # Page 1 tells a locked student at once (with 去草稿箱 when there are drafts).
    flow.reset()
    wait_until("code page", lambda: flow.step is Step.CODE)
    flow.code.verify(timed.code)
    wait_until("lock shown", lambda: flow.code.locked_student is not None)
    shot(window, "p01_code_timed_lock")
    # The liveness lock, then the staff unlock through the menu.
    locked = student_no(6)
    for _ in range(3):
        capture.record_liveness_failure(locked.id, "timeout")
    flow.reset()
    wait_until("code page", lambda: flow.step is Step.CODE)
    flow.code.verify(locked.code)
    wait_until("lock shown", lambda: flow.code.locked_student is not None)
    shot(window, "p01_code_liveness_locked")
    open_capture(locked)
    shot(window, "p07_capture_liveness_locked")
    # Signed in a moment ago: the admin action asks for nothing. After the re-authentication
    # window it would ask for the password alone, like this:
    session = window.session
    assert session is not None
    purpose = window.staff_actions.tr("Unlock account: staff login")
    notice = session_error_text("reauth_required")
    reauth = StaffLoginDialog(
        station.staff, window.tasks, purpose, window, reauth=session, notice=notice
    )
    reauth.form.password_edit.setText(DEMO_PASSWORD)
    reauth.show()
    shot(reauth, "staff_password_dialog")
    reauth.reject()
    window.staff_actions.unlock_action.trigger()
    wait_until("unlock dialog", lambda: window.staff_actions.unlock_dialog is not None)
    dialog = window.staff_actions.unlock_dialog
    assert dialog is not None
    wait_until("locks", lambda: dialog.locks is not None)
    dialog.reason_edit.setText("已核实本人身份" if shooter.lang == "zh_CN" else "identity checked")
    shot(dialog, "unlock_dialog")
    dialog.accept()
    # The console's student page: an admin allows a religious head covering (issue 13).
    window.staff_actions.console_action.trigger()  # signed in minutes ago: no login again
    wait_until("console", lambda: window.console is not None)
    console: Any = window.console
    console.resize(1100, 900)
    console.lookup.open_student(locked.id)
    box = console.lookup.student_page.head_cover
    wait_until("head cover", lambda: box.allow_button.isEnabled())
    zh = shooter.lang == "zh_CN"
    box.reason_edit.setText("宗教头巾，本人申请，已核实" if zh else "religious headscarf, checked")
    box.allow_button.click()
    wait_until("allowed", lambda: box.revoke_button.isEnabled())
    shot(console, "console_student_head_cover")
    console.close()
    # A full draft box.
    if good_photo is not None and good_photo.is_file():
        full = student_no(7)
        set_rules(draft_capacity=1)
        from tucai_desk.vision.imageio import read_image

        capture.submit_still(full.id, [read_image(good_photo)])
        open_capture(full)
        wait_until("drafts", lambda: flow.step is Step.DRAFTS)
    station_check(window, shooter)


def station_check(window: MainWindow, shooter: Shooter) -> None:
    """站点自检 on the station's camera (the demo camera films a person, so it fails: the
    report shows each finding with its fix), then the capture page's banner."""
    readiness = window.readiness_actions
    readiness.action.trigger()
    login_dialog = window.staff_actions.login_dialog
    if login_dialog is not None:
        login_dialog.form.user_edit.setText("admin")
        login_dialog.form.password_edit.setText(DEMO_PASSWORD)
        login_dialog.form.login_button.click()
    wait_until("station check", lambda: readiness.dialog is not None)
    dialog = readiness.dialog
    assert dialog is not None
    dialog.resize(1100, 860)
    spin(500)
    dialog.start_button.click()
    wait_until("station check report", lambda: dialog.report is not None, 60)
    spin(500)
    shooter.shot(dialog, "staff_station_check")
    dialog.reject()
    flow = window.flow
    student = window.station.capture.verify_code(demo_codes(8)[7]).student
    flow.reset()
    wait_until("code page", lambda: flow.step is Step.CODE)
    flow.open_page(student, Step.CAPTURE)
    wait_until("banner", lambda: flow.capture_page.view.readiness_banner.isVisible())
    spin(800)
    shooter.shot(window, "p07_capture_station_check_banner")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"])
    parser.add_argument("--good-photo", type=Path, default=DEFAULT_GOOD)
    parser.add_argument("--size", default="1280x800")
    args = parser.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)
    width, height = (int(v) for v in args.size.split("x"))
    app = application(args.lang)
    clock = FakeClock()
    settings = StationSettings(policy=PolicyModel(timed_lock_after=50))
    with tempfile.TemporaryDirectory() as tmp:
        extra = {}
        try:
            import tucai_desk.vision.burst  # noqa: F401
        except ImportError:  # the burst selector is not there yet: use the newest frame
            extra["select_best"] = lambda frames: len(frames) - 1
        station = open_station(Path(tmp), demo=True, settings=settings, clock=clock, **extra)
        station.clock = clock  # the window counts cooldowns down on the station's clock
        shooter = Shooter(args.outdir, args.lang)
        shooter.patch_message_boxes()
        window = build_window(station, camera_spec="demo")
        window.resize(width, height)
        window.show()
        window.start()
        try:
            walk(window, shooter, args.good_photo, clock)
        finally:
            window.close()
            station.close()
    QApplication.processEvents()
    del app
    for path in shooter.saved:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
