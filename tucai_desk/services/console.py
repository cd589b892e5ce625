# SPDX-License-Identifier: MIT
"""Composition of the staff console's services (lookup, roster, export, reports, accounts,
settings) for an open station, and of the roster import for a station that has no school yet.

Every service here writes its audit records through one :class:`AuditLedger`, which keeps the
audit chain's head (see :mod:`tucai_desk.store.audit_ledger`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tucai_desk.core.clock import Clock, SystemClock
from tucai_desk.services.accounts import AccountService
from tucai_desk.services.console_settings import SettingsService
from tucai_desk.services.export import ExportService
from tucai_desk.services.lookup import LookupService
from tucai_desk.services.reports import ReportService
from tucai_desk.services.roster import RosterService, trusted_clock
from tucai_desk.services.settings import StationSettings
from tucai_desk.store.accounts_repo import AccountRepository
from tucai_desk.store.audit_ledger import AuditLedger
from tucai_desk.store.db import Database
from tucai_desk.store.lookup_repo import LookupRepository
from tucai_desk.store.report_repo import ReportRepository
from tucai_desk.store.roster_repo import RosterRepository
from tucai_desk.store.staff_repo import StaffRepository
from tucai_desk.store.station_checks_repo import StationCheckRepository
from tucai_desk.store.timekeeping import ServerClock

if TYPE_CHECKING:
    from tucai_desk.services.app import Station

log = logging.getLogger(__name__)


def station_clock(db: Database) -> Clock:
    """The clock ``open_station`` uses by default: the server's on PostgreSQL."""
    return SystemClock() if db.is_sqlite else ServerClock(db.engine)


@dataclass(frozen=True)
class ConsoleServices:
    lookup: LookupService
    roster: RosterService
    export: ExportService
    reports: ReportService
    accounts: AccountService
    settings: SettingsService
    ledger: AuditLedger

    @classmethod
    def for_station(cls, station: Station, *, clock: Clock | None = None) -> ConsoleServices:
        """``clock``: the station's clock (tests pass their fake one); by default the same
        clock ``open_station`` chose."""
        db = station.db
        clock = clock or getattr(station, "clock", None) or station_clock(db)
        station_id = station.station_id
        staff_repo = StaffRepository(db, clock, station_id)
        ledger = AuditLedger(db, staff_repo)
        accounts_repo = AccountRepository(db, ledger)
        roster_repo = RosterRepository(db)
        school = station.school
        settings = SettingsService(
            settings=station.settings,
            data_dir=station.data_dir,
            accounts=accounts_repo,
            ledger=ledger,
            roster=roster_repo,
            school_code=school.code,
            rules=getattr(station, "rules", None),
        )
        return cls(
            lookup=LookupService(
                repo=LookupRepository(db),
                ledger=ledger,
                photos=station.photos,
                school_id=school.id,
                now=staff_repo.now,
                staff_names=accounts_repo.names,
            ),
            roster=RosterService(
                repo=roster_repo,
                ledger=ledger,
                clock_now=trusted_clock(clock, station_id),
                school_code=school.code,
            ),
            export=ExportService(
                repo=ReportRepository(db),
                ledger=ledger,
                photos=station.photos,
                school_id=school.id,
                default_name_by=lambda: settings.console_settings().export_name_by,
                now=staff_repo.now,
            ),
            reports=ReportService(
                repo=ReportRepository(db),
                ledger=ledger,
                school_id=school.id,
                school_code=school.code,
                now=staff_repo.now,
                station_checks=StationCheckRepository(db, station_id),
            ),
            accounts=AccountService(
                staff=station.staff,
                accounts=accounts_repo,
                ledger=ledger,
                idle_minutes=lambda: settings.console_settings().idle_minutes,
                now=staff_repo.now,
            ),
            settings=settings,
            ledger=ledger,
        )


def roster_service_for(
    db: Database, settings: StationSettings, *, clock: Clock | None = None
) -> RosterService:
    """The roster import on a database that may not hold a school yet (first import)."""
    clock = clock or station_clock(db)
    station_id = settings.station_id or "import"
    staff_repo = StaffRepository(db, clock, station_id)
    return RosterService(
        repo=RosterRepository(db),
        ledger=AuditLedger(db, staff_repo),
        clock_now=trusted_clock(clock, station_id),
        school_code=settings.school_code or None,
    )


def ledger_for(db: Database, station_id: str, *, clock: Clock | None = None) -> AuditLedger:
    return AuditLedger(db, StaffRepository(db, clock or station_clock(db), station_id))


__all__ = ["ConsoleServices", "ledger_for", "roster_service_for", "station_clock"]
