"""What the urgent function's rules need from the leads table (besides the kernel's pager and mail ports)."""

from __future__ import annotations

from typing import Protocol

from leadcapture.kernel.ports import LeadReader


class PageStore(LeadReader, Protocol):
    """Claims each page and the escalation once, and only while nobody has the lead. Every write is conditional."""

    def claim_page(self, lead_id: str, number: int, *, at: str) -> bool:
        """Page `number` is being sent; False when the lead is acknowledged, closed, or the page was claimed."""

    def claim_page_escalation(self, lead_id: str, *, at: str) -> bool:
        """The escalation is being sent; False when the lead is acknowledged, closed, or was escalated."""

    def mark_page_scheduled(self, lead_id: str, step: int) -> bool:
        """Record paging step `step` as put on the queue; False when it or a later one was already."""
