"""What the SES events function reads from its environment (template.yaml's SesEventsFunction)."""

from __future__ import annotations

from leadcapture.kernel.settings.mail import Escalation, LeadMail


class DeliverySettings(LeadMail, Escalation):
    """SES delivery events -> the lead's record; a bounce's copy to ESCALATION_EMAILS with the action links."""
