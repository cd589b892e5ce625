# SPDX-License-Identifier: MIT
"""Photo commands: ``check`` photos, ``eval photos`` on labelled material, ``bench verdict``.

``tucai-desk check PATH… [--json] [--profile P] [--background B] [--save DIR]``
    checks photo files or whole folders with the full pipeline (production and every check).
``tucai-desk eval photos DIR [--json]``
    compares the verdicts with ``DIR/MANIFEST.tsv`` (columns ``file``, ``category``,
    ``expect_failure``: ``a|b`` = fails for a or b, ``-`` = must pass, ``- (x warning allowed)`` =
    must pass, that warning allowed; rows starting with ``(`` are not photo-check material;
    ``source_repo`` or ``DIR/SOURCES.tsv`` name the source), with the figures per source, per
    skin-tone group and leaving one source out (:mod:`tucai_desk.commands.photo_figures`).
``tucai-desk bench verdict [--json]``
    times a 1280×720 still to a verdict, models loaded once.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import statistics
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tucai_desk.commands import CommandGroups
from tucai_desk.commands.photo_figures import write_breakdowns

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".bmp"})
BENCH_SIZE = (1280, 720)
BENCH_PHOTO_ENV = "TUCAI_BENCH_PHOTO"
_DEV_PHOTO = ("shared", "data", "photos", "good_london_002.jpg")


def register(groups: CommandGroups) -> None:
    from tucai_desk.vision.profiles import available_profiles

    profiles = available_profiles()
    check = groups.root.add_parser("check", help="check photo files or folders (产品照片检测)")
    check.add_argument("paths", nargs="+", type=Path, help="photo files or folders")
    check.add_argument("--json", action="store_true", help="one JSON object per run")
    check.add_argument("--profile", default="national", choices=profiles)
    check.add_argument("--background", default=None, help="light_blue, white or light_grey")
    check.add_argument("--save", type=Path, default=None, help="write the produced JPEGs here")
    check.set_defaults(func=cmd_check)

    photos = groups.eval.add_parser("photos", help="verdicts against a labelled MANIFEST.tsv")
    photos.add_argument("dir", type=Path)
    photos.add_argument("--json", action="store_true")
    photos.add_argument("--profile", default="national", choices=profiles)
    photos.set_defaults(func=cmd_eval_photos)

    bench = groups.bench.add_parser("verdict", help="time a 1280x720 still to a verdict")
    bench.add_argument("--json", action="store_true")
    bench.add_argument("--runs", type=int, default=15)
    bench.add_argument(
        "--photo", type=Path, default=None, help=f"still to use (or ${BENCH_PHOTO_ENV})"
    )
    bench.set_defaults(func=cmd_bench_verdict)


# --- check ----------------------------------------------------------------------------------


def iter_photo_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named on the command line, and the image files (by suffix) inside named folders."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.is_file() and child.suffix.lower() in IMAGE_SUFFIXES:
                    yield child
        else:
            yield path


def _result_json(result: Any) -> dict[str, Any]:
    return {
        "code": result.code.value,
        "outcome": result.outcome.value,
        "value": result.value,
        "threshold": result.threshold,
        "detail": result.detail,
    }


def _short(result: Any) -> str:
    value = "" if result.value is None else f"={result.value:g}"
    limit = f" ({result.threshold})" if result.threshold else ""
    detail = f" {result.detail}" if result.detail else ""
    return f"{result.code.value}{value}{limit}{detail}"


def cmd_check(args: argparse.Namespace) -> int:
    from tucai_desk.vision.imageio import ImageReadError, read_image
    from tucai_desk.vision.pipeline import PhotoPipeline
    from tucai_desk.vision.profiles import ProfileError, load_profile

    try:
        profile = load_profile(args.profile, args.background)
    except ProfileError as exc:
        sys.stderr.write(f"tucai-desk check: {exc}\n")
        return 2
    files = list(iter_photo_files(args.paths))
    if not files:
        sys.stderr.write("tucai-desk check: no photo files found\n")
        return 2
    if args.save is not None:
        args.save.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    with PhotoPipeline(profile) as pipeline:
        for path in files:
            row: dict[str, Any] = {"file": str(path)}
            try:
                still = read_image(path)
            except ImageReadError as exc:
                row.update(passed=False, error=exc.reason.value, failures=[], warnings=[])
                rows.append(row)
                continue
            outcome = pipeline.process(still)
            verdict = outcome.verdict
            row.update(
                passed=verdict.passed,
                error=None,
                failures=[_result_json(r) for r in verdict.failures],
                warnings=[_result_json(r) for r in verdict.warnings],
                total_ms=round(outcome.total_ms, 1),
            )
            if args.save is not None and outcome.jpeg is not None:
                (args.save / f"{path.stem}.jpg").write_bytes(outcome.jpeg)
            row["_verdict"] = verdict
            rows.append(row)
    if args.json:
        public = [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]
        sys.stdout.write(
            json.dumps({"profile": profile.name, "photos": public}, ensure_ascii=False)
        )
        sys.stdout.write("\n")
    else:
        _write_check_table(rows)
    return 0 if all(r["passed"] for r in rows) else 1


def _write_check_table(rows: list[dict[str, Any]]) -> None:
    width = min(40, max(len(Path(r["file"]).name) for r in rows))
    out = sys.stdout
    out.write(f"{'file':<{width}}  {'verdict':<7}  failed checks (measured value, limit)\n")
    out.write(f"{'-' * width}  {'-' * 7}  {'-' * 40}\n")
    for row in rows:
        name = Path(row["file"]).name[:width]
        if row.get("error"):
            out.write(f"{name:<{width}}  {'ERROR':<7}  unreadable: {row['error']}\n")
            continue
        verdict = row["_verdict"]
        label = "PASS" if verdict.passed else "FAIL"
        failures = "; ".join(_short(r) for r in verdict.failures) or "-"
        out.write(f"{name:<{width}}  {label:<7}  {failures}\n")
        if verdict.warnings:
            warned = "; ".join(_short(r) for r in verdict.warnings)
            out.write(f"{'':<{width}}  {'':<7}  warnings: {warned}\n")
    passed = sum(1 for r in rows if r["passed"])
    out.write(f"\n{passed}/{len(rows)} passed\n")


# --- eval photos ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Expectation:
    file: str
    category: str
    must_pass: bool
    codes: tuple[str, ...] = ()  # any one of them is the right reason
    warnings_allowed: tuple[str, ...] = ()
    source: str = ""  # the manifest's source_repo


@dataclass
class EvalReport:
    n_good: int = 0
    n_bad: int = 0
    good_passed: int = 0
    bad_rejected: int = 0
    bad_right_reason: int = 0
    bad_first_reason: int = 0
    disagreements: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)  # passing, with other warnings
    breakdowns: dict[str, Any] = field(default_factory=dict)  # see commands/photo_figures.py

    def as_dict(self) -> dict[str, Any]:
        def rate(n: int, d: int) -> float | None:
            return round(n / d, 4) if d else None

        return {
            "good_pass_rate": rate(self.good_passed, self.n_good),
            "bad_reject_rate": rate(self.bad_rejected, self.n_bad),
            "bad_right_reason_rate": rate(self.bad_right_reason, self.n_bad),
            "bad_first_reason_rate": rate(self.bad_first_reason, self.n_bad),
            "n_good": self.n_good,
            "n_bad": self.n_bad,
            "disagreements": self.disagreements,
            "skipped": self.skipped,
            "notes": self.notes,
            **self.breakdowns,
        }


def parse_manifest(path: Path) -> tuple[list[Expectation], list[dict[str, str]]]:
    """Expectations from a MANIFEST.tsv, and the rows that are not photo-check material."""
    expectations: list[Expectation] = []
    skipped: list[dict[str, str]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            name = (row.get("file") or "").strip()
            expect = (row.get("expect_failure") or "").strip()
            category = (row.get("category") or "").strip()
            source = (row.get("source_repo") or "").strip()
            if not name:
                continue
            if expect.startswith("("):
                skipped.append({"file": name, "reason": expect})
                continue
            if expect.startswith("-"):
                allowed = tuple(
                    word
                    for word in expect.replace("(", " ").replace(")", " ").split()
                    if word not in ("-", "warning", "warnings", "allowed")
                )
                expectations.append(Expectation(name, category, True, (), allowed, source))
            else:
                codes = tuple(c.strip() for c in expect.split("|") if c.strip())
                expectations.append(Expectation(name, category, False, codes, (), source))
    return expectations, skipped


def evaluate_photos(
    directory: Path, profile_name: str = "national", *, leave_one_out: bool = True
) -> EvalReport:
    """Run the pipeline over a labelled folder and compare with its manifest; the report's
    breakdowns are per source, per skin-tone group and leaving one source out (see
    :mod:`tucai_desk.commands.photo_figures`)."""
    from tucai_desk.commands import photo_figures as figures
    from tucai_desk.vision.pipeline import PhotoPipeline
    from tucai_desk.vision.profiles import load_profile

    expectations, skipped = parse_manifest(directory / "MANIFEST.tsv")
    sources = figures.read_sources(directory)
    report = EvalReport(skipped=skipped)
    with PhotoPipeline(load_profile(profile_name)) as pipeline:
        runs = [
            figures.check_photo(
                pipeline, directory, exp, sources.get(exp.file) or exp.source or figures.UNKNOWN
            )
            for exp in expectations
        ]
        for run in runs:
            score_expectation(report, run.exp, run.passed, run.failed, run.warned)
        report.breakdowns = {
            "per_source": figures.grouped(runs, lambda r: r.source),
            "per_skin_tone": figures.grouped(runs, lambda r: r.skin_tone),
            "per_skin_tone_band": figures.grouped(
                runs, lambda r: figures.BANDS.get(r.skin_tone, figures.UNKNOWN)
            ),
            "skin_tones": {r.exp.file: r.ita for r in runs},
        }
        if leave_one_out:
            report.breakdowns["leave_one_source_out"] = figures.leave_one_source_out(
                runs, pipeline, directory
            )
    return report


def score_expectation(
    report: EvalReport, exp: Expectation, passed: bool, failed: list[str], warned: list[str]
) -> None:
    entry = {"file": exp.file, "category": exp.category, "failed": failed}
    if exp.must_pass:
        report.n_good += 1
        if passed:
            report.good_passed += 1
            unexpected = [w for w in warned if w not in exp.warnings_allowed]
            if unexpected:
                report.notes.append({"file": exp.file, "unexpected_warnings": unexpected})
        else:
            report.disagreements.append({**entry, "expected": "pass", "kind": "good_failed"})
        return
    report.n_bad += 1
    expected = "|".join(exp.codes)
    if passed:
        report.disagreements.append(
            {**entry, "expected": expected, "kind": "bad_passed", "warnings": warned}
        )
        return
    report.bad_rejected += 1
    if any(code in failed for code in exp.codes):
        report.bad_right_reason += 1
        if failed and failed[0] in exp.codes:
            report.bad_first_reason += 1
    else:
        report.disagreements.append({**entry, "expected": expected, "kind": "wrong_reason"})


def cmd_eval_photos(args: argparse.Namespace) -> int:
    manifest = args.dir / "MANIFEST.tsv"
    if not manifest.is_file():
        sys.stderr.write(f"tucai-desk eval photos: {manifest} not found\n")
        return 2
    report = evaluate_photos(args.dir, args.profile).as_dict()
    if args.json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
        return 0
    write_eval_report(report)
    write_breakdowns(report)
    return 0


def write_eval_report(
    report: dict[str, Any],
    good: str = "good photos",
    bad: str = "bad photos",
    bad_short: str = "bad",
) -> None:
    """The figures of :meth:`EvalReport.as_dict` as text; ``good``/``bad`` name the two sets."""
    out = sys.stdout

    def pct(value: float | None) -> str:
        return "n/a" if value is None else f"{100 * value:.1f} %"

    figures = (
        (f"{good} passed:", f"{pct(report['good_pass_rate'])} of {report['n_good']}"),
        (f"{bad} rejected:", f"{pct(report['bad_reject_rate'])} of {report['n_bad']}"),
        (f"{bad_short}, for the expected reason:", pct(report["bad_right_reason_rate"])),
        (f"{bad_short}, expected reason first:", pct(report["bad_first_reason_rate"])),
    )
    width = max(len(label) for label, _ in figures) + 2
    for label, value in figures:
        out.write(f"{label:<{width}}{value}\n")
    if report["skipped"]:
        names = ", ".join(f"{s['file']} {s['reason']}" for s in report["skipped"])
        out.write(f"skipped: {names}\n")
    for note in report["notes"]:
        warned = ", ".join(note["unexpected_warnings"])
        out.write(f"note: {note['file']} passes with warnings not listed: {warned}\n")
    if report["disagreements"]:
        out.write("\ndisagreements:\n")
        for d in report["disagreements"]:
            got = ", ".join(d["failed"]) or "pass"
            out.write(f"  {d['file']}: expected {d['expected']}, got {got} [{d['kind']}]\n")


# --- bench verdict --------------------------------------------------------------------------


def default_bench_photo() -> Path | None:
    env = os.environ.get(BENCH_PHOTO_ENV)
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[2]
    candidate = repo.parent.joinpath(*_DEV_PHOTO)
    return candidate if candidate.is_file() else None


def bench_frame(photo: Path) -> Any:
    """A 1280×720 station-like frame: the photo scaled to the frame height, backdrop continued."""
    import cv2

    from tucai_desk.vision.imageio import read_image

    image = read_image(photo)
    target_w, target_h = BENCH_SIZE
    k = target_h / image.shape[0]
    scaled = cv2.resize(
        image, (max(1, round(image.shape[1] * k)), target_h), interpolation=cv2.INTER_AREA
    )
    if scaled.shape[1] >= target_w:
        x0 = (scaled.shape[1] - target_w) // 2
        return scaled[:, x0 : x0 + target_w].copy()
    left = (target_w - scaled.shape[1]) // 2
    return cv2.copyMakeBorder(
        scaled, 0, 0, left, target_w - scaled.shape[1] - left, cv2.BORDER_REPLICATE
    )


def run_verdict_bench(runs: int = 15, photo: Path | None = None) -> dict[str, Any]:
    """Median time from a 1280×720 still to a verdict (production and all checks; models loaded
    once and warmed up; burst selection excluded)."""
    from tucai_desk.vision.pipeline import PhotoPipeline
    from tucai_desk.vision.profiles import load_profile

    source = photo or default_bench_photo()
    if source is None:
        raise FileNotFoundError(f"no bench photo: pass --photo or set {BENCH_PHOTO_ENV}")
    frame = bench_frame(source)
    totals: list[float] = []
    models: list[float] = []
    with PhotoPipeline(load_profile()) as pipeline:
        outcome = pipeline.process(frame)  # loads and warms the models
        for _ in range(max(1, runs)):
            outcome = pipeline.process(frame)
            totals.append(outcome.total_ms)
            models.append(outcome.model_ms)
    totals.sort()
    return {
        "bench": "verdict",
        "frame": f"{BENCH_SIZE[0]}x{BENCH_SIZE[1]}",
        "runs": len(totals),
        "verdict_ms_median": round(statistics.median(totals), 1),
        "verdict_ms_p90": round(totals[min(len(totals) - 1, int(0.9 * len(totals)))], 1),
        "model_ms_median": round(statistics.median(models), 1),
        "passed": outcome.verdict.passed,
        "goal_ms": 120,
    }


def cmd_bench_verdict(args: argparse.Namespace) -> int:
    try:
        result = run_verdict_bench(args.runs, args.photo)
    except FileNotFoundError as exc:
        sys.stderr.write(f"tucai-desk bench verdict: {exc}\n")
        return 2
    if args.json:
        sys.stdout.write(json.dumps(result) + "\n")
    else:
        sys.stdout.write(
            f"verdict_ms_median {result['verdict_ms_median']}  (p90 {result['verdict_ms_p90']}, "
            f"goal <= {result['goal_ms']})\nmodel_ms_median {result['model_ms_median']}\n"
        )
    return 0
