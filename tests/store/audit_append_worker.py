# SPDX-License-Identifier: MIT
"""A station process that appends to the audit chain as fast as it can (concurrency test).

Run as ``python audit_append_worker.py DB_URL DATA_DIR STATION_ID MODE COUNT GO_FILE``: waits for
GO_FILE to exist, then ``append`` writes COUNT audit records one transaction each, or ``login``
signs in COUNT times at once from as many threads (a wrong password every other time).
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tucai_desk.services import demo
from tucai_desk.services.app import open_station
from tucai_desk.services.settings import StationSettings
from tucai_desk.services.staff import LoginError
from tucai_desk.store.staff_repo import StaffRepository


def main() -> int:
    db_url, data_dir, station_id, mode, count, go = sys.argv[1:7]
    settings = StationSettings(
        db_url=db_url, school_code=demo.DEMO_SCHOOL_CODE, station_id=station_id
    )
    station = open_station(Path(data_dir), settings=settings, demo=False, start_sync=False)
    # The first use of a station id writes its clock row (trusted rule time, not the audit's).
    StaffRepository(station.db, station.clock, station_id).now()
    while not Path(go).exists():
        time.sleep(0.005)
    if mode == "append":
        for n in range(int(count)):
            station.staff.audit_system_action("test_append", {"station": station_id, "n": n})
    else:

        def login(n: int) -> str:
            try:
                station.staff.login("admin", "demo-admin" if n % 2 == 0 else "wrong-password")
            except LoginError as exc:
                return exc.code
            return "ok"

        with ThreadPoolExecutor(int(count)) as pool:
            sys.stdout.write(" ".join(pool.map(login, range(int(count)))) + "\n")
    station.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
