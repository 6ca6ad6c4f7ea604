"""The DynamoDB tables as the local stack and the tests create them (template.yaml is the AWS truth).

Kept in one place so the local stack, the integration tests and the template agree on keys, the
stream, the indexes and the TTL attributes; tests/template checks the template against these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class IndexSpec:
    """A global secondary index with string keys: KEYS_ONLY, or INCLUDE the attributes named."""

    name: str
    hash_key: str
    range_key: str | None = None
    # Non-key attributes copied into the index; None projects the keys only.
    include: tuple[str, ...] | None = None
    # Every attribute copied (the audit table's indexes: a record is small and holds no personal data).
    everything: bool = False

    @property
    def key(self) -> str:
        return self.hash_key

    @property
    def key_names(self) -> tuple[str, ...]:
        return (self.hash_key,) if self.range_key is None else (self.hash_key, self.range_key)

    def definition(self) -> dict[str, Any]:
        """As CreateTable and CloudFormation's GlobalSecondaryIndexes spell it (on-demand: no throughput)."""
        schema = [{"AttributeName": self.hash_key, "KeyType": "HASH"}]
        if self.range_key is not None:
            schema.append({"AttributeName": self.range_key, "KeyType": "RANGE"})
        projection: dict[str, Any] = {"ProjectionType": "KEYS_ONLY"}
        if self.include is not None:
            projection = {"ProjectionType": "INCLUDE", "NonKeyAttributes": list(self.include)}
        if self.everything:
            projection = {"ProjectionType": "ALL"}
        return {"IndexName": self.name, "KeySchema": schema, "Projection": projection}


@dataclass(frozen=True)
class TableSpec:
    env_var: str
    default_name: str
    key: str
    ttl_attribute: str
    # The stream's view type, or None for no stream.
    stream: str | None = None
    indexes: tuple[IndexSpec, ...] = ()

    def attribute_definitions(self) -> list[dict[str, str]]:
        """The key and every index key, once each, all strings."""
        names = [self.key, *(k for index in self.indexes for k in index.key_names)]
        return [{"AttributeName": name, "AttributeType": "S"} for name in dict.fromkeys(names)]


# Open leads for the follow-up scheduler (and the `leads` CLI): sparse, since only open leads
# carry `open_bucket` (adapters/leads/ sets and removes it with the status), one partition
# value "open", sorted by arrival. Ids, times and status only: no personal data in the index.
OPEN_LEADS = IndexSpec(
    "open-leads", hash_key="open_bucket", range_key="created_at", include=("status", "urgent", "reminded_at", "escalated_at")
)
# The lookup index (leadcapture/kernel/lookup.py): sparse, keys only, so it holds hashes and ids alone.
LOOKUP_INDEXES = (IndexSpec("by_email_hash", "email_hash"), IndexSpec("by_phone_hash", "phone_hash"))
# The desk's filters (issue 21): every lead under its status, sorted by arrival, keys only (the id,
# the status and when it came: no personal data). A page of a filter is a Query of one status.
BY_STATUS = IndexSpec("by-status", hash_key="status", range_key="created_at")
# KEYS_ONLY: the notifier reads the lead by its key, so no personal data is copied into the stream.
LEADS = TableSpec(
    "LEADS_TABLE_NAME",
    "leads",
    key="id",
    ttl_attribute="expires_at",
    stream="KEYS_ONLY",
    indexes=(OPEN_LEADS, *LOOKUP_INDEXES, BY_STATUS),
)
# Powertools idempotency's default attribute names: key "id", TTL "expiration".
IDEMPOTENCY = TableSpec("IDEMPOTENCY_TABLE_NAME", "idempotency", key="id", ttl_attribute="expiration")
RATE_LIMITS = TableSpec("RATE_LIMIT_TABLE_NAME", "rate-limits", key="pk", ttl_attribute="expires_at")

# The desk's sessions (issue 21): keyed by a hash of the cookie's random id, gone by TTL after the
# absolute timeout (the desk checks both timeouts itself: TTL deletes within hours, not seconds).
DESK_SESSIONS = TableSpec("DESK_SESSIONS_TABLE_NAME", "desk-sessions", key="id", ttl_attribute="expires_at")

# The audit trail (issue 22, adapters/audit_table.py): keyed by the record's time and random bits;
# read newest first through three indexes sorted by that key: every record, a user's, a lead's.
AUDIT = TableSpec(
    "AUDIT_TABLE_NAME",
    "audit",
    key="id",
    ttl_attribute="expires_at",
    indexes=(
        IndexSpec("by-time", hash_key="log", range_key="id", everything=True),
        IndexSpec("by-user", hash_key="who", range_key="id", everything=True),
        IndexSpec("by-lead", hash_key="lead_id", range_key="id", everything=True),
    ),
)

ALL = (LEADS, IDEMPOTENCY, RATE_LIMITS, DESK_SESSIONS, AUDIT)


def attribute_definitions(spec: TableSpec) -> list[dict[str, str]]:
    """The table's key and every index key, all strings."""
    return spec.attribute_definitions()


def create_table(client: Any, spec: TableSpec, name: str) -> None:
    """Create one table (on-demand, TTL on, its indexes) with a boto3 DynamoDB client; moto or real AWS."""
    extra: dict[str, Any] = {}
    if spec.stream:
        extra["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": spec.stream}
    if spec.indexes:
        extra["GlobalSecondaryIndexes"] = [index.definition() for index in spec.indexes]
    client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": spec.key, "KeyType": "HASH"}],
        AttributeDefinitions=spec.attribute_definitions(),
        BillingMode="PAY_PER_REQUEST",
        **extra,
    )
    client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    client.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": spec.ttl_attribute})


def create_all(client: Any, names: dict[str, str]) -> None:
    """Create every table; `names` maps each spec's env var to the table name to use."""
    for spec in ALL:
        create_table(client, spec, names.get(spec.env_var, spec.default_name))
