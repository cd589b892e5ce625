# SPDX-License-Identifier: MIT
"""What the student window shows, and the two widgets of its own that paint it.

:class:`SceneReader` reads the flow's current page — its own labels, images and live view, as the
student sees them on the main window — into a :class:`Scene` (plain data, cheap to compare).
:class:`StudentLiveView` paints the camera frame with the framing overlay and a lock message;
:class:`ThumbStrip` the draft-box photos with their numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from tucai_desk.ui import texts
from tucai_desk.ui.analysis import Framing, default_framing
from tucai_desk.ui.flow import Step, StudentFlow
from tucai_desk.ui.widgets.common import ImageView


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    tone: str = "body"  # body, big, muted, ok, warning, error, prominent, hint, ready


@dataclass(frozen=True, slots=True)
class Scene:
    """What the student window shows; equal scenes need no update (images compare by key)."""

    title: str
    step: str = ""
    lines: tuple[Line, ...] = ()
    media: str = "none"  # none | image | live | thumbs | html
    prompt: str = ""
    message: str = ""
    progress: float | None = None
    images: tuple[QImage | None, ...] = field(default=(), compare=False)

    @property
    def image_keys(self) -> tuple[int, ...]:
        return tuple(0 if i is None else int(i.cacheKey()) for i in self.images)


def _line(widget: QLabel, within: QWidget, tone: str | None = None) -> Line | None:
    text = widget.text().strip()
    if not text or not widget.isVisibleTo(within):
        return None
    return Line(text, tone or str(widget.property("role") or "body"))


def _lines(*items: Line | None) -> tuple[Line, ...]:
    return tuple(i for i in items if i is not None)


def _shown(view: ImageView, within: QWidget) -> QImage | None:
    return view.image if view.isVisibleTo(within) else None


def _picture(image: QImage | None) -> dict[str, object]:
    """A photo beside the text; none (text only) while there is no photo to show."""
    return {"media": "image" if image is not None else "none", "images": (image,)}


class SceneReader(QObject):
    """Reads what the flow's current page shows, for the student. GUI thread only."""

    def __init__(self, flow: StudentFlow, school_name: str, parent: QObject | None = None):
        super().__init__(parent)
        self._flow = flow
        self._school_name = school_name

    def idle(self) -> Scene:
        return Scene(
            self.tr("Academic-record photo collection"),
            self._school_name,
            (Line(self.tr("Please wait: the staff will call you."), "big"),),
        )

    def read(self, step: Step | None) -> Scene:
        if step is None:
            return self.idle()
        page = self._flow.page(step)
        view = page.view  # type: ignore[attr-defined]
        title, number = view.title_label.text(), view.step_label.text()
        reader = getattr(self, f"_{step.name.lower()}", None)
        parts: dict[str, object] = reader(page) if reader is not None else {}
        return Scene(title, number, **parts)  # type: ignore[arg-type]

    # One reader per page: the page's own widgets, as the student sees them on the main window.
    def _code(self, page: object) -> dict[str, object]:
        v = page.view  # type: ignore[attr-defined]
        scanning = v.scan_view.isVisibleTo(v)
        return {
            "lines": _lines(
                _line(v.intro_label, v, "big"), _line(v.error_label, v), _line(v.scan_label, v)
            ),
            "media": "image" if scanning else "none",
            "images": (v.scan_view.image,) if scanning else (),
        }

    def _info(self, page: object) -> dict[str, object]:
        v = page.view  # type: ignore[attr-defined]
        fields = (
            (self.tr("Name"), v.name_value.text()),
            (self.tr("Student number"), v.number_value.text()),
            (self.tr("School"), v.school_value.text()),
            (self.tr("Department / class"), v.class_value.text()),
            (self.tr("Mobile number"), v.phone_edit.text()),
        )
        rows = [
            Line(self.tr("{field}: {value}").format(field=f, value=value), "big")
            for f, value in fields
            if value
        ]
        return {"lines": (*rows, *_lines(_line(v.phone_error, v), _line(v.warning_label, v)))}

    def _notice(self, page: object) -> dict[str, object]:
        v = page.view  # type: ignore[attr-defined]
        return {"media": "html", "lines": _lines(_line(v.read_hint, v))}

    _precautions = _notice

    def _notify(self, page: object) -> dict[str, object]:
        v = page.view  # type: ignore[attr-defined]
        boxes = tuple(
            Line(("☑ " if box.isChecked() else "☐ ") + box.text(), "big")
            for box in (v.photo_box, v.payment_box)
        )
        return {"lines": (*_lines(_line(v.intro_label, v)), *boxes)}

    def _video(self, page: object) -> dict[str, object]:
        v = page.view  # type: ignore[attr-defined]
        bar = v.progress
        span = bar.maximum() - bar.minimum()
        return {
            "media": "image",
            "images": (v.video_view.image,),
            "progress": (bar.value() - bar.minimum()) / span if span > 0 else 0.0,
            "lines": _lines(_line(v.status_label, v, "big")),
        }

    def _capture(self, page: object) -> dict[str, object]:
        v = page.view  # type: ignore[attr-defined]
        live = v.live_view
        hint = Line(live.hint_text, "hint") if live.hint_text else None
        return {
            "media": "live",
            "prompt": live.prompt_text,
            "message": live.message_text,
            "lines": _lines(hint, _line(v.status_label, v, "big")),
        }

    def _preview(self, page: object) -> dict[str, object]:
        v = page.view  # type: ignore[attr-defined]
        return {**_picture(v.still_view.image), "lines": _lines(_line(v.hint_label, v, "big"))}

    def _result(self, page: object) -> dict[str, object]:
        v = page.view  # type: ignore[attr-defined]
        left = page.cooldown_left()  # type: ignore[attr-defined]
        countdown = Line(texts.cooldown_text(left), "warning") if left > 0 else None
        return {
            **_picture(v.photo_view.image),
            "lines": _lines(
                _line(v.busy_label, v),
                _line(v.outcome_label, v),
                _line(v.first_reason, v),
                _line(v.more_reasons, v),
                _line(v.lock_label, v),
                countdown,
            ),
        }

    def _drafts(self, page: object) -> dict[str, object]:
        v = page.view  # type: ignore[attr-defined]
        cards = page.cards  # type: ignore[attr-defined]
        return {
            "media": "thumbs" if cards else "none",
            "images": tuple(card.thumb.image for card in cards),
            "lines": _lines(_line(v.summary_label, v, "big"), _line(v.empty_label, v)),
        }

    def _confirm(self, page: object) -> dict[str, object]:
        v = page.view  # type: ignore[attr-defined]
        return {**_picture(v.photo_view.image), "lines": _lines(_line(v.note_label, v))}

    def _payment(self, page: object) -> dict[str, object]:
        v = page.view  # type: ignore[attr-defined]
        return {
            **_picture(_shown(v.qr_view, v)),
            "lines": _lines(
                _line(v.amount_label, v),
                _line(v.scan_label, v),
                _line(v.state_label, v),
                _line(v.order_label, v),
            ),
        }

    def _done(self, page: object) -> dict[str, object]:
        v = page.view  # type: ignore[attr-defined]
        return {
            "lines": _lines(
                _line(v.thanks_label, v, "ok"), _line(v.upload_label, v), _line(v.payment_label, v)
            )
        }

    def _download(self, page: object) -> dict[str, object]:
        v = page.view  # type: ignore[attr-defined]
        return {**_picture(_shown(v.photo_view, v)), "lines": _lines(_line(v.state_label, v))}


class StudentLiveView(QWidget):
    """The camera frame with the framing overlay and, over it all, a lock or camera message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._frame: QImage | None = None
        self._native: QImage | None = None  # the frame in the painter's format, made once
        self._native_key = 0
        self._framing: Framing | None = None
        self._ready = False
        self.message_text = ""
        self.frames_shown = 0

    @property
    def frame(self) -> QImage | None:
        return self._frame

    @property
    def ready(self) -> bool:
        """The last guidance said framing and pose are right."""
        return self._ready and self._frame is not None

    def set_frame(self, image: QImage) -> None:
        self._frame = image
        self.frames_shown += 1
        self.update()

    def set_framing(self, framing: Framing | None, *, ready: bool) -> None:
        self._framing, self._ready = framing, ready
        if self._frame is None:
            self.update()  # else the next frame, a few ms away, paints it: one paint per frame

    def set_message(self, text: str) -> None:
        if text != self.message_text:
            self.message_text = text
            self.update()

    def clear(self) -> None:
        self._frame = self._native = self._framing = None
        self._native_key = 0
        self._ready = False
        self.message_text = ""
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        frame = self._frame
        if frame is None or frame.isNull():
            painter.fillRect(self.rect(), BACKDROP)
        else:
            if self._native_key != frame.cacheKey():
                # BGR888 is converted on every draw; RGB32 is drawn (and scaled) directly.
                self._native = frame.convertToFormat(QImage.Format.Format_RGB32)
                self._native_key = frame.cacheKey()
            size = QSize(frame.size())
            size.scale(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(
                (self.width() - size.width()) // 2,
                (self.height() - size.height()) // 2,
                size.width(),
                size.height(),
            )
            _fill_outside(painter, QRectF(self.rect()), target, BACKDROP)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            assert self._native is not None
            painter.drawImage(target, self._native)
            # Frames are mirrored for the student; the overlay was computed on the raw frame.
            framing = (
                self._framing.mirrored()
                if self._framing is not None
                else default_framing(frame.width(), frame.height())
            )
            self._paint_overlay(painter, target, framing)
        if self.message_text:
            painter.fillRect(self.rect(), QColor(0, 0, 0, 190))
            font = QFont(self.font())
            font.setPixelSize(max(18, min(self.height() // 12, self.width() // 22)))
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(
                QRectF(self.rect()).adjusted(40, 40, -40, -40),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                self.message_text,
            )

    def _paint_overlay(self, painter: QPainter, target: QRectF, framing: Framing) -> None:
        def pt(fx: float, fy: float) -> QPointF:
            return QPointF(target.x() + fx * target.width(), target.y() + fy * target.height())

        x, y, w, h = framing.crop
        _fill_outside(painter, target, QRectF(pt(x, y), pt(x + w, y + h)), VEIL)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)  # the outline only: it is thin
        colour = QColor("#66bb6a") if self._ready else QColor("#ffffff")
        line = max(3.0, target.height() / 200)
        painter.setPen(QPen(colour, line, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        cx, cy, rx, ry = framing.head
        painter.drawEllipse(pt(cx, cy), rx * target.width(), ry * target.height())
        x0, x1 = framing.eye_x
        painter.setPen(QPen(colour, line * 0.7, Qt.PenStyle.DotLine))
        painter.drawLine(pt(x0, framing.eye_y), pt(x1, framing.eye_y))


BACKDROP = QColor("#263238")
VEIL = QColor(0, 0, 0, 110)


def _fill_outside(painter: QPainter, outer: QRectF, inner: QRectF, colour: QColor) -> None:
    """Fill ``outer`` except ``inner`` with four rectangles (a path with a hole costs more)."""
    inner = QRectF(inner.toAlignedRect()).intersected(outer)  # whole pixels: no seams
    painter.fillRect(
        QRectF(outer.left(), outer.top(), outer.width(), inner.top() - outer.top()), colour
    )
    painter.fillRect(
        QRectF(outer.left(), inner.bottom(), outer.width(), outer.bottom() - inner.bottom()), colour
    )
    painter.fillRect(
        QRectF(outer.left(), inner.top(), inner.left() - outer.left(), inner.height()), colour
    )
    painter.fillRect(
        QRectF(inner.right(), inner.top(), outer.right() - inner.right(), inner.height()), colour
    )


class ThumbStrip(QWidget):
    """The draft-box photos side by side, each with its number (the key that chooses it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.images: list[QImage] = []

    def set_images(self, images: list[QImage | None]) -> None:
        self.images = [i for i in images if i is not None]
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.images:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        gap = max(12, self.width() // 60)
        number_h = max(24, self.height() // 8)
        cell_w = (self.width() - gap * (len(self.images) - 1)) / len(self.images)
        font = QFont(self.font())
        font.setPixelSize(int(number_h * 0.8))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#0d47a1"))
        for n, image in enumerate(self.images):
            cell = QRectF(n * (cell_w + gap), 0, cell_w, self.height() - number_h)
            size = QSize(image.size())
            size.scale(cell.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
            x = cell.x() + (cell.width() - size.width()) / 2
            painter.drawImage(QRectF(x, cell.y(), size.width(), size.height()), image)
            painter.drawText(
                QRectF(cell.x(), cell.y() + size.height(), cell.width(), number_h),
                int(Qt.AlignmentFlag.AlignCenter),
                str(n + 1),
            )
