"""What the followups function reads from its environment (template.yaml's FollowupsFunction)."""

from __future__ import annotations

from leadcapture.kernel.settings import ActionLinks, BusinessCalendar, CoordinatorMail, Coordinators, Escalation, LeadsTable


class FollowupsSettings(LeadsTable, CoordinatorMail, Coordinators, Escalation, ActionLinks, BusinessCalendar):
    """Every 15 minutes: reminders at the practice's promise, escalations a business day later."""
