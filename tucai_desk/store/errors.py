# SPDX-License-Identifier: MIT
"""Errors raised by the repositories."""

from __future__ import annotations


class NotFoundError(LookupError):
    """A row asked for by id does not exist."""
