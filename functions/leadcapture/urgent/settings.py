"""What the urgent function reads from its environment (template.yaml's UrgentFunction)."""

from __future__ import annotations

from pydantic import Field

from leadcapture.kernel.settings.base import Required
from leadcapture.kernel.settings.mail import Escalation, LeadMail
from leadcapture.kernel.settings.paging import Paging


class UrgentSettings(LeadMail, Escalation, Paging):
    """The page queue -> a text to each on-call phone per step, the next step scheduled, then the
    escalation email (ESCALATION_EMAILS) when nobody has the lead after the last page."""

    # The queue this function takes its steps from and puts the next ones on: always set by the template.
    urgent_pages_queue_url: Required = Field(alias="URGENT_PAGES_QUEUE_URL")
