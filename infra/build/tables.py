"""The DynamoDB tables as the local stack and the tests create them (template.yaml is the AWS truth).

Kept in one place so the local stack, the integration tests and the template agree on keys, the
stream and the TTL attributes; tests/template checks the template against these definitions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class IndexSpec:
    """A global secondary index keyed by one string attribute, projecting keys only."""

    name: str
    key: str


@dataclass(frozen=True)
class TableSpec:
    env_var: str
    default_name: str
    key: str
    ttl_attribute: str
    # The stream's view type, or None for no stream.
    stream: str | None = None
    indexes: tuple[IndexSpec, ...] = ()


# KEYS_ONLY: the notifier reads the lead by its key, so no personal data is copied into the stream.
# The lookup index (leadcapture/domain/lookup.py): sparse, keys only, so it holds hashes and ids alone.
LOOKUP_INDEXES = (IndexSpec("by_email_hash", "email_hash"), IndexSpec("by_phone_hash", "phone_hash"))
LEADS = TableSpec("LEADS_TABLE_NAME", "leads", key="id", ttl_attribute="expires_at", stream="KEYS_ONLY", indexes=LOOKUP_INDEXES)
# Powertools idempotency's default attribute names: key "id", TTL "expiration".
IDEMPOTENCY = TableSpec("IDEMPOTENCY_TABLE_NAME", "idempotency", key="id", ttl_attribute="expiration")
RATE_LIMITS = TableSpec("RATE_LIMIT_TABLE_NAME", "rate-limits", key="pk", ttl_attribute="expires_at")

ALL = (LEADS, IDEMPOTENCY, RATE_LIMITS)


def create_table(client: Any, spec: TableSpec, name: str) -> None:
    """Create one table (on-demand, TTL on) with a boto3 DynamoDB client; moto or real AWS."""
    extra: dict[str, Any] = {}
    if spec.stream:
        extra["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": spec.stream}
    if spec.indexes:
        extra["GlobalSecondaryIndexes"] = [
            {"IndexName": i.name, "KeySchema": [{"AttributeName": i.key, "KeyType": "HASH"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}
            for i in spec.indexes
        ]
    client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": spec.key, "KeyType": "HASH"}],
        AttributeDefinitions=attribute_definitions(spec),
        BillingMode="PAY_PER_REQUEST",
        **extra,
    )
    client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    client.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": spec.ttl_attribute})


def attribute_definitions(spec: TableSpec) -> list[dict[str, str]]:
    """The table's key and every index key, all strings."""
    return [{"AttributeName": name, "AttributeType": "S"} for name in (spec.key, *(i.key for i in spec.indexes))]


def create_all(client: Any, names: dict[str, str]) -> None:
    """Create every table; `names` maps each spec's env var to the table name to use."""
    for spec in ALL:
        create_table(client, spec, names.get(spec.env_var, spec.default_name))
