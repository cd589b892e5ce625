# SPDX-License-Identifier: MIT
"""Make the shooting-requirements video ``resources/video/requirements.mp4``.

Step 6 of the student flow plays this video before the camera opens. It shows the photo
standard's rules one at a time: a Chinese title and hint, and simple drawings of a person on the
light-blue backdrop, a wrong example beside a right one. Frames are painted with Qt's QPainter
offscreen and written as MPEG-4 Part 2 (``mp4v``) with OpenCV, which QMediaPlayer's FFmpeg
backend plays everywhere (OpenCV's wheel cannot write H.264).

Usage: ``.venv/bin/python tools/make_requirements_video.py [--out PATH]``
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from PySide6.QtCore import QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "video" / "requirements.mp4"
# Scenes are laid out on a 1280×720 canvas and painted scaled into the video frame. 960×540 keeps
# the file small: OpenCV's mp4v writer puts a key frame every 12 frames whatever it is asked.
WIDTH, HEIGHT = 1280, 720
VIDEO_WIDTH, VIDEO_HEIGHT, FPS = 960, 540, 25
FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
BACKDROP = QColor(100, 197, 255)  # the photo standard's light blue
INK = QColor(40, 44, 52)
HEADER = QColor(31, 78, 140)
PAPER = QColor(245, 247, 250)
RED = QColor(211, 47, 47)
GREEN = QColor(46, 160, 67)
SKIN = QColor(241, 200, 166)
HAIR = QColor(48, 38, 34)
SHIRT_LIGHT = QColor(250, 250, 250)


@dataclass(frozen=True)
class Look:
    """How the drawn student looks; the defaults meet the standard."""

    hat: bool = False
    jewellery: bool = False
    hair_over: bool = False
    makeup: bool = False
    shirt: QColor = field(default_factory=lambda: QColor(SHIRT_LIGHT))
    glasses: bool = False
    glare: bool = False
    mouth_open: bool = False
    turned: float = 0.0  # -1..1: how far the head is turned to the side


@dataclass(frozen=True)
class Scene:
    title: str
    hint: str
    seconds: float
    paint: Callable[[QPainter, float], None]


def draw_person(p: QPainter, rect: QRectF, look: Look) -> None:
    """A head-and-shoulders figure filling ``rect`` (drawn in a 200×240 box, scaled)."""
    p.save()
    p.translate(rect.x(), rect.y())
    p.scale(rect.width() / 200.0, rect.height() / 240.0)
    p.setPen(Qt.PenStyle.NoPen)
    shift = 14.0 * look.turned
    # Shoulders and shirt.
    body = QPainterPath(QPointF(4, 240))
    body.cubicTo(10, 196, 52, 182, 78, 178)
    body.lineTo(122, 178)
    body.cubicTo(148, 182, 190, 196, 196, 240)
    body.closeSubpath()
    p.setBrush(look.shirt)
    p.drawPath(body)
    p.setPen(QPen(QColor(0, 0, 0, 60), 1.5))
    p.drawLine(QPointF(82, 180), QPointF(100, 204))
    p.drawLine(QPointF(118, 180), QPointF(100, 204))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(SKIN.darker(108))
    p.drawRect(QRectF(86, 146, 28, 38))
    if look.jewellery:
        p.setBrush(QColor(232, 186, 48))
        for i in range(9):
            a = math.radians(200 + i * 17.5)
            p.drawEllipse(QPointF(100 + 26 * math.cos(a) * -1, 170 - 18 * math.sin(a)), 3.2, 3.2)
    # Ears (the far ear hides when the head turns).
    p.setBrush(SKIN.darker(104))
    if look.turned <= 0.3:
        p.drawEllipse(QPointF(52 + shift * 0.3, 104), 8, 14)
    if look.turned >= -0.3:
        p.drawEllipse(QPointF(148 + shift * 0.3, 104), 8, 14)
    if look.jewellery:
        p.setBrush(QColor(232, 186, 48))
        p.drawEllipse(QPointF(51, 124), 5, 5)
        p.drawEllipse(QPointF(149, 124), 5, 5)
    p.setBrush(SKIN)
    p.drawEllipse(QRectF(52, 40, 96, 122))
    # Hair: a short cut off the brows and ears, or a fringe and sides that cover them.
    p.setBrush(HAIR)
    hair = QPainterPath(QPointF(50, 100))
    hair.cubicTo(44, 40, 80, 26, 100, 28)
    hair.cubicTo(120, 26, 156, 40, 150, 100)
    if look.hair_over:
        hair.lineTo(158, 136)
        hair.lineTo(142, 136)
        hair.cubicTo(140, 110, 138, 96, 136, 90)
        hair.cubicTo(110, 96, 90, 96, 62, 90)
        hair.cubicTo(62, 96, 60, 110, 58, 136)
        hair.lineTo(42, 136)
    else:
        hair.cubicTo(146, 80, 138, 66, 122, 62)
        hair.cubicTo(104, 66, 80, 60, 58, 74)
        hair.cubicTo(54, 82, 52, 90, 50, 100)
    hair.closeSubpath()
    p.drawPath(hair)
    if look.hat:
        p.setBrush(QColor(192, 57, 43))
        cap = QPainterPath(QPointF(46, 76))
        cap.cubicTo(46, 20, 154, 20, 154, 76)
        cap.closeSubpath()
        p.drawPath(cap)
        p.setBrush(QColor(150, 40, 30))
        p.drawRoundedRect(QRectF(42, 66, 116, 16), 6, 6)
        p.drawEllipse(QPointF(100, 22), 9, 9)
    # Face.
    if look.makeup:
        p.setBrush(QColor(236, 96, 140, 90))
        p.drawEllipse(QPointF(72 + shift, 120), 11, 7)
        p.drawEllipse(QPointF(128 + shift, 120), 11, 7)
        p.setBrush(QColor(120, 70, 160, 120))
        p.drawEllipse(QPointF(82 + shift, 90), 10, 5)
        p.drawEllipse(QPointF(118 + shift, 90), 10, 5)
    if not look.hair_over:
        p.setPen(QPen(HAIR, 3.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(QPointF(72 + shift, 83), QPointF(91 + shift, 81))
        p.drawLine(QPointF(109 + shift, 81), QPointF(128 + shift, 83))
        p.setPen(Qt.PenStyle.NoPen)
    gaze = 4.0 * look.turned
    for x in (82.0, 118.0):
        p.setBrush(QColor(255, 255, 255))
        p.drawEllipse(QPointF(x + shift, 96), 8, 4.8)
        p.setBrush(QColor(52, 36, 28))
        p.drawEllipse(QPointF(x + shift + gaze, 96), 3.6, 3.6)
    p.setPen(QPen(SKIN.darker(135), 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.setBrush(Qt.BrushStyle.NoBrush)
    nose = QPainterPath(QPointF(100 + shift * 1.2, 100))
    nose.lineTo(95 + shift * 1.3, 119)
    nose.lineTo(102 + shift * 1.3, 121)
    p.drawPath(nose)
    lips = QColor(214, 40, 90) if look.makeup else QColor(196, 112, 104)
    if look.mouth_open:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(120, 30, 40))
        p.drawChord(QRectF(84 + shift, 124, 32, 22), 0, -180 * 16)
        p.setBrush(QColor(255, 255, 255))
        p.drawRect(QRectF(88 + shift, 135, 24, 4))
    else:
        p.setPen(
            QPen(lips, 4 if look.makeup else 2.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        )
        p.drawLine(QPointF(90 + shift, 136), QPointF(110 + shift, 136))
    if look.glasses:
        tint = QColor(90, 90, 100, 150) if look.glare else QColor(255, 255, 255, 20)
        p.setPen(QPen(QColor(30, 30, 30), 2.6))
        p.setBrush(tint)
        p.drawRoundedRect(QRectF(68 + shift, 86, 28, 20), 6, 6)
        p.drawRoundedRect(QRectF(104 + shift, 86, 28, 20), 6, 6)
        p.drawLine(QPointF(96 + shift, 94), QPointF(104 + shift, 94))
        if look.glare:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(255, 255, 255, 230))
            for x in (70.0, 106.0):
                streak = QPainterPath(QPointF(x + 6 + shift, 104))
                streak.lineTo(x + 14 + shift, 88)
                streak.lineTo(x + 20 + shift, 88)
                streak.lineTo(x + 12 + shift, 104)
                streak.closeSubpath()
                p.drawPath(streak)
    p.restore()


def draw_mark(p: QPainter, centre: QPointF, good: bool, size: float = 30.0) -> None:
    """A green tick or a red cross in a circle."""
    p.save()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(GREEN if good else RED)
    p.drawEllipse(centre, size, size)
    p.setPen(
        QPen(
            QColor(255, 255, 255),
            size * 0.22,
            Qt.PenStyle.SolidLine,
            Qt.PenCapStyle.RoundCap,
            Qt.PenJoinStyle.RoundJoin,
        )
    )
    s = size * 0.45
    if good:
        tick = QPainterPath(QPointF(centre.x() - s, centre.y()))
        tick.lineTo(centre.x() - s * 0.25, centre.y() + s * 0.7)
        tick.lineTo(centre.x() + s, centre.y() - s * 0.6)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(tick)
    else:
        p.drawLine(QPointF(centre.x() - s, centre.y() - s), QPointF(centre.x() + s, centre.y() + s))
        p.drawLine(QPointF(centre.x() + s, centre.y() - s), QPointF(centre.x() - s, centre.y() + s))
    p.restore()


def ease(t: float) -> float:
    t = max(0.0, min(1.0, t))
    return t * t * (3 - 2 * t)


def font(px: int, *, bold: bool = False) -> QFont:
    f = QFont(FONT_FAMILY)
    f.setPixelSize(px)
    f.setBold(bold)
    return f


def panel(p: QPainter, rect: QRectF, colour: QColor = BACKDROP) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    p.drawRoundedRect(rect, 14, 14)


def compare(
    bad: Look,
    good: Look,
    bad_label: str = "错误",
    good_label: str = "正确",
    bad_backdrop: QColor = BACKDROP,
) -> Callable[[QPainter, float], None]:
    """A wrong example on the left, the right one on the right; marks pop in one after another."""

    def paint(p: QPainter, t: float) -> None:
        for i, (look, label, good_side) in enumerate(
            ((bad, bad_label, False), (good, good_label, True))
        ):
            x = 300 + i * 380
            rect = QRectF(x, 250, 300, 360)
            panel(p, rect, bad_backdrop if not good_side else BACKDROP)
            draw_person(p, rect, look)
            shown = ease((t - (0.35 if not good_side else 0.75)) / 0.2)
            if shown > 0:
                r = 30 * (0.6 + 0.4 * shown)
                draw_mark(p, QPointF(x + 150, 642), good_side, r)
                p.setPen(GREEN if good_side else RED)
                p.setFont(font(26, bold=True))
                p.drawText(
                    QRectF(x + 186, 622, 120, 40),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    label,
                )

    return paint


def framing(p: QPainter, t: float) -> None:
    """The live view's framing guide: a head outline and the eye line; the student steps in."""
    rect = QRectF(490, 236, 300, 400)
    panel(p, rect)
    offset = 90 * (1 - ease(t / 1.0))
    draw_person(p, QRectF(490 + offset, 276, 300, 360), Look())
    ok = t >= 1.0
    colour = GREEN if ok else QColor(255, 255, 255)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(colour, 4, Qt.PenStyle.DashLine))
    p.drawEllipse(QRectF(556, 306, 168, 226))
    p.setPen(QPen(QColor(255, 214, 0), 3, Qt.PenStyle.DashLine))
    p.drawLine(QPointF(500, 420), QPointF(780, 420))
    p.setPen(INK)
    p.setFont(font(22))
    p.drawText(QRectF(800, 404, 260, 32), Qt.AlignmentFlag.AlignLeft, "← 双眼对齐此线")
    p.drawText(QRectF(800, 320, 260, 32), Qt.AlignmentFlag.AlignLeft, "← 头部在轮廓内")
    if ok:
        draw_mark(p, QPointF(640, 668), True, 26)


def keep_still(p: QPainter, t: float) -> None:
    rect = QRectF(490, 236, 300, 400)
    panel(p, rect)
    draw_person(p, QRectF(490, 276, 300, 360), Look())
    count = 3 - min(2, int(t / 0.6))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(0, 0, 0, 110))
    p.drawEllipse(QPointF(930, 430), 70, 70)
    p.setPen(QColor(255, 255, 255))
    p.setFont(font(84, bold=True))
    p.drawText(QRectF(860, 360, 140, 140), Qt.AlignmentFlag.AlignCenter, str(count))
    p.setPen(INK)
    p.setFont(font(24))
    p.drawText(QRectF(840, 520, 180, 36), Qt.AlignmentFlag.AlignCenter, "拍摄中，请勿动")


def title_card(p: QPainter, t: float) -> None:
    panel(p, QRectF(540, 360, 200, 240))
    draw_person(p, QRectF(540, 360, 200, 240), Look())
    p.setPen(INK)
    p.setFont(font(30))
    p.drawText(
        QRectF(0, 250, WIDTH, 60), Qt.AlignmentFlag.AlignCenter, "学历图像采集 · 拍摄前请认真观看"
    )


def end_card(p: QPainter, t: float) -> None:
    draw_mark(p, QPointF(640, 420), True, 70 * (0.7 + 0.3 * ease(t / 0.3)))
    p.setPen(INK)
    p.setFont(font(30))
    p.drawText(
        QRectF(0, 520, WIDTH, 60), Qt.AlignmentFlag.AlignCenter, "准备好后，请按提示开始拍摄"
    )


RULE_SECONDS = 2.0  # long enough to read a rule; the whole video stays under 3 MB
SCENES: tuple[Scene, ...] = (
    Scene("拍摄要求", "", 1.8, title_card),
    Scene("站在镜头正前方", "头部位于人像轮廓内，双眼与水平线对齐", 2.4, framing),
    Scene(
        "不戴帽子",
        "不得使用帽子、头巾、发箍等头部覆盖物",
        RULE_SECONDS,
        compare(Look(hat=True), Look()),
    ),
    Scene(
        "不戴首饰", "不佩戴耳环、项链等饰品", RULE_SECONDS, compare(Look(jewellery=True), Look())
    ),
    Scene(
        "头发不遮挡眉毛、眼睛和耳朵",
        "请把头发梳到耳后，露出眉毛和双耳",
        RULE_SECONDS,
        compare(Look(hair_over=True), Look()),
    ),
    Scene(
        "不化妆",
        "保持自然面貌，不涂口红、眼影、腮红",
        RULE_SECONDS,
        compare(Look(makeup=True), Look()),
    ),
    Scene(
        "衣服颜色与背景区分明显",
        "背景为蓝色，请勿穿蓝色上衣",
        RULE_SECONDS,
        compare(Look(shirt=QColor(60, 150, 230)), Look()),
    ),
    Scene(
        "眼镜不反光",
        "常戴眼镜者应佩戴；不戴有色眼镜，镜片不得反光",
        RULE_SECONDS,
        compare(Look(glasses=True, glare=True), Look(glasses=True)),
    ),
    Scene(
        "表情自然，嘴唇闭合",
        "不张嘴、不大笑，面部放松",
        RULE_SECONDS,
        compare(Look(mouth_open=True), Look()),
    ),
    Scene(
        "双眼平视镜头",
        "头部摆正，不侧脸、不低头、不仰头",
        RULE_SECONDS,
        compare(Look(turned=1.0), Look()),
    ),
    Scene("保持静止", "拍摄时请保持不动，直到提示拍摄完成", RULE_SECONDS, keep_still),
    Scene("观看完毕", "", 1.6, end_card),
)
TOTAL_SECONDS = sum(s.seconds for s in SCENES)
RULES = len(SCENES) - 2  # the title and end cards are not numbered


def paint_frame(p: QPainter, index: int, scene: Scene, t: float, elapsed: float) -> None:
    p.fillRect(QRectF(0, 0, WIDTH, HEIGHT), PAPER)
    p.fillRect(QRectF(0, 0, WIDTH, 84), HEADER)
    p.setPen(QColor(255, 255, 255))
    p.setFont(font(30, bold=True))
    p.drawText(QRectF(40, 0, 600, 84), Qt.AlignmentFlag.AlignVCenter, "拍摄要求")
    if 0 < index <= RULES:
        p.setFont(font(26))
        p.drawText(
            QRectF(WIDTH - 240, 0, 200, 84),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
            f"{index} / {RULES}",
        )
    # The scene's content fades in over its first quarter second.
    p.setOpacity(ease(t / 0.25))
    p.setPen(INK)
    big = index == 0 or index == len(SCENES) - 1
    p.setFont(font(64 if big else 46, bold=True))
    p.drawText(
        QRectF(0, 112 if not big else 150, WIDTH, 80), Qt.AlignmentFlag.AlignCenter, scene.title
    )
    if scene.hint:
        p.setFont(font(28))
        p.setPen(QColor(70, 76, 88))
        p.drawText(QRectF(0, 182, WIDTH, 44), Qt.AlignmentFlag.AlignCenter, scene.hint)
    scene.paint(p, t)
    p.setOpacity(1.0)
    p.fillRect(QRectF(0, HEIGHT - 8, WIDTH, 8), QColor(220, 224, 230))
    p.fillRect(QRectF(0, HEIGHT - 8, WIDTH * elapsed / TOTAL_SECONDS, 8), HEADER)


def qimage_to_bgr(image: QImage) -> np.ndarray:
    view = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    rows = view.reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 3].reshape(image.height(), image.width(), 3).copy()


def draw(image: QImage, index: int, t: float, elapsed: float) -> None:
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.scale(image.width() / WIDTH, image.height() / HEIGHT)
    paint_frame(painter, index, SCENES[index], t, elapsed)
    painter.end()


def save_stills(folder: Path) -> None:
    """One PNG per scene (at its end), to look the video over without playing it."""
    folder.mkdir(parents=True, exist_ok=True)
    image = QImage(VIDEO_WIDTH, VIDEO_HEIGHT, QImage.Format.Format_BGR888)
    start = 0.0
    for index, scene in enumerate(SCENES):
        draw(image, index, scene.seconds - 1 / FPS, start + scene.seconds)
        image.save(str(folder / f"scene_{index:02d}.png"))
        start += scene.seconds


def render(out: Path) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(out.stem + ".part.mp4")
    size = (VIDEO_WIDTH, VIDEO_HEIGHT)
    writer = cv2.VideoWriter(str(part), cv2.VideoWriter_fourcc(*"mp4v"), FPS, size)
    if not writer.isOpened():
        raise SystemExit("cannot open an mp4v writer")
    image = QImage(VIDEO_WIDTH, VIDEO_HEIGHT, QImage.Format.Format_BGR888)
    frames = 0
    start = 0.0
    for index, scene in enumerate(SCENES):
        count = round(scene.seconds * FPS)
        for k in range(count):
            t = k / FPS
            draw(image, index, t, start + t)
            writer.write(qimage_to_bgr(image))
            frames += 1
        start += count / FPS
    writer.release()
    part.replace(out)
    return frames


def load_font() -> str:
    for path in FONT_FILES:
        if Path(path).is_file():
            font_id = QFontDatabase.addApplicationFont(path)
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if families:
                return families[0]
    raise SystemExit("no CJK font found; install fonts-wqy-microhei")


FONT_FAMILY = ""


def main(argv: list[str] | None = None) -> int:
    global FONT_FAMILY
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--stills", type=Path, help="also save one PNG per scene in this folder")
    args = parser.parse_args(argv)
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    FONT_FAMILY = load_font()
    if args.stills:
        save_stills(args.stills)
    frames = render(args.out)
    size_mb = args.out.stat().st_size / 1e6
    print(
        f"{args.out}: {frames} frames, {frames / FPS:.1f} s, {VIDEO_WIDTH}x{VIDEO_HEIGHT}"
        f" @ {FPS} fps, {size_mb:.2f} MB, font {FONT_FAMILY}"
    )
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
