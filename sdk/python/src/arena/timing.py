"""Retry delays: exponential backoff with jitter, and the server's Retry-After."""

from __future__ import annotations

import random
import time
from email.utils import parsedate_to_datetime
from typing import Callable, Optional


def backoff_delay(attempt: int, base: float, maximum: float, rand: Callable[[], float] = random.random) -> float:
    """Uniform in [d/2, d] where d = min(maximum, base * 2**attempt), in seconds."""
    ceiling = min(maximum, base * 2 ** min(attempt, 30))
    return float(ceiling / 2 + rand() * (ceiling / 2))


def retry_after_seconds(header: Optional[str], now: Optional[float] = None) -> Optional[float]:
    """Delay asked by a Retry-After header (seconds or an HTTP date); None when absent or unreadable."""
    if header is None:
        return None
    text = header.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return max(0.0, when - (time.time() if now is None else now))
