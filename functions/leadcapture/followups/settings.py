"""What the followups function reads from its environment (template.yaml's FollowupsFunction)."""

from __future__ import annotations

from leadcapture.kernel.settings import BusinessCalendar, Coordinators, Escalation, LeadMail


class FollowupsSettings(LeadMail, Coordinators, Escalation, BusinessCalendar):
    """Every 15 minutes: reminders at the practice's promise, escalations a business day later."""
