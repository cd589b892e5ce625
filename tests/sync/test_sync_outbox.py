# SPDX-License-Identifier: MIT
"""The outbox drained by SyncService into the real simulator: in order, exactly once, offline."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tucai_desk.services.payments import LocalPayments
from tucai_desk.services.sync_service import SyncService
from tucai_desk.store.outbox_repository import OutboxRepository
from tucai_desk.sync.client import ClientConfig, SyncClient
from tucai_desk.sync.errors import SyncErrorCode
from tucai_desk.sync.outbox_worker import Backoff
from tucai_desk.sync.simulator import start_simulator
from tucai_desk.sync.token_store import MemoryCredentialStore, TokenStore


@pytest.fixture
def make_service(kit) -> Iterator[Callable[..., SyncService]]:
    made: list[SyncService] = []

    def make(station: Any, url: str, **client_options: Any) -> SyncService:
        options = {"read_timeout": 0.4, "retries": 2, "backoff_factor": 0.01, **client_options}
        client = SyncClient(
            ClientConfig(url, kit.STATION, **options),
            TokenStore(MemoryCredentialStore({"secret": kit.SECRET})),
        )
        service = SyncService(
            db=station.db,
            photos=station.photos,
            client=client,
            clock=station.clock,
            backoff=Backoff(base_s=1.0, cap_s=60.0, jitter=0.0),
        )
        made.append(service)
        return service

    yield make
    for service in made:
        service.close()


def _drain(service: SyncService, station: Any, rounds: int = 300) -> int:
    """Flush until nothing is pending, letting the (fake) clock skip each backoff."""
    for n in range(1, rounds + 1):
        if service.flush().pending == 0:
            return n
        station.clock.advance(seconds=120)
    raise AssertionError(f"queue not drained: {service.status()}")


def _served_keys(sim: Any) -> list[str]:
    return [row["idempotency_key"] for row in sim.store.uploads()]


def test_offline_capture_day_then_everything_drains_in_order(
    tmp_path, station, make_service, kit
) -> None:
    with socket.socket() as s:  # an address where the service is down all day
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    service = make_service(station, f"http://127.0.0.1:{port}")
    for i in range(1, 21):
        station.confirm(i)  # capture never waits on the service
        report = service.flush()
        assert report.delivered == 0
        station.clock.advance(seconds=30)
    status = service.status()
    assert (status.pending, status.last_error, status.last_success_at) == (20, "network", None)
    assert station.students.get(station.ids[1]).student.status == "confirmed"

    sim = start_simulator(tmp_path / "sim", port=port)
    try:
        sim.seed(kit.roster_seed())
        station.clock.advance(seconds=600)  # past the head's backoff
        report = service.flush()
        assert (report.delivered, report.pending, report.error) == (20, 0, None)
        assert _served_keys(sim) == OutboxRepository(station.db).delivery_order()
        assert sim.distinct_uploads == 20 and sim.duplicate_content == 0
        status = service.status()
        assert status.last_error is None and status.last_success_at is not None
        assert station.students.get(station.ids[20]).student.status == "synced"
    finally:
        sim.stop()


def test_with_thirty_percent_faults_every_upload_arrives_exactly_once(
    tmp_path, station, make_service, kit
) -> None:
    sim = start_simulator(tmp_path / "sim", faults=0.3, seed=3, hang_seconds=0.3)
    try:
        sim.seed(kit.roster_seed())
        service = make_service(station, sim.url, read_timeout=0.15, retries=3)
        for i in range(1, 41):
            station.confirm(i)
        _drain(service, station)
        stats = sim.stats()
        assert stats["distinct_uploads"] == 40
        assert stats["duplicate_content"] == 0 and stats["conflicts"] == 0
        assert sum(stats["faults"].values()) > 0
        assert _served_keys(sim) == OutboxRepository(station.db).delivery_order()
        for i in range(1, 41):
            upload = station.capture.upload_for(station.ids[i])
            assert upload is not None and upload.remote_id and upload.remote_status == "received"
    finally:
        sim.stop()


@pytest.mark.parametrize("corrupt", ["bad_json", "wrong_types", "foreign_redirect"])
def test_answers_that_break_the_contract_change_nothing(
    sim, station, make_service, corrupt: str
) -> None:
    service = make_service(station, sim.url)
    service.check_connection()
    for i in (1, 2, 3):
        station.confirm(i)
    sim.set_faults(corrupt=corrupt)
    report = service.flush()
    expected = (
        SyncErrorCode.REDIRECT_REFUSED
        if corrupt == "foreign_redirect"
        else SyncErrorCode.MALFORMED_RESPONSE
    )
    assert (report.delivered, report.pending, report.error) == (0, 3, expected)
    upload = station.capture.upload_for(station.ids[1])
    assert upload is not None and upload.remote_id is None and upload.remote_status == "pending"
    assert station.students.get(station.ids[1]).student.status == "confirmed"
    assert sim.distinct_uploads == 1  # the service did take the first one...

    sim.set_faults(corrupt="none")
    station.clock.advance(seconds=600)
    assert service.flush().delivered == 3
    assert sim.distinct_uploads == 3  # ...and was asked again with the same key, not given a copy
    assert sim.duplicate_deliveries == 1 and sim.duplicate_content == 0


def test_refused_items_are_set_aside_and_the_queue_moves_on(
    sim, station, make_service, kit
) -> None:
    moved = kit.roster_seed()
    moved["students"][0]["collection_code"] = kit.code_of(99)  # the service knows another code
    sim.seed(moved)
    service = make_service(station, sim.url)
    for i in (1, 2, 3, 4):
        station.confirm(i)
    lost = station.capture.upload_for(station.ids[2])
    assert lost is not None
    station.photos.path(lost.photo_path).unlink()  # the confirmed photo's file is gone
    report = service.flush()
    assert (report.delivered, report.set_aside, report.pending) == (2, 2, 0)
    status = service.status()
    assert status.set_aside == 2 and status.pending == 0
    assert [r["student_no"] for r in sim.store.uploads()] == [kit.student_no(3), kit.student_no(4)]
    assert service.requeue_set_aside() == 2
    assert service.status().pending == 2


def test_notification_choices_go_with_the_upload(sim, station, make_service, kit) -> None:
    station.students.update(
        station.ids[7], notify_photo=True, notify_payment=True, phone="13912345678"
    )
    station.confirm(7)
    station.confirm(8)
    make_service(station, sim.url).flush()
    chosen = sim.store.student(kit.SCHOOL, kit.student_no(7))
    assert (chosen["notify_photo"], chosen["notify_payment"], chosen["notify_phone"]) == (
        1,
        1,
        "13912345678",
    )
    other = sim.store.student(kit.SCHOOL, kit.student_no(8))
    assert (other["notify_photo"], other["notify_payment"]) == (0, 0)


def test_review_results_and_finished_photos_come_back(sim, station, make_service) -> None:
    service = make_service(station, sim.url)
    for i in (1, 2, 3):
        station.confirm(i)
    service.flush()
    remote = {i: station.capture.upload_for(station.ids[i]).remote_id for i in (1, 2, 3)}
    sim.accept(remote[1])
    sim.reject(remote[2], "background", "背景不符合要求")
    sim.publish_finished(remote[3])
    report = service.poll_status()
    assert (report.changed, report.finished_saved, report.error) == (3, 1, None)

    def state(i: int) -> tuple[str, str | None, str]:
        upload = station.capture.upload_for(station.ids[i])
        return (
            upload.remote_status,
            upload.reject_reason,
            station.students.get(station.ids[i]).student.status,
        )

    assert state(1) == ("accepted", None, "accepted")
    assert state(2) == ("rejected", "背景不符合要求", "rejected")
    assert state(3) == ("finished", None, "finished")
    assert service.download_finished(station.ids[3]) == sim.store.finished_bytes(remote[3])
    assert service.download_finished(station.ids[1]) is None  # not published yet
    sim.publish_finished(remote[1])
    assert service.download_finished(station.ids[1]) == sim.store.finished_bytes(remote[1])
    assert state(1)[0] == "finished"
    assert service.poll_status().changed == 0  # nothing new to say


def test_payment_orders_follow_the_service(sim, station, make_service) -> None:
    service = make_service(station, sim.url)
    sid = station.ids[5]
    order = service.create_payment_order(sid, 1500)
    assert order.state == "pending" and order.qr_payload and order.amount_cents == 1500
    assert service.create_payment_order(sid, 1500).order_no == order.order_no
    sim.settle_payment(order.order_no, "paid")
    assert service.payment_status(sid).state == "paid"

    other = station.ids[6]
    expired = service.create_payment_order(other, 1500)
    sim.settle_payment(expired.order_no, "expired")
    assert service.poll_status().changed == 1
    assert service.payment_status(other).state == "expired"
    renewed = service.create_payment_order(other, 1500)
    assert renewed.order_no != expired.order_no and renewed.state == "pending"


def test_payment_falls_back_to_a_local_order_when_the_service_is_down(
    station, make_service, kit
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    service = make_service(station, f"http://127.0.0.1:{port}")
    gateway = service.payment_gateway(fallback=LocalPayments(station.capture, kit.SCHOOL))
    payment = gateway.order_for(station.ids[9], 1500)
    assert payment.remote is False and payment.state == "pending"
    assert gateway.refresh(station.ids[9]).order_no == payment.order_no


def test_the_background_loop_drains_when_woken(sim, station, make_service) -> None:
    service = make_service(station, sim.url)
    service.start(interval_s=30.0, poll_every_s=3600.0)
    station.confirm(1)
    station.confirm(2)
    service.wake()
    deadline = time.monotonic() + 20
    while service.status().pending and time.monotonic() < deadline:
        time.sleep(0.05)
    assert service.status().pending == 0
    service.close()
    assert sim.distinct_uploads == 2


def test_two_stations_on_one_database_never_send_the_same_item_twice(
    sim, station, make_service
) -> None:
    first = make_service(station, sim.url)
    second = make_service(station, sim.url)
    for i in range(1, 16):
        station.confirm(i)
    sim.set_faults(latency_ms=10)  # so that the two flushes overlap
    reports = []
    threads = [
        threading.Thread(target=lambda s=s: reports.append(s.flush())) for s in (first, second)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sum(r.delivered for r in reports) == 15
    assert (sim.distinct_uploads, sim.duplicate_deliveries) == (15, 0)
