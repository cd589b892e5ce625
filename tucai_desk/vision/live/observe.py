# SPDX-License-Identifier: MIT
"""What one analysed frame tells the live view: the faces, their pose, eyes and light.

The Face Landmarker runs once per frame; :func:`observe` turns its output into a
:class:`FrameObs` that guidance, blink and turn detection and the planarity test all read. An
observation is small and self-contained (no reference to the frame), so the evaluation can cache
a clip's observations once and replay them through many challenges.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from tucai_desk.vision.checks.context import linear_luminance
from tucai_desk.vision.landmarker import (
    CHIN,
    LEFT_CHEEK_EDGE,
    LEFT_EYE,
    RIGHT_CHEEK_EDGE,
    RIGHT_EYE,
    FaceLandmarks,
)

log = logging.getLogger(__name__)

# Face outline (MediaPipe's face-oval ring), used for masks.
FACE_OVAL = (
    10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377,
    152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
)  # fmt: skip
# Cheek centres below the eyes (image-left cheek first), for the light balance.
CHEEKS = (50, 280)
MOUTH_CORNERS = (61, 291)

#: Side of the square, eye-aligned grey patch kept for the planarity test.
PATCH_SIZE = 128
PATCH_IED = 40.0  # inter-eye distance in the patch, px
_PATCH_EYES_Y = 48.0


@dataclass(frozen=True, slots=True)
class FaceObs:
    """The main face of a frame. Pixel values are in the analysed frame."""

    points: np.ndarray  # (478, 2) float32
    ied: float
    yaw: float
    pitch: float
    roll: float
    ear: float  # eye aspect ratio, mean of both eyes
    ear_min: float  # the more closed eye
    blink: float  # mean eyeBlink blendshape
    blink_min: float
    smile: float  # mean mouthSmile blendshape
    eye_mouth: float  # eye-corner centre to mouth-corner centre distance / inter-eye distance
    luminance: float  # face mean, linear light 0..1
    cheek_ratio: float  # image-left cheek / image-right cheek, display grey values
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 px
    patch: np.ndarray  # (PATCH_SIZE, PATCH_SIZE) uint8, eye-aligned grey face
    patch_affine: np.ndarray  # (2, 3) float32: frame px -> patch px


@dataclass(frozen=True, slots=True)
class FrameObs:
    t_ms: float
    width: int
    height: int
    face: FaceObs | None
    n_faces: int  # faces found
    other_face_area: float  # largest other face's box area / main face's box area (0 if none)
    other_face_ied: float  # largest other face's inter-eye distance / main face's (0 if none)
    frame_luminance: float  # mean of the whole frame, linear light 0..1
    camera_scale: float = 1.0  # camera (still) pixels per analysed pixel


def eye_aspect_ratio(points: np.ndarray, eye: Sequence[int]) -> float:
    """(|p2-p6| + |p3-p5|) / (2 |p1-p4|) on the six eye points."""
    p = points[list(eye), :2]
    vertical = np.linalg.norm(p[1] - p[5]) + np.linalg.norm(p[2] - p[4])
    horizontal = 2.0 * np.linalg.norm(p[0] - p[3])
    return float(vertical / horizontal) if horizontal > 1e-6 else 0.0


def _face_light(bgr: np.ndarray, pts: np.ndarray, ied: float) -> tuple[float, float]:
    """Mean linear luminance of the face and the left/right cheek ratio.

    The cheek ratio is taken on display (gamma-encoded) grey values, as a viewer sees the
    shadow: in linear light a mild shading already doubles the ratio.
    """
    h, w = bgr.shape[:2]
    x0, y0 = np.floor(pts.min(axis=0)).astype(int)
    x1, y1 = np.ceil(pts.max(axis=0)).astype(int)
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, w), min(y1, h)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return 0.0, 1.0
    # Work on a small copy: the means do not need full resolution.
    step = max(1, int((x1 - x0) // 64))
    crop = bgr[y0:y1:step, x0:x1:step]
    luma = linear_luminance(crop)
    grey = cv2.cvtColor(np.ascontiguousarray(crop), cv2.COLOR_BGR2GRAY).astype(np.float32)
    mask = np.zeros(luma.shape, np.uint8)
    oval = ((pts[list(FACE_OVAL)] - (x0, y0)) / step).astype(np.int32)
    cv2.fillConvexPoly(mask, oval, 1)
    face_mean = float(luma[mask > 0].mean()) if mask.any() else float(luma.mean())
    half = max(1, int(0.15 * ied / step))
    means = []
    for idx in CHEEKS:
        cx, cy = ((pts[idx] - (x0, y0)) / step).astype(int)
        roi = grey[max(cy - half, 0) : cy + half + 1, max(cx - half, 0) : cx + half + 1]
        means.append(float(roi.mean()) if roi.size else 128.0)
    ratio = (means[0] + 1.0) / (means[1] + 1.0)
    return face_mean, ratio


def _patch(gray: np.ndarray, pts: np.ndarray, ied_vec: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An eye-aligned grey patch (similarity transform: eyes level, fixed distance)."""
    left, right = pts[468], pts[473]
    centre = (left + right) / 2.0
    dist = float(np.linalg.norm(ied_vec))
    scale = PATCH_IED / max(dist, 1e-3)
    angle = float(np.arctan2(ied_vec[1], ied_vec[0]))
    c, s = np.cos(-angle) * scale, np.sin(-angle) * scale
    # Rotate about the eye centre, scale, then move the eye centre to its place in the patch.
    m = np.array(
        [[c, -s, PATCH_SIZE / 2 - (c * centre[0] - s * centre[1])],
         [s, c, _PATCH_EYES_Y - (s * centre[0] + c * centre[1])]],
        dtype=np.float32,
    )  # fmt: skip
    patch = cv2.warpAffine(gray, m, (PATCH_SIZE, PATCH_SIZE), flags=cv2.INTER_AREA)
    return patch, m


def face_obs(bgr: np.ndarray, gray: np.ndarray, face: FaceLandmarks) -> FaceObs:
    pts = np.ascontiguousarray(face.points[:, :2], dtype=np.float32)
    ied_vec = pts[473] - pts[468]
    ied = float(np.linalg.norm(ied_vec))
    ear_l = eye_aspect_ratio(pts, LEFT_EYE)
    ear_r = eye_aspect_ratio(pts, RIGHT_EYE)
    shapes = face.blendshapes
    blink_l = shapes.get("eyeBlinkLeft", 0.0)
    blink_r = shapes.get("eyeBlinkRight", 0.0)
    smile = (shapes.get("mouthSmileLeft", 0.0) + shapes.get("mouthSmileRight", 0.0)) / 2.0
    eyes = pts[[LEFT_EYE[0], LEFT_EYE[3], RIGHT_EYE[0], RIGHT_EYE[3]]].mean(axis=0)
    mouth = pts[list(MOUTH_CORNERS)].mean(axis=0)
    luminance, cheek_ratio = _face_light(bgr, pts, ied)
    patch, affine = _patch(gray, pts, ied_vec)
    x0, y0 = pts.min(axis=0)
    x1, y1 = pts.max(axis=0)
    return FaceObs(
        points=pts,
        ied=ied,
        yaw=face.yaw,
        pitch=face.pitch,
        roll=face.roll,
        ear=(ear_l + ear_r) / 2.0,
        ear_min=min(ear_l, ear_r),
        blink=(blink_l + blink_r) / 2.0,
        blink_min=min(blink_l, blink_r),
        smile=smile,
        eye_mouth=float(np.linalg.norm(mouth - eyes)) / max(ied, 1e-3),
        luminance=luminance,
        cheek_ratio=cheek_ratio,
        box=(float(x0), float(y0), float(x1), float(y1)),
        patch=patch,
        patch_affine=affine,
    )


def _box_area(face: FaceLandmarks) -> float:
    x0, y0, x1, y1 = face.bbox()
    return max(x1 - x0, 0.0) * max(y1 - y0, 0.0)


def observe(bgr: np.ndarray, faces: Sequence[FaceLandmarks], t_ms: float) -> FrameObs:
    """Observation of one analysed frame. ``faces`` come from the landmarker, largest first."""
    h, w = bgr.shape[:2]
    small = bgr[:: max(1, h // 60), :: max(1, w // 80)]
    frame_lum = float(linear_luminance(small).mean())
    if not faces:
        return FrameObs(t_ms, w, h, None, 0, 0.0, 0.0, frame_lum)
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    main = faces[0]
    main_area = max(_box_area(main), 1e-6)
    others = faces[1:]
    other_area = max((_box_area(f) / main_area for f in others), default=0.0)
    other_ied = max(
        (f.inter_eye_distance / max(main.inter_eye_distance, 1e-6) for f in others), default=0.0
    )
    return FrameObs(
        t_ms, w, h, face_obs(bgr, gray, main), len(faces), other_area, other_ied, frame_lum
    )


def face_width_px(points: np.ndarray) -> float:
    """Cheek-to-cheek width in px (the standard's face width)."""
    return float(np.linalg.norm(points[RIGHT_CHEEK_EDGE] - points[LEFT_CHEEK_EDGE]))


def chin_point(points: np.ndarray) -> np.ndarray:
    return points[CHIN]
