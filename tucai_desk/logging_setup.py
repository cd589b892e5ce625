# SPDX-License-Identifier: MIT
"""Logging: a daily rotating file in the data folder, with ID and phone numbers masked."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from tucai_desk.core.people import mask_text

LOG_FILE = "tucai-desk.log"


class MaskingFilter(logging.Filter):
    """Masks ID and mobile numbers in every record, whatever a module passed in."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def setup_logging(log_dir: Path, *, level: int = logging.INFO, console: bool = False) -> Path:
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE
    handler = logging.handlers.TimedRotatingFileHandler(
        path, when="midnight", backupCount=30, encoding="utf-8"
    )
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handler.setFormatter(fmt)
    handler.addFilter(MaskingFilter())
    root = logging.getLogger()
    root.setLevel(level)
    for old in [h for h in root.handlers if getattr(h, "_tucai", False)]:
        root.removeHandler(old)
        old.close()
    handler._tucai = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if console:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(fmt)
        stream.addFilter(MaskingFilter())
        stream._tucai = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    return path
