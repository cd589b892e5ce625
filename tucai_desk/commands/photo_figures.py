# SPDX-License-Identifier: MIT
"""The breakdowns of ``eval photos``: per source, per skin-tone group, leaving one source out.

- ``per_source``: the figures of each source of the material (the repository named for the file in
  ``SOURCES.tsv``, else the manifest's ``source_repo`` column): a threshold that fits one studio
  set shows as a gap between sources.
- ``per_skin_tone``: the figures of each ITA° group of :mod:`tucai_desk.vision.skin_tone`
  (faces without colour or without a face are ``unknown``), and ``per_skin_tone_band`` the same
  with neighbouring groups merged (light = very light + light, medium = intermediate + tan, dark =
  brown + dark) so that every band holds enough faces to say something.
- ``leave_one_source_out``: for each source, the thresholds of
  :data:`tucai_desk.vision.calibration.DERIVED` are derived again from the good photos of the
  *other* sources and that source's photos are checked with them; the figures pool those verdicts.
  It is what the checks can be expected to do on a source they were never tuned on.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tucai_desk.commands.photo import EvalReport, Expectation
    from tucai_desk.vision.pipeline import PhotoPipeline

UNKNOWN = "unknown"
BANDS = {
    "very_light": "light",
    "light": "light",
    "intermediate": "medium",
    "tan": "medium",
    "brown": "dark",
    "dark": "dark",
}


@dataclass
class PhotoRun:
    """One labelled photo checked: the verdict in short and what was measured on it."""

    exp: Expectation
    source: str
    passed: bool
    failed: list[str]
    warned: list[str]
    skin_tone: str = UNKNOWN
    ita: float | None = None
    measures: dict[str, float] = field(default_factory=dict)


def read_sources(directory: Path) -> dict[str, str]:
    """File name → source repository from ``SOURCES.tsv`` (empty when there is none)."""
    path = directory / "SOURCES.tsv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (row.get("file") or "").strip(): (row.get("repository") or "").strip()
            for row in csv.DictReader(handle, delimiter="\t")
            if (row.get("file") or "").strip() and (row.get("repository") or "").strip()
        }


def check_photo(
    pipeline: PhotoPipeline, directory: Path, exp: Expectation, source: str
) -> PhotoRun:
    """Check one labelled photo and measure its skin tone and the calibration measurements."""
    from tucai_desk.vision.calibration import measure
    from tucai_desk.vision.imageio import ImageReadError, read_image
    from tucai_desk.vision.skin_tone import measure_skin_tone

    try:
        outcome = pipeline.process(read_image(directory / exp.file))
    except ImageReadError as exc:
        return PhotoRun(exp, source, False, [f"unreadable:{exc.reason.value}"], [])
    verdict = outcome.verdict
    run = PhotoRun(
        exp,
        source,
        verdict.passed,
        verdict.failed_codes(),
        [r.code.value for r in verdict.warnings],
    )
    ctx = outcome.context
    if ctx is not None and ctx.view is not None:
        tone = measure_skin_tone(ctx.view)
        if tone is not None:
            run.skin_tone, run.ita = tone.group.value, round(tone.ita, 1)
        run.measures = measure(ctx)
    return run


def _figures(report: EvalReport) -> dict[str, Any]:
    figures = report.as_dict()
    return {
        **{k: v for k, v in figures.items() if k.endswith("_rate") or k.startswith("n_")},
        "failing": [
            f"{d['file']}: {', '.join(d['failed']) or 'pass'}" for d in figures["disagreements"]
        ],
    }


def grouped(runs: Iterable[PhotoRun], key: Callable[[PhotoRun], str]) -> dict[str, Any]:
    """The eval figures of each group of runs (sorted by group name)."""
    from tucai_desk.commands.photo import EvalReport, score_expectation

    reports: dict[str, EvalReport] = {}
    for run in runs:
        report = reports.setdefault(key(run), EvalReport())
        score_expectation(report, run.exp, run.passed, run.failed, run.warned)
    return {name: _figures(reports[name]) for name in sorted(reports)}


def leave_one_source_out(
    runs: list[PhotoRun], pipeline: PhotoPipeline, directory: Path
) -> dict[str, Any]:
    """Each source scored with the :data:`DERIVED` thresholds derived from the other sources."""
    from tucai_desk.commands.photo import EvalReport, score_expectation
    from tucai_desk.vision.calibration import (
        derive_thresholds,
        profile_thresholds,
        with_thresholds,
    )

    def good_measures(rows: Iterable[PhotoRun]) -> list[dict[str, float]]:
        return [r.measures for r in rows if r.exp.must_pass and r.measures]

    everything = derive_thresholds(good_measures(runs))
    current = profile_thresholds(pipeline.profile)  # what the runs were checked with
    pooled = EvalReport()
    per_source: dict[str, Any] = {}
    for source in sorted({r.source for r in runs}):
        mine = [r for r in runs if r.source == source]
        others = good_measures(r for r in runs if r.source != source)
        # Without good photos elsewhere a threshold cannot be derived: it stays as in the profile.
        from_others = derive_thresholds(others)
        derived = {**current, **from_others}
        changed = {k: v for k, v in derived.items() if v != current[k]}
        if changed:
            other = pipeline.with_profile(with_thresholds(pipeline.profile, derived))
            mine = [check_photo(other, directory, r.exp, source) for r in mine]
        report = EvalReport()
        for run in mine:
            for target in (pooled, report):
                score_expectation(target, run.exp, run.passed, run.failed, run.warned)
        kept = sorted(set(current) - set(from_others))
        per_source[source] = {"thresholds": changed, "not_derived": kept, **_figures(report)}
    return {
        **_figures(pooled),
        "thresholds_in_profile": current,
        "derived_from_all_sources": everything,
        "per_source": per_source,
    }


def write_breakdowns(report: dict[str, Any]) -> None:
    """The breakdowns of :func:`grouped` and :func:`leave_one_source_out` as text tables."""
    out = sys.stdout

    def pct(value: float | None) -> str:
        return "  n/a" if value is None else f"{100 * value:5.1f}"

    def table(title: str, rows: dict[str, Any]) -> None:
        width = max([len(title), *map(len, rows)])
        out.write(f"\n{title:<{width}}  good passed    bad rejected  right reason\n")
        for name, f in rows.items():
            out.write(
                f"{name:<{width}}  {pct(f['good_pass_rate'])} % of {f['n_good']:<3}  "
                f"{pct(f['bad_reject_rate'])} % of {f['n_bad']:<3}  "
                f"{pct(f['bad_right_reason_rate'])} %\n"
            )

    for key, title in (
        ("per_source", "source"),
        ("per_skin_tone", "skin tone (ITA°)"),
        ("per_skin_tone_band", "skin tone band"),
    ):
        if key in report:
            table(title, report[key])
    loso = report.get("leave_one_source_out")
    if loso:
        table("leave one source out", {"all sources": loso})
        for source, figures in loso["per_source"].items():
            if figures["thresholds"]:
                changed = ", ".join(f"{k}={v:g}" for k, v in figures["thresholds"].items())
                out.write(f"  without {source}: {changed}\n")
