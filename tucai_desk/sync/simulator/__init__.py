# SPDX-License-Identifier: MIT
"""A simulator of the provincial photo service, for school dry runs, tests and benchmarks.

``tucai-desk province-sim`` runs it as a server; tests and benchmarks use :func:`start_simulator`.
It speaks ``resources/openapi.yaml`` (station calls and the ``x-tester`` calls), keeps its state in
a data folder (``province.db`` + photo files, so it survives a restart) and can play a bad network.
"""

from __future__ import annotations

import logging
import ssl
import threading
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from tucai_desk.sync.simulator.app import SimApp, make_finished
from tucai_desk.sync.simulator.faults import Corruption, FaultInjector, FaultKind, FaultSettings
from tucai_desk.sync.simulator.roster import RosterSeed, build_seed, load_seed_file
from tucai_desk.sync.simulator.server import SimulatorServer, make_server
from tucai_desk.sync.simulator.store import SimStore

log = logging.getLogger(__name__)

__all__ = [
    "Corruption",
    "FaultKind",
    "FaultSettings",
    "SimulatorHandle",
    "build_seed",
    "load_seed_file",
    "start_simulator",
]


@dataclass
class SimulatorHandle:
    """A running simulator at ``url``; ``stop()`` ends it (its state stays on disk)."""

    url: str
    port: int
    data_dir: Path
    store: SimStore
    faults: FaultInjector
    _server: SimulatorServer
    _thread: threading.Thread

    def stop(self) -> None:
        self._server.stopping.set()  # wakes handlers hanging on a "timeout" fault
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        self.store.close()

    def __enter__(self) -> SimulatorHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- counters ----------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        return {
            **self.store.stats(),
            "requests": self._server.app.requests,
            "faults": self.faults.counts(),
        }

    @property
    def distinct_uploads(self) -> int:
        return int(self.store.stats()["distinct_uploads"])

    @property
    def duplicate_deliveries(self) -> int:
        return int(self.store.stats()["duplicate_deliveries"])

    @property
    def duplicate_content(self) -> int:
        return int(self.store.stats()["duplicate_content"])

    # ---- the service's side, for tests -------------------------------------------------------

    def seed(self, seed: RosterSeed | dict[str, Any]) -> RosterSeed:
        checked = seed if isinstance(seed, RosterSeed) else build_seed(seed)
        self.store.seed(
            checked.school.model_dump(),
            [s.model_dump(mode="json") for s in checked.students],
            [s.model_dump() for s in checked.stations],
        )
        return checked

    def set_faults(self, **changes: Any) -> FaultSettings:
        if "corrupt" in changes:
            changes["corrupt"] = Corruption(changes["corrupt"])
        return self.faults.update(**changes)

    def accept(self, photo_id: str) -> None:
        self.store.decide_photo(photo_id, "accepted")

    def reject(self, photo_id: str, reason_code: str, reason: str) -> None:
        self.store.decide_photo(photo_id, "rejected", reason_code, reason)

    def publish_finished(self, photo_id: str, jpeg: bytes | None = None) -> None:
        data = jpeg if jpeg is not None else make_finished(self.store.photo_bytes(photo_id))
        self.store.decide_photo(photo_id, "accepted", finished=data)

    def settle_payment(self, order_id: str, status: str, reason: str | None = None) -> None:
        self.store.settle_payment(order_id, status, reason)


def start_simulator(
    data_dir: Path,
    port: int = 0,
    faults: float | FaultSettings = 0.0,
    *,
    host: str = "127.0.0.1",
    seed: int | None = None,
    latency_ms: int = 0,
    hang_seconds: float = 35.0,
    token_ttl: timedelta = timedelta(hours=2),
    tls_cert: Path | None = None,
    tls_key: Path | None = None,
) -> SimulatorHandle:
    """Start a simulator serving ``data_dir`` on a thread; ``port=0`` picks a free port.

    With ``tls_cert`` (PEM chain) and ``tls_key`` it serves HTTPS, for trying a custom CA bundle.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = (
        faults
        if isinstance(faults, FaultSettings)
        else FaultSettings(rate=float(faults), latency_ms=latency_ms, hang_seconds=hang_seconds)
    )
    store = SimStore(data_dir, token_ttl=token_ttl)
    injector = FaultInjector(settings, seed=seed)
    server = make_server(host, port, SimApp(store, injector))
    scheme = "http"
    if tls_cert is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(tls_cert, tls_key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    bound_port = int(server.server_address[1])
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        name="province-sim",
        daemon=True,
    )
    thread.start()
    url = f"{scheme}://{host}:{bound_port}"
    log.info("province simulator on %s (data %s, fault rate %.2f)", url, data_dir, settings.rate)
    return SimulatorHandle(url, bound_port, data_dir, store, injector, server, thread)
