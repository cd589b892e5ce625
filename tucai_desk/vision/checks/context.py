# SPDX-License-Identifier: MIT
"""What the checks look at: the still with its face analysis, and the produced output.

Photometric checks work on a :class:`FaceView` — an upright crop of the still around the face,
scaled so the face is :data:`FACE_VIEW_WIDTH` pixels wide — so their numbers do not depend on the
camera resolution or on how large the face is in the frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from tucai_desk.vision import landmarker as lmk
from tucai_desk.vision.faces import FaceScan
from tucai_desk.vision.hands import Hand
from tucai_desk.vision.landmarker import FaceLandmarks
from tucai_desk.vision.production import HeadGeometry
from tucai_desk.vision.profiles import PhotoProfile
from tucai_desk.vision.segmentation import RegionMask
from tucai_desk.vision.segmentation import to_lab as to_lab  # re-exported for the checks

FACE_VIEW_WIDTH = 200  # cheek-to-cheek pixels in the face view

# MediaPipe face-mesh contours.
FACE_OVAL = (
    10,
    338,
    297,
    332,
    284,
    251,
    389,
    356,
    454,
    323,
    361,
    288,
    397,
    365,
    379,
    378,
    400,
    377,
    152,
    148,
    176,
    149,
    150,
    136,
    172,
    58,
    132,
    93,
    234,
    127,
    162,
    21,
    54,
    103,
    67,
    109,
)
INNER_LIPS = (
    78,
    95,
    88,
    178,
    87,
    14,
    317,
    402,
    318,
    324,
    308,
    415,
    310,
    311,
    312,
    13,
    82,
    81,
    80,
    191,
)
OUTER_LIPS = (
    61,
    146,
    91,
    181,
    84,
    17,
    314,
    405,
    321,
    375,
    291,
    409,
    270,
    269,
    267,
    0,
    37,
    39,
    40,
    185,
)
LEFT_EYE_RING = (33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246)
RIGHT_EYE_RING = (263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466)
LEFT_BROW = (70, 63, 105, 66, 107)
RIGHT_BROW = (300, 293, 334, 296, 336)
CHEEKS = (205, 425)  # a point on each cheek, image-left first
# Lid pairs (upper, lower) per eye, and inner-lip pairs, for the OFIQ-style openness ratios.
LEFT_LIDS = ((160, 144), (158, 153), (159, 145))
RIGHT_LIDS = ((385, 380), (387, 373), (386, 374))
LIP_GAPS = ((13, 14), (82, 87), (312, 317), (81, 178), (311, 402), (80, 88), (310, 318))


@dataclass(frozen=True, slots=True)
class FaceView:
    """An upright crop around the face; ``points`` are the landmarks in crop pixels (478×2)."""

    image: np.ndarray
    points: np.ndarray
    scale: float  # crop pixels per still pixel

    @property
    def ied(self) -> float:
        return float(
            np.linalg.norm(self.points[lmk.LEFT_IRIS_CENTER] - self.points[lmk.RIGHT_IRIS_CENTER])
        )

    @property
    def eye_to_chin(self) -> float:
        """OFIQ's T: eye midpoint to chin, the scale of the openness ratios."""
        mid = (self.points[lmk.LEFT_IRIS_CENTER] + self.points[lmk.RIGHT_IRIS_CENTER]) / 2
        return float(np.linalg.norm(self.points[lmk.CHIN] - mid))

    def polygon_mask(self, indices: tuple[int, ...]) -> np.ndarray:
        mask = np.zeros(self.image.shape[:2], np.uint8)
        cv2.fillPoly(mask, [np.round(self.points[list(indices)]).astype(np.int32)], 1)
        return mask.astype(bool)

    def from_still(self, still_points: np.ndarray, face: FaceLandmarks) -> np.ndarray:
        """Still pixels → crop pixels (the crop is a scale and a shift of the still)."""
        offset = self.points[0] - self.scale * face.points[0, :2]
        return np.asarray(still_points, np.float32) * self.scale + offset

    def square(self, index: int, half: float) -> tuple[slice, slice]:
        """Rows and columns of a square of half-side ``half`` around a landmark, clipped."""
        h, w = self.image.shape[:2]
        x, y = self.points[index]
        return (
            slice(max(0, int(y - half)), min(h, int(math.ceil(y + half)))),
            slice(max(0, int(x - half)), min(w, int(math.ceil(x + half)))),
        )


@dataclass(frozen=True, slots=True)
class StillContext:
    """The still and what the models found in it; ``seg``/``head`` exist once segmented."""

    still: np.ndarray
    scan: FaceScan
    profile: PhotoProfile
    view: FaceView | None
    seg: RegionMask | None = None
    head: HeadGeometry | None = None
    hands: tuple[Hand, ...] = ()  # hands found around the face

    @property
    def face(self) -> FaceLandmarks | None:
        return self.scan.face


@dataclass(frozen=True, slots=True)
class OutputContext:
    """The produced photo: decoded JPEG pixels, its bytes and the landmarks found on it."""

    image: np.ndarray
    jpeg: bytes
    face: FaceLandmarks | None
    profile: PhotoProfile
    quality: int


def face_view(still: np.ndarray, face: FaceLandmarks) -> FaceView:
    """Crop the still around the face (upright, no rotation) at the normalised face width."""
    pts = face.points[:, :2]
    fw = float(np.linalg.norm(pts[lmk.LEFT_CHEEK_EDGE] - pts[lmk.RIGHT_CHEEK_EDGE]))
    k = FACE_VIEW_WIDTH / max(fw, 1.0)
    x0, y0 = pts.min(axis=0)
    x1, y1 = pts.max(axis=0)
    pad = 0.25 * max(x1 - x0, y1 - y0)
    x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    out_w, out_h = max(8, round((x1 - x0) * k)), max(8, round((y1 - y0) * k))
    matrix = np.array([[k, 0.0, -k * x0], [0.0, k, -k * y0]], dtype=np.float32)
    src = still
    if k < 0.5:  # shrink first so the warp does not alias
        pre = 2.0 * k
        src = cv2.resize(still, None, fx=pre, fy=pre, interpolation=cv2.INTER_AREA)
        matrix = np.array([[k / pre, 0.0, -k * x0], [0.0, k / pre, -k * y0]], dtype=np.float32)
    image = cv2.warpAffine(
        src, matrix, (out_w, out_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    view_pts = np.empty((pts.shape[0], 2), np.float32)
    view_pts[:, 0] = (pts[:, 0] - x0) * k
    view_pts[:, 1] = (pts[:, 1] - y0) * k
    return FaceView(image, view_pts, k)


# --- colour helpers ------------------------------------------------------------------------------

SRGB_TO_LINEAR = np.array(
    [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in (i / 255.0 for i in range(256))
    ],
    dtype=np.float32,
)


def linear_luminance(bgr: np.ndarray) -> np.ndarray:
    """Relative luminance Y (0..1) of sRGB pixels, computed in linear light (OFIQ Luminance)."""
    lin = SRGB_TO_LINEAR[bgr]
    return 0.0722 * lin[..., 0] + 0.7152 * lin[..., 1] + 0.2126 * lin[..., 2]


def delta_e00(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    """CIEDE2000 colour difference between Lab arrays (broadcasting)."""
    lab1 = np.asarray(lab1, dtype=np.float64)
    lab2 = np.asarray(lab2, dtype=np.float64)
    l1, a1, b1 = lab1[..., 0], lab1[..., 1], lab1[..., 2]
    l2, a2, b2 = lab2[..., 0], lab2[..., 1], lab2[..., 2]
    c1, c2 = np.hypot(a1, b1), np.hypot(a2, b2)
    c_bar7 = ((c1 + c2) / 2) ** 7
    g = 0.5 * (1 - np.sqrt(c_bar7 / (c_bar7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    dl, dc = l2 - l1, c2p - c1p
    dh = h2p - h1p
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(c1p * c2p == 0, 0.0, dh)
    d_hp = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    l_bar, c_bar = (l1 + l2) / 2, (c1p + c2p) / 2
    h_sum = h1p + h2p
    h_bar = np.where(
        c1p * c2p == 0,
        h_sum,
        np.where(
            np.abs(h1p - h2p) <= 180,
            h_sum / 2,
            np.where(h_sum < 360, (h_sum + 360) / 2, (h_sum - 360) / 2),
        ),
    )
    t = (
        1
        - 0.17 * np.cos(np.radians(h_bar - 30))
        + 0.24 * np.cos(np.radians(2 * h_bar))
        + 0.32 * np.cos(np.radians(3 * h_bar + 6))
        - 0.20 * np.cos(np.radians(4 * h_bar - 63))
    )
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / np.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * c_bar
    s_h = 1 + 0.015 * c_bar * t
    c_bar7p = c_bar**7
    r_c = 2 * np.sqrt(c_bar7p / (c_bar7p + 25.0**7))
    r_t = -r_c * np.sin(np.radians(60 * np.exp(-(((h_bar - 275) / 25) ** 2))))
    return np.sqrt(
        (dl / s_l) ** 2 + (dc / s_c) ** 2 + (d_hp / s_h) ** 2 + r_t * (dc / s_c) * (d_hp / s_h)
    )
