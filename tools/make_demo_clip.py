# SPDX-License-Identifier: MIT
"""Make the demo camera clip ``resources/demo/demo_camera.mp4``.

A station without a camera runs in demo mode and plays this clip as its live view. The person in
it is the U.S. Navy's public-domain portrait of Rear Admiral Grace Hopper, which matplotlib (a
dependency of mediapipe) ships as ``mpl-data/sample_data/grace_hopper.jpg``; the file is checked
against its known sha256. A portrait with the mouth closed and a calm face, so that stills of the
demo can pass the photo checks.

The portrait is cut out (MediaPipe selfie segmentation, edges refined with a guided filter),
levelled (eye line horizontal) and placed on a plain, softly lit backdrop as a person stands in
front of the station: face centred, inter-eye distance about 106 px in the 1280×720 frame. A slow
sway, a small roll and a breathing rhythm (scale and rise) make the live view look alive. Every
motion is periodic over the clip, so the last frame leads smoothly into the first when it loops.

Usage: ``.venv/bin/python tools/make_demo_clip.py [--portrait FILE] [--out PATH]``
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PORTRAIT_NAME = "grace_hopper.jpg"
SHA256 = "a8ca6d734765703b09728ab47fe59f473d93ae3967fc24c7c0288c3c7adb7130"
OUT = ROOT / "resources" / "demo" / "demo_camera.mp4"

WIDTH, HEIGHT, FPS = 1280, 720, 30
SECONDS = 9.0
EYE_DISTANCE = 106.0  # px between the iris centres at rest
EYE_Y = 300.0  # eye line height in the frame at rest; the chest must reach the bottom of the photo
MARGIN = 96  # the person layer is made larger than the frame so motion never shows its edge
BACKDROP_BGR = (168.0, 170.0, 172.0)  # a mid-grey wall: a white cap stays apart from it

# Motion, in harmonics of the clip length so that frame N equals frame 0.
BREATHS = 2  # 4.5 s per breath at 9 s: a calm breathing rate
BREATH_SCALE = 0.008
BREATH_RISE_PX = 3.0
SWAY_PX = 6.0
ROLL_DEG = 0.7


def portrait_path() -> Path:
    """Grace Hopper's portrait as matplotlib ships it (installed with mediapipe)."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "sample_data" / PORTRAIT_NAME


def load_portrait(path: Path | None) -> np.ndarray:
    data = (path or portrait_path()).read_bytes()
    if hashlib.sha256(data).hexdigest() != SHA256:
        raise SystemExit(f"{PORTRAIT_NAME}: checksum mismatch, refusing to use it")
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise SystemExit(f"{PORTRAIT_NAME} does not decode")
    return image


def eye_centres(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from tucai_desk.vision.landmarker import FaceLandmarkerRunner

    with FaceLandmarkerRunner(mode="image") as runner:
        faces = runner.detect(image)
    if not faces:
        raise SystemExit("no face found in the portrait")
    face = faces[0]
    return face.left_eye_center.astype(np.float64), face.right_eye_center.astype(np.float64)


def person_mask(image: np.ndarray) -> np.ndarray:
    """Soft person mask (float32, 0..1) from MediaPipe's general selfie segmentation model."""
    import mediapipe as mp

    rgb = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
    with mp.solutions.selfie_segmentation.SelfieSegmentation(model_selection=0) as seg:
        mask = seg.process(rgb).segmentation_mask
    return np.clip(mask.astype(np.float32), 0.0, 1.0)


def build_layers(image: np.ndarray) -> tuple[np.ndarray, np.ndarray, tuple[float, float]]:
    """The person (BGR float32) and its alpha on a canvas MARGIN px larger than the frame on each
    side, levelled and scaled; and the canvas point between the eyes."""
    left, right = eye_centres(image)
    mid = (left + right) / 2.0
    distance = float(np.linalg.norm(right - left))
    angle = math.degrees(math.atan2(right[1] - left[1], right[0] - left[0]))
    scale = EYE_DISTANCE / distance
    cw, ch = WIDTH + 2 * MARGIN, HEIGHT + 2 * MARGIN
    eye_at = (WIDTH / 2 + MARGIN, EYE_Y + MARGIN)
    # Rotating by the eye-line angle about the eye midpoint levels the eyes.
    matrix = cv2.getRotationMatrix2D((float(mid[0]), float(mid[1])), angle, scale)
    matrix[0, 2] += eye_at[0] - mid[0]
    matrix[1, 2] += eye_at[1] - mid[1]
    layer = cv2.warpAffine(
        image, matrix, (cw, ch), flags=cv2.INTER_LANCZOS4, borderMode=cv2.BORDER_REFLECT
    )
    # Upscaling about 3× softens the portrait; a light unsharp mask brings back some crispness.
    soft = cv2.GaussianBlur(layer, (0, 0), 2.0)
    layer = cv2.addWeighted(layer, 1.5, soft, -0.5, 0)
    alpha = cv2.warpAffine(person_mask(image), matrix, (cw, ch), flags=cv2.INTER_LINEAR)
    # The segmentation mask is coarse; a guided filter snaps its edge to the hair and shoulders.
    alpha = cv2.ximgproc.guidedFilter(layer, alpha, 12, 1e-3 * 255.0 * 255.0 / 50.0)
    alpha = np.clip((alpha - 0.04) / 0.92, 0.0, 1.0).astype(np.float32)
    return layer.astype(np.float32), alpha, eye_at


def backdrop() -> np.ndarray:
    """A plain wall lit from the front: brightest behind the head, a little darker at the edges,
    with a faint fixed dither so the gradient does not band."""
    ys, xs = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    r = np.hypot((xs - WIDTH / 2) / WIDTH, (ys - HEIGHT * 0.4) / HEIGHT)
    light = 1.02 - 0.07 * r**2
    wall = np.empty((HEIGHT, WIDTH, 3), np.float32)
    for c, value in enumerate(BACKDROP_BGR):
        wall[..., c] = value * light
    dither = np.random.default_rng(7).uniform(-1.0, 1.0, (HEIGHT, WIDTH, 1)).astype(np.float32)
    return wall + dither


def motion(i: int, frames: int, eye_at: tuple[float, float]) -> np.ndarray:
    """The affine that moves the canvas into frame ``i``: the body sways about a pivot at the
    chest, the head rolls a little, and each breath lifts and enlarges the figure slightly."""
    phase = 2.0 * math.pi * i / frames
    breath = math.sin(BREATHS * phase)
    scale = 1.0 + BREATH_SCALE * breath
    roll = ROLL_DEG * math.sin(phase + 1.2)
    dx = SWAY_PX * math.sin(phase) + 1.5 * math.sin(3 * phase + 0.7)
    dy = -BREATH_RISE_PX * math.sin(BREATHS * phase + 0.4)
    pivot = (eye_at[0], eye_at[1] + 420.0)
    matrix = cv2.getRotationMatrix2D(pivot, roll, scale)
    matrix[0, 2] += dx - MARGIN
    matrix[1, 2] += dy - MARGIN
    return matrix


def render(layer: np.ndarray, alpha: np.ndarray, eye_at: tuple[float, float], out: Path) -> int:
    frames = round(SECONDS * FPS)
    wall = backdrop()
    # A soft contact shadow on the wall, down and to the right of the person (key light upper left).
    shadow = cv2.GaussianBlur(alpha, (0, 0), 28)
    shadow = np.roll(shadow, (14, 22), axis=(0, 1))
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(out.stem + ".part.mp4")
    writer = cv2.VideoWriter(str(part), cv2.VideoWriter_fourcc(*"mp4v"), FPS, (WIDTH, HEIGHT))
    if not writer.isOpened():
        raise SystemExit("cannot open an mp4v writer")
    size = (WIDTH, HEIGHT)
    for i in range(frames):
        m = motion(i, frames, eye_at)
        person = cv2.warpAffine(layer, m, size, flags=cv2.INTER_LINEAR)
        a = cv2.warpAffine(alpha, m, size, flags=cv2.INTER_LINEAR)[..., None]
        s = cv2.warpAffine(shadow, m, size, flags=cv2.INTER_LINEAR)[..., None]
        frame = wall * (1.0 - 0.22 * s)
        frame = person * a + frame * (1.0 - a)
        writer.write(np.clip(frame + 0.5, 0, 255).astype(np.uint8))
    writer.release()
    part.replace(out)
    return frames


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--portrait", type=Path, help="the portrait file (default: the copy matplotlib ships)"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    image = load_portrait(args.portrait)
    layer, alpha, eye_at = build_layers(image)
    frames = render(layer, alpha, eye_at, args.out)
    size_mb = args.out.stat().st_size / 1e6
    print(f"{args.out}: {frames} frames, {WIDTH}x{HEIGHT} @ {FPS} fps, {size_mb:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
