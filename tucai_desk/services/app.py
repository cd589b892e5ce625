# SPDX-License-Identifier: MIT
"""Composition: the one place that builds the station's services from its settings."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from tucai_desk.core.clock import Clock, SystemClock
from tucai_desk.services import demo as demo_data
from tucai_desk.services.audit_key import AuditKeySetupError, open_audit_keying
from tucai_desk.services.capture import CaptureService, PipelineLike, school_view
from tucai_desk.services.dto import SchoolView
from tucai_desk.services.payments import LocalPayments
from tucai_desk.services.programme_rules import ProgrammeRules
from tucai_desk.services.readiness import ReadinessService, ReadinessTarget
from tucai_desk.services.sessions import SessionService
from tucai_desk.services.settings import (
    SETTINGS_FILE,
    CameraDevice,
    StationSettings,
    load_settings,
    save_settings,
)
from tucai_desk.services.staff import StaffService
from tucai_desk.services.sync_service import SyncService
from tucai_desk.store.audit_ledger import AuditLedger
from tucai_desk.store.audit_log import AuditKeyError, AuditKeying, register_keying
from tucai_desk.store.capture_repo import CaptureRepository
from tucai_desk.store.db import Database, sqlite_url
from tucai_desk.store.head_cover_repo import HeadCoverRepository
from tucai_desk.store.photo_blobs import PhotoBlobRepository
from tucai_desk.store.photos import PhotoStore
from tucai_desk.store.session_repo import SessionRepository
from tucai_desk.store.staff_repo import StaffRepository
from tucai_desk.store.station_checks_repo import StationCheckRepository
from tucai_desk.store.students import StudentRepository
from tucai_desk.store.timekeeping import ServerClock

if TYPE_CHECKING:
    from tucai_desk.vision.profiles import PhotoProfile

log = logging.getLogger(__name__)
Frame = np.ndarray[Any, Any]  # a BGR camera frame or still

DB_FILE = "tucai.db"
AUDIT_KEY_HELP = (
    "this database's audit log is sealed with a key this station does not hold; copy it from the "
    "first station: tucai-desk audit key export FILE there, tucai-desk audit key import FILE here"
)


class StationSetupError(RuntimeError):
    """The station cannot start: ``code`` says why (no_school, database, settings,
    audit_key_missing, audit_key_mismatch)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


def station_profile(settings: StationSettings) -> PhotoProfile:
    """The photo profile the station's settings name, in their background colour."""
    from tucai_desk.vision.profiles import load_profile

    return load_profile(settings.photo_profile, background=settings.background or None)


def default_pipeline_factory(settings: StationSettings) -> Callable[[], PipelineLike]:
    def make() -> PipelineLike:
        from tucai_desk.vision.pipeline import PhotoPipeline

        # PhotoOutcome's verdict and fields are richer than PhotoOutcomeLike spells them.
        return PhotoPipeline(station_profile(settings))  # type: ignore[return-value]

    return make


def readiness_target(settings: StationSettings) -> ReadinessTarget:
    """What the readiness check holds the camera to: the station's profile and camera settings."""
    profile = station_profile(settings)
    cam = settings.camera
    return ReadinessTarget(
        profile.name,
        (profile.background_name, profile.background_rgb),
        (cam.width, cam.height),
        float(cam.fps),
    )


def default_select_best(settings: StationSettings) -> Callable[[Sequence[Frame]], int]:
    """Burst picking judged by the station's own photo profile (its pitch zero and closed-eye
    limits), read when the profile changes rather than for every capture."""
    loaded: dict[tuple[str, str], PhotoProfile] = {}

    def select(frames: Sequence[Frame]) -> int:
        from tucai_desk.vision.burst import select_best_frame

        key = (settings.photo_profile, settings.background)
        profile = loaded.get(key)
        if profile is None:
            loaded.clear()
            profile = loaded[key] = station_profile(settings)
        return select_best_frame(frames, profile=profile)

    return select


@dataclass
class Station:
    settings: StationSettings
    data_dir: Path
    demo: bool
    db: Database
    photos: PhotoStore
    capture: CaptureService
    staff: StaffService
    school: SchoolView
    sync: SyncService
    clock: Clock
    readiness: ReadinessService
    rules: ProgrammeRules
    audit_keying: AuditKeying | None = None
    _closers: list[Callable[[], None]] = field(default_factory=list)

    @property
    def station_id(self) -> str:
        return self.settings.station_id

    @property
    def liveness_enabled(self) -> bool:
        return self.rules.liveness_enabled()

    def set_liveness_enabled(self, enabled: bool, by: int | None = None) -> None:
        """Switch the liveness rule for every station on the database (audited)."""
        self.rules.change(
            by, {"liveness_enabled": enabled}, action="liveness_switched", source="staff"
        )

    def save_camera_device(self, device_id: str, device: CameraDevice) -> None:
        """Keep one camera's own size, rate and locks in the station's settings file."""
        self.settings.camera.devices[device_id] = device
        save_settings(self.data_dir, self.settings)

    def close(self) -> None:
        for closer in reversed(self._closers):
            try:
                closer()
            except Exception:  # noqa: BLE001 - closing must go on with the rest
                log.exception("error while closing the station")
        self._closers.clear()


def open_station(
    data_dir: Path,
    *,
    settings: StationSettings | None = None,
    clock: Clock | None = None,
    demo: bool | None = None,
    pipeline_factory: Callable[[], PipelineLike] | None = None,
    select_best: Callable[[Sequence[Frame]], int] | None = None,
    start_sync: bool = True,
) -> Station:
    """Open (and on first start create) the station in ``data_dir``.

    With no settings file and an empty database the station starts in demo mode: a demo school and
    roster, a demo admin account, liveness off (a recorded demo clip cannot pass it).
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    first_start = not (data_dir / SETTINGS_FILE).exists()
    settings = settings or load_settings(data_dir)
    if demo is None:
        demo = settings.demo or (first_start and not settings.db_url)
    if demo and first_start:
        settings.demo = True
        settings.liveness_enabled = False
        settings.school_code = settings.school_code or demo_data.DEMO_SCHOOL_CODE
    if not settings.station_id:
        settings.station_id = f"station-{uuid.uuid4().hex[:8]}"

    db = Database(settings.db_url or sqlite_url(data_dir / DB_FILE))
    db.migrate()
    if clock is None:
        clock = SystemClock() if db.is_sqlite else ServerClock(db.engine)
    try:
        keying = open_audit_keying(data_dir, db)
        register_keying(db, keying)
        staff_repo = StaffRepository(db, clock, settings.station_id, keying)
        # Binds a new chain to the key; after the upgrade, seals the chain written before.
        staff_repo.log.adopt_key()
    except (AuditKeySetupError, AuditKeyError) as exc:
        db.dispose()
        raise StationSetupError(f"audit_key_{exc.code}", AUDIT_KEY_HELP) from exc
    rules = ProgrammeRules(AuditLedger(db, staff_repo), mirror=settings)
    rules.adopt_file_rules(settings, setup=demo and first_start)  # before the file drops them
    rules.current()
    save_settings(data_dir, settings)
    # The folder is this station's cache; the bytes of every photo are in the database, so a
    # photo taken or downloaded at another station is fetched when first read.
    photos = PhotoStore(data_dir / "photos", blobs=PhotoBlobRepository(db, clock))
    students = StudentRepository(db)
    if demo:
        demo_data.seed_demo(students)
    school = (
        students.school_by_code(settings.school_code) if settings.school_code else students.school()
    )
    if school is None:
        db.dispose()
        raise StationSetupError("no_school", "import a roster first (tucai-desk import-roster)")
    settings.school_code = school.code

    capture_repo = CaptureRepository(db, photos, clock, settings.station_id, rules.policy)
    # Before any capture: clear what a crash may have left between a file write and its commit.
    photos.sweep_temp_files()
    referenced = capture_repo.referenced_files()
    photos.sweep_orphans(referenced)
    # Rows from before the blob table: their bytes go into the database from the station that
    # has the files, so that the other stations can read them too.
    photos.store_missing_blobs(referenced)
    station_holder: list[Station] = []

    def set_liveness(enabled: bool, by: int | None) -> None:
        station_holder[0].set_liveness_enabled(enabled, by)

    sync = SyncService.from_settings(
        settings.service, data_dir=data_dir, db=db, photos=photos, clock=clock
    )
    if keying.witness is not None:
        sync.report_audit_heads(staff_repo.log, keying.witness)
    local_payments = LocalPayments(capture_repo, school.code)
    head_covers = HeadCoverRepository(db, clock, settings.station_id, AuditLedger(db, staff_repo))
    capture = CaptureService(
        students=students,
        capture=capture_repo,
        photos=photos,
        clock=clock,
        school_code=school.code,
        policy=rules.policy,
        liveness=lambda: (rules.liveness_enabled(), rules.liveness_pass_minutes()),
        pipeline_factory=pipeline_factory or default_pipeline_factory(settings),
        select_best=select_best or default_select_best(settings),
        payments=(
            sync.payment_gateway(fallback=local_payments) if sync.configured else local_payments
        ),
        after_confirm=sync.wake,
        head_cover_allowed=head_covers.active_reason,
    )
    sessions = SessionService(
        sessions=SessionRepository(db, clock, settings.station_id, AuditLedger(db, staff_repo)),
        staff=staff_repo,
    )
    staff = StaffService(
        staff=staff_repo,
        students=students,
        capture=capture_repo,
        sessions=sessions,
        set_liveness=set_liveness,
        head_covers=head_covers,
    )
    if demo and staff.needs_first_admin():
        staff.create_first_admin(demo_data.DEMO_ADMIN, demo_data.DEMO_PASSWORD, sign_in=False)
    station = Station(
        settings=settings,
        data_dir=data_dir,
        demo=demo,
        db=db,
        photos=photos,
        capture=capture,
        staff=staff,
        school=school_view(school),
        sync=sync,
        clock=clock,
        readiness=ReadinessService(
            StationCheckRepository(db, settings.station_id),
            AuditLedger(db, staff_repo),
            clock,
            target=lambda: readiness_target(settings),
            pipeline_factory=pipeline_factory or default_pipeline_factory(settings),
        ),
        rules=rules,
        audit_keying=keying,
    )
    station_holder.append(station)
    station._closers.extend([db.dispose, capture.close, sync.close])
    if sync.configured and start_sync:
        sync.start()
    return station
