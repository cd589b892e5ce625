# SPDX-License-Identifier: MIT
"""``tucai-desk eval defects DIR [--json] [--out OUTDIR]``: the checks on defects made on purpose.

Takes the photos of ``DIR/MANIFEST.tsv`` that must pass (the ``-`` rows, see
:mod:`tucai_desk.commands.photo`), makes every defect of :mod:`tucai_desk.vision.defects` from
each, and the harmless changes too (a camera not level, compression, noise, other light; they
must still pass), and runs the photo pipeline on them all. The report has the keys of ``eval
photos``: the base photos and their harmless changes are its good photos, the defects its bad ones
(right reason = one of the defect's codes fails), plus ``by_defect`` and ``by_harmless_change``,
the counts per kind.

``--out OUTDIR`` writes the base photos (copied as they are), the defects (lossless PNG) and a
``MANIFEST.tsv`` with the columns of the shared one, so that ``tucai-desk eval photos OUTDIR`` gives
the same figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import shutil
import sys
from pathlib import Path
from typing import Any

from tucai_desk.commands import CommandGroups
from tucai_desk.commands.photo import (
    EvalReport,
    Expectation,
    parse_manifest,
    score_expectation,
    write_eval_report,
)

log = logging.getLogger(__name__)

MANIFEST_COLUMNS = (
    "file",
    "category",
    "expect_failure",
    "source_repo",
    "source_path",
    "repo_license",
    "notes",
)
NO_FACE = "(no face to make defects from)"


def register(groups: CommandGroups) -> None:
    from tucai_desk.vision.profiles import available_profiles

    p = groups.eval.add_parser(
        "defects", help="checks on defects made from the good photos of a labelled MANIFEST.tsv"
    )
    p.add_argument("dir", type=Path, help="folder with MANIFEST.tsv and the photos")
    p.add_argument("--json", action="store_true", help="one JSON object")
    p.add_argument("--profile", default="national", choices=available_profiles())
    p.add_argument(
        "--out", type=Path, default=None, help="write the photos and their MANIFEST.tsv here"
    )
    p.set_defaults(func=cmd_eval_defects)


def _manifest_rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (row.get("file") or "").strip(): row for row in csv.DictReader(handle, delimiter="\t")
        }


def _pass_cell(exp: Expectation) -> str:
    """The ``expect_failure`` cell of a photo that must pass, as :func:`parse_manifest` reads it."""
    if not exp.warnings_allowed:
        return "-"
    noun = "warning" if len(exp.warnings_allowed) == 1 else "warnings"
    return f"- ({' '.join(exp.warnings_allowed)} {noun} allowed)"


def evaluate_defects(
    directory: Path, profile_name: str = "national", out: Path | None = None
) -> dict[str, Any]:
    """The report of ``eval photos`` (as a dict) for the base photos of ``directory`` and the
    defects made from them, with ``by_defect``; writes the photos and a manifest to ``out``."""
    from tucai_desk.vision.defects import DEFECTS, HARMLESS, face_points
    from tucai_desk.vision.imageio import ImageReadError, read_image
    from tucai_desk.vision.landmarker import FaceLandmarkerRunner
    from tucai_desk.vision.pipeline import PhotoPipeline
    from tucai_desk.vision.profiles import load_profile

    manifest = directory / "MANIFEST.tsv"
    bases = [exp for exp in parse_manifest(manifest)[0] if exp.must_pass]
    sources = _manifest_rows(manifest)
    report = EvalReport()
    by_defect = {
        d.name: {"expect": d.expect_failure, "n": 0, "rejected": 0, "right_reason": 0}
        for d in DEFECTS
    }
    by_change = {h.name: {"n": 0, "passed": 0} for h in HARMLESS}
    rows: list[dict[str, str]] = []
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)

    def judge(exp: Expectation, image: Any) -> tuple[bool, list[str]]:
        verdict = pipeline.process(image).verdict
        failed = verdict.failed_codes()
        warned = [r.code.value for r in verdict.warnings]
        score_expectation(report, exp, verdict.passed, failed, warned)
        return verdict.passed, failed

    with PhotoPipeline(load_profile(profile_name)) as pipeline, FaceLandmarkerRunner() as runner:
        for base in bases:
            source = sources.get(base.file, {})
            cells = {
                "file": base.file,
                "category": base.category,
                "expect_failure": _pass_cell(base),
            }
            rows.append({**source, **cells})
            if out is not None:
                shutil.copyfile(directory / base.file, out / base.file)
            try:
                image = read_image(directory / base.file)
            except ImageReadError as exc:
                failed = [f"unreadable:{exc.reason.value}"]
                score_expectation(report, base, False, failed, [])
                continue
            judge(base, image)
            pts = face_points(runner, image)
            if pts is None:
                report.skipped.append({"file": base.file, "reason": NO_FACE})
                continue
            made_from: list[tuple[str, Any, Expectation, str]] = []
            for defect in DEFECTS:
                name = f"{Path(base.file).stem}__{defect.name}.png"
                codes = tuple(code.value for code in defect.codes)
                exp = Expectation(name, f"generated-{defect.name}", False, codes)
                made = defect.make(image, pts)
                passed, failed = judge(exp, made)
                tally = by_defect[defect.name]
                tally["n"] += 1
                tally["rejected"] += not passed
                tally["right_reason"] += any(code in failed for code in codes)
                made_from.append((defect.name, made, exp, defect.expect_failure))
            for change in HARMLESS:
                name = f"{Path(base.file).stem}__{change.name}.png"
                exp = Expectation(name, f"generated-{change.name}", True, (), base.warnings_allowed)
                made = change.make(image, pts)
                passed, _ = judge(exp, made)
                by_change[change.name]["n"] += 1
                by_change[change.name]["passed"] += passed
                made_from.append((change.name, made, exp, _pass_cell(exp)))
            for kind, made, exp, expect in made_from:
                note = f"{kind} made from {base.file} by tucai-desk eval defects"
                cells = {"file": exp.file, "category": exp.category, "expect_failure": expect}
                rows.append({**source, **cells, "notes": note})
                if out is not None:
                    _write_png(out / exp.file, made)
    if out is not None:
        _write_manifest(out / "MANIFEST.tsv", rows)
    return {**report.as_dict(), "by_defect": by_defect, "by_harmless_change": by_change}


def _write_png(path: Path, image: Any) -> None:
    import cv2

    ok, data = cv2.imencode(".png", image)
    if not ok:
        raise OSError(f"cannot encode {path.name}")
    path.write_bytes(data.tobytes())


def _write_manifest(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, MANIFEST_COLUMNS, delimiter="\t", extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column) or "" for column in MANIFEST_COLUMNS})


def cmd_eval_defects(args: argparse.Namespace) -> int:
    manifest = args.dir / "MANIFEST.tsv"
    if not manifest.is_file():
        sys.stderr.write(f"tucai-desk eval defects: {manifest} not found\n")
        return 2
    report = evaluate_defects(args.dir, args.profile, args.out)
    if args.json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
        return 0
    write_eval_report(
        report, good="base photos and harmless changes", bad="defects", bad_short="defects"
    )
    out = sys.stdout
    out.write("\nby defect (rejected, for the expected reason, of n):\n")
    for name, tally in report["by_defect"].items():
        out.write(
            f"  {name:<18} {tally['rejected']:>3} {tally['right_reason']:>3} of {tally['n']:<3}"
            f"  expect {tally['expect']}\n"
        )
    out.write("\nby harmless change (passed, of n):\n")
    for name, tally in report["by_harmless_change"].items():
        out.write(f"  {name:<18} {tally['passed']:>3} of {tally['n']:<3}\n")
    if args.out is not None:
        out.write(f"\nwritten to {args.out} (check with: tucai-desk eval photos {args.out})\n")
    return 0
