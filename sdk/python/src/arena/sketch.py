"""A quantile sketch bin for bin compatible with the server's DDSketch
(@datadog/sketches-js, LogarithmicMapping, relative accuracy 0.01): the same gamma,
the same key(value), the same exported layout ({offset, counts} per sign, plus
zeroCount), so the server adds the SDK's bins to its own key for key. Port of
src/sdk/sketch.ts; tests/test_sketch.py checks every key against the JavaScript library.

Memory is bounded: a store spans at most MAX_BINS keys; lower keys fold into the lowest kept bin.
"""

from __future__ import annotations

import math
from typing import Any, Dict, List, Optional

SKETCH_ACCURACY = 0.01
#: The server refuses stores wider than this.
MAX_BINS = 4096

_GAMMA_MANTISSA = (2 * SKETCH_ACCURACY) / (1 - SKETCH_ACCURACY)
GAMMA = 1 + _GAMMA_MANTISSA
MULTIPLIER = (1 / math.log1p(_GAMMA_MANTISSA)) * math.log(2)
_MIN_POSSIBLE = math.pow(2, -1023) * GAMMA


def sketch_key(value: float) -> int:
    """The bin key of a positive value."""
    return math.ceil(math.log2(value) * MULTIPLIER)


def sketch_value(key: int) -> float:
    """The representative value of a key (within 1 % of every value its bin holds)."""
    return math.pow(2, key / MULTIPLIER) * (2 / (1 + GAMMA))


class _DenseBins:
    """Counts of a contiguous key range, at most MAX_BINS keys wide."""

    __slots__ = ("counts", "min_key", "total")

    def __init__(self) -> None:
        self.counts: List[int] = []
        self.min_key = 0
        self.total = 0

    @property
    def max_key(self) -> int:
        return self.min_key + len(self.counts) - 1

    def add(self, key: int) -> None:
        counts = self.counts
        if self.total == 0:
            self.min_key = key
            counts[:] = [0]
        elif key < self.min_key:
            # Too far below the kept range: counted in the lowest key the width allows.
            key = max(key, self.max_key - MAX_BINS + 1)
            if key < self.min_key:
                counts[0:0] = [0] * (self.min_key - key)
                self.min_key = key
        elif key > self.max_key:
            counts.extend([0] * (key - self.max_key))
            lowest = key - MAX_BINS + 1
            if lowest > self.min_key:
                cut = lowest - self.min_key
                folded = sum(counts[:cut])
                del counts[:cut]
                counts[0] += folded
                self.min_key = lowest
        counts[key - self.min_key] += 1
        self.total += 1

    def export(self) -> Dict[str, Any]:
        if self.total == 0:
            return {"offset": 0, "counts": []}
        return {"offset": self.min_key, "counts": list(self.counts)}

    def key_at_rank(self, rank: float, lower: bool) -> int:
        running = 0
        for i, c in enumerate(self.counts):
            running += c
            if (lower and running > rank) or (not lower and running >= rank + 1):
                return self.min_key + i
        return self.max_key


class QuantileSketch:
    """Accepts values one at a time; exports plain data the server merges."""

    __slots__ = ("_positive", "_negative", "zero_count")

    def __init__(self) -> None:
        self._positive = _DenseBins()
        self._negative: Optional[_DenseBins] = None
        self.zero_count = 0

    @property
    def count(self) -> int:
        return self._positive.total + (self._negative.total if self._negative else 0) + self.zero_count

    def accept(self, value: float) -> None:
        if value > _MIN_POSSIBLE:
            self._positive.add(math.ceil(math.log2(value) * MULTIPLIER))
        elif value < -_MIN_POSSIBLE:
            if self._negative is None:
                self._negative = _DenseBins()
            self._negative.add(sketch_key(-value))
        else:
            self.zero_count += 1

    def quantile(self, q: float) -> float:
        """DDSketch's getValueAtQuantile (rank = q (n - 1)); NaN when empty."""
        n = self.count
        if q < 0 or q > 1 or n == 0:
            return math.nan
        rank = q * (n - 1)
        neg = self._negative.total if self._negative else 0
        if self._negative is not None and rank < neg:
            return -sketch_value(self._negative.key_at_rank(neg - rank - 1, False))
        if rank < self.zero_count + neg:
            return 0.0
        return sketch_value(self._positive.key_at_rank(rank - self.zero_count - neg, True))

    def export(self) -> Dict[str, Any]:
        data: Dict[str, Any] = {
            "relativeAccuracy": SKETCH_ACCURACY,
            "zeroCount": self.zero_count,
            "positive": self._positive.export(),
        }
        if self._negative is not None and self._negative.total > 0:
            data["negative"] = self._negative.export()
        return data
