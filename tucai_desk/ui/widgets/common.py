# SPDX-License-Identifier: MIT
"""Small building blocks shared by the views: the page frame, labels, an aspect-keeping image."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)


def label(text: str = "", role: str | None = None, *, wrap: bool = True) -> QLabel:
    """A plain-text label: data from the roster or a QR code is never interpreted as markup."""
    widget = QLabel(text)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setWordWrap(wrap)
    if role:
        widget.setProperty("role", role)
    return widget


def button(text: str, *, primary: bool = False) -> QPushButton:
    widget = QPushButton(text)
    widget.setProperty("primary", primary)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the page's shortcuts
    widget.setAutoDefault(False)  # Enter is handled by the page, not by a dialog's default button
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    return widget


STUDENT_POINT_SIZE = 18.0


def enlarge(widget: QWidget, point_size: float = STUDENT_POINT_SIZE) -> None:
    """Large type for a student-facing page; children inherit it (style sheets would not)."""
    widget.setProperty("role", "student")
    font = QFont(widget.font())
    font.setPointSizeF(point_size)
    widget.setFont(font)


def restyle(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


class PageFrame(QWidget):
    """The frame of every student page: step and title on top, the body, a row of buttons.

    Views put their widgets into ``body`` and their buttons into ``buttons`` (right-aligned, the
    primary action last, where the eye ends).
    """

    def __init__(self, title: str, step: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        enlarge(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 24, 48, 24)
        outer.setSpacing(16)
        header = QHBoxLayout()
        self.title_label = label(title, "title")
        self.step_label = label(step, "step", wrap=False)
        self.step_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self.title_label, 1)
        header.addWidget(self.step_label)
        outer.addLayout(header)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setStyleSheet("color: #90caf9;")
        outer.addWidget(rule)
        self.body = QVBoxLayout()
        self.body.setSpacing(14)
        outer.addLayout(self.body, 1)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(20)
        self.buttons.addStretch(1)
        outer.addLayout(self.buttons)

    def add_button(self, text: str, *, primary: bool = False) -> QPushButton:
        widget = button(text, primary=primary)
        self.buttons.addWidget(widget)
        return widget


class ImageView(QWidget):
    """Shows an image scaled to fit, centred, aspect kept; a placeholder text when empty."""

    def __init__(self, parent: QWidget | None = None, *, min_size: QSize | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._placeholder = ""
        self._mark: tuple[float, float, float, float] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(min_size or QSize(160, 200))

    @property
    def image(self) -> QImage | None:
        return self._image

    def set_image(self, image: QImage | None) -> None:
        self._image = image if image is not None and not image.isNull() else None
        self.update()

    @property
    def mark(self) -> tuple[float, float, float, float] | None:
        return self._mark

    def set_mark(self, region: tuple[float, float, float, float] | None) -> None:
        """Outline a region given as (x0, y0, x1, y1) fractions of the image (None: no mark)."""
        self._mark = region
        self.update()

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        self.update()

    def image_rect(self) -> QRectF:
        """Where the image is drawn inside the widget."""
        if self._image is None:
            return QRectF(self.rect())
        size = QSize(self._image.size())
        size.scale(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x = (self.width() - size.width()) / 2
        y = (self.height() - size.height()) / 2
        return QRectF(x, y, size.width(), size.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if self._image is None:
            painter.fillRect(self.rect(), QColor("#eceff1"))
            painter.setPen(QColor("#607d8b"))
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self._placeholder,
            )
            return
        shown = self.image_rect()
        painter.drawImage(shown, self._image)
        if self._mark is not None:
            x0, y0, x1, y1 = self._mark
            box = QRectF(
                shown.x() + x0 * shown.width(),
                shown.y() + y0 * shown.height(),
                (x1 - x0) * shown.width(),
                (y1 - y0) * shown.height(),
            ).adjusted(2, 2, -2, -2)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.fillRect(box, QColor(229, 57, 53, 40))
            painter.setPen(QPen(QColor("#e53935"), 4))
            painter.drawRect(box)


def image_from_bytes(data: bytes | None) -> QImage | None:
    if not data:
        return None
    image = QImage()
    return image if image.loadFromData(data) else None


def image_from_file(path: str | None) -> QImage | None:
    if not path:
        return None
    image = QImage(path)
    return None if image.isNull() else image
