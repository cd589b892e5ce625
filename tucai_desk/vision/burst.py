# SPDX-License-Identifier: MIT
"""Picking the best still of a short burst (about 5 frames) before production.

A capture takes a few frames in a row; the one kept is sharp, has both eyes open and the most
frontal pose. This runs before the full pipeline, so it is cheap: the Face Landmarker on a
half-size copy of each frame, a Laplacian on the face, no segmentation. OFIQ's own sharpness
documentation recommends exactly this use of a sharpness number — comparing frames of one
subject — rather than judging a single photo by it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import cv2
import numpy as np

from tucai_desk.vision import landmarker as lmk
from tucai_desk.vision.landmarker import FaceLandmarkerRunner, FaceLandmarks
from tucai_desk.vision.profiles import PhotoProfile
from tucai_desk.vision.shared_landmarker import SharedLandmarker, shared_image_landmarker

log = logging.getLogger(__name__)

ANALYSIS_WIDTH = 640  # frames are analysed at this width
SHARPNESS_IED = 48.0  # face resampled to this inter-eye distance for the sharpness measure
POSE_WEIGHT = 1.0 / 15.0  # score lost per degree away from frontal
CLOSED_PENALTY = 1.0  # score lost with an eye closed (a sharper frame never makes up for it)


def select_best_frame(
    frames: Sequence[np.ndarray],
    *,
    landmarker: FaceLandmarkerRunner | None = None,
    profile: PhotoProfile | None = None,
) -> int:
    """Index of the best frame of a burst: sharp, eyes open, frontal.

    Frames without a face score lowest; with no face anywhere the sharpest frame wins. The
    process's still-photo landmarker (:mod:`shared_landmarker`) is used unless one is passed in.
    ``profile`` supplies the pitch zero and the closed-eye limits (the national defaults
    otherwise).
    """
    if not frames:
        raise ValueError("an empty burst has no best frame")
    if len(frames) == 1:
        return 0
    if profile is None:
        from tucai_desk.vision.profiles import load_profile

        profile = load_profile()
    runner = landmarker or shared_image_landmarker()
    scores = [_score(frame, runner, profile) for frame in frames]
    best = int(np.argmax(scores))
    log.debug("burst scores %s -> frame %d", [round(s, 3) for s in scores], best)
    return best


def _score(
    frame: np.ndarray, runner: FaceLandmarkerRunner | SharedLandmarker, profile: PhotoProfile
) -> float:
    h, w = frame.shape[:2]
    k = min(1.0, ANALYSIS_WIDTH / w)
    small = cv2.resize(frame, (round(w * k), round(h * k)), interpolation=cv2.INTER_AREA)
    faces = runner.detect(small)
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    if not faces:
        # Still order faceless frames by overall sharpness, far below any frame with a face.
        return -10.0 + min(1.0, _laplacian_energy(grey) / 1000.0)
    face = faces[0]
    sharp = _face_sharpness(grey, face)
    closed = _eyes_closed(face, profile)
    off_pose = abs(face.yaw) + abs(face.roll) + abs(face.pitch - profile.checks.pose.pitch_offset)
    return sharp - CLOSED_PENALTY * closed - POSE_WEIGHT * off_pose


def _face_sharpness(grey: np.ndarray, face: FaceLandmarks) -> float:
    """Laplacian variance over luminance variance on the face at a fixed scale (0..~3)."""
    x0, y0, x1, y1 = (int(round(v)) for v in face.bbox())
    h, w = grey.shape[:2]
    crop = grey[max(0, y0) : min(h, y1), max(0, x0) : min(w, x1)]
    if crop.size < 64:
        return 0.0
    k = SHARPNESS_IED / max(face.inter_eye_distance, 1.0)
    interp = cv2.INTER_AREA if k < 1 else cv2.INTER_LINEAR
    crop = cv2.resize(crop, None, fx=k, fy=k, interpolation=interp).astype(np.float32) / 255.0
    lap = cv2.Laplacian(crop, cv2.CV_32F, ksize=3)
    return float(lap.var() / (crop.var() + 1e-4))


def _laplacian_energy(grey: np.ndarray) -> float:
    return float(cv2.Laplacian(grey, cv2.CV_32F, ksize=3).var())


def _eyes_closed(face: FaceLandmarks, profile: PhotoProfile) -> float:
    """1.0 when an eye is closed (OFIQ EyesOpen ratio or the blink blendshapes), else 0.0."""
    pts = face.points[:, :2]
    mid = (pts[lmk.LEFT_IRIS_CENTER] + pts[lmk.RIGHT_IRIS_CENTER]) / 2
    t = max(float(np.linalg.norm(pts[lmk.CHIN] - mid)), 1e-6)
    lids = (
        min(float(np.linalg.norm(pts[160] - pts[144])), float(np.linalg.norm(pts[385] - pts[380])))
        / t
    )
    rules = profile.checks.eyes_open
    blink = max(
        face.blendshapes.get("eyeBlinkLeft", 0.0), face.blendshapes.get("eyeBlinkRight", 0.0)
    )
    closed = lids < rules.lid_ratio_min or (
        blink >= rules.blink_max and lids < rules.lid_ratio_soft
    )
    return 1.0 if closed else 0.0
