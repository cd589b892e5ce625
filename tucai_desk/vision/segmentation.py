# SPDX-License-Identifier: MIT
"""Person segmentation and matting.

The mask comes from mediapipe's selfie segmentation (general model, inside the wheel). The model
sees a 256×256 copy of what it is given, so callers pass the region that matters (the head and
shoulders that will become the output) rather than the whole frame. The coarse mask is then
refined against the full-resolution image: a guided filter snaps it to the image's edges and a
local colour model (:func:`matte_and_foreground`) settles the soft edge and removes the old
backdrop's colour from it.

Not thread-safe: one :class:`Segmenter` per thread.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import cv2
import numpy as np

log = logging.getLogger(__name__)

SEGMENT_MAX_SIDE = 384  # the model input is 256×256; the mask comes back at the size given
# Matte refinement at output scale (pixels of the 480×640 output).
GUIDE_RADIUS = 4
GUIDE_EPS = 2e-3
MATTE_GAIN = 1.6  # steepens the refined matte: soft over about 2–3 px at a clean edge
EDGE_BAND = 8  # px each side of the outline where colour decides the matte
LOCAL_MEAN = 31  # px window for the local person and backdrop colours
COLOUR_SEPARATION = 0.08  # RGB distance (0..1) from which person and backdrop are told apart
ISLAND_GAP = 12  # px: a patch of the matte this close to the person belongs to it (a loose strand)
BACKDROP_PLAIN_MAX = 5.0  # median ΔE to the backdrop's median colour: above this it is not plain
BACKDROP_DIST_MIN = 6.0  # ΔE from the backdrop that counts as "not backdrop"


@dataclass(frozen=True, slots=True)
class RegionMask:
    """A soft person mask (float32 0..1) covering ``rect`` = (x0, y0, x1, y1) of the still."""

    mask: np.ndarray
    rect: tuple[int, int, int, int]

    @property
    def scale(self) -> tuple[float, float]:
        """Mask pixels per still pixel, (x, y)."""
        x0, y0, x1, y1 = self.rect
        h, w = self.mask.shape[:2]
        return w / max(1, x1 - x0), h / max(1, y1 - y0)

    def to_mask(self, x: float, y: float) -> tuple[float, float]:
        sx, sy = self.scale
        return (x - self.rect[0]) * sx, (y - self.rect[1]) * sy

    def to_still(self, mx: float, my: float) -> tuple[float, float]:
        sx, sy = self.scale
        return mx / sx + self.rect[0], my / sy + self.rect[1]


class Segmenter:
    def __init__(self) -> None:
        import mediapipe as mp

        self._model = mp.solutions.selfie_segmentation.SelfieSegmentation(model_selection=0)
        self.model_ms = 0.0  # time of the last call

    def segment(self, bgr: np.ndarray, rect: tuple[int, int, int, int] | None = None) -> RegionMask:
        """Soft person mask of ``rect`` (default: the whole image)."""
        h, w = bgr.shape[:2]
        x0, y0, x1, y1 = rect or (0, 0, w, h)
        region = bgr[y0:y1, x0:x1]
        rh, rw = region.shape[:2]
        k = min(1.0, SEGMENT_MAX_SIDE / max(rh, rw))
        if k < 1.0:
            region = cv2.resize(
                region, (round(rw * k), round(rh * k)), interpolation=cv2.INTER_AREA
            )
        t0 = time.perf_counter()
        result = self._model.process(cv2.cvtColor(region, cv2.COLOR_BGR2RGB))
        self.model_ms = (time.perf_counter() - t0) * 1000.0
        mask = result.segmentation_mask
        if mask is None:  # pragma: no cover - the model always answers
            mask = np.zeros(region.shape[:2], np.float32)
        return RegionMask(np.asarray(mask, dtype=np.float32), (x0, y0, x1, y1))

    def close(self) -> None:
        self._model.close()


def backdrop_colour(
    still: np.ndarray, seg: RegionMask, rows: tuple[int, int], cols: tuple[int, int]
) -> tuple[np.ndarray, float] | None:
    """Lab colour (float, CIE units) of the real backdrop beside ``rows`` × ``cols`` of the still,
    and the distance beyond which a pixel is "not backdrop". None when the backdrop there is not
    plain enough for colour to separate it from hair (a street, a room).
    """
    y0, y1 = rows
    x0, x1 = cols
    block = still[y0:y1, x0:x1]
    if block.size == 0:
        return None
    k = min(1.0, 160.0 / max(block.shape[:2]))
    small = cv2.resize(block, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
    sh, sw = small.shape[:2]
    coarse = mask_to_grid(
        seg, sw / (x1 - x0), sh / (y1 - y0), -x0 * sw / (x1 - x0), -y0 * sh / (y1 - y0), sw, sh
    )
    bg = coarse < 0.05
    if bg.sum() < 30:
        return None
    lab = to_lab(small)[bg]
    med = np.median(lab, axis=0)
    spread = float(np.median(np.linalg.norm(lab - med, axis=1)))
    if spread > BACKDROP_PLAIN_MAX:
        return None
    return med, max(BACKDROP_DIST_MIN, 4.0 * spread)


def to_lab(bgr: np.ndarray) -> np.ndarray:
    """CIE L*a*b* (float32, L 0..100) of BGR uint8 pixels (any shape ending in 3)."""
    arr = np.asarray(bgr, dtype=np.uint8)
    flat = arr.reshape(-1, 1, 3).astype(np.float32) / 255.0
    return cv2.cvtColor(flat, cv2.COLOR_BGR2Lab).reshape(arr.shape[:-1] + (3,))


def mask_to_grid(
    seg: RegionMask, kx: float, ky: float, ox: float, oy: float, gw: int, gh: int
) -> np.ndarray:
    """The region mask resampled onto a grid where ``u = kx·x + ox``, ``v = ky·y + oy``."""
    msx, msy = seg.scale
    ax, ay = kx / msx, ky / msy
    affine = np.array(
        [
            [ax, 0.0, kx * seg.rect[0] + ox + 0.5 * ax - 0.5],
            [0.0, ay, ky * seg.rect[1] + oy + 0.5 * ay - 0.5],
        ],
        dtype=np.float32,
    )
    return cv2.warpAffine(seg.mask, affine, (gw, gh), flags=cv2.INTER_LINEAR, borderValue=0.0)


def refine_matte(image_bgr: np.ndarray, coarse: np.ndarray) -> np.ndarray:
    """Snap a coarse (upsampled) person mask to the image's edges: guided filter, then steepen.

    The filter runs at half resolution (the "fast guided filter"): the coarse mask carries no
    detail finer than that, and the colour step in :func:`matte_and_foreground` works at full
    resolution afterwards.
    """
    h, w = coarse.shape[:2]
    small_w, small_h = max(1, w // 2), max(1, h // 2)
    guide = cv2.resize(image_bgr, (small_w, small_h), interpolation=cv2.INTER_AREA)
    src = cv2.resize(
        np.clip(coarse, 0.0, 1.0).astype(np.float32),
        (small_w, small_h),
        interpolation=cv2.INTER_AREA,
    )
    refined = cv2.ximgproc.guidedFilter(
        guide.astype(np.float32) / 255.0, src, max(1, GUIDE_RADIUS // 2), GUIDE_EPS
    )
    refined = cv2.resize(refined, (w, h), interpolation=cv2.INTER_LINEAR)
    refined = (refined - 0.5) * MATTE_GAIN + 0.5
    return np.clip(refined, 0.0, 1.0).astype(np.float32)


def drop_islands(alpha: np.ndarray) -> np.ndarray:
    """The matte without patches that are not joined to the person (a bit of sky or wall the
    segmentation took for hair), soft edges included.

    The person is the largest solid part; parts within ``ISLAND_GAP`` px of it (a loose strand of
    hair) stay.
    """
    solid = (alpha > 0.5).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    if count <= 2:
        return alpha
    main = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    near = cv2.dilate(
        (labels == main).astype(np.uint8), np.ones((2 * ISLAND_GAP + 1,) * 2, np.uint8)
    )
    keep = np.unique(labels[(near > 0) & (labels > 0)])
    islands = (labels > 0) & ~np.isin(labels, keep)
    if not islands.any():
        return alpha
    # The islands with their soft rim (but never into the person).
    rim = cv2.dilate(islands.astype(np.uint8), np.ones((2 * EDGE_BAND + 1,) * 2, np.uint8)) > 0
    out = alpha.copy()
    out[rim & ~np.isin(labels, keep)] = 0.0
    return out


def matte_and_foreground(
    image_bgr: np.ndarray, coarse: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Person matte and the person's own colour (float32 0..1 BGR), old backdrop removed.

    Inside a thin band around the person's outline each pixel is modelled as a mix of the local
    person colour F and the local backdrop colour B (both averaged from confident pixels nearby):
    alpha is the pixel's position on the line from B to F, and its colour without the backdrop is
    ``(I − (1 − alpha)·B) / alpha``. This is what keeps a fringe of the old backdrop out of the
    hair. Where F and B look alike (a white shirt on a white wall) the colour cannot tell them
    apart and the guided-filter matte is kept.
    """
    img = image_bgr.astype(np.float32) / 255.0
    a1 = drop_islands(refine_matte(image_bgr, coarse))
    hard = (a1 > 0.5).astype(np.uint8)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * EDGE_BAND + 1, 2 * EDGE_BAND + 1))
    inner = cv2.erode(hard, kernel).astype(np.float32)
    outer = 1.0 - cv2.dilate(hard, kernel).astype(np.float32)
    band = (inner == 0) & (outer == 0)
    if not band.any():
        return a1, img
    ks = (LOCAL_MEAN, LOCAL_MEAN)
    w_f = cv2.blur(inner, ks)
    w_b = cv2.blur(outer, ks)
    # cv2.multiply with the weight in every channel: the same products as NumPy broadcasting,
    # several times faster.
    f_sum = cv2.blur(cv2.multiply(img, cv2.merge((inner, inner, inner))), ks)
    b_sum = cv2.blur(cv2.multiply(img, cv2.merge((outer, outer, outer))), ks)
    # Only the band's pixels from here on: the colour model decides nothing elsewhere.
    idx = np.nonzero(band)
    px = img[idx]
    wf, wb = w_f[idx][:, None], w_b[idx][:, None]
    f_loc = f_sum[idx] / np.maximum(wf, 1e-4)
    b_loc = b_sum[idx] / np.maximum(wb, 1e-4)
    diff = f_loc - b_loc
    dist2 = np.einsum("ij,ij->i", diff, diff)
    a_col = np.clip(np.einsum("ij,ij->i", px - b_loc, diff) / np.maximum(dist2, 1e-6), 0.0, 1.0)
    # Trust the colour line only where both sides were seen nearby and differ clearly.
    seen = np.clip(np.minimum(wf[:, 0], wb[:, 0]) * 10.0, 0.0, 1.0)
    trust = np.clip((np.sqrt(dist2) - COLOUR_SEPARATION) / COLOUR_SEPARATION, 0.0, 1.0) * seen
    a_band = trust * a_col + (1.0 - trust) * a1[idx]
    a3 = a_band[:, None]
    raw_fg = np.clip((px - (1.0 - a3) * b_loc) / np.maximum(a3, 1e-3), 0.0, 1.0)
    # Faint pixels carry little of the person: lean on the local person colour there.
    edge_fg = a3 * raw_fg + (1.0 - a3) * np.where(wf > 1e-3, f_loc, px)
    alpha = a1
    alpha[idx] = a_band
    fg = img
    fg[idx] = edge_fg
    return alpha, fg
