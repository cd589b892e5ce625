# SPDX-License-Identifier: MIT
"""Finding hands near the face, so a hand over it fails ``occlusion`` for what it is.

mediapipe's legacy hands solution (palm detector + hand landmark model, both shipped inside the
mediapipe wheel: nothing is fetched) runs on a square crop around the face, where a hand that
touches the face is large enough for the palm detector's 192×192 input.

Not thread-safe: one :class:`HandFinder` per thread.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from tucai_desk.vision.landmarker import FaceLandmarks

CROP_SIDE = 384  # pixels of the face-centred crop given to the hand models
CROP_FACTOR = 3.0  # crop side as a multiple of the face's landmark extent
MIN_SCORE = 0.5  # palm detection and handedness confidence


@dataclass(frozen=True, slots=True)
class Hand:
    """One hand: its 21 landmarks in still pixels (wrist first) and the model's confidence."""

    points: np.ndarray  # (21, 2) float32
    score: float

    @property
    def size(self) -> float:
        """Wrist to the base of the middle finger: the hand's own scale."""
        return float(np.linalg.norm(self.points[0] - self.points[9]))

    def region(self, shape: tuple[int, int]) -> np.ndarray:
        """The hand as a filled mask: the hull of its landmarks widened by a finger's width.

        The landmarks are joints along the middle of each finger; a finger reaches about a
        sixth of the hand's size beyond them on each side.
        """
        mask = np.zeros(shape, np.uint8)
        cv2.fillPoly(mask, [cv2.convexHull(np.round(self.points).astype(np.int32))], 1)
        reach = max(1, round(0.15 * self.size))
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * reach + 1,) * 2)
        return cv2.dilate(mask, kernel).astype(bool)


class HandFinder:
    """Hands in the square around a face (model from the mediapipe wheel)."""

    def __init__(self, min_score: float = MIN_SCORE) -> None:
        import mediapipe as mp

        self._min_score = min_score
        self._hands = mp.solutions.hands.Hands(
            static_image_mode=True,
            max_num_hands=2,
            model_complexity=1,  # the lite models found a hand on a neck (1 of 328 good photos)
            min_detection_confidence=min_score,
        )

    def around(self, bgr: np.ndarray, face: FaceLandmarks) -> tuple[Hand, ...]:
        """Hands found near ``face``, in ``bgr`` pixels."""
        pts = face.points[:, :2]
        (x0, y0), (x1, y1) = pts.min(axis=0), pts.max(axis=0)
        side = CROP_FACTOR * max(x1 - x0, y1 - y0, 1.0)
        k = CROP_SIDE / side
        tx = CROP_SIDE / 2 - k * (x0 + x1) / 2
        ty = CROP_SIDE / 2 - k * (y0 + y1) / 2
        # Only the part of the still inside the square is read (and shrunk, where the warp
        # would alias): the whole frame is not resized for a square around one face.
        h, w = bgr.shape[:2]
        cx0 = min(w - 1, max(0, int((x0 + x1 - side) / 2) - 1))
        cy0 = min(h - 1, max(0, int((y0 + y1 - side) / 2) - 1))
        cx1 = max(cx0 + 1, min(w, int(np.ceil((x0 + x1 + side) / 2)) + 2))
        cy1 = max(cy0 + 1, min(h, int(np.ceil((y0 + y1 + side) / 2)) + 2))
        src, pre = bgr[cy0:cy1, cx0:cx1], 1.0
        if k < 0.5:
            pre = 2.0 * k
            src = cv2.resize(src, None, fx=pre, fy=pre, interpolation=cv2.INTER_AREA)
        shift_x, shift_y = k * cx0 + tx, k * cy0 + ty
        matrix = np.array([[k / pre, 0.0, shift_x], [0.0, k / pre, shift_y]], dtype=np.float32)
        crop = cv2.warpAffine(
            src, matrix, (CROP_SIDE, CROP_SIDE), flags=cv2.INTER_LINEAR, borderValue=(0, 0, 0)
        )
        result = self._hands.process(cv2.cvtColor(crop, cv2.COLOR_BGR2RGB))
        hands: list[Hand] = []
        for marks, handed in zip(
            result.multi_hand_landmarks or [], result.multi_handedness or [], strict=False
        ):
            score = float(handed.classification[0].score)
            if score < self._min_score:
                continue
            crop_pts = np.array([[m.x, m.y] for m in marks.landmark], np.float32) * CROP_SIDE
            still_pts = (crop_pts - np.array([tx, ty], np.float32)) / k
            hands.append(Hand(still_pts.astype(np.float32), score))
        return tuple(hands)

    def warm_up(self) -> None:
        """Load the models now (their first image allocates them) rather than on a photo."""
        self._hands.process(np.zeros((CROP_SIDE, CROP_SIDE, 3), np.uint8))

    def close(self) -> None:
        self._hands.close()
