# SPDX-License-Identifier: MIT
"""Typed failures of the provincial service, one machine code each (the UI maps codes to text)."""

from __future__ import annotations

from enum import StrEnum


class SyncErrorCode(StrEnum):
    """Why a call to the provincial service did not give a usable answer."""

    # Found by the station itself.
    NOT_CONFIGURED = "not_configured"  # no service address or station credentials
    NETWORK = "network"  # unreachable, refused or reset, after the retries
    TIMEOUT = "timeout"  # no answer in time, after the retries
    TLS = "tls"  # certificate not trusted or TLS handshake failed
    REDIRECT_REFUSED = "redirect_refused"  # the answer pointed at another host
    MALFORMED_RESPONSE = "malformed_response"  # not JSON, wrong content type, wrong shape/types
    UNEXPECTED_STATUS = "unexpected_status"  # a status the contract does not list
    INTEGRITY = "integrity"  # bytes do not match their checksum, or a receipt for other bytes
    SERVER_ERROR = "server_error"  # 5xx after the retries (internal_error, unavailable)
    PHOTO_MISSING = "photo_missing"  # the confirmed photo's file is gone from the station
    PHOTO_CORRUPT = "photo_corrupt"  # the file no longer matches the checksum taken at capture
    INCOMPLETE_RECORD = "incomplete_record"  # the student has no valid code or number to send
    # Said by the service (the ``code`` of its error body).
    INVALID_CREDENTIALS = "invalid_credentials"
    UNAUTHORIZED = "unauthorized"
    TOKEN_EXPIRED = "token_expired"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    UNKNOWN_CODE = "unknown_code"
    UNKNOWN_STUDENT = "unknown_student"
    NOT_READY = "not_ready"
    BAD_REQUEST = "bad_request"
    VALIDATION_ERROR = "validation_error"
    CHECKSUM_MISMATCH = "checksum_mismatch"
    NOT_JPEG = "not_jpeg"
    CODE_MISMATCH = "code_mismatch"
    IDEMPOTENCY_CONFLICT = "idempotency_conflict"
    TOO_LARGE = "too_large"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    REJECTED = "rejected"  # any other 4xx code the service sends


# Failures that belong to one request and will not go away by sending it again: the outbox sets
# such an item aside (for staff) and carries on with the next. Every other failure is the
# station's or the network's and only postpones the whole queue.
ITEM_FAILURES: frozenset[SyncErrorCode] = frozenset(
    {
        SyncErrorCode.PHOTO_MISSING,
        SyncErrorCode.PHOTO_CORRUPT,
        SyncErrorCode.INCOMPLETE_RECORD,
        SyncErrorCode.FORBIDDEN,
        SyncErrorCode.NOT_FOUND,
        SyncErrorCode.UNKNOWN_CODE,
        SyncErrorCode.UNKNOWN_STUDENT,
        SyncErrorCode.BAD_REQUEST,
        SyncErrorCode.VALIDATION_ERROR,
        SyncErrorCode.CHECKSUM_MISMATCH,
        SyncErrorCode.NOT_JPEG,
        SyncErrorCode.CODE_MISMATCH,
        SyncErrorCode.IDEMPOTENCY_CONFLICT,
        SyncErrorCode.TOO_LARGE,
        SyncErrorCode.UNSUPPORTED_MEDIA_TYPE,
        SyncErrorCode.REJECTED,
    }
)


class ServiceError(Exception):
    """A call to the provincial service failed; ``code`` says why.

    ``status`` is the HTTP status when there was an answer, ``remote_code`` the service's own code
    (kept even when it is one this station does not know). The message is for logs, never shown.
    """

    def __init__(
        self,
        code: SyncErrorCode,
        message: str = "",
        *,
        status: int | None = None,
        remote_code: str | None = None,
    ) -> None:
        super().__init__(f"{code.value}: {message}" if message else code.value)
        self.code = code
        self.status = status
        self.remote_code = remote_code

    @property
    def item_failure(self) -> bool:
        """True when sending the same request again cannot succeed."""
        return self.code in ITEM_FAILURES

    @classmethod
    def from_remote(cls, status: int, remote_code: str, message: str) -> ServiceError:
        """Map the service's error body to a code; an unknown code is kept in ``remote_code``."""
        if status >= 500:
            return cls(SyncErrorCode.SERVER_ERROR, message, status=status, remote_code=remote_code)
        try:
            code = SyncErrorCode(remote_code)
        except ValueError:
            code = SyncErrorCode.REJECTED
        if code not in _REMOTE_CODES:
            code = SyncErrorCode.REJECTED
        return cls(code, message, status=status, remote_code=remote_code)


_REMOTE_CODES: frozenset[SyncErrorCode] = frozenset(
    {
        SyncErrorCode.INVALID_CREDENTIALS,
        SyncErrorCode.UNAUTHORIZED,
        SyncErrorCode.TOKEN_EXPIRED,
        SyncErrorCode.NOT_READY,
    }
    | ITEM_FAILURES
    - {
        SyncErrorCode.PHOTO_MISSING,
        SyncErrorCode.PHOTO_CORRUPT,
        SyncErrorCode.INCOMPLETE_RECORD,
    }
)
