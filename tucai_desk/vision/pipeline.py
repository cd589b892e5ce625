# SPDX-License-Identifier: MIT
"""From a captured still to a verdict and the produced JPEG: the one entry point of photo work.

``PhotoPipeline(profile).process(still_bgr)`` runs, in order: face detection and landmarks (on a
face-centred crop), the face checks, person segmentation of the head-and-shoulders region,
production (crop, background, JPEG in the size band), then the checks of the output — its layout
measured again by running the Face Landmarker on the decoded JPEG, and the file read back from its
bytes. Models are loaded once, on the first call. The hand models and the checks of the still
(face, then scene) run on a second thread of the pipeline beside production, and the matte-edge
check of the output beside the other output checks; the verdict lists every check in the same
order as ever.

Not thread-safe: use one pipeline per thread (the services layer runs it on its worker).
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from typing import Any

import cv2
import numpy as np

from tucai_desk.core.checks import CheckCode, CheckResult, Outcome, Verdict
from tucai_desk.thread_priority import lower_current_thread
from tucai_desk.vision import production
from tucai_desk.vision.checks import (
    OutputContext,
    StillContext,
    check_matte_edge,
    face_checks,
    output_checks,
    scene_checks,
)
from tucai_desk.vision.checks.context import FaceView, face_view
from tucai_desk.vision.checks.face import check_face_found
from tucai_desk.vision.faces import FaceFinder, FaceScan
from tucai_desk.vision.hands import HandFinder
from tucai_desk.vision.landmarker import FaceLandmarks
from tucai_desk.vision.profiles import PhotoProfile
from tucai_desk.vision.segmentation import Segmenter

log = logging.getLogger(__name__)


_Box = tuple[float, float, float, float]


def _face_box(face: FaceLandmarks | None, shape: tuple[int, ...]) -> _Box | None:
    """The landmarks' extent as fractions of the image (None without a face)."""
    if face is None:
        return None
    h, w = shape[:2]
    xs, ys = face.points[:, 0], face.points[:, 1]
    return (
        max(0.0, float(xs.min()) / w),
        max(0.0, float(ys.min()) / h),
        min(1.0, float(xs.max()) / w),
        min(1.0, float(ys.max()) / h),
    )


def _gathered(
    pending: list[Future[list[CheckResult]]], results: list[CheckResult]
) -> list[CheckResult]:
    """The results of the checks run beside production (waited for), then ``results``."""
    return [r for checks in pending for r in checks.result()] + results


def _joined(
    ctx: StillContext, hands: Future[tuple[StillContext, float]], model_ms: float
) -> tuple[StillContext, float]:
    """``ctx`` with the hands found beside production, and the model time with theirs."""
    with_hands, hands_ms = hands.result()
    return replace(ctx, hands=with_hands.hands), model_ms + hands_ms


@dataclass(frozen=True, slots=True)
class PhotoOutcome:
    verdict: Verdict  # all checks (production-time and output checks)
    jpeg: bytes | None  # the produced 480×640 JPEG, None when production was impossible
    model_ms: float  # time spent inside models
    total_ms: float
    # Where the face is, as (x0, y0, x1, y1) fractions: in the still and in the produced JPEG;
    # the result page marks the failing region with them.
    still_face: tuple[float, float, float, float] | None = None
    photo_face: tuple[float, float, float, float] | None = None
    context: StillContext | None = None  # what the face checks looked at (for measurements)


class PhotoPipeline:
    def __init__(self, profile: PhotoProfile) -> None:
        self.profile = profile
        self._finder: FaceFinder | None = None
        self._segmenter: Segmenter | None = None
        self._hands: HandFinder | None = None
        self._checker: ThreadPoolExecutor | None = None

    def _models(self) -> tuple[FaceFinder, Segmenter]:
        if self._finder is None:
            self._finder = FaceFinder(self.profile.checks.single_face.min_score)
        if self._segmenter is None:
            self._segmenter = Segmenter()
        return self._finder, self._segmenter

    def with_profile(self, profile: PhotoProfile) -> PhotoPipeline:
        """A pipeline for another profile sharing this one's loaded models and check thread
        (same thread only)."""
        other = PhotoPipeline(profile)
        other._finder, other._segmenter = self._models()
        other._hands = self._hand_finder()
        other._checker = self._worker()
        return other

    def _hand_finder(self) -> HandFinder:
        if self._hands is None:
            self._hands = HandFinder()
        return self._hands

    def _worker(self) -> ThreadPoolExecutor:
        """The one thread that looks for hands and runs the checks of the still while this one
        produces the photo (the hand models are used on it only)."""
        if self._checker is None:
            self._checker = ThreadPoolExecutor(
                1, thread_name_prefix="photo-checks", initializer=lower_current_thread
            )
        return self._checker

    def _with_hands(self, ctx: StillContext) -> tuple[StillContext, float]:
        """``ctx`` with the hands found around its face, and the time the hand models took."""
        assert ctx.face is not None
        t_hands = time.perf_counter()
        hands = self._hand_finder().around(ctx.still, ctx.face)
        return replace(ctx, hands=hands), (time.perf_counter() - t_hands) * 1000.0

    def warm_up(self) -> None:
        """Load the models now (about 2 s) rather than on the first photo (loading holds the
        interpreter for tens of milliseconds at a time: behind the first screen, not mid-day)."""
        finder, segmenter = self._models()
        blank = np.zeros((64, 64, 3), np.uint8)
        finder.scan(blank)
        segmenter.segment(blank)
        # The hand models live on the check thread: they are loaded there.
        self._worker().submit(lambda: self._hand_finder().warm_up()).result()

    def process(self, still_bgr: np.ndarray) -> PhotoOutcome:
        if still_bgr.ndim != 3 or still_bgr.shape[2] != 3 or still_bgr.dtype != np.uint8:
            raise ValueError("expected a BGR uint8 image (H×W×3)")
        t0 = time.perf_counter()
        finder, segmenter = self._models()
        model_ms = 0.0
        scan = finder.scan(still_bgr)
        model_ms += scan.model_ms
        view = face_view(still_bgr, scan.face) if scan.face is not None else None
        ctx = StillContext(still_bgr, scan, self.profile, view)
        still_face = _face_box(scan.face, still_bgr.shape)
        if scan.face is None or not check_face_found(ctx).passed:
            if scan.face is not None:  # the hands go with the face's context all the same
                ctx, hands_ms = self._worker().submit(self._with_hands, ctx).result()
                model_ms += hands_ms
            return self._outcome(face_checks(ctx), None, model_ms, t0, ctx, still_face)
        # Hands and the face checks need only the still and its landmarks: they run beside
        # production, on the check thread, in this order.
        hands = self._worker().submit(self._with_hands, ctx)
        pending = [self._worker().submit(lambda: face_checks(hands.result()[0]))]
        try:
            return self._produce(still_bgr, scan, view, hands, pending, model_ms, t0, still_face)
        finally:
            running: list[Future[Any]] = [hands, *pending]
            wait(running)  # never leave a check running past its photo

    def _produce(
        self,
        still_bgr: np.ndarray,
        scan: FaceScan,
        view: FaceView | None,
        hands: Future[tuple[StillContext, float]],
        pending: list[Future[list[CheckResult]]],
        model_ms: float,
        t0: float,
        still_face: _Box | None,
    ) -> PhotoOutcome:
        """Segmentation, production and the output checks. The checks that run beside them
        (``pending``, in verdict order) come first in the verdict."""
        finder, segmenter = self._models()
        face = scan.face
        assert face is not None
        seg = segmenter.segment(still_bgr, production.analysis_region(face, still_bgr.shape))
        model_ms += segmenter.model_ms
        head = production.measure_head(face, seg, still_bgr)
        ctx = StillContext(still_bgr, scan, self.profile, view, seg, head)
        pending.append(self._worker().submit(scene_checks, ctx))
        results: list[CheckResult] = []

        out = self.profile.output
        plan = production.plan_crop(
            head, self.profile.layout, out.width, out.height, still_bgr.shape
        )
        if isinstance(plan, CheckResult):
            results.append(plan)
            checks = _gathered(pending, results)
            ctx, model_ms = _joined(ctx, hands, model_ms)
            return self._outcome(checks, None, model_ms, t0, ctx, still_face)
        rendered = production.render(
            still_bgr, plan, seg, self.profile.background_bgr, head, self.profile.layout
        )
        cut = production.side_cut(rendered, plan, head, self.profile.layout)
        if cut is not None:
            results.append(cut)
            checks = _gathered(pending, results)
            ctx, model_ms = _joined(ctx, hands, model_ms)
            return self._outcome(checks, None, model_ms, t0, ctx, still_face)
        results.append(CheckResult(CheckCode.GEOMETRY, Outcome.PASS, round(plan.scale, 3), "", ""))
        encoded = production.encode_jpeg_in_band(
            rendered.image, self.profile.file_size, out.jpeg_quality_min, out.dpi
        )
        decoded = cv2.imdecode(np.frombuffer(encoded.data, np.uint8), cv2.IMREAD_COLOR)
        t_model = time.perf_counter()
        out_face = finder.landmarks(decoded)
        model_ms += (time.perf_counter() - t_model) * 1000.0
        out_ctx = OutputContext(decoded, encoded.data, out_face, self.profile, encoded.quality)
        edge = self._worker().submit(check_matte_edge, out_ctx, rendered.alpha)
        try:
            results += output_checks(out_ctx, rendered.alpha, rendered.seen(), edge)
        finally:
            wait([edge])
        photo_face = _face_box(out_face, decoded.shape)
        checks = _gathered(pending, results)
        ctx, model_ms = _joined(ctx, hands, model_ms)
        return self._outcome(checks, encoded.data, model_ms, t0, ctx, still_face, photo_face)

    def _outcome(
        self,
        results: list[CheckResult],
        jpeg: bytes | None,
        model_ms: float,
        t0: float,
        ctx: StillContext,
        still_face: _Box | None = None,
        photo_face: _Box | None = None,
    ) -> PhotoOutcome:
        total_ms = (time.perf_counter() - t0) * 1000.0
        return PhotoOutcome(
            Verdict(tuple(results)), jpeg, model_ms, total_ms, still_face, photo_face, ctx
        )

    def close(self) -> None:
        if self._checker is not None:
            self._checker.shutdown()
            self._checker = None
        if self._finder is not None:
            self._finder.close()
            self._finder = None
        if self._segmenter is not None:
            self._segmenter.close()
            self._segmenter = None
        if self._hands is not None:
            self._hands.close()
            self._hands = None

    def __enter__(self) -> PhotoPipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
