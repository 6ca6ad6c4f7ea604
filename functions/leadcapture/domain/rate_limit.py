"""The per-source rate limit's rules: which counter a post goes to, and when it is over the limit.

At most N posts per source per clock hour. The source is a keyed hash (HMAC-SHA256) of the client
IP, so a counter never holds an IP and the hash cannot be reversed by trying every address without
the key. The counters are kept by `adapters/rate_counter.py`.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

WINDOW_SECONDS = 3600
# Kept a little past the window's end so a clock skew between Lambdas never reads a fresh count.
TTL_SLACK_SECONDS = 300


def source_id(source_ip: str, key: bytes) -> str:
    """The keyed hash that stands for a source IP (the IP itself is never stored)."""
    return hmac.new(key, source_ip.strip().lower().encode("utf-8"), hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Window:
    """One source's counter for one hour: its key, when it ends, and when its item may expire."""

    counter_key: str
    ends_at: int
    expires_at: int

    def retry_after(self, now: float) -> int:
        """Seconds to the end of the window (at least 1): the 429's Retry-After."""
        return max(1, self.ends_at - int(now))


def window_for(source_ip: str, key: bytes, now: float) -> Window:
    start = int(now) // WINDOW_SECONDS * WINDOW_SECONDS
    end = start + WINDOW_SECONDS
    return Window(f"{source_id(source_ip, key)}#{start}", end, end + TTL_SLACK_SECONDS)
