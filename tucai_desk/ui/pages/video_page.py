# SPDX-License-Identifier: MIT
"""Page 6, 拍摄要求: the requirements video, watched to the end once per student.

The gate checks real playback (PRODUCT.md, STACK_NOTES.md): the position must reach the end AND
frames must have been shown across the whole video. An end-of-media event alone does not count —
a file the decoder cannot decode still "ends" — and the position may not jump ahead (there is no
seek bar, and a jump is undone).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer, QVideoFrame, QVideoSink
from PySide6.QtWidgets import QProgressBar, QWidget

from tucai_desk.services.capture import CaptureService
from tucai_desk.services.dto import StudentView
from tucai_desk.ui.pages.base import ServicePage, enter_shortcut, error_handler, shortcut
from tucai_desk.ui.tasks import TaskRunner
from tucai_desk.ui.widgets.common import ImageView, PageFrame, label

log = logging.getLogger(__name__)

# Frames are converted and painted at most this often: a screen shows about 60 a second, and a
# raised playback rate (or a high-rate file) delivers many more, each a colour conversion on the
# GUI thread. Every frame still counts for the watch gate.
SHOW_INTERVAL_S = 1.0 / 30.0


class WatchGate:
    """Bookkeeping of one viewing: how far it got without skipping, and where frames were seen.

    The video is cut into ``buckets`` equal slices; a viewing is complete when the position
    reached the end (within ``end_slack_ms``) and frames were shown in at least ``need`` of the
    slices — so a fast or frame-dropping playback still counts, a decoder that shows nothing
    does not.
    """

    def __init__(
        self,
        *,
        buckets: int = 10,
        need: float = 0.8,
        end_slack_ms: int = 700,
        jump_slack_ms: int = 600,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.buckets = buckets
        self.need = need
        self.end_slack_ms = end_slack_ms
        self.jump_slack_ms = jump_slack_ms
        self._clock = clock
        self.rate = 1.0
        self.duration_ms = 0
        self.watched_until = 0
        self.frames = 0
        self._seen: set[int] = set()
        self._last_at = clock()

    def start(self, duration_ms: int) -> None:
        self.duration_ms = max(0, duration_ms)
        self.watched_until = 0
        self.frames = 0
        self._seen.clear()
        self._last_at = self._clock()

    def on_position(self, position_ms: int) -> int | None:
        """Record playback progress; returns where to seek back to if this was a jump ahead.

        Playback can only advance by the time that passed (times the playback rate); anything
        beyond that, plus a little slack for the player's update interval, was a seek.
        """
        now = self._clock()
        allowed = (now - self._last_at) * 1000.0 * self.rate + self.jump_slack_ms
        if position_ms > self.watched_until + allowed:
            return self.watched_until
        if position_ms > self.watched_until:
            self.watched_until = position_ms
            self._last_at = now
        return None

    def on_frame(self, position_ms: int) -> None:
        if self.duration_ms <= 0 or position_ms < 0:
            return
        self.frames += 1
        slot = min(self.buckets - 1, position_ms * self.buckets // self.duration_ms)
        self._seen.add(int(slot))

    @property
    def coverage(self) -> float:
        return len(self._seen) / self.buckets

    @property
    def complete(self) -> bool:
        return (
            self.duration_ms > 0
            and self.watched_until >= self.duration_ms - self.end_slack_ms
            and self.frames > 0
            and self.coverage >= self.need
        )


class VideoPageView(PageFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Shooting requirements"), self.tr("Step 6"), parent)
        self.video_view = ImageView()
        self.body.addWidget(self.video_view, 1)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(14)
        self.body.addWidget(self.progress)
        self.status_label = label("", "muted")
        self.body.addWidget(self.status_label)
        self.back_button = self.add_button(self.tr("Back (Esc)"))
        self.replay_button = self.add_button(self.tr("Play again (R)"))
        self.next_button = self.add_button(self.tr("Next (Enter)"), primary=True)


class VideoPage(ServicePage[VideoPageView]):
    """Page 6. Emits ``accepted(StudentView)`` when the student goes on (after a full viewing)."""

    accepted = Signal(object)
    back_requested = Signal()
    frame_shown = Signal()  # a new frame of the video is on the page

    def __init__(
        self,
        capture: CaptureService,
        tasks: TaskRunner,
        video_path: Path,
        *,
        playback_rate: float = 1.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(capture, tasks, VideoPageView(), parent)
        self._video_path = video_path
        self.gate = WatchGate()
        self.player = QMediaPlayer(self)
        self.sink = QVideoSink(self)
        self.player.setVideoSink(self.sink)
        self.player.setPlaybackRate(playback_rate)
        self.gate.rate = playback_rate
        self.player.playbackRateChanged.connect(self._on_rate)
        self._shown_at = 0.0  # time.monotonic() of the frame last shown
        self._play_when_loaded = False
        self._audio: QAudioOutput | None = None
        if QMediaDevices.audioOutputs():  # no sound device (a test, a silent PC): video only
            self._audio = QAudioOutput(self)
            self.player.setAudioOutput(self._audio)
        self._connect_signals()

    def _connect_signals(self) -> None:
        v = self.view
        self.sink.videoFrameChanged.connect(self._on_frame)
        self.player.positionChanged.connect(self._on_position)
        self.player.durationChanged.connect(self._on_duration)
        self.player.mediaStatusChanged.connect(self._on_status)
        self.player.errorOccurred.connect(self._on_error)
        v.next_button.clicked.connect(self._on_next)
        v.replay_button.clicked.connect(self._on_replay)
        v.back_button.clicked.connect(self.back_requested)
        shortcut(self, Qt.Key.Key_Escape, self.back_requested.emit)
        enter_shortcut(self, self._on_next)
        shortcut(self, Qt.Key.Key_R, self._on_replay)

    # -- flow -------------------------------------------------------------------------------------
    def enter(self, student: StudentView) -> None:
        self._gen.renew()
        self._student = student
        self._set_watched(student.video_watched)
        self._play()

    def leave(self) -> None:
        super().leave()
        self.release_player()
        self._student = None

    def release_player(self) -> None:
        """Stop and let go of the file: its decoder, threads and frame buffers (tens of MB) are
        freed between students; the next viewing opens it again (a few milliseconds)."""
        self._play_when_loaded = False
        self.player.stop()
        self.player.setSource(QUrl())
        self.view.video_view.set_image(None)

    @property
    def watched(self) -> bool:
        return self.view.next_button.isEnabled()

    def _set_watched(self, watched: bool) -> None:
        self.view.next_button.setEnabled(watched)
        self.view.status_label.setText(
            self.tr("You have watched the video. You may watch it again or go on.")
            if watched
            else self.tr("Please watch the whole video; then Next can be pressed.")
        )

    def _play(self) -> None:
        self.gate.start(0)
        self.view.progress.setValue(0)
        self.view.video_view.set_image(None)
        if not self._video_path.is_file():
            log.error("requirements video missing: %s", self._video_path)
            self.view.video_view.set_placeholder(
                self.tr("The video cannot be played. Please ask staff for help.")
            )
            return
        source = QUrl.fromLocalFile(str(self._video_path))
        if self.player.source() != source:
            # Opened anew (it is closed between students): play once the file is loaded.
            self._play_when_loaded = True
            self.player.setSource(source)
            return
        self._start()

    def _start(self) -> None:
        self.player.setPosition(0)
        self.gate.start(self.player.duration())
        self.player.play()

    # -- player signals ---------------------------------------------------------------------------
    @Slot(QVideoFrame)
    def _on_frame(self, frame: QVideoFrame) -> None:
        if not frame.isValid():
            return
        start_us = frame.startTime()
        position = start_us // 1000 if start_us >= 0 else self.player.position()
        self.gate.on_frame(int(position))
        now = time.monotonic()
        if self.isVisible() and now - self._shown_at >= SHOW_INTERVAL_S:
            self._shown_at = now
            self.view.video_view.set_image(frame.toImage())
            self.frame_shown.emit()

    @Slot(float)
    def _on_rate(self, rate: float) -> None:
        self.gate.rate = rate

    @Slot("qlonglong")
    def _on_duration(self, duration: int) -> None:
        if duration > 0 and self.gate.duration_ms != duration:
            self.gate.start(duration)
        self.view.progress.setMaximum(max(1, duration))

    @Slot("qlonglong")
    def _on_position(self, position: int) -> None:
        back_to = self.gate.on_position(position)
        if back_to is not None:
            log.info("video position jumped ahead; back to %d ms", back_to)
            self.player.setPosition(back_to)
            return
        self.view.progress.setValue(position)
        self._check_complete()

    @Slot(QMediaPlayer.MediaStatus)
    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.LoadedMedia and self._play_when_loaded:
            self._play_when_loaded = False
            if self._student is not None:
                self._start()
        elif status == QMediaPlayer.MediaStatus.EndOfMedia:
            self.gate.on_position(self.player.position())
            if not self._check_complete() and not self.watched:
                self.view.status_label.setText(
                    self.tr("The video was not played completely. Please watch it again.")
                )

    @Slot(QMediaPlayer.Error, str)
    def _on_error(self, error: QMediaPlayer.Error, message: str) -> None:
        log.error("requirements video cannot be played: %s %s", error, message)
        self.view.video_view.set_placeholder(
            self.tr("The video cannot be played. Please ask staff for help.")
        )

    def _check_complete(self) -> bool:
        student = self._student
        if student is None or not self.gate.complete:
            return False
        if not self.watched:
            self._set_watched(True)
            capture = self._capture
            self._tasks.submit(
                lambda: capture.mark_video_watched(student.id),
                on_ok=self._gen.bind(self._on_marked),
                on_err=self._gen.bind(error_handler(self)),
                uses_db=True,
            )
        return True

    def _on_marked(self, student: StudentView) -> None:
        self._student = student

    # -- buttons ----------------------------------------------------------------------------------
    @Slot()
    def _on_replay(self) -> None:
        self.player.stop()
        self._play()

    @Slot()
    def _on_next(self) -> None:
        if self._student is not None and self.watched:
            self.player.stop()
            self.accepted.emit(self._student)
