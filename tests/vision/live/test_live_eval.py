# SPDX-License-Identifier: MIT
"""``tucai-desk eval liveness`` on the shared clips: the measured figures are floors.

Measured with the full command (50 challenges per clip, 20 generated prints each way): see the
README's "Liveness figures". The test uses the session's cached tracks, 20 challenges per clip and
two generated prints each way.
"""

from __future__ import annotations

import json
from pathlib import Path

from tucai_desk.cli import main
from tucai_desk.commands.liveness import run_live_analysis_bench
from tucai_desk.vision.live.report import evaluate_liveness

#: A clip whose labelled turn is only 12–16° from the person's own rest pose (see the README).
MARGINAL_TURN = "live_turn_blink_instant_studio.mp4"


def test_eval_figures_hold(videos_dir, photos_dir, live_tracks):
    figures = evaluate_liveness(
        videos_dir, seeds=20, attacks=2, turn_only_attacks=2, photos_dir=photos_dir,
        tracks=live_tracks, live_as_replay=False,
    )  # fmt: skip
    assert figures["blink_f1"] >= 0.95
    assert figures["n_blink"] == 17
    assert figures["print_apcer"] == 0.0
    assert figures["print_apcer_turns_only"] == 0.0
    assert figures["n_print"] == 2 and figures["n_print_turns_only"] == 2
    assert figures["replay_apcer"] <= 0.05
    assert figures["n_replay"] >= 20
    assert figures["apcer_worst"] <= 0.05
    by_clip = figures["bpcer_by_clip"]
    assert len(by_clip) == 7 and figures["n_bpcer"] == 140
    for name, clip in by_clip.items():
        if name != MARGINAL_TURN:
            assert clip["bpcer"] <= 0.10, (name, clip)
            assert clip["bpcer_leave_one_out"] <= 0.10, (name, clip)
    assert figures["bpcer"] <= 0.05
    assert figures["bpcer_leave_one_out"] <= 0.10


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
    for key in ("blink_f1", "turn_recall", "print_apcer", "print_apcer_turns_only", "replay_apcer",
                "bpcer", "bpcer_by_clip", "bpcer_leave_one_out"):  # fmt: skip
        assert key in figures
    for key in ("n_blink", "n_turns", "n_print", "n_replay", "n_bpcer"):
        assert isinstance(figures[key], int)
    assert figures["n_blink"] == 0 and figures["blink_by_clip"]["sfas_live.mp4"]["fp"] == 0


def test_live_analysis_bench_reports_timings():
    figures = run_live_analysis_bench(frames=10)
    assert set(figures) >= {"analysis_ms_median", "analysis_ms_p95", "guidance_hz"}
    assert 0 < figures["analysis_ms_median"] <= figures["analysis_ms_p95"]
