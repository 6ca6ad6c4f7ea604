"""What the functions that email about a lead read: the sender, how much the email says, who gets it."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from leadcapture.kernel.settings.base import CsvList, FunctionSettings, Required
from leadcapture.kernel.settings.links import ActionLinks, DeskLink
from leadcapture.kernel.settings.practice import BusinessHours, Practice
from leadcapture.kernel.settings.tables import IdempotencyTable, LeadsTable

# How much of a lead the coordinator email carries (docs/email.md "How much the email says"):
# minimal, a notice with no personal or health information; contact, also the name and how to
# reach them; full, also their message.
EmailDetail = Literal["minimal", "contact", "full"]


class CoordinatorMail(Practice, BusinessHours, IdempotencyTable, DeskLink):
    """What writes and sends the practice's emails about a lead (the notice, reminders, escalations,
    copies): the calendar too, since every one of them says by when the lead was promised an answer."""

    # The sender may carry a display name: "Consultation form <forms@practice.example>".
    sender_email: Required = Field(alias="SENDER_EMAIL")
    ses_configuration_set: str = Field("", alias="SES_CONFIGURATION_SET")
    email_detail: EmailDetail = Field("minimal", alias="EMAIL_DETAIL")

    @field_validator("email_detail", mode="before")
    @classmethod
    def _detail(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value


class Escalation(FunctionSettings):
    # Where a bounced or rejected coordinator email goes again, and a lead still open a business
    # day after its promise. Empty: both are counted, logged and alarmed on, but emailed to nobody.
    escalation_emails: CsvList = Field((), alias="ESCALATION_EMAILS")


class Coordinators(FunctionSettings):
    """Who gets each new lead's email and its reminders."""

    coordinator_emails: CsvList = Field(alias="COORDINATOR_EMAILS")

    @field_validator("coordinator_emails")
    @classmethod
    def _at_least_one(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("required: at least one coordinator address")
        return value


class LeadMail(LeadsTable, CoordinatorMail, ActionLinks):
    """What a function that emails about a lead reads: the table, the sender, the links (notify, followups, SES events)."""
