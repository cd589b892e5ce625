# SPDX-License-Identifier: MIT
"""Saved readiness checks: the capture page's banner, the admin's audited dismissal, the day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tucai_desk.core.checks import Outcome
from tucai_desk.core.clock import FakeClock
from tucai_desk.services.app import open_station
from tucai_desk.services.readiness import BannerState, ReadinessError, ReadinessService
from tucai_desk.services.settings import StationSettings
from tucai_desk.store.audit_ledger import AuditLedger
from tucai_desk.store.staff_repo import StaffRepository
from tucai_desk.store.station_checks_repo import StationCheckRepository
from tucai_desk.vision.readiness.report import CameraFacts, ReadinessCheck, StationCheckReport

CHINA = timezone(timedelta(hours=8))


def report(outcome: Outcome) -> StationCheckReport:
    checks = (
        ReadinessCheck("backdrop_colour", Outcome.PASS, 3.0, "warn>10 fail>15",
                       "backdrop_colour.ok", {"colour": "light_blue"}),
        ReadinessCheck("light_evenness", outcome, 0.3, "warn>0.15 fail>0.25",
                       "light_evenness.dark_side", {"side": "left", "percent": 30.0}),
    )  # fmt: skip
    camera = CameraFacts("USB camera 0", (1280, 720), 30.0, (1280, 720), 29.9, 60)
    return StationCheckReport("national", "light_blue", camera, checks)


@pytest.fixture
def station_and_service(tmp_path: Path, db_url: str):  # noqa: ANN201
    clock = FakeClock(datetime(2026, 12, 7, 1, 0, tzinfo=UTC))  # 09:00 in Jiangsu
    station = open_station(
        tmp_path, settings=StationSettings(db_url=db_url), demo=True, clock=clock
    )
    repo = StaffRepository(station.db, clock, station.station_id)
    service = ReadinessService(
        StationCheckRepository(station.db, station.station_id),
        AuditLedger(station.db, repo),
        clock,
        tz=CHINA,
    )
    try:
        yield station, service, clock
    finally:
        station.close()


def test_the_banner_shows_until_a_check_passes_today(station_and_service) -> None:  # noqa: ANN001
    station, service, clock = station_and_service
    assert service.status().banner is BannerState.MISSING

    saved = service.record(report(Outcome.FAIL))
    status = service.status()
    assert status.banner is BannerState.FAILED
    assert status.today is not None and status.today.id == saved.id
    assert status.today.report.check("light_evenness").hint().startswith("左侧灯光偏暗")

    service.record(report(Outcome.WARN))  # warnings do not hold the day back
    assert service.status().banner is BannerState.NONE

    clock.advance(hours=16)  # 01:00 next day in Jiangsu: yesterday's check does not count
    assert service.status().banner is BannerState.MISSING
    actions = [e.action for e in AuditLedger(station.db, StaffRepository(
        station.db, clock, station.station_id)).entries()]  # fmt: skip
    assert actions.count("station_check") == 2


def test_only_an_admin_with_a_reason_dismisses_the_banner(station_and_service) -> None:  # noqa: ANN001
    station, service, clock = station_and_service
    admin = station.staff.login("admin", "demo-admin")
    operator = station.staff.create_account(admin, "op1", "operator-pass-1", "operator")
    service.record(report(Outcome.FAIL))

    with pytest.raises(ReadinessError) as refused:
        service.dismiss(operator, "I want to start")
    assert refused.value.code == "not_allowed"
    with pytest.raises(ReadinessError) as refused:
        service.dismiss(admin, "   ")
    assert refused.value.code == "reason_required"
    assert service.status().banner is BannerState.FAILED

    service.dismiss(admin, "left lamp broken, replacement tomorrow")
    status = service.status()
    assert status.banner is BannerState.NONE
    assert status.dismissal is not None and "replacement" in status.dismissal.reason
    ledger = AuditLedger(station.db, StaffRepository(station.db, clock, station.station_id))
    entry = next(e for e in ledger.entries() if e.action == "station_check_dismissed")
    assert entry.staff_id == admin.staff_id
    assert entry.detail["check_outcome"] == "fail" and "lamp" in entry.detail["reason"]
    assert ledger.verify().ok

    clock.advance(days=1)  # a dismissal holds for its day only
    assert service.status().banner is BannerState.MISSING


def test_the_daily_report_lists_each_stations_checks_and_dismissals(station_and_service) -> None:  # noqa: ANN001
    from tucai_desk.services.reports import ReportService
    from tucai_desk.store.report_repo import ReportRepository

    station, service, clock = station_and_service
    admin = station.staff.login("admin", "demo-admin")
    service.record(report(Outcome.FAIL))
    clock.advance(minutes=5)
    service.dismiss(admin, "lamp on order")
    reports = ReportService(
        repo=ReportRepository(station.db),
        ledger=AuditLedger(station.db, StaffRepository(station.db, clock, station.station_id)),
        school_id=station.school.id,
        school_code=station.school.code,
        now=clock.now,
        tz=CHINA,
        station_checks=StationCheckRepository(station.db, station.station_id),
    )
    rows = [r for r in reports.daily(admin).rows() if r[0] == "readiness"]
    assert [(r[1], r[2]) for r in rows] == [
        (station.station_id, "站点自检"),
        (station.station_id, "站点自检提示被关闭"),
    ]
    assert rows[0][3].startswith("未通过") and "light_evenness" in rows[0][3]
    assert "lamp on order" in rows[1][3]
    assert "站点自检" in reports.daily(admin).csv_bytes().decode("utf-8-sig")
