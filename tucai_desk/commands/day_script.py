# SPDX-License-Identifier: MIT
"""The scripted operator and student of ``bench day``: they click what people click.

Every step is an action (a click, typed text) followed by a wait for what the software shows
next. The time of that wait is the software's (``software_ms``); the time people would take
(reading, the video, sitting still, paying on the phone) is not counted.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton

from tucai_desk.commands.live_bench import spin
from tucai_desk.commands.sim_process import SimulatorProcess
from tucai_desk.services.app import Station, open_station
from tucai_desk.services.demo import (
    DEMO_ADMIN,
    DEMO_FEE_CENTS,
    DEMO_PASSWORD,
    DEMO_SCHOOL_CODE,
    DEMO_SCHOOL_NAME,
    DEMO_STUDENTS,
    demo_codes,
)
from tucai_desk.services.settings import ServiceSettings, StationSettings
from tucai_desk.store.students import StudentRepository
from tucai_desk.ui.flow import Step

log = logging.getLogger(__name__)

STATION_ID = "bench-day-station"
SECRET = "bench-day-secret"
STEP_TIMEOUT_S = 60.0  # the first production loads the models


def student_no(index: int) -> str:
    return f"2023{index + 1:06d}"


def start_day_simulator(folder: Path, students: int) -> SimulatorProcess:
    """A simulator on 127.0.0.1, in its own process, that knows the school, the station and
    ``students`` students."""
    sim = SimulatorProcess(folder, seed=11)
    sim.seed(
        {
            "school": {
                "code": DEMO_SCHOOL_CODE,
                "name": DEMO_SCHOOL_NAME,
                "fee_cents": DEMO_FEE_CENTS,
            },
            "stations": [{"station_id": STATION_ID, "secret": SECRET}],
            "students": [
                {"student_no": student_no(i), "name": f"学生{i + 1}", "collection_code": code}
                for i, code in enumerate(demo_codes(students))
            ],
        }
    )
    return sim


def _day_settings(service_url: str) -> StationSettings:
    return StationSettings(
        station_id=STATION_ID,
        service=ServiceSettings(url=service_url, station_id=STATION_ID, read_timeout_s=10),
    )


def prepare_day_station(folder: Path, service_url: str, students: int) -> None:
    """The station as it is set up before a capture day: database created, roster grown to
    ``students``, the service's secret stored. (Run it in another process than the day: a new
    database loads the migration tooling, which an existing one never needs.)"""
    station = open_station(folder, demo=True, settings=_day_settings(service_url), start_sync=False)
    try:
        station.sync.set_secret(SECRET)
        repo = StudentRepository(station.db)
        school = repo.school_by_code(DEMO_SCHOOL_CODE)
        assert school is not None
        codes = demo_codes(students)
        for i in range(DEMO_STUDENTS, students):
            repo.add_student(
                school.id, student_no=student_no(i), name=f"学生{i + 1}", code=codes[i]
            )
    finally:
        station.close()


def open_day_station(folder: Path, service_url: str) -> Station:
    """The prepared station (:func:`prepare_day_station`), opened as on the morning of the day,
    its outbox draining to the simulator."""
    station = open_station(folder, demo=True, settings=_day_settings(service_url), start_sync=False)
    station.sync.start(interval_s=2.0)
    return station


def record_dialogs(shown: list[str]) -> None:
    """Message boxes are recorded in ``shown`` instead of waiting for a click (as if dismissed):
    the script reports them as the student's error."""
    from tucai_desk.ui import dialogs

    def ask(_parent: Any, text: str, buttons: list[str], **kw: Any) -> int:
        shown.append(f"{text} {kw.get('informative', '')}".strip())
        return len(buttons) - 1

    dialogs.ask = ask  # type: ignore[assignment]


def _has_text(view: Any) -> bool:
    return bool(view.browser.document().toPlainText())


class DayScript:
    """Walks students through the station window; ``walk_student`` returns the software's ms."""

    def __init__(self, window: Any, station: Station, simulator: SimulatorProcess) -> None:
        self.window = window
        self.flow = window.flow
        self.station = station
        self.simulator = simulator
        self.codes: list[str] = []
        self.started = time.perf_counter()
        self._software_s = 0.0
        self.dialogs: list[str] = []
        record_dialogs(self.dialogs)

    # -- waiting ---------------------------------------------------------------------------------
    def _wait(self, condition: Callable[[], bool], what: str, timeout_s: float = STEP_TIMEOUT_S):
        deadline = time.monotonic() + timeout_s
        while not condition():
            if self.dialogs:
                raise RuntimeError(f"message shown: {self.dialogs.pop()} (waiting for {what})")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{what} (on page {self.flow.step!r})")
            spin(2)

    def _software(self, action: Callable[[], object], condition: Callable[[], bool], what: str):
        """Do ``action`` and wait for ``condition``: the wait is the software's time."""
        started = time.perf_counter()
        action()
        self._wait(condition, what)
        took = time.perf_counter() - started
        self._software_s += took
        log.info("%s: %.0f ms", what, took * 1000.0)

    def _at(self, step: Step) -> Callable[[], bool]:
        return lambda: self.flow.step is step

    @staticmethod
    def _click(button: QAbstractButton) -> Callable[[], None]:
        return lambda: QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    # -- the day ---------------------------------------------------------------------------------
    def log_in(self) -> None:
        w = self.window
        self._wait(lambda: w.stack.currentWidget() is w.login_page, "login page")
        form = w.login_page.form
        form.user_edit.clear()
        QTest.keyClicks(form.user_edit, DEMO_ADMIN)
        QTest.keyClicks(form.password_edit, DEMO_PASSWORD)
        QTest.mouseClick(form.login_button, Qt.MouseButton.LeftButton)
        self._wait(self._at(Step.CODE), "code page after login")

    def wait_idle(self, what: str) -> None:
        """Until the models' warm-up after login is done: no background task of the window is
        left and the live analyser is made."""
        analysis = self.window.analysis
        self._wait(
            lambda: (
                self.window.tasks.pending() == 0 and (analysis is None or analysis.analyzer_ready)
            ),
            what,
        )

    def walk_student(self, index: int) -> float:
        """One student from the code page back to the code page; returns software ms."""
        if not self.codes:
            self.codes = demo_codes(max(index + 1, DEMO_STUDENTS))
        if index >= len(self.codes):
            self.codes = demo_codes(index + 1)
        self._software_s = 0.0
        f = self.flow
        self._wait(self._at(Step.CODE), "code page")
        code = f.code.view
        code.code_edit.clear()
        QTest.keyClicks(code.code_edit, self.codes[index])
        self._software(self._click(code.verify_button), self._at(Step.INFO), "info page")

        info = f.info.view
        info.phone_edit.clear()
        QTest.keyClicks(info.phone_edit, f"139{index:08d}")
        self._software(self._click(info.confirm_button), self._at(Step.NOTICE), "notice page")
        for page, nxt in ((f.notice, Step.PRECAUTIONS), (f.precautions, Step.NOTIFY)):
            view = page.view
            self._wait(partial(_has_text, view), "notice text")
            bar = view.browser.verticalScrollBar()
            bar.setValue(bar.maximum())  # the student reads to the end
            self._wait(view.next_button.isEnabled, "next after reading")
            self._software(self._click(view.next_button), self._at(nxt), f"page {nxt.name}")

        notify = f.notify.view
        notify.photo_box.setChecked(True)
        notify.payment_box.setChecked(True)
        self._software(self._click(notify.next_button), self._at(Step.VIDEO), "video page")
        started = time.perf_counter()
        self._wait(lambda: f.video.watched, "video watched to the end", timeout_s=120)
        log.info("video: %.1f s", time.perf_counter() - started)
        video = f.video.view
        self._software(self._click(video.next_button), self._at(Step.CAPTURE), "capture page")

        page = f.capture_page
        # The student sits still until the live view shows their framing (the guidance of the
        # live model, made as the page opened), then the operator takes the photo.
        live = page.view.live_view
        self._wait(lambda: page.can_capture and live.framing is not None, "capture allowed")
        self._software(
            self._click(page.view.capture_button), self._at(Step.PREVIEW), "preview page"
        )
        preview = f.preview.view
        result = f.result
        self._software(
            self._click(preview.accept_button),
            lambda: f.step is Step.RESULT and result.outcome is not None,
            "production and checks",
        )
        outcome = result.outcome
        if not outcome.passed:
            raise RuntimeError(f"photo failed: {outcome.verdict.failed_codes()}")
        self._software(
            self._click(result.view.drafts_button),
            lambda: f.step is Step.DRAFTS and bool(f.drafts.cards),
            "draft box",
        )
        card = f.drafts.cards[0]
        self._software(self._click(card.use_button), self._at(Step.CONFIRM), "confirm page")
        self._software(
            self._click(f.confirm.view.confirm_button),
            lambda: f.step in (Step.PAYMENT, Step.DONE),
            "upload saved",
        )
        if f.step is Step.PAYMENT:
            self._pay()
        self._software(self._click(f.done.view.next_button), self._at(Step.CODE), "next student")
        return self._software_s * 1000.0

    def _pay(self) -> None:
        """The student pays on the phone (the simulator settles the order); staff need not act."""
        page = self.flow.payment
        payment = page.payment
        assert payment is not None
        self.simulator.settle_payment(payment.order_no, "paid")
        self._software(page.poll, page.view.done_button.isEnabled, "payment state")
        self._software(
            self._click(page.view.done_button), self._at(Step.DONE), "done page after payment"
        )

    def recover(self) -> None:
        """After a failed student: back to the code page for the next one."""
        try:
            self.flow.reset()
            self._wait(self._at(Step.CODE), "code page after a failure", timeout_s=10)
        except Exception:  # noqa: BLE001 - the next student reports what is still wrong
            log.exception("recovering after a failed student")

    def wait_delivered(self, expected: int, timeout_s: float = 120.0) -> int:
        """Let the outbox drain; the number of uploads the simulator stored."""
        self.station.sync.wake()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.simulator.distinct_uploads >= expected:
                break
            spin(200)
        return int(self.simulator.distinct_uploads)
