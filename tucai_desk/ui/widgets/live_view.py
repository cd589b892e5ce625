# SPDX-License-Identifier: MIT
"""The live camera view with the framing overlay, one hint and the liveness prompt.

It repaints up to 30 times a second, so a paint is kept to two copies: the preview frame arrives
already scaled to the view and in the backing store's format (see
:func:`tucai_desk.ui.camera_thread.preview_qimage`; the view reports its size through
``preview_size_changed``), and the overlay, banners and message are drawn into a cached layer
that is drawn again only when one of them changes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from tucai_desk.ui.analysis import Framing, default_framing
from tucai_desk.ui.live_stats import STATS

_BACKGROUND = QColor("#263238")


class LiveView(QWidget):
    """Paints the newest preview frame and, over it, the overlay data in frame fractions.

    The frames it gets are already mirrored, so the overlay (computed on the unmirrored frame) is
    mirrored too before drawing.
    """

    preview_size_changed = Signal(int, int)  # the view's size in device pixels

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(QSize(480, 360))
        # Every paint covers the whole view: Qt need not paint the page beneath it first.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._frame: QImage | None = None
        self._framing: Framing | None = None
        self._ready = False
        self._mirrored = True
        self.hint_text = ""
        self.prompt_text = ""
        self.message_text = ""
        self.frames_shown = 0
        self._frame_fresh = False  # a frame set since the last paint
        self._guidance_ms: float | None = None  # capture time of guidance not yet painted
        self._layer: QPixmap | None = None  # overlay, banners and message
        self._layer_key: tuple[Any, ...] = ()

    @property
    def frame(self) -> QImage | None:
        return self._frame

    @property
    def framing(self) -> Framing | None:
        """The analyser's overlay (unmirrored); None until the first analysed frame."""
        return self._framing

    def preview_size(self) -> tuple[int, int]:
        """The size previews should have: the view's, in device pixels."""
        dpr = self.devicePixelRatioF()
        return round(self.width() * dpr), round(self.height() * dpr)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.preview_size_changed.emit(*self.preview_size())

    def set_frame(self, image: QImage) -> None:
        self._frame = image
        self.frames_shown += 1
        self._frame_fresh = True
        self.update()

    def clear(self) -> None:
        self._frame = None
        self._framing = None
        self.hint_text = self.prompt_text = self.message_text = ""
        self.update()

    def set_framing(
        self,
        framing: Framing | None,
        *,
        ready: bool,
        mirrored: bool = True,
        captured_ms: float | None = None,
    ) -> None:
        """The overlay of one analysed frame; ``captured_ms`` (when that frame was read) lets the
        view record how long the frame took to become a hint on screen."""
        self._framing = framing
        self._ready = ready
        self._mirrored = mirrored
        self._guidance_ms = captured_ms
        self.update()

    def set_hint(self, text: str) -> None:
        if text != self.hint_text:
            self.hint_text = text
            self.update()

    def set_prompt(self, text: str) -> None:
        if text != self.prompt_text:
            self.prompt_text = text
            self.update()

    def set_message(self, text: str) -> None:
        """A message across the whole view (camera lost, capture blocked); '' removes it."""
        if text != self.message_text:
            self.message_text = text
            self.update()

    # -- painting -------------------------------------------------------------------------------
    def _frame_rect(self) -> QRectF:
        if self._frame is None:
            return QRectF(self.rect())
        size = self._frame.deviceIndependentSize().scaled(
            self.size().toSizeF(), Qt.AspectRatioMode.KeepAspectRatio
        )
        return QRectF(
            round((self.width() - size.width()) / 2),
            round((self.height() - size.height()) / 2),
            size.width(),
            size.height(),
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        self._count_shown()
        painter = QPainter(self)
        painter.fillRect(self.rect(), _BACKGROUND)
        target = self._frame_rect()
        frame = self._frame
        if frame is not None:
            size = frame.deviceIndependentSize()
            if abs(size.width() - target.width()) + abs(size.height() - target.height()) < 1:
                painter.drawImage(target.topLeft(), frame)  # the common case: a plain copy
            else:  # the view was resized and the camera has not caught up yet
                painter.drawImage(target, frame)
        painter.drawPixmap(0, 0, self._decoration(target))
        painter.end()

    def _count_shown(self) -> None:
        """What this paint puts on screen, for the live figures (:mod:`..live_stats`)."""
        if self._frame_fresh:
            self._frame_fresh = False
            STATS.frames_painted += 1
        if self._guidance_ms is not None:
            STATS.add_hint_shown(self._guidance_ms)
            self._guidance_ms = None

    def _decoration(self, target: QRectF) -> QPixmap:
        """The overlay, banners and message on a transparent layer, drawn again only on change."""
        frame = self._frame
        frame_size = None if frame is None else (frame.width(), frame.height())
        dpr = self.devicePixelRatioF()
        key = (
            self.size(),
            dpr,
            target,
            frame_size,
            self._framing,
            self._ready,
            self._mirrored,
            self.hint_text,
            self.prompt_text,
            self.message_text,
        )
        if self._layer is not None and key == self._layer_key:
            return self._layer
        layer = QPixmap(round(self.width() * dpr), round(self.height() * dpr))
        layer.setDevicePixelRatio(dpr)
        layer.fill(Qt.GlobalColor.transparent)
        painter = QPainter(layer)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if frame is not None:
            framing = self._framing or default_framing(frame.width(), frame.height())
            if self._mirrored and self._framing is not None:
                framing = framing.mirrored()
            self._paint_overlay(painter, target, framing)
        if self.prompt_text:
            self._paint_banner(painter, self.prompt_text, top=True, colour=QColor(13, 71, 161, 215))
        if self.hint_text:
            colour = QColor(46, 125, 50, 215) if self._ready else QColor(0, 0, 0, 170)
            self._paint_banner(painter, self.hint_text, top=False, colour=colour)
        if self.message_text:
            self._paint_message(painter, self.message_text)
        painter.end()
        self._layer, self._layer_key = layer, key
        return layer

    def _paint_overlay(self, painter: QPainter, target: QRectF, framing: Framing) -> None:
        def pt(fx: float, fy: float) -> QPointF:
            return QPointF(target.x() + fx * target.width(), target.y() + fy * target.height())

        x, y, w, h = framing.crop
        crop = QRectF(pt(x, y), pt(x + w, y + h))
        outside = QPainterPath()
        outside.addRect(target)
        window = QPainterPath()
        window.addRect(crop)
        painter.fillPath(outside.subtracted(window), QColor(0, 0, 0, 110))
        colour = QColor("#66bb6a") if self._ready else QColor("#ffffff")
        painter.setPen(QPen(QColor(255, 255, 255, 160), 1.5))
        painter.drawRect(crop)
        cx, cy, rx, ry = framing.head
        pen = QPen(colour, 3.0, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawEllipse(pt(cx, cy), rx * target.width(), ry * target.height())
        x0, x1 = framing.eye_x
        painter.setPen(QPen(colour, 2.0, Qt.PenStyle.DotLine))
        painter.drawLine(pt(x0, framing.eye_y), pt(x1, framing.eye_y))

    def _banner_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(14.0, min(26.0, self.height() / 22)))
        font.setBold(True)
        return font

    def _paint_banner(self, painter: QPainter, text: str, *, top: bool, colour: QColor) -> None:
        painter.setFont(self._banner_font())
        metrics = painter.fontMetrics()
        width = self.width() - 40
        bound = metrics.boundingRect(
            0, 0, int(width - 32), 1000, int(Qt.TextFlag.TextWordWrap), text
        )
        height = bound.height() + 24
        y = 16 if top else self.height() - height - 16
        box = QRectF(20, y, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(box, 10, 10)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(
            box.adjusted(16, 12, -16, -12),
            int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
            text,
        )

    def _paint_message(self, painter: QPainter, text: str) -> None:
        painter.fillRect(self.rect(), QColor(0, 0, 0, 170))
        painter.setFont(self._banner_font())
        painter.setPen(QColor("#ffffff"))
        painter.drawText(
            QRectF(self.rect()).adjusted(40, 40, -40, -40),
            int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
            text,
        )
