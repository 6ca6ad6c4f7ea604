"""What the followups function reads from its environment (template.yaml's FollowupsFunction)."""

from __future__ import annotations

from leadcapture.kernel.settings.mail import Coordinators, Escalation, LeadMail


class FollowupsSettings(LeadMail, Coordinators, Escalation):
    """Every 15 minutes: reminders at the practice's promise (its calendar is LeadMail's), escalations a business day later."""
