"""What the notify function reads from its environment (template.yaml's NotifyFunction)."""

from __future__ import annotations

from pydantic import Field

from leadcapture.kernel.settings.base import CsvList
from leadcapture.kernel.settings.mail import Coordinators, LeadMail
from leadcapture.kernel.settings.paging import UrgentPhones
from leadcapture.kernel.settings.tables import LeadRetention


class NotifySettings(LeadMail, Coordinators, UrgentPhones, LeadRetention):
    """The leads stream -> one coordinator email per lead, with its action links, and the urgent copy;
    with URGENT_PHONES set, an urgent lead's first page put on the page queue at once. RETENTION_DAYS:
    a quarantined lead the second look flags is released and kept as long as any lead."""

    # Empty: urgent leads go to the coordinator only, as every lead does.
    urgent_emails: CsvList = Field((), alias="URGENT_EMAILS")
