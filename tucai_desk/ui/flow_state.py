# SPDX-License-Identifier: MIT
"""The student flow's state as plain data, published for whoever follows the flow.

:class:`FlowState` is what a student sees at any moment: the page, the student's name, the
page's title, lines, hint and prompt (a :class:`~tucai_desk.ui.student_scenes.Scene`), the
notice being read and how far, the photos shown. :class:`FlowStatePublisher` belongs to the flow
side: it composes the state from the pages (through :class:`SceneReader`, the one place that
knows their widgets) whenever the flow moves, a page's answer arrives, the video advances or the
notice scrolls, and emits ``state_changed`` only when the state differs. The student screen
renders the states it receives and never touches a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QStackedWidget

from tucai_desk.ui.analysis import AnalysisController
from tucai_desk.ui.flow import Step, StudentFlow
from tucai_desk.ui.student_scenes import Scene, SceneReader

TICK_MS = 250  # answers that arrive in the background (results, countdowns, payment) are read
READING = (Step.NOTICE, Step.PRECAUTIONS)


@dataclass(frozen=True, slots=True)
class FlowState:
    """What the student sees; equal states need no update (images compare by ``image_keys``)."""

    step: Step | None
    scene: Scene
    student_name: str = ""
    hint: str = ""  # the live guidance or the liveness prompt on the capture page
    html: str = ""  # the notice or precautions being read
    scroll: float = 0.0  # how far down the notice the main window is, 0..1
    reading_fits_px: int | None = None  # the main window shows all of it, in type this large
    image_keys: tuple[int, ...] = ()
    serial: int = field(default=0, compare=False)


class FlowStatePublisher(QObject):
    """Publishes the flow's :class:`FlowState`; GUI thread only."""

    state_changed = Signal(object)  # FlowState

    def __init__(
        self,
        flow: StudentFlow,
        stack: QStackedWidget,
        *,
        school_name: str,
        analysis: AnalysisController | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._flow = flow
        self._stack = stack
        self._reader = SceneReader(flow, school_name, self)
        self._serial = 0
        self.state = self._compose()
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self.publish)
        flow.step_changed.connect(self.publish)
        flow.student_changed.connect(self.publish)
        stack.currentChanged.connect(self.publish)
        for page in (flow.notice, flow.precautions):
            bar = page.view.browser.verticalScrollBar()
            bar.valueChanged.connect(self.publish)
            bar.rangeChanged.connect(self.publish)
        flow.video.frame_shown.connect(self._on_video_frame)
        if analysis is not None:
            analysis.guidance_ready.connect(self.publish)

    def set_active(self, active: bool) -> None:
        """Read the pages' background answers on a tick while someone follows (or not)."""
        if active:
            self._tick.start()
            self.publish()
        else:
            self._tick.stop()

    @Slot()
    def publish(self, *_: object) -> FlowState:
        state = self._compose()
        if state != self.state:
            self._serial += 1
            state = replace(state, serial=self._serial)
            self.state = state
            self.state_changed.emit(state)
        return self.state

    @Slot()
    def _on_video_frame(self) -> None:
        if self._flow.step is Step.VIDEO:
            self.publish()

    def _current_step(self) -> Step | None:
        page = self._flow.current_page()
        flow = self._flow
        return flow.step if page is not None and page is self._stack.currentWidget() else None

    def _compose(self) -> FlowState:
        step = self._current_step()
        scene = self._reader.read(step)
        student = self._flow.student
        html, scroll, fits = "", 0.0, None
        if step in READING:
            browser = self._flow.page(step).view.browser  # type: ignore[attr-defined]
            html = browser.document().toHtml()
            bar = browser.verticalScrollBar()
            scroll = bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0
            if bar.maximum() == 0:
                fits = QFontInfo(browser.font()).pixelSize()
        return FlowState(
            step=step,
            scene=scene,
            student_name=student.name if student is not None else "",
            hint=scene.prompt if step is Step.CAPTURE else "",
            html=html,
            scroll=scroll,
            reading_fits_px=fits,
            image_keys=scene.image_keys,
        )
