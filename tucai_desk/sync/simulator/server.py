# SPDX-License-Identifier: MIT
"""The simulator's HTTP server (stdlib ``ThreadingHTTPServer``) and what it does to answers.

Tester calls (``/v1/tester/...``) are never faulted or spoiled: a test must be able to set the
scene reliably while the station's calls suffer.
"""

from __future__ import annotations

import json
import logging
import socket
import struct
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote

from tucai_desk.sync.simulator.app import (
    JSON,
    Answer,
    Request,
    SimApp,
    error_answer,
    find_route,
    json_answer,
)
from tucai_desk.sync.simulator.faults import Corruption, FaultKind
from tucai_desk.sync.simulator.records import SimError

log = logging.getLogger(__name__)

MAX_BODY = 3 * 1024 * 1024
FOREIGN_LOCATION = "http://portal.invalid/login"


class SimulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a hanging handler must not hold up stop()
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], app: SimApp) -> None:
        super().__init__(address, SimulatorHandler)
        self.app = app
        self.stopping = threading.Event()
        self._count_lock = threading.Lock()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A caller that resets or gives up mid-request is normal here (and often our own fault
        # injection); only real errors deserve a traceback.
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError):
            log.debug("connection from %s dropped: %s", client_address, exc)
            return
        log.exception("simulator error on a request from %s", client_address)

    def count_request(self) -> None:
        with self._count_lock:
            self.app.requests += 1


def _wrong_types(value: Any) -> Any:
    """Every scalar turned into another JSON type (strings into numbers, numbers into strings)."""
    if isinstance(value, dict):
        return {k: _wrong_types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_wrong_types(v) for v in value]
    if isinstance(value, str):
        return 12345
    if isinstance(value, bool | int | float):
        return str(value)
    return value


def spoil(answer: Answer, how: Corruption) -> Answer:
    if how is Corruption.BAD_JSON and answer.content_type == JSON:
        return Answer(
            answer.status,
            answer.body[: max(1, len(answer.body) // 2)] + b"\x00}",
            JSON,
            answer.headers,
        )
    if how is Corruption.WRONG_TYPES and answer.content_type == JSON:
        body = json.dumps(_wrong_types(json.loads(answer.body))).encode()
        return Answer(answer.status, body, JSON, answer.headers)
    if how is Corruption.WRONG_CONTENT_TYPE:
        return Answer(answer.status, b"<html><body>Welcome</body></html>", "text/html")
    if how is Corruption.FOREIGN_REDIRECT:
        return Answer(302, b"", "text/plain", (("Location", FOREIGN_LOCATION),))
    return answer


class SimulatorHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in separate writes; with Nagle on, each answer would wait for the
    # caller's delayed ACK (40 ms on Linux).
    disable_nagle_algorithm = True
    server: SimulatorServer
    server_version = "province-sim/1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        log.debug("%s " + format, self.address_string(), *args)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    # ---- one request -------------------------------------------------------------------------

    def _handle(self, method: str) -> None:
        app = self.server.app
        raw_path, _, query = self.path.partition("?")
        path = unquote(raw_path)
        route, match, path_known = find_route(method, path)
        tester = route is not None and route.tester
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            self._send(error_answer(413, "too_large", "body too large"))
            return
        settings = app.faults.settings
        fault = None
        if not tester:
            self.server.count_request()
            fault = app.faults.decide()
            if settings.latency_ms:
                self.server.stopping.wait(settings.latency_ms / 1000)
        if fault is FaultKind.RESET_BEFORE:
            self._reset()
            return
        body = self.rfile.read(length) if length else b""
        if fault is FaultKind.HANG_BEFORE:
            self._hang(settings.hang_seconds)
            return
        if fault is FaultKind.ERROR_BEFORE or (settings.down and not tester):
            self._send(error_answer(503, "unavailable", "service unavailable"))
            return
        if route is None:
            status = 405 if path_known else 404
            answer = error_answer(status, "not_found", "no such operation")
        else:
            headers = {k.lower(): v for k, v in self.headers.items()}
            request = Request(method, path, dict(parse_qsl(query)), headers, body, match)
            answer = self._run(app, route.handler, request)
        if fault is FaultKind.ERROR_AFTER:
            self._send(error_answer(500, "internal_error", "lost after processing"))
            return
        if fault is FaultKind.RESET_AFTER:
            self._reset()
            return
        if fault is FaultKind.HANG_AFTER:
            # The call took effect; the caller gives up before this late answer is written.
            self.server.stopping.wait(settings.hang_seconds)
            self.close_connection = True
        if not tester and settings.corrupt is not Corruption.NONE:
            answer = spoil(answer, settings.corrupt)
        self._send(answer)

    @staticmethod
    def _run(app: SimApp, handler: Any, request: Request) -> Answer:
        try:
            return handler(app, request)
        except SimError as exc:
            return error_answer(exc.status, exc.code, exc.message)
        except Exception:  # a bug in the simulator answers 500, as a real service would
            log.exception("simulator failed on %s %s", request.method, request.path)
            return error_answer(500, "internal_error", "simulator error")

    def _send(self, answer: Answer) -> None:
        try:
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            for name, value in answer.headers:
                self.send_header(name, value)
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(answer.body)
        except OSError:
            self.close_connection = True  # the caller has gone (timed out or reset)

    def _reset(self) -> None:
        """Drop the connection with a TCP reset (SO_LINGER 0), without an answer."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass

    def _hang(self, seconds: float) -> None:
        self.server.stopping.wait(seconds)
        self.close_connection = True


def make_server(host: str, port: int, app: SimApp) -> SimulatorServer:
    return SimulatorServer((host, port), app)


__all__ = ["SimulatorServer", "make_server", "json_answer", "spoil"]
