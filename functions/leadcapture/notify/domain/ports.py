"""What the notifier's rules need from the leads table (besides the kernel's mail ports)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

from leadcapture.kernel.ports import LeadReader

if TYPE_CHECKING:
    from leadcapture.kernel.lead import Lead
    from leadcapture.kernel.status import Status


class NotifyStore(LeadReader, Protocol):
    """Marks a lead's coordinator email, once. Every write is conditional."""

    def mark_notified(self, lead_id: str, *, message_id: str, at: str) -> bool:
        """Record the coordinator email (`notified`); False when the lead was already marked."""

    def mark_notify_failed(self, lead_id: str, *, reason: str, at: str) -> bool:
        """Record that the email was refused for good; False when the lead was already marked."""


class SecondLookStore(LeadReader, Protocol):
    """Marks a lead urgent on the second look (domain/second_look.py): conditional, never cleared."""

    def mark_urgent_on_second_look(self, lead_id: str, *, at: str, released_expires_at: int | None = None) -> bool:
        """Set `urgent` (`urgent_by` "second_look", a history entry) on a `new` lead that is not urgent;
        with `released_expires_at`, on a quarantined (`spam`) one instead, released as `new` and
        `trapped` with that expiry. False when the lead is urgent already or its status is not the one said."""


class QuarantineStore(NotifyStore, Protocol):
    """Reviews and releases leads caught by the honeypot."""

    def release_from_quarantine(self, lead_id: str, *, expires_at: int, at: str, status: Status = "new") -> bool:
        """Turn a `spam` lead into a `new` one (`notified` when it was already emailed); False when it was not quarantined."""

    def scan(self) -> Iterator[Lead]:
        """Every lead (tools and the local viewer; never on a request path)."""


class PagingStore(LeadReader, Protocol):
    """Records that an urgent lead's first page is on the page queue (conditional)."""

    def mark_page_scheduled(self, lead_id: str, step: int) -> bool:
        """Record paging step `step` as put on the queue; False when it or a later one was already."""
