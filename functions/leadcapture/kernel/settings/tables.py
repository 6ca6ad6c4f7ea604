"""The tables a function reads and writes, and how long their records are kept."""

from __future__ import annotations

from pydantic import Field

from leadcapture.kernel.settings.base import FunctionSettings, Required


class LeadsTable(FunctionSettings):
    leads_table_name: Required = Field(alias="LEADS_TABLE_NAME")


class IdempotencyTable(FunctionSettings):
    """The table of idempotency records: submissions (submit) and sent emails (every function that emails)."""

    idempotency_table_name: Required = Field(alias="IDEMPOTENCY_TABLE_NAME")


class AuditTrail(FunctionSettings):
    """The audit table (issue 22) and how long its records are kept (its TTL; default 6 years)."""

    audit_table_name: Required = Field(alias="AUDIT_TABLE_NAME")
    audit_retention_days: int = Field(2190, ge=1, le=3650, alias="AUDIT_RETENTION_DAYS")


class LeadRetention(FunctionSettings):
    retention_days: int = Field(365, ge=1, le=3650, alias="RETENTION_DAYS")


class Retention(LeadRetention):
    spam_retention_days: int = Field(30, ge=1, le=3650, alias="SPAM_RETENTION_DAYS")
