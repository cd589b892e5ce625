# SPDX-License-Identifier: MIT
"""A ``province-sim`` in a process of its own, driven through its tester calls.

On a capture day the provincial service is another machine: its request handling, storage and
memory are not the station's. A measurement of the station (``bench day``) therefore runs the
simulator as ``tucai-desk province-sim`` beside it rather than on a thread inside it.
"""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path
from typing import Any

import requests

from tucai_desk.commands import self_command

LISTENING = "province-sim listening on "
START_TIMEOUT_S = 60.0
CALL_TIMEOUT_S = 10.0


class SimulatorStartError(RuntimeError):
    """The simulator process ended or stayed silent before it listened."""


class SimulatorProcess:
    """``tucai-desk province-sim`` on 127.0.0.1 (any free port) serving ``data_dir``."""

    def __init__(self, data_dir: Path, *, seed: int | None = None) -> None:
        cmd = self_command("province-sim", "--port", "0", "--data", str(data_dir))
        if seed is not None:
            cmd += ["--seed", str(seed)]
        self._process = subprocess.Popen(  # noqa: S603 - our own executable
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        self._http = requests.Session()
        self.url = self._await_url()

    def _await_url(self) -> str:
        found: list[str] = []

        def read() -> None:
            assert self._process.stdout is not None
            for line in self._process.stdout:
                if line.startswith(LISTENING):
                    found.append(line[len(LISTENING) :].split()[0])
                    return

        reader = threading.Thread(target=read, name="province-sim-start", daemon=True)
        reader.start()
        reader.join(START_TIMEOUT_S)
        if not found:
            self.stop()
            raise SimulatorStartError("province-sim did not start listening")
        return found[0]

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        answer = self._http.request(method, self.url + path, json=body, timeout=CALL_TIMEOUT_S)
        answer.raise_for_status()
        return answer.json()

    def seed(self, roster: dict[str, Any]) -> dict[str, Any]:
        """Load a roster (school, stations, students: the JSON of a ``RosterSeed``)."""
        result: dict[str, Any] = self._call("POST", "/v1/tester/roster", roster)
        return result

    def settle_payment(self, order_id: str, status: str) -> None:
        """Settle an order as the payment provider would ("paid", "failed", ...)."""
        self._call("POST", f"/v1/tester/payments/{order_id}/settle", {"status": status})

    @property
    def distinct_uploads(self) -> int:
        """Photos stored, each counted once however often it was delivered."""
        return int(self._call("GET", "/v1/tester/stats")["distinct_uploads"])

    def stop(self) -> None:
        """End the process (its data stays on disk)."""
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._http.close()

    def __enter__(self) -> SimulatorProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
