# SPDX-License-Identifier: MIT
"""``tucai-desk check``, ``eval photos``, ``eval defects`` and ``bench verdict`` as a user runs
them."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest

from tucai_desk.commands import CommandGroups
from tucai_desk.commands import defects as defects_commands
from tucai_desk.commands import photo as photo_commands
from tucai_desk.vision.defects import DEFECTS, HARMLESS


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tucai-desk")
    root = parser.add_subparsers(dest="command")
    groups = CommandGroups(
        root=root,
        eval=root.add_parser("eval").add_subparsers(dest="what"),
        bench=root.add_parser("bench").add_subparsers(dest="what"),
    )
    photo_commands.register(groups)
    defects_commands.register(groups)
    args = parser.parse_args(argv)
    return int(args.func(args))


@pytest.fixture()
def folder(photos_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "photos"
    target.mkdir()
    shutil.copy(photos_dir / "good_london_002.jpg", target / "a_good.jpg")
    shutil.copy(photos_dir / "bad_smile_london_002.jpg", target / "b_smile.jpg")
    (target / "c_notes.jpg").write_text("not a photo", encoding="utf-8")
    (target / "MANIFEST.tsv").write_text("file\n", encoding="utf-8")  # not an image: skipped
    return target


def test_check_folder_as_json(
    folder: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    saved = tmp_path / "out"
    code = _run(["check", str(folder), "--json", "--save", str(saved)])
    assert code == 1  # something failed
    report = json.loads(capsys.readouterr().out)
    assert report["profile"] == "national"
    rows = {Path(r["file"]).name: r for r in report["photos"]}
    assert set(rows) == {"a_good.jpg", "b_smile.jpg", "c_notes.jpg"}
    assert rows["a_good.jpg"]["passed"] and rows["a_good.jpg"]["failures"] == []
    smile = rows["b_smile.jpg"]
    assert not smile["passed"]
    assert smile["failures"][0]["code"] == "mouth_closed"
    assert smile["failures"][0]["value"] > 0.045 and smile["failures"][0]["threshold"]
    assert rows["c_notes.jpg"]["error"] == "not_image"
    produced = cv2.imread(str(saved / "a_good.jpg"))
    assert produced.shape == (640, 480, 3)


def test_check_prints_a_table(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = _run(
        ["check", str(folder / "a_good.jpg"), str(folder / "b_smile.jpg"), "--profile", "xinhua"]
    )
    out = capsys.readouterr().out
    assert code == 1
    lines = out.splitlines()
    assert any(line.startswith("a_good.jpg") and "PASS" in line for line in lines)
    smile = next(line for line in lines if line.startswith("b_smile.jpg"))
    assert "FAIL" in smile and "mouth_closed=" in smile and "expression=" in smile
    assert "1/2 passed" in out


def test_check_of_only_good_photos_exits_zero(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["check", str(folder / "a_good.jpg")]) == 0
    assert _run(["check", str(folder / "missing.jpg")]) == 1
    assert "not_found" in capsys.readouterr().out


def test_eval_photos_json(
    photos_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in (
        "good_london_002.jpg",
        "bad_eyes_closed.jpg",
        "bad_smile_london_014.jpg",
        "real_live_T1.jpg",
    ):
        shutil.copy(photos_dir / name, tmp_path / name)
    (tmp_path / "MANIFEST.tsv").write_text(
        "file\tcategory\texpect_failure\n"
        "good_london_002.jpg\tgood\t- (background_raw warning allowed)\n"
        "bad_eyes_closed.jpg\tbad-eyes-closed\teyes_open\n"
        "bad_smile_london_014.jpg\tbad-expression\tpose_yaw\n"  # deliberately the wrong reason
        "real_live_T1.jpg\treal\t(liveness material)\n",
        encoding="utf-8",
    )
    assert _run(["eval", "photos", str(tmp_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["n_good"] == 1 and report["n_bad"] == 2
    assert report["good_pass_rate"] == 1.0
    assert report["bad_reject_rate"] == 1.0
    assert report["bad_right_reason_rate"] == 0.5
    (wrong,) = report["disagreements"]
    assert wrong["file"] == "bad_smile_london_014.jpg" and wrong["kind"] == "wrong_reason"
    assert "expression" in wrong["failed"]
    assert report["skipped"] == [{"file": "real_live_T1.jpg", "reason": "(liveness material)"}]


def test_eval_photos_text_and_missing_manifest(
    tmp_path: Path, photos_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["eval", "photos", str(tmp_path)]) == 2
    shutil.copy(photos_dir / "bad_noface_landscape.jpg", tmp_path / "x.jpg")
    (tmp_path / "MANIFEST.tsv").write_text(
        "file\tcategory\texpect_failure\nx.jpg\tgood\t-\n", encoding="utf-8"
    )
    assert _run(["eval", "photos", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "good photos passed:" in out and "0.0 %" in out
    assert "x.jpg: expected pass, got face_found [good_failed]" in out
    # The breakdowns: a source without a name, a face without a skin tone.
    assert "\nunknown " in out and "skin tone (ITA°)" in out and "leave one source out" in out


def test_eval_defects_json_and_its_folder_read_alike_in_eval_photos(
    photos_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    labelled = tmp_path / "labelled"
    labelled.mkdir()
    for name in ("good_london_002.jpg", "bad_eyes_closed.jpg"):
        shutil.copy(photos_dir / name, labelled / name)
    (labelled / "MANIFEST.tsv").write_text(
        "file\tcategory\texpect_failure\tsource_repo\tsource_path\trepo_license\tnotes\n"
        "good_london_002.jpg\tgood\t- (background_raw warning allowed)\tr/x\tp/2.jpg\tCC0\tn\n"
        "bad_eyes_closed.jpg\tbad-eyes-closed\teyes_open\tr/y\tp/e.jpg\tMIT\tnot a base\n"
        "real_live_T1.jpg\treal\t(liveness material)\tr/z\tp/t.jpg\tMIT\tnot a base\n",
        encoding="utf-8",
    )
    made = tmp_path / "made"
    assert _run(["eval", "defects", str(labelled), "--json", "--out", str(made)]) == 0
    report = json.loads(capsys.readouterr().out)
    # One base photo, every defect made from it once; each fails for its reason; the harmless
    # changes of it all pass.
    assert (report["n_good"], report["n_bad"]) == (1 + len(HARMLESS), len(DEFECTS))
    assert report["good_pass_rate"] == 1.0
    assert report["bad_reject_rate"] == 1.0
    assert report["bad_right_reason_rate"] == 1.0
    assert report["disagreements"] == [] and report["skipped"] == []
    assert report["by_defect"] == {
        d.name: {"expect": d.expect_failure, "n": 1, "rejected": 1, "right_reason": 1}
        for d in DEFECTS
    }
    assert report["by_harmless_change"] == {h.name: {"n": 1, "passed": 1} for h in HARMLESS}

    # The folder written: the base as it was, each defect as PNG, a manifest like the shared one.
    names = {d.name: f"good_london_002__{d.name}.png" for d in DEFECTS}
    harmless = [f"good_london_002__{h.name}.png" for h in HARMLESS]
    assert {p.name for p in made.iterdir()} == {
        "MANIFEST.tsv",
        "good_london_002.jpg",
        *names.values(),
        *harmless,
    }
    assert (made / "good_london_002.jpg").read_bytes() == (
        photos_dir / "good_london_002.jpg"
    ).read_bytes()
    rotated = cv2.imread(str(made / names["rotated_90"]))
    original = cv2.imread(str(photos_dir / "good_london_002.jpg"))
    assert rotated.shape == (original.shape[1], original.shape[0], 3)
    expectations, skipped = photo_commands.parse_manifest(made / "MANIFEST.tsv")
    assert skipped == []
    base, *made_rows = expectations
    assert base.must_pass and base.warnings_allowed == ("background_raw",)
    defects = [e for e in made_rows if not e.must_pass]
    assert [e.file for e in made_rows if e.must_pass] == harmless
    assert [(e.file, e.codes) for e in defects] == [
        (names[d.name], tuple(c.value for c in d.codes)) for d in DEFECTS
    ]
    lines = (made / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == list(defects_commands.MANIFEST_COLUMNS)
    assert lines[2].split("\t")[3:6] == ["r/x", "p/2.jpg", "CC0"]  # the base's provenance

    # eval photos on that folder gives the same figures (and its breakdowns besides).
    assert _run(["eval", "photos", str(made), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    shared = [k for k in report if k not in ("by_defect", "by_harmless_change")]
    assert {k: again[k] for k in shared} == {k: report[k] for k in shared}
    assert {"per_source", "per_skin_tone", "leave_one_source_out"} <= set(again)


def test_eval_defects_text_and_missing_manifest(
    tmp_path: Path, photos_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["eval", "defects", str(tmp_path)]) == 2
    assert "MANIFEST.tsv not found" in capsys.readouterr().err
    shutil.copy(photos_dir / "bad_noface_landscape.jpg", tmp_path / "x.jpg")
    (tmp_path / "MANIFEST.tsv").write_text(
        "file\tcategory\texpect_failure\nx.jpg\tgood\t-\n", encoding="utf-8"
    )
    assert _run(["eval", "defects", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "base photos and harmless changes passed:" in out and "0.0 % of 1" in out
    assert "defects rejected:" in out and "n/a of 0" in out
    assert "skipped: x.jpg (no face to make defects from)" in out
    assert "x.jpg: expected pass, got face_found [good_failed]" in out
    assert "rotated_90" in out


def test_bench_verdict(photos_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    figures = photo_commands.run_verdict_bench(runs=2, photo=photos_dir / "good_london_002.jpg")
    assert figures["frame"] == "1280x720" and figures["runs"] == 2
    assert 0 < figures["model_ms_median"] <= figures["verdict_ms_median"]
    assert figures["passed"] is True
    frame = photo_commands.bench_frame(photos_dir / "good_damon.jpg")
    assert frame.shape == (720, 1280, 3) and frame.dtype == np.uint8
    assert (
        _run(
            [
                "bench",
                "verdict",
                "--json",
                "--runs",
                "1",
                "--photo",
                str(photos_dir / "good_london_002.jpg"),
            ]
        )
        == 0
    )
    assert "verdict_ms_median" in json.loads(capsys.readouterr().out)


def test_the_station_cli_knows_the_photo_commands() -> None:
    from tucai_desk.cli import build_parser

    parser = build_parser()
    args = parser.parse_args(["check", "a.jpg", "--json", "--profile", "school"])
    assert args.func is photo_commands.cmd_check and args.profile == "school"
    assert parser.parse_args(["eval", "photos", "d"]).func is photo_commands.cmd_eval_photos
    defects = parser.parse_args(["eval", "defects", "d", "--json", "--out", "o"])
    assert defects.func is defects_commands.cmd_eval_defects and defects.out == Path("o")
    assert parser.parse_args(["bench", "verdict"]).func is photo_commands.cmd_bench_verdict
