# SPDX-License-Identifier: MIT
"""The audit chain's head, sent with each sync so the provincial service witnesses it.

After each flush of the outbox the station sends the newest audit record's seq and keyed hash
(``PUT /v1/audit-head``) when it changed since the last one sent, and writes the service's
acknowledgement to its checkpoint file (``store.audit_witness``): verification then knows a head
that left the building. The service answers with the highest head the station ever sent, which is
written down too: a lower head now means records were cut from the database (logged as such), and
verification finds the cut even when the checkpoint file was deleted with them.
"""

from __future__ import annotations

import logging

from tucai_desk.store.audit_log import AuditLog
from tucai_desk.store.audit_witness import ACK, CheckpointFile
from tucai_desk.sync.client import SyncClient
from tucai_desk.sync.contract import AuditHeadAck
from tucai_desk.sync.errors import ServiceError

log = logging.getLogger(__name__)


class AuditHeadReporter:
    def __init__(self, client: SyncClient, audit: AuditLog, witness: CheckpointFile) -> None:
        self._client = client
        self._audit = audit
        self._witness = witness
        last = witness.last_ack()
        self._sent: tuple[int, str] | None = (last.seq, last.hash) if last else None

    def report(self) -> AuditHeadAck | None:
        """Send the head if it changed; the acknowledgement (None: nothing new, or it failed)."""
        head = self._audit.head()
        if head is None or (head.seq, head.hash) == self._sent:
            return None
        try:
            ack = self._client.send_audit_head(head.seq, head.hash, head.at)
        except ServiceError as exc:
            log.info("audit head not acknowledged yet (%s); sent with the next sync", exc.code)
            return None
        heads = {(ack.seq, ack.hash), (ack.highest_seq, ack.highest_hash)}
        try:
            for seq, hash_ in sorted(heads):
                self._witness.write(ACK, seq, hash_, ack.acknowledged_at)
        except OSError:
            log.exception("acknowledged audit head not written to the checkpoint file")
        self._sent = (ack.seq, ack.hash)
        if ack.highest_seq > ack.seq:
            log.error(
                "the service acknowledged audit record %d before, now only %d: records were cut",
                ack.highest_seq,
                ack.seq,
            )
        return ack
