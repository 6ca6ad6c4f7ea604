"""What the notify function reads from its environment (template.yaml's NotifyFunction)."""

from __future__ import annotations

from pydantic import Field

from leadcapture.kernel.settings import Coordinators, CsvList, LeadMail


class NotifySettings(LeadMail, Coordinators):
    """The leads stream -> one coordinator email per lead, with its action links, and the urgent copy."""

    # Empty: urgent leads go to the coordinator only, as every lead does.
    urgent_emails: CsvList = Field((), alias="URGENT_EMAILS")
