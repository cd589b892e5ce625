# SPDX-License-Identifier: MIT
"""``tucai-desk eval liveness`` on the shared clips: the measured figures are floors.

Measured with the full command (50 challenges per clip): blink_f1 1.0 (8/8 labelled blinks, no
false one), turn_recall 1.0 (4/4), print_apcer 0 (20 generated prints; 0 of 20 against turns only),
replay_apcer 0 (50 runs), bpcer 0 (100 runs). The test uses the session's cached tracks, 20
challenges per clip and two generated prints.
"""

from __future__ import annotations

import json
from pathlib import Path

from tucai_desk.cli import main
from tucai_desk.commands.liveness import run_live_analysis_bench
from tucai_desk.vision.live.report import evaluate_liveness


def test_eval_figures_hold(videos_dir, photos_dir, live_tracks):
    figures = evaluate_liveness(
        videos_dir, seeds=20, attacks=2, turn_only_attacks=0, photos_dir=photos_dir,
        tracks=live_tracks,
    )  # fmt: skip
    assert figures["blink_f1"] >= 0.95
    assert figures["n_blink"] == 8
    assert figures["turn_recall"] >= 0.95
    assert figures["n_turns"] == 4
    assert figures["print_apcer"] == 0.0
    assert figures["n_print"] == 2
    assert figures["replay_apcer"] <= 0.05
    assert figures["n_replay"] >= 20
    assert figures["bpcer"] <= 0.05
    assert figures["n_bpcer"] >= 40
    assert figures["apcer_worst"] <= 0.05


def test_eval_command_writes_one_json_object(videos_dir, tmp_path: Path, capsys):
    # A one-clip manifest (the clip linked, not copied) keeps the command quick.
    (tmp_path / "sfas_live.mp4").symlink_to(videos_dir / "sfas_live.mp4")
    manifest = (videos_dir / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    rows = [manifest[0]] + [r for r in manifest[1:] if r.startswith("sfas_live.mp4\t")]
    (tmp_path / "MANIFEST.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    code = main(["eval", "liveness", str(tmp_path), "--json", "--attacks", "0",
                 "--turn-only-attacks", "0"])  # fmt: skip
    assert code == 0
    figures = json.loads(capsys.readouterr().out)
    for key in ("blink_f1", "turn_recall", "print_apcer", "replay_apcer", "bpcer"):
        assert key in figures
    for key in ("n_blink", "n_turns", "n_print", "n_replay", "n_bpcer"):
        assert isinstance(figures[key], int)
    assert figures["n_blink"] == 0 and figures["blink_by_clip"]["sfas_live.mp4"]["fp"] == 0


def test_live_analysis_bench_reports_timings():
    figures = run_live_analysis_bench(frames=10)
    assert set(figures) >= {"analysis_ms_median", "analysis_ms_p95", "guidance_hz"}
    assert 0 < figures["analysis_ms_median"] <= figures["analysis_ms_p95"]
