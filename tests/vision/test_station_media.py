# SPDX-License-Identifier: MIT
"""The station's own media: the requirements video plays in Qt to its end, and the demo camera
clip shows a face the Face Landmarker finds at the size a station camera sees."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import cv2
import numpy as np
import pytest

from tucai_desk.paths import resource

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS_VIDEO = resource("video", "requirements.mp4")
DEMO_CLIP = resource("demo", "demo_camera.mp4")


def _tool(name: str) -> ModuleType:
    """A script from ``tools/`` as a module (its ``main()`` does not run)."""
    key = f"tucai_tools_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def _clip_facts(path: Path) -> tuple[int, float, tuple[int, int]]:
    cap = cv2.VideoCapture(str(path))
    try:
        frames = 0
        while cap.grab():
            frames += 1
        size = (int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT)))
        return frames, float(cap.get(cv2.CAP_PROP_FPS)), size
    finally:
        cap.release()


def test_requirements_video_file_is_what_the_script_makes() -> None:
    tool = _tool("make_requirements_video")
    frames, fps, size = _clip_facts(REQUIREMENTS_VIDEO)
    assert fps == pytest.approx(tool.FPS)
    assert size == (tool.VIDEO_WIDTH, tool.VIDEO_HEIGHT)
    assert frames == round(tool.TOTAL_SECONDS * tool.FPS)
    assert 12.0 <= frames / fps <= 30.0
    assert REQUIREMENTS_VIDEO.stat().st_size < 3_000_000


def test_requirements_video_plays_to_the_end_in_qt(qtbot) -> None:  # noqa: ANN001
    from PySide6.QtCore import QUrl
    from PySide6.QtMultimedia import QMediaPlayer, QVideoFrame, QVideoSink

    tool = _tool("make_requirements_video")
    player = QMediaPlayer()
    sink = QVideoSink()
    player.setVideoSink(sink)
    seen = {"frames": 0, "valid": 0, "position": 0}

    def on_frame(frame: QVideoFrame) -> None:
        seen["frames"] += 1
        if frame.isValid() and frame.width() > 0:
            seen["valid"] += 1

    def on_position(ms: int) -> None:
        seen["position"] = max(seen["position"], ms)

    sink.videoFrameChanged.connect(on_frame)
    player.positionChanged.connect(on_position)
    player.setSource(QUrl.fromLocalFile(str(REQUIREMENTS_VIDEO)))
    player.setPlaybackRate(4.0)
    with qtbot.waitSignal(
        player.mediaStatusChanged,
        timeout=40_000,
        check_params_cb=lambda status: status == QMediaPlayer.MediaStatus.EndOfMedia,
    ):
        player.play()
    expected_ms = tool.TOTAL_SECONDS * 1000
    assert player.error() == QMediaPlayer.Error.NoError
    assert player.duration() == pytest.approx(expected_ms, abs=60)
    assert seen["position"] >= expected_ms - 200  # really played through, not just an end event
    assert seen["valid"] >= 0.9 * tool.TOTAL_SECONDS * tool.FPS  # frames were really shown
    player.stop()


def test_demo_clip_is_a_live_looking_camera_view() -> None:
    frames, fps, size = _clip_facts(DEMO_CLIP)
    assert size == (1280, 720) and fps == pytest.approx(30.0)
    assert 8.0 <= frames / fps <= 10.0
    assert DEMO_CLIP.stat().st_size < 4_000_000
    cap = cv2.VideoCapture(str(DEMO_CLIP))
    grey = []
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        grey.append(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY).astype(np.int16))
    cap.release()

    def diff(a: int, b: int) -> float:
        return float(np.abs(grey[a] - grey[b]).mean())

    steps = [diff(i, i + 1) for i in range(len(grey) - 1)]
    assert diff(0, len(grey) // 2) > 2.0  # the person moves: the view is alive
    seam = diff(len(grey) - 1, 0)
    assert seam < 2 * max(steps)  # looping back is one more small step, no jump
    assert seam < 0.3 * diff(0, len(grey) // 2)


def test_the_face_in_the_demo_clip_is_found_at_station_size() -> None:
    from tucai_desk.vision.landmarker import FaceLandmarkerRunner

    cap = cv2.VideoCapture(str(DEMO_CLIP))
    total = int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
    picks = np.linspace(0, total - 1, 6).astype(int)
    with FaceLandmarkerRunner(mode="image") as runner:
        for index in picks:
            cap.set(cv2.CAP_PROP_POS_FRAMES, int(index))
            ok, frame = cap.read()
            assert ok, index
            faces = runner.detect(frame)
            assert len(faces) == 1, index
            face = faces[0]
            assert face.inter_eye_distance >= 100.0, index  # above the 90 px the checks need
            x0, y0, x1, y1 = face.bbox()
            assert abs((x0 + x1) / 2 - 640) < 80, index  # face roughly centred
            assert 200 < (face.left_eye_center[1] + face.right_eye_center[1]) / 2 < 420, index
            assert abs(face.yaw) < 10 and abs(face.roll) < 5, index
    cap.release()
