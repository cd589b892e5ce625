# SPDX-License-Identifier: MIT
"""Continuing the clothing past the edges of a tight still.

A portrait that ends above the output's bottom edge, or is narrower than the output below the
shoulders, leaves part of the 480×640 frame that the still does not cover. The head is never
continued (production refuses such stills); the clothing is, the way a body goes on below a
head-and-shoulders crop:

- sideways, below the shoulders, the clothing at the still's edge goes on with shoulders that
  fall away from the neck, up to where the shoulders of a body under this face end;
- downwards, the still's last row goes on as clothing. Skin showing in that row (a neck, an open
  collar) closes like a V-neck within a few rows instead of running down the photo as a stripe:
  skin columns take the colour of the clothing beside them.

Colours are smoothed along the continuation (no stripes from single pixels) and fade in from the
still's own edge pixels, so the seam does not show.
"""

from __future__ import annotations

import cv2
import numpy as np

from tucai_desk.vision.segmentation import to_lab

SMOOTH = 31  # px: continued colours are averaged over this many pixels along the edge
SMOOTH_DOWN = 91  # px: the clothing continued below the still is smoothed more (no streaks)
FADE = 10  # px over which the continuation fades from the edge's own pixels to the smoothed ones
FADE_DOWN = 24  # the same below the still (rows): a longer blend, the smoothing there is stronger
SHOULDER_SLOPE = 0.35  # rows per column: shoulders fall about 20° from the neck outwards
NECK_CLOSE = 0.6  # rows per column: skin in the last row closes like a V-neck (about 30°)
EDGE_SOFT = 2.0  # px: width of the soft edge of continued shoulders and necklines
SIDE_SHARE = 0.15  # the outer share of the person's width in the last row: clothing (shoulders)
L_WEIGHT = 0.25  # lightness counts less than hue when telling skin in shadow from clothing


def skin_colour(still: np.ndarray, centres: list[tuple[float, float]], half: float) -> np.ndarray:
    """Median CIE L*a*b* of square patches (``half`` px half-size) around ``centres``."""
    h, w = still.shape[:2]
    samples = []
    for x, y in centres:
        x0, x1 = max(0, int(x - half)), min(w, int(x + half) + 1)
        y0, y1 = max(0, int(y - half)), min(h, int(y + half) + 1)
        if x1 > x0 and y1 > y0:
            samples.append(to_lab(still[y0:y1, x0:x1]).reshape(-1, 3))
    if not samples:
        return np.array([60.0, 15.0, 20.0], np.float32)  # a mid skin tone, only if no patch
    return np.median(np.concatenate(samples), axis=0).astype(np.float32)


def _weighted_blur(values: np.ndarray, weight: np.ndarray, ksize: tuple[int, int]) -> np.ndarray:
    """Average of ``values`` (… × 3) over ``ksize`` counting each pixel by ``weight``."""
    num = cv2.blur(values * weight[..., None], ksize, borderType=cv2.BORDER_REPLICATE)
    den = cv2.blur(weight, ksize, borderType=cv2.BORDER_REPLICATE)[..., None]
    return np.where(den > 1e-3, num / np.maximum(den, 1e-3), values)


def continue_side(
    image: np.ndarray, matte: np.ndarray, rows: tuple[int, int], edge: int, stop: int
) -> None:
    """Continue the clothing of column ``edge`` sideways up to column ``stop`` (exclusive; left
    of ``edge`` when smaller), over ``rows`` (v0, v1), with a shoulder line falling outwards.

    ``image`` holds the background outside the still; it is painted over, ``matte`` updated.
    """
    v0, v1 = rows
    col_a = matte[v0:v1, edge].astype(np.float32)
    on = np.flatnonzero(col_a > 0.5)
    if on.size == 0 or stop == edge:
        return
    top = float(on[0])  # the shoulder's top at the still's edge, rows from v0
    col = image[v0:v1, edge].astype(np.float32)[:, None, :]  # n × 1 × 3
    smooth = _weighted_blur(col, col_a[:, None], (1, SMOOTH))
    step = -1 if stop < edge else 1
    targets = np.arange(edge + step, stop, step)
    d = np.arange(1, targets.size + 1, dtype=np.float32)[None, :]  # 1 × k
    t = np.clip(d / FADE, 0.0, 1.0)[..., None]
    colour = col * (1.0 - t) + smooth * t  # n × k × 3
    r = np.arange(v1 - v0, dtype=np.float32)[:, None]
    alpha = np.clip((r - (top + d * SHOULDER_SLOPE)) / EDGE_SOFT + 0.5, 0.0, 1.0)
    alpha *= np.clip(smooth_alpha(col_a), 0.0, 1.0)[:, None]
    back = image[v0:v1, targets].astype(np.float32)
    a3 = alpha[..., None]
    image[v0:v1, targets] = np.clip(colour * a3 + back * (1.0 - a3) + 0.5, 0, 255).astype(np.uint8)
    matte[v0:v1, targets] = alpha


def smooth_alpha(col_a: np.ndarray) -> np.ndarray:
    """A matte column below its first solid row: holes (a pattern the matte missed) closed."""
    out = col_a.copy()
    on = np.flatnonzero(col_a > 0.5)
    if on.size:
        out[on[0] :] = np.maximum.accumulate(col_a[on[0] :])
    return out


def _skin_in_row(
    row: np.ndarray, lab: np.ndarray, person: np.ndarray, skin_lab: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Person pixels of a row nearer to the face's skin than to the clothing at the row's ends,
    and the row's clothing colour (BGR) with those pixels covered.

    The outer parts of the person's extent (the shoulders) give the clothing's colour on each
    side; every person pixel is given to the nearer of the skin and its side's clothing, and the
    clothing over skin runs from the left side's colour to the right side's.
    """
    cols = np.flatnonzero(person)
    skin = np.zeros(person.shape, bool)
    clothing = row.copy()
    if cols.size < 4:
        return skin, clothing
    x0, x1 = int(cols[0]), int(cols[-1]) + 1
    band = max(1, round(SIDE_SHARE * (x1 - x0)))
    weights = np.array([L_WEIGHT, 1.0, 1.0], np.float32)
    mid = int((x0 + x1) / 2)
    refs = []
    for lo, hi, side in ((x0, x0 + band, slice(x0, mid)), (x1 - band, x1, slice(mid, x1))):
        inside = person[lo:hi]
        refs.append(np.median(row[lo:hi][inside], axis=0))
        cloth_lab = np.median(lab[lo:hi][inside], axis=0)
        to_skin = np.linalg.norm((lab[side] - skin_lab) * weights, axis=1)
        to_cloth = np.linalg.norm((lab[side] - cloth_lab) * weights, axis=1)
        skin[side] = person[side] & (to_skin < to_cloth)
    if skin.any():
        where = np.clip((np.flatnonzero(skin) - x0) / max(1, x1 - x0 - 1), 0.0, 1.0)[:, None]
        clothing[skin] = refs[0] * (1.0 - where) + refs[1] * where
    return skin, clothing


def _solid_colour(row: np.ndarray, alpha: np.ndarray, x0: int, x1: int) -> np.ndarray:
    """Median colour of the fully opaque pixels of ``row[x0:x1]`` (edge pixels are mixed with
    the background)."""
    x0, x1 = max(0, x0), min(row.shape[0], x1)
    solid = alpha[x0:x1] > 0.9
    return np.median(row[x0:x1][solid], axis=0) if solid.any() else row[max(0, x0)]


def continue_down(
    image: np.ndarray,
    matte: np.ndarray,
    start: int,
    skin_lab: np.ndarray,
    background_bgr: tuple[int, int, int],
    widen: tuple[float | None, float | None] = (None, None),
) -> None:
    """Continue row ``start - 1`` down to the bottom as clothing (see the module text).

    ``widen`` gives, for the left and the right side, the column the body may widen to where the
    still cut it off at that side (None: the still shows where the body ends): the shoulders go
    on falling outwards below the still, as far as the shoulders of this body reach.
    """
    n = image.shape[0] - start
    if n <= 0:
        return
    last = image[start - 1].astype(np.float32)  # W × 3
    last_a = matte[start - 1].astype(np.float32)
    person = last_a > 0.5
    skin, clothing = _skin_in_row(last, to_lab(image[start - 1 : start])[0], person, skin_lab)
    if not (person & ~skin).any():
        skin = np.zeros_like(skin)  # no clothing to close over: continue the row as it is
        clothing = last
    weight = np.where(person, 1.0, 1e-3).astype(np.float32)[None, :]
    cloth_row = _weighted_blur(clothing[None], weight, (SMOOTH_DOWN, 1))[0]
    skin_row = _weighted_blur(last[None], weight, (SMOOTH, 1))[0]
    # Rows (from the still's edge) after which each column shows clothing: 0 outside skin runs,
    # growing towards the middle of each run.
    close = np.zeros(last.shape[0], np.float32)
    run_start = None
    for c in range(last.shape[0] + 1):
        inside = c < last.shape[0] and skin[c]
        if inside and run_start is None:
            run_start = c
        elif not inside and run_start is not None:
            idx = np.arange(run_start, c)
            close[idx] = NECK_CLOSE * np.minimum(idx - run_start + 1, c - idx)
            run_start = None
    r = np.arange(1, n + 1, dtype=np.float32)[:, None]
    w = np.clip((r - close[None, :]) / EDGE_SOFT + 0.5, 0.0, 1.0)[..., None]  # n × W × 1
    person_colour = skin_row[None] * (1.0 - w) + cloth_row[None] * w  # n × W × 3
    t = np.clip(r / FADE_DOWN, 0.0, 1.0)  # n × 1
    smooth_a = cv2.blur(last_a[None], (SMOOTH, 1), borderType=cv2.BORDER_REPLICATE)[0]
    alpha = last_a[None] * (1.0 - t) + smooth_a[None] * t  # n × W
    on = np.flatnonzero(person)
    if on.size:
        cols = np.arange(last.shape[0], dtype=np.float32)[None, :]
        x0, x1 = int(on[0]), int(on[-1])
        band = max(4, (x1 - x0) // 8)
        left, right = widen
        # The smoothing softened the body's old outline; a widened side covers that too.
        if left is not None:
            edge = np.maximum(x0 - r / SHOULDER_SLOPE, left)  # n × 1
            grow = np.clip((cols - edge) / EDGE_SOFT + 0.5, 0.0, 1.0) * (cols < x0 + SMOOTH)
            alpha = np.maximum(alpha, grow)
            person_colour[:, : x0 + SMOOTH] = _solid_colour(last, last_a, x0, x0 + band)
        if right is not None:
            edge = np.minimum(x1 + r / SHOULDER_SLOPE, right)
            grow = np.clip((edge - cols) / EDGE_SOFT + 0.5, 0.0, 1.0) * (cols > x1 - SMOOTH)
            alpha = np.maximum(alpha, grow)
            person_colour[:, max(0, x1 - SMOOTH) :] = _solid_colour(last, last_a, x1 - band, x1 + 1)
    bg = np.array(background_bgr, np.float32)
    a3 = alpha[..., None]
    target = person_colour * a3 + bg * (1.0 - a3)
    rows = last[None] * (1.0 - t[..., None]) + target * t[..., None]
    image[start:] = np.clip(rows + 0.5, 0, 255).astype(np.uint8)
    matte[start:] = alpha
