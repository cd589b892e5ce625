# SPDX-License-Identifier: MIT
"""Finding and counting faces in a still.

Two models work together. The full-range face detector (mediapipe's BlazeFace "full range",
shipped in the mediapipe wheel) counts faces and finds small ones anywhere in a wide frame. The
Face Landmarker (:mod:`tucai_desk.vision.landmarker`) then runs on a square crop centred on the
main face: its own detector is short-range and misses small faces, and a face-centred crop also
removes the part of the head-pose reading that depends on where the face sits in the frame (the
pose is then measured along the camera's line of sight to the face, which is what "frontal" means).

Not thread-safe: one :class:`FaceFinder` per thread.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace

import cv2
import numpy as np

from tucai_desk.vision.landmarker import FaceLandmarks
from tucai_desk.vision.shared_landmarker import shared_image_landmarker

log = logging.getLogger(__name__)

DETECT_MAX_SIDE = 640  # the detector's input is 192×192: a larger copy only costs time
LANDMARK_CROP_SIDE = 320  # pixels of the face-centred crop given to the Face Landmarker
CROP_FACTOR = 2.2  # crop side as a multiple of the detector box (face about 45 % of the crop)


@dataclass(frozen=True, slots=True)
class FaceBox:
    """A detected face in still pixels."""

    x0: float
    y0: float
    x1: float
    y1: float
    score: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def area(self) -> float:
        return max(0.0, self.width) * max(0.0, self.height)

    @property
    def center(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0


@dataclass(frozen=True, slots=True)
class FaceScan:
    """What the face models found in one still (all coordinates in still pixels)."""

    boxes: tuple[FaceBox, ...]  # detector boxes, largest first
    face: FaceLandmarks | None  # landmarks of the main face, mapped back to the still
    model_ms: float


class FaceDetector:
    """The full-range face detector (mediapipe legacy solution, model inside the wheel)."""

    def __init__(self, min_score: float = 0.5) -> None:
        import mediapipe as mp

        self._min_score = min_score
        self._detector = mp.solutions.face_detection.FaceDetection(
            model_selection=1, min_detection_confidence=min_score
        )

    def detect(self, bgr: np.ndarray) -> list[FaceBox]:
        """Faces with score ≥ ``min_score``, largest first, in ``bgr`` pixels."""
        h, w = bgr.shape[:2]
        k = min(1.0, DETECT_MAX_SIDE / max(h, w))
        small = cv2.resize(bgr, (round(w * k), round(h * k)), interpolation=cv2.INTER_AREA)
        result = self._detector.process(cv2.cvtColor(small, cv2.COLOR_BGR2RGB))
        boxes: list[FaceBox] = []
        for det in result.detections or []:
            rb = det.location_data.relative_bounding_box
            score = float(det.score[0]) if det.score else 0.0
            if score < self._min_score:
                continue
            x0, y0 = rb.xmin * w, rb.ymin * h
            boxes.append(FaceBox(x0, y0, x0 + rb.width * w, y0 + rb.height * h, score))
        boxes.sort(key=lambda b: -b.area)
        return boxes

    def close(self) -> None:
        self._detector.close()


class FaceFinder:
    """Detector + Face Landmarker on a face-centred crop: the face analysis of one still."""

    def __init__(self, min_score: float = 0.5) -> None:
        self._detector = FaceDetector(min_score)
        self._landmarker = shared_image_landmarker()  # one per process (see shared_landmarker)

    def scan(self, bgr: np.ndarray) -> FaceScan:
        t0 = time.perf_counter()
        boxes = self._detector.detect(bgr)
        face: FaceLandmarks | None = None
        if boxes:
            face = self._landmarks_around(bgr, boxes[0])
        if face is None:
            # The detector misses strongly tilted heads that the landmarker still finds.
            face = self._landmarks_whole(bgr)
        model_ms = (time.perf_counter() - t0) * 1000.0
        return FaceScan(tuple(boxes), face, model_ms)

    def landmarks(self, bgr: np.ndarray) -> FaceLandmarks | None:
        """Landmarks of the largest face in an image already framed around it (the output)."""
        faces = self._landmarker.detect(bgr)
        return faces[0] if faces else None

    def _landmarks_around(self, bgr: np.ndarray, box: FaceBox) -> FaceLandmarks | None:
        cx, cy = box.center
        side = CROP_FACTOR * max(box.width, box.height)
        k = LANDMARK_CROP_SIDE / side
        # Still → crop: u = k·x + tx. Borders replicate so the face stays centred near edges.
        tx, ty = LANDMARK_CROP_SIDE / 2 - k * cx, LANDMARK_CROP_SIDE / 2 - k * cy
        matrix = np.array([[k, 0.0, tx], [0.0, k, ty]], dtype=np.float32)
        src = bgr
        if k < 0.5:  # pre-shrink so the bilinear warp does not alias
            pre = 2.0 * k
            src = cv2.resize(bgr, None, fx=pre, fy=pre, interpolation=cv2.INTER_AREA)
            matrix = np.array([[k / pre, 0.0, tx], [0.0, k / pre, ty]], dtype=np.float32)
        crop = cv2.warpAffine(
            src,
            matrix,
            (LANDMARK_CROP_SIDE, LANDMARK_CROP_SIDE),
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_REPLICATE,
        )
        faces = self._landmarker.detect(crop)
        if not faces:
            return None
        return _map_face(faces[0], 1.0 / k, -tx / k, -ty / k)

    def _landmarks_whole(self, bgr: np.ndarray) -> FaceLandmarks | None:
        h, w = bgr.shape[:2]
        k = min(1.0, DETECT_MAX_SIDE / max(h, w))
        small = cv2.resize(bgr, (round(w * k), round(h * k)), interpolation=cv2.INTER_AREA)
        faces = self._landmarker.detect(small)
        if not faces:
            return None
        return _map_face(faces[0], 1.0 / k, 0.0, 0.0)

    def close(self) -> None:
        self._detector.close()  # the shared landmarker stays for the process's other users


def _map_face(face: FaceLandmarks, scale: float, dx: float, dy: float) -> FaceLandmarks:
    """Landmarks of a scaled/shifted copy mapped back: x_still = scale·x + dx."""
    pts = face.points.astype(np.float32).copy()
    pts[:, 0] = pts[:, 0] * scale + dx
    pts[:, 1] = pts[:, 1] * scale + dy
    pts[:, 2] = pts[:, 2] * scale
    return replace(face, points=pts)


def map_face(face: FaceLandmarks, scale: float, dx: float, dy: float) -> FaceLandmarks:
    """Public form of the point mapping (used to carry landmarks through the crop)."""
    return _map_face(face, scale, dx, dy)
