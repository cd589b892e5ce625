# SPDX-License-Identifier: MIT
"""The programme's rules, kept in the database: one set for every station, changed by an admin.

Draft box capacity, the draft-delete delay, the cooldown, the lock thresholds and durations and
whether liveness is required live in the ``settings`` table (key ``programme_rules``); the fee is
the school's row. A change is audited old → new in the transaction that makes it. ``settings.toml``
keeps only what belongs to one station (camera, language, database URL, service address): rule
keys found there are moved into the database once (audited) and afterwards ignored with a log line.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from pydantic import Field, ValidationError

from tucai_desk.core.policies import PolicySettings
from tucai_desk.services.settings import RULE_FIELDS, PolicyModel, StationSettings
from tucai_desk.store.audit_ledger import AuditLedger
from tucai_desk.store.models import SettingRow

log = logging.getLogger(__name__)

RULES_KEY = "programme_rules"
CACHE_SECONDS = 2.0  # another station's change takes effect here within this time


class RulesModel(PolicyModel):
    liveness_enabled: bool = True
    # How long a liveness pass lets the student take photos (rule time).
    liveness_pass_minutes: float = Field(30.0, ge=1, le=240)


class RulesError(ValueError):
    """The values are not valid rules; ``fields`` names them."""

    def __init__(self, fields: tuple[str, ...]) -> None:
        super().__init__(", ".join(fields))
        self.fields = fields


def _from_settings(settings: StationSettings) -> RulesModel:
    return RulesModel(**settings.policy.model_dump(), liveness_enabled=settings.liveness_enabled)


class ProgrammeRules:
    """The rules as every use case reads them (cached briefly), and the one way to change them.

    ``mirror``: the station's settings object, kept in step (``policy`` and ``liveness_enabled``)
    for the screens that show them.
    """

    def __init__(self, ledger: AuditLedger, mirror: StationSettings | None = None) -> None:
        self._ledger = ledger
        self._mirror = mirror
        self._lock = threading.Lock()
        self._cached: RulesModel | None = None
        self._read_at = 0.0

    # -- reading ---------------------------------------------------------------------------------
    def current(self) -> RulesModel:
        with self._lock:
            if self._cached is not None and time.monotonic() - self._read_at < CACHE_SECONDS:
                return self._cached
        with self._ledger.transaction() as s:
            row = s.get(SettingRow, RULES_KEY)
            raw = dict(row.value or {}) if row is not None else {}
        try:
            rules = RulesModel.model_validate(raw)
        except ValidationError:
            log.error("the programme rules in the database are invalid; the defaults apply")
            rules = RulesModel()
        self._remember(rules)
        return rules

    def policy(self) -> PolicySettings:
        return self.current().to_policy()

    def liveness_enabled(self) -> bool:
        return self.current().liveness_enabled

    def liveness_pass_minutes(self) -> float:
        return self.current().liveness_pass_minutes

    def _remember(self, rules: RulesModel) -> None:
        with self._lock:
            self._cached, self._read_at = rules, time.monotonic()
        if self._mirror is not None:
            self._mirror.policy = PolicyModel(
                **rules.model_dump(include=set(PolicyModel.model_fields))
            )
            self._mirror.liveness_enabled = rules.liveness_enabled

    # -- changing --------------------------------------------------------------------------------
    def change(
        self,
        by: int | None,
        values: dict[str, Any],
        *,
        action: str = "programme_rules_changed",
        source: str = "console",
    ) -> dict[str, tuple[Any, Any]]:
        """Validate and store ``values`` (rule names → values); audited old → new in the same
        transaction. Returns the changes. The caller checks that ``by`` is an admin."""
        with self._ledger.transaction() as s:
            row = s.get(SettingRow, RULES_KEY, with_for_update=True)
            stored = dict(row.value or {}) if row is not None else {}
            try:
                old = RulesModel.model_validate(stored)
            except ValidationError:
                old = RulesModel()
            try:
                new = RulesModel.model_validate({**old.model_dump(), **values})
            except ValidationError as exc:
                fields = tuple(".".join(str(p) for p in err["loc"]) for err in exc.errors())
                raise RulesError(fields) from exc
            a, b = old.model_dump(), new.model_dump()
            changes = {k: (a[k], b[k]) for k in b if a[k] != b[k]}
            if not changes and row is not None:
                return {}
            if row is None:
                s.add(SettingRow(key=RULES_KEY, value=b))
            else:
                row.value = b
            self._ledger.append(
                s,
                action,
                staff_id=by,
                detail={"source": source, "changes": {k: [x, y] for k, (x, y) in changes.items()}},
            )
        self._remember(new)
        log.info("programme rules changed (%s): %s", source, ", ".join(changes) or "-")
        return changes

    def adopt_file_rules(self, settings: StationSettings, *, setup: bool = False) -> None:
        """Rule keys from an older settings.toml: moved into the database once, then ignored.

        ``setup``: a new demo station's own rules (liveness off), written as its roster is: part
        of creating the demo database, not a change anyone made.
        """
        explicit = [name for name in RULE_FIELDS if name in settings.model_fields_set]
        if not explicit:
            return
        with self._ledger.transaction() as s:
            stored = s.get(SettingRow, RULES_KEY) is not None
        if stored:
            log.warning(
                "settings.toml holds programme rules (%s); they are ignored: the rules are kept "
                "in the database and changed from the console",
                ", ".join(explicit),
            )
            return
        rules = _from_settings(settings)
        if setup:
            with self._ledger.transaction() as s:
                if s.get(SettingRow, RULES_KEY) is None:
                    s.add(SettingRow(key=RULES_KEY, value=rules.model_dump()))
            self._remember(rules)
            return
        self.change(
            None, rules.model_dump(), action="programme_rules_migrated", source="settings.toml"
        )
