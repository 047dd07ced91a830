"""Errors of the SDK. None is ever raised from resolve, on_change or the recorder."""

from __future__ import annotations

from typing import Literal, Optional

#: Where a background failure happened.
ErrorSource = Literal["stream", "poll", "snapshot", "bootstrap", "exposures", "telemetry", "callback"]


class ArenaSdkError(Exception):
    """A background failure, reported through on_error; never raised from resolve."""

    def __init__(self, source: ErrorSource, message: str, cause: Optional[BaseException] = None) -> None:
        super().__init__(message)
        self.source: ErrorSource = source
        self.message = message
        self.__cause__ = cause


def sdk_error(source: ErrorSource, context: str, cause: BaseException) -> ArenaSdkError:
    """Wraps anything raised into an ArenaSdkError that keeps the original as its cause."""
    if isinstance(cause, ArenaSdkError):
        return cause
    return ArenaSdkError(source, f"{context}: {cause}", cause)


class HttpStatusError(Exception):
    """An HTTP answer the SDK did not expect."""

    def __init__(self, status: int, retry_after: Optional[str] = None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after
