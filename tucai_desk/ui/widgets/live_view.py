# SPDX-License-Identifier: MIT
"""The live camera view with the framing overlay, one hint and the liveness prompt."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from tucai_desk.ui.analysis import Framing, default_framing


class LiveView(QWidget):
    """Paints the newest preview frame and, over it, the overlay data in frame fractions.

    The frames it gets are already mirrored, so the overlay (computed on the unmirrored frame) is
    mirrored too before drawing.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(QSize(480, 360))
        self._frame: QImage | None = None
        self._framing: Framing | None = None
        self._ready = False
        self._mirrored = True
        self.hint_text = ""
        self.prompt_text = ""
        self.message_text = ""
        self.frames_shown = 0

    @property
    def frame(self) -> QImage | None:
        return self._frame

    def set_frame(self, image: QImage) -> None:
        self._frame = image
        self.frames_shown += 1
        self.update()

    def clear(self) -> None:
        self._frame = None
        self._framing = None
        self.hint_text = self.prompt_text = self.message_text = ""
        self.update()

    def set_framing(self, framing: Framing | None, *, ready: bool, mirrored: bool = True) -> None:
        self._framing = framing
        self._ready = ready
        self._mirrored = mirrored
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
        size = QSize(self._frame.size())
        size.scale(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        return QRectF(
            (self.width() - size.width()) / 2,
            (self.height() - size.height()) / 2,
            size.width(),
            size.height(),
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#263238"))
        target = self._frame_rect()
        if self._frame is not None:
            painter.drawImage(target, self._frame)
            framing = self._framing or default_framing(self._frame.width(), self._frame.height())
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
