"""The per-source rate limit's rules: which counter a post goes to, and when it is over the limit.

At most N posts per source per clock hour. The source is an IPv4 address, or the /64 that holds an
IPv6 address (one host or home is normally given a whole /64, so counting full IPv6 addresses would
let it rotate through 2**64 allowances). The counter key is a keyed hash (HMAC-SHA256) of that
source, so a counter never holds an IP and the hash cannot be reversed by trying every address
without the key. The counters are kept by `adapters/rate_counter.py`.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass

WINDOW_SECONDS = 3600
# Kept a little past the window's end so a clock skew between Lambdas never reads a fresh count.
TTL_SLACK_SECONDS = 300
IPV6_SOURCE_PREFIX = 64


def source_of(source_ip: str) -> str:
    """What one source is: the IPv4 address, or the IPv6 /64 (IPv4-mapped IPv6 counts as its IPv4).

    Text that is not an address (never expected from API Gateway) is its own source, as given.
    """
    text = source_ip.strip().lower()
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return text
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        # strict=False keeps the network bits and drops the host bits and any %zone.
        return str(ipaddress.IPv6Network((address.packed, IPV6_SOURCE_PREFIX), strict=False))
    return str(address)


def source_id(source_ip: str, key: bytes) -> str:
    """The keyed hash that stands for a source (the IP itself is never stored)."""
    return hmac.new(key, source_of(source_ip).encode("utf-8"), hashlib.sha256).hexdigest()[:32]


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
