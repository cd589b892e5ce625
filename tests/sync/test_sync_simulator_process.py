# SPDX-License-Identifier: MIT
"""The simulator in a process of its own (``bench day`` runs it so): it listens, takes a roster,
serves a station, and settles payments and counts uploads through its tester calls."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from tucai_desk.commands.sim_process import SimulatorProcess
from tucai_desk.services.demo import demo_codes


def test_a_separate_simulator_serves_the_roster_it_was_given(tmp_path: Path) -> None:
    with SimulatorProcess(tmp_path / "sim", seed=3) as sim:
        assert sim.url.startswith("http://127.0.0.1:")
        loaded = sim.seed(
            {
                "school": {"code": "32099", "name": "一中", "fee_cents": 0},
                "stations": [{"station_id": "st-1", "secret": "station-secret-1"}],
                "students": [
                    {"student_no": "20230001", "name": "张三", "collection_code": demo_codes(1)[0]},
                ],
            }
        )
        assert loaded["students"] == 1
        health = requests.get(sim.url + "/v1/health", timeout=10)
        assert health.status_code == 200
        token = requests.post(
            sim.url + "/v1/auth/token",
            json={"station_id": "st-1", "secret": "station-secret-1"},
            timeout=10,
        )
        assert token.status_code == 200, token.text
        assert sim.distinct_uploads == 0
        with pytest.raises(requests.HTTPError):
            sim.settle_payment("no-such-order", "paid")
    # Stopped: nothing listens there any more.
    with pytest.raises(requests.ConnectionError):
        requests.get(sim.url + "/v1/health", timeout=5)
