# SPDX-License-Identifier: MIT
"""Defects made from a good photo, each with the check that must catch it; and harmless changes
the checks must let through.

Each generator changes one thing of a passing photo: turned sideways, darkened, blurred, a second
face pasted in, the mouth covered, the face shrunk, dark or mirrored lenses over the eyes, a
light's reflection on spectacle lenses, skin or a lock of the same photo's hair over one eye, a cap
or beanie (coloured, or navy over dark hair), the photo turned greyscale. A generator takes the BGR
image and its Face Landmarker points (``(478, 2)``, pixels of that image, see
:func:`face_points`) and returns a new image; its input is left as it was.

The harmless changes are what a real station adds to a good photo without making it a bad one: a
camera not quite level, JPEG compression, sensor noise, warmer or dimmer light, a mirrored
picture. A check that rejects them is too tight, whatever the labelled photos say.

Sizes are in units of the inter-eye distance so that a defect means the same on a small and a
large photo. ``tucai-desk eval defects`` runs them over the good photos of a labelled folder; the
tests run them over a few.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from tucai_desk.core.checks import CheckCode
from tucai_desk.vision.checks.context import CHEEKS
from tucai_desk.vision.landmarker import (
    FOREHEAD_TOP,
    LEFT_CHEEK_EDGE,
    LEFT_IRIS_CENTER,
    RIGHT_CHEEK_EDGE,
    RIGHT_IRIS_CENTER,
    FaceLandmarkerRunner,
)

log = logging.getLogger(__name__)

Generator = Callable[[np.ndarray, np.ndarray], np.ndarray]

# An eye's ring: outer corner, inner corner, upper lid, lower lid (image-left eye first).
LEFT_EYE_RING = (33, 133, 159, 145)
RIGHT_EYE_RING = (362, 263, 386, 374)
_LIPS = (61, 291, 0, 17)  # mouth corners, upper and lower lip


def face_points(runner: FaceLandmarkerRunner, image: np.ndarray) -> np.ndarray | None:
    """The largest face's landmarks (x, y in pixels), or None when no face is found."""
    faces = runner.detect(image)
    return faces[0].points[:, :2] if faces else None


def inter_eye_distance(pts: np.ndarray) -> float:
    return float(np.linalg.norm(pts[LEFT_IRIS_CENTER] - pts[RIGHT_IRIS_CENTER]))


def rotate(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
    return cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE)


def darken(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
    return (image.astype(np.float32) * 0.3).astype(np.uint8)  # about 3 stops under


def blur(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
    # A defocus of 1/20 of the eye distance.
    return cv2.GaussianBlur(image, (0, 0), 0.05 * inter_eye_distance(pts))


def second_face(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
    x0, y0 = pts.min(axis=0).astype(int)
    x1, y1 = pts.max(axis=0).astype(int)
    face = cv2.resize(image[y0:y1, x0:x1], None, fx=0.55, fy=0.55, interpolation=cv2.INTER_AREA)
    out = image.copy()
    fh, fw = face.shape[:2]
    top = min(image.shape[0] - fh, y1 - fh // 2)
    left = max(0, x0 - fw - int(0.3 * fw))  # beside the main face, at shoulder height
    out[top : top + fh, left : left + fw] = face
    return out


def _mouth_box(pts: np.ndarray) -> tuple[slice, slice]:
    lips = pts[list(_LIPS)]
    pad = 0.3 * inter_eye_distance(pts)
    (x0, y0), (x1, y1) = lips.min(axis=0) - pad, lips.max(axis=0) + pad
    return slice(int(y0), int(y1)), slice(int(x0), int(x1))


def _skin_colour(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
    x, y = pts[CHEEKS[0]].astype(int)  # the image-left cheek
    return image[y - 6 : y + 6, x - 6 : x + 6].reshape(-1, 3).mean(axis=0)


def mouth_skin_patch(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
    out = image.copy()
    out[_mouth_box(pts)] = _skin_colour(image, pts).astype(np.uint8)
    return out


def mouth_grey_patch(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
    out = image.copy()
    out[_mouth_box(pts)] = (128, 128, 128)
    return out


def shrink(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
    k = 60.0 / inter_eye_distance(pts)  # 60 px between the eyes
    return cv2.resize(image, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)


def dark_lenses(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
    out = image.copy()
    ied = inter_eye_distance(pts)
    for ring in (LEFT_EYE_RING, RIGHT_EYE_RING):
        cx, cy = pts[list(ring)].mean(axis=0)
        mask = np.zeros(image.shape[:2], np.uint8)
        cv2.ellipse(mask, (int(cx), int(cy)), (int(0.45 * ied), int(0.3 * ied)), 0, 0, 360, 1, -1)
        out[mask > 0] = (out[mask > 0] * 0.15).astype(np.uint8)  # a category-3 tint
    return out


def mirrored_lenses(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Mirrored sunglasses: each lens shows a bright reflection (sky over a dark ground)."""
    out = image.copy()
    ied = inter_eye_distance(pts)
    for ring in (LEFT_EYE_RING, RIGHT_EYE_RING):
        cx, cy = pts[list(ring)].mean(axis=0)
        axes = (int(0.45 * ied), int(0.3 * ied))
        mask = np.zeros(image.shape[:2], np.uint8)
        cv2.ellipse(mask, (int(cx), int(cy)), axes, 0, 0, 360, 1, -1)
        ys, xs = np.nonzero(mask)
        t = ((ys - (cy - axes[1])) / max(1, 2 * axes[1]))[:, None]
        sky, ground = np.array([235.0, 215.0, 190.0]), np.array([70.0, 80.0, 90.0])
        out[ys, xs] = (sky * (1 - t) + ground * t).astype(np.uint8)
        cv2.ellipse(out, (int(cx), int(cy)), axes, 0, 0, 360, (30, 30, 30), max(2, int(0.04 * ied)))
    return out


def _crown_cover(image: np.ndarray, pts: np.ndarray, colour: tuple[int, int, int]) -> np.ndarray:
    """A cover over the crown and the top of the forehead, its band ending straight across it."""
    out = image.copy()
    fw = float(np.linalg.norm(pts[LEFT_CHEEK_EDGE] - pts[RIGHT_CHEEK_EDGE]))
    cx = float((pts[LEFT_CHEEK_EDGE, 0] + pts[RIGHT_CHEEK_EDGE, 0]) / 2)
    band_y = float(pts[FOREHEAD_TOP, 1]) + 0.12 * fw  # low on the forehead
    mask = np.zeros(image.shape[:2], np.uint8)
    cv2.ellipse(mask, (int(cx), int(band_y)), (int(0.62 * fw), int(0.9 * fw)), 0, 180, 360, 1, -1)
    rng = np.random.default_rng(7)
    ys, xs = np.nonzero(mask)
    knit = rng.normal(0.0, 4.0, (ys.size, 1))  # a little fabric texture
    out[ys, xs] = np.clip(np.array(colour, np.float64) + knit, 0, 255).astype(np.uint8)
    return out


def red_cap(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
    return _crown_cover(image, pts, (40, 40, 190))


def blue_beanie(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
    return _crown_cover(image, pts, (120, 60, 30))


def navy_cap(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """A dark uniform cap over dark hair: colourless, seen by its band's straight edge."""
    return _crown_cover(image, pts, (40, 28, 24))


def greyscale(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)


def lens_glare(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
    out = image.copy()
    ied = inter_eye_distance(pts)
    for ring in (LEFT_EYE_RING, RIGHT_EYE_RING):
        cx, cy = pts[list(ring)].mean(axis=0)
        centre = (int(cx + 0.1 * ied), int(cy - 0.12 * ied))  # a light's reflection on the lens
        cv2.ellipse(
            out, centre, (int(0.16 * ied), int(0.07 * ied)), -20, 0, 360, (252, 252, 252), -1
        )
    return out


def over_eye(
    image: np.ndarray,
    pts: np.ndarray,
    eye: tuple[int, ...],
    cover: np.ndarray,
    axes: tuple[float, float],
) -> np.ndarray:
    """``cover`` (an image of the same size) laid over one eye in a soft-edged ellipse whose
    half-axes are ``axes`` inter-eye distances."""
    ied = inter_eye_distance(pts)
    cx, cy = pts[list(eye)].mean(axis=0)
    mask = np.zeros(image.shape[:2], np.float32)
    size = (int(axes[0] * ied), int(axes[1] * ied))
    cv2.ellipse(mask, (int(cx), int(cy)), size, 0, 0, 360, 1.0, -1)
    alpha = cv2.GaussianBlur(mask, (0, 0), 0.02 * ied)[..., None]
    return (image * (1 - alpha) + cover * alpha).astype(np.uint8)


def _moved(image: np.ndarray, src: tuple[float, float], dst: tuple[float, float]) -> np.ndarray:
    """The image shifted so that what was at ``src`` is at ``dst``."""
    shift = np.float32([[1, 0, dst[0] - src[0]], [0, 1, dst[1] - src[1]]])
    size = (image.shape[1], image.shape[0])
    return cv2.warpAffine(image, shift, size, borderMode=cv2.BORDER_REFLECT)


def eye_skin_patch(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """A hand-coloured patch (the cheek's colour) over the image-left eye."""
    skin = _skin_colour(image, pts)
    return over_eye(image, pts, LEFT_EYE_RING, np.broadcast_to(skin, image.shape), (0.42, 0.3))


def eye_hair_patch(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """A lock of the photo's own hair (from above the forehead) over the image-right eye."""
    fw = float(np.linalg.norm(pts[LEFT_CHEEK_EDGE] - pts[RIGHT_CHEEK_EDGE]))
    cx = float(pts[LEFT_CHEEK_EDGE, 0] + pts[RIGHT_CHEEK_EDGE, 0]) / 2
    hair = (cx + 0.15 * fw, float(pts[FOREHEAD_TOP, 1]) - 0.45 * inter_eye_distance(pts))
    eye = tuple(pts[list(RIGHT_EYE_RING)].mean(axis=0))
    return over_eye(image, pts, RIGHT_EYE_RING, _moved(image, hair, eye), (0.45, 0.3))


@dataclass(frozen=True, slots=True)
class Defect:
    """A generator and the check(s) whose failure is the right reason to reject its result."""

    name: str
    make: Generator
    codes: tuple[CheckCode, ...]  # failing any one of them is the right reason

    @property
    def expect_failure(self) -> str:
        """The codes as a MANIFEST.tsv ``expect_failure`` cell (``a|b``)."""
        return "|".join(code.value for code in self.codes)


DEFECTS: tuple[Defect, ...] = (
    Defect("rotated_90", rotate, (CheckCode.FACE_FOUND,)),
    Defect("darkened", darken, (CheckCode.EXPOSURE,)),
    Defect("blurred", blur, (CheckCode.SHARPNESS,)),
    Defect("second_face", second_face, (CheckCode.SINGLE_FACE,)),
    Defect("mouth_skin_patch", mouth_skin_patch, (CheckCode.OCCLUSION,)),
    Defect("mouth_grey_patch", mouth_grey_patch, (CheckCode.OCCLUSION,)),
    Defect("face_shrunk", shrink, (CheckCode.RESOLUTION,)),
    Defect("dark_lenses", dark_lenses, (CheckCode.EYES_VISIBLE,)),
    Defect("lens_glare", lens_glare, (CheckCode.GLASSES_GLARE,)),
    Defect("eye_skin_patch", eye_skin_patch, (CheckCode.EYES_VISIBLE,)),
    Defect("eye_hair_patch", eye_hair_patch, (CheckCode.EYES_VISIBLE,)),
    Defect("mirrored_lenses", mirrored_lenses, (CheckCode.EYES_VISIBLE,)),
    Defect("red_cap", red_cap, (CheckCode.HEAD_COVER,)),
    Defect("blue_beanie", blue_beanie, (CheckCode.HEAD_COVER,)),
    Defect("navy_cap", navy_cap, (CheckCode.HEAD_COVER,)),
    Defect("greyscale", greyscale, (CheckCode.COLOUR,)),
)
DEFECTS_BY_NAME: dict[str, Defect] = {d.name: d for d in DEFECTS}


def _turned(degrees: float) -> Generator:
    def make(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
        h, w = image.shape[:2]
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
        return cv2.warpAffine(image, matrix, (w, h), borderMode=cv2.BORDER_REPLICATE)

    return make


def _scaled_light(gains_bgr: tuple[float, float, float]) -> Generator:
    def make(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
        out = image.astype(np.float32) * np.array(gains_bgr, np.float32)
        return np.clip(out + 0.5, 0, 255).astype(np.uint8)

    return make


def recompressed(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 50])
    return cv2.imdecode(data, cv2.IMREAD_COLOR) if ok else image.copy()


def noisy(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
    rng = np.random.default_rng(0)  # the same noise every run
    out = image.astype(np.float32) + rng.normal(0.0, 6.0, image.shape).astype(np.float32)
    return np.clip(out + 0.5, 0, 255).astype(np.uint8)


def mirrored(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
    return cv2.flip(image, 1)


@dataclass(frozen=True, slots=True)
class Harmless:
    """A change a good photo must survive: its result is still a photo to pass."""

    name: str
    make: Generator


HARMLESS: tuple[Harmless, ...] = (
    Harmless("turned_3deg_left", _turned(3.0)),  # within the 8 degrees of roll allowed
    Harmless("turned_3deg_right", _turned(-3.0)),
    Harmless("jpeg_q50", recompressed),
    Harmless("sensor_noise", noisy),  # sigma 6 of 255
    Harmless("warm_light", _scaled_light((0.85, 1.0, 1.1))),
    Harmless("dimmer_light", _scaled_light((0.85, 0.85, 0.85))),  # about a quarter stop
    Harmless("mirrored", mirrored),
)
