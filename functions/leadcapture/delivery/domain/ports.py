"""What the SES events' rules need from the leads table (besides the kernel's status and mail ports)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from leadcapture.kernel.ports import StatusStore

if TYPE_CHECKING:
    from leadcapture.kernel.lead import PersonEmail
    from leadcapture.kernel.ports import EmailEvent


class DeliveryStore(StatusStore, Protocol):
    """Records what SES reported about a lead's email. Every write is conditional."""

    def mark_bounced(self, lead_id: str, *, bounce_type: str, at: str) -> bool:
        """`notified`/`delivered` -> `bounced` with `bounced_at` and `bounce_type`; False when the status does not allow it."""

    def record_email_event(self, lead_id: str, event: EmailEvent, *, at: str, bounce_type: str | None = None) -> bool:
        """Set `<event>_at` (and `bounce_type`) once, without a status change; False when already set or no lead."""

    def mark_bounce_escalated(self, lead_id: str, *, message_id: str, at: str) -> bool:
        """Record the escalation copy's message id once; False when already recorded."""

    def record_person_email_event(self, lead_id: str, kind: PersonEmail, event: str, *, at: str, bounce_type: str | None = None) -> bool:
        """Set `<kind>_<event>_at` (and the bounce type) of an email to the person once; False when already set."""
