# SPDX-License-Identifier: MIT
"""The student-facing window: the current page in very large type on the second screen.

A station often has a second monitor turned towards the student: :class:`StudentScreen` is the
window shown there (``ui.student_screen_placement`` decides whether and where it opens). It shows
what the student needs — the page's title and main text, the video, the live view with its
overlay, hint and prompt, the still and the check results, lock messages and countdowns, the
payment QR code — and no controls.

The window only follows the flow, it never drives it: it takes no focus and renders the typed
:class:`~tucai_desk.ui.flow_state.FlowState` the flow publishes (page, student, texts, hint,
notice and scroll position, photos); it never reads a page's widgets. Frames are the very
``QImage`` objects the camera sends to the main live view (no second camera consumer, no copy);
each is converted once to the painter's native format and scaled once, by the paint.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QFont, QHideEvent, QImage, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from tucai_desk.ui.analysis import AnalysisController, Guidance
from tucai_desk.ui.camera_thread import CameraController
from tucai_desk.ui.flow import Step
from tucai_desk.ui.flow_state import READING, FlowState, FlowStatePublisher
from tucai_desk.ui.student_scenes import Scene, StudentLiveView, ThumbStrip
from tucai_desk.ui.widgets.common import ImageView, label

log = logging.getLogger(__name__)

MAX_LINES = 8

# Each label carries its own style sheet: a tone set on a label that was hidden when the window's
# sheet last changed would otherwise keep the old box (no padding) — seen with Qt 6.12.
BANNER = (
    "font-size: {big}px; font-weight: bold; color: #ffffff; border-radius: 10px; padding: {pad}px;"
)
TONES = {
    "title": "font-size: {title}px; font-weight: bold; color: #0d47a1;",
    "step": "font-size: {small}px; color: #546e7a;",
    "body": "font-size: {body}px; color: #263238;",
    "big": "font-size: {big}px; color: #263238;",
    "muted": "font-size: {small}px; color: #607d8b;",
    "ok": "font-size: {big}px; font-weight: bold; color: #2e7d32;",
    "warning": "font-size: {big}px; font-weight: bold; color: #c62828;",
    "error": "font-size: {body}px; color: #c62828;",
    "prominent": "font-size: {big}px; font-weight: bold; color: #b71c1c; background: #ffebee; "
    "border: 3px solid #e57373; border-radius: 10px; padding: {pad}px;",
    "hint": BANNER + " background: #37474f;",
    "ready": BANNER + " background: #2e7d32;",
    "prompt": BANNER + " background: #0d47a1;",
}
TONES["value"] = TONES["big"]
WINDOW_STYLE = """
StudentScreen {{ background: #f5f7fa; }}
QTextBrowser {{ background: #ffffff; border: 1px solid #cfd8dc; }}
QProgressBar {{ max-height: {pad}px; border: none; background: #cfd8dc; }}
QProgressBar::chunk {{ background: #1565c0; }}
"""


class StudentScreen(QWidget):
    """The student window (a top-level widget). Renders the published flow state; GUI thread."""

    def __init__(
        self,
        states: FlowStatePublisher,
        *,
        camera: CameraController | None,
        analysis: AnalysisController | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("studentScreen")
        self.setWindowTitle(self.tr("Student screen"))
        # Keys stay with the operator's window; the student window never takes them.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._states = states
        self._step: Step | None = None
        self._html = ""
        self._image_keys: tuple[int, ...] = ()
        self._sizes = _sizes(1.0)
        self.scene: Scene | None = None
        self.state: FlowState = states.state
        self._build()
        states.state_changed.connect(self.show_state)
        if camera is not None:
            camera.frame_ready.connect(self._on_frame)
        if analysis is not None:
            analysis.guidance_ready.connect(self._on_guidance)
        self.show_state(self.state, force=True)

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self._outer = outer
        header = QHBoxLayout()
        self.title_label = label("", wrap=True)
        self.step_label = label("", wrap=False)
        self.step_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self._set_tone(self.title_label, "title")
        self._set_tone(self.step_label, "step")
        header.addWidget(self.title_label, 1)
        header.addWidget(self.step_label)
        outer.addLayout(header)
        self.prompt_label = label("")
        self._set_tone(self.prompt_label, "prompt")
        self.prompt_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.prompt_label)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        outer.addLayout(self.body, 1)
        self.media = QStackedWidget()
        self.image_view = ImageView()
        self.live_view = StudentLiveView()
        self.thumbs = ThumbStrip()
        self.browser = QTextBrowser()
        self.browser.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.browser.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._media = {
            "image": self.image_view,
            "live": self.live_view,
            "thumbs": self.thumbs,
            "html": self.browser,
        }
        for widget in self._media.values():
            self.media.addWidget(widget)
        self.body.addWidget(self.media, 3)
        column = QWidget()
        self._column = QVBoxLayout(column)
        self._column.setContentsMargins(0, 0, 0, 0)
        self.lines = [label("") for _ in range(MAX_LINES)]
        for widget in self.lines:
            self._column.addWidget(widget)
        self._column.addStretch(1)
        self.body.addWidget(column, 2)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        outer.addWidget(self.progress)

    # -- what is shown ----------------------------------------------------------------------------
    def shown_texts(self) -> list[str]:
        """The texts on the window now, top to bottom (title, step, prompt, lines, message)."""
        parts = [self.title_label.text(), self.step_label.text()]
        parts += [w.text() for w in [self.prompt_label, *self.lines] if w.isVisibleTo(self)]
        if self.media.isVisibleTo(self) and self.media.currentWidget() is self.live_view:
            parts.append(self.live_view.message_text)
        return [p for p in parts if p]

    def sync(self, force: bool = False) -> None:
        """Show the flow's state as published now."""
        self.show_state(self._states.publish(), force=force)

    @Slot(object)
    def show_state(self, state: FlowState, force: bool = False) -> None:
        """Render ``state`` (cheap when nothing changed)."""
        self.state = state
        if state.step != self._step or force:
            self._enter(state)
        elif state.step in READING and state.html != self._html:
            self._show_html(state.html)
        scene = state.scene
        if scene != self.scene or force:
            self._apply(scene)
        if state.image_keys != self._image_keys:
            self._image_keys = state.image_keys
            self._apply_images(scene)
        self.scene = scene
        self._follow_scroll()

    def _enter(self, state: FlowState) -> None:
        self._step = state.step
        self.live_view.clear()
        self._image_keys = ()
        if state.step in READING:
            self._show_html(state.html)

    def _show_html(self, html: str) -> None:
        self._html = html
        self.browser.setHtml(html)
        QTimer.singleShot(0, self._fit_document)  # once the browser has its size

    def _apply(self, scene: Scene) -> None:
        self.title_label.setText(scene.title)
        self.step_label.setText(scene.step)
        self.prompt_label.setText(scene.prompt)
        self.prompt_label.setVisible(bool(scene.prompt))
        for widget, line in zip(self.lines, scene.lines + (None,) * MAX_LINES, strict=False):
            widget.setVisible(line is not None)
            if line is None:
                continue
            widget.setText(line.text)
            tone = line.tone
            if tone == "hint" and self.live_view.ready:
                tone = "ready"  # green, as on the main window: framing and pose are right
            self._set_tone(widget, tone)
            banner = tone in ("hint", "ready")
            widget.setAlignment(
                Qt.AlignmentFlag.AlignCenter if banner else Qt.AlignmentFlag.AlignLeft
            )
        media = self._media.get(scene.media)
        self.media.setVisible(media is not None)
        if media is not None:
            self.media.setCurrentWidget(media)
        self._arrange(scene)
        self.live_view.set_message(scene.message)
        self.progress.setVisible(scene.progress is not None)
        if scene.progress is not None:
            self.progress.setValue(int(scene.progress * 1000))

    def _apply_images(self, scene: Scene) -> None:
        if scene.media == "thumbs":
            self.thumbs.set_images(list(scene.images))
        elif scene.media == "image":
            self.image_view.set_image(scene.images[0] if scene.images else None)
            self._arrange(scene)

    def _arrange(self, scene: Scene) -> None:
        """The text beside a portrait (a photo, the QR code), under anything wide."""
        image = self.image_view.image
        wide = scene.media in ("live", "thumbs", "html") or (
            scene.media == "image" and image is not None and image.width() > image.height()
        )
        direction = QBoxLayout.Direction.TopToBottom if wide else QBoxLayout.Direction.LeftToRight
        if self.body.direction() != direction:
            self.body.setDirection(direction)
            self.body.setStretch(0, 5 if wide else 3)
            self.body.setStretch(1, 1 if wide else 2)

    # -- signals ----------------------------------------------------------------------------------
    @Slot(QImage)
    def _on_frame(self, image: QImage) -> None:
        if self._step is Step.CAPTURE and self.isVisible():
            self.live_view.set_frame(image)

    @Slot(object)
    def _on_guidance(self, guidance: Guidance) -> None:
        if self._step is Step.CAPTURE:
            was_ready = self.live_view.ready
            self.live_view.set_framing(guidance.framing, ready=guidance.ready)
            if self.live_view.ready != was_ready and self.scene is not None:
                self._apply(self.scene)  # the hint turns green (or back) with the same text

    @Slot()
    def _follow_scroll(self, *_: int) -> None:
        """Keep the notice at the same place as on the main window (the student reads here)."""
        if self._step not in READING:
            return
        target = self.browser.verticalScrollBar()
        target.setValue(round(self.state.scroll * target.maximum()))

    # -- size -------------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._states.set_active(True)
        self.sync(force=True)

    def hideEvent(self, event: QHideEvent) -> None:
        self._states.set_active(False)
        super().hideEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._scale_type()

    def _scale_type(self) -> None:
        """Type in proportion to the window: 44 px body text on a 1920×1080 screen, and never
        smaller than the main window's large type (a small forced window)."""
        unit = max(0.7, min(self.height() / 1080, self.width() / 1920))
        sizes = _sizes(unit)
        if sizes == self._sizes and self.styleSheet():
            return
        self._sizes = sizes
        margin = round(48 * unit)
        self._outer.setContentsMargins(margin, round(margin / 2), margin, round(margin / 2))
        self._outer.setSpacing(round(20 * unit))
        self.body.setSpacing(round(40 * unit))
        self._column.setSpacing(round(20 * unit))
        self.setStyleSheet(WINDOW_STYLE.format(**sizes))
        for widget in (self.title_label, self.step_label, self.prompt_label, *self.lines):
            self._set_tone(widget, str(widget.property("tone") or "body"))
        self._fit_document()

    def _set_tone(self, widget: QLabel, tone: str) -> None:
        css = "QLabel { " + TONES.get(tone, TONES["body"]).format(**self._sizes) + " }"
        widget.setProperty("tone", tone)
        if widget.styleSheet() != css:
            widget.setStyleSheet(css)

    @Slot()
    def _fit_document(self) -> None:
        """The notice at the largest size, down to the small type, that shows all of it at once;
        a longer one scrolls along with the main window."""
        document, viewport = self.browser.document(), self.browser.viewport()
        px, floor = self._sizes["body"], self._sizes["small"]
        fits = self.state.reading_fits_px
        if self._step in READING and fits is not None:
            # All of it is on the main window: all of it here too, in type as large at least.
            floor = min(floor, fits)
        while True:
            font = QFont(self.font())
            font.setPixelSize(px)
            document.setDefaultFont(font)
            # List numbers sit in the indent: a fixed 40 px would cut them off at this size.
            document.setIndentWidth(px * 1.6)
            document.setDocumentMargin(px * 0.4)
            if px <= floor or document.size().height() <= viewport.height():
                break
            px = max(floor, px - 2)
        self._follow_scroll()


def _sizes(unit: float) -> dict[str, int]:
    """Pixel sizes of the type and spacing for a window ``unit`` × 1920×1080."""
    # 62 px titles: synthetic bold (CJK fonts without a bold face) stops at 64 px.
    return {
        "body": round(44 * unit),
        "big": round(52 * unit),
        "title": round(62 * unit),
        "small": round(32 * unit),
        "pad": max(6, round(16 * unit)),
    }
