"""A lead as a DynamoDB item: its key, the attributes its indexes read, and its (de)serialisation.

Apart from the table's class because the ops tools, the local stack and the desk's own queries read
items and plain dicts without a `LeadStore`.

The lookup index (`domain/lookup.py`): a lead carries `email_hash` and `phone_hash` when it has
that channel, and two sparse global secondary indexes (`by_email_hash`, `by_phone_hash`, keys
only: infra/build/tables.py and template.yaml) hold just those hashes and the lead's id.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from leadcapture.kernel.lead import Consent, Lead, Note
from leadcapture.kernel.lookup import LookupKeys
from leadcapture.kernel.status import StatusChange

KEY = "id"
# The lookup index: attribute -> its global secondary index.
LOOKUP_INDEXES = {"email_hash": "by_email_hash", "phone_hash": "by_phone_hash"}

# The sparse open-leads index (infra/build/tables.py): a lead is in it while its status is open
# (domain/status.py OPEN), under one partition value, sorted by arrival. Every write that changes
# the status sets or removes `open_bucket` in the same update, so the index cannot drift.
OPEN_INDEX = "open-leads"
OPEN_BUCKET = "open_bucket"
OPEN = "open"


def to_plain(lead: Lead) -> dict[str, Any]:
    """The lead as a plain JSON-able dict, without empty attributes."""
    plain = dataclasses.asdict(lead)
    plain["history"] = [{k: v for k, v in change.items() if v is not None} for change in plain["history"]]
    plain["notes"] = list(plain["notes"])
    plain["best_time"] = list(plain["best_time"])
    return {k: v for k, v in plain.items() if v is not None and v not in ({}, [])}


def from_plain(data: dict[str, Any]) -> Lead:
    values = {f.name: data[f.name] for f in dataclasses.fields(Lead) if f.name in data}
    values["consent"] = Consent(**data["consent"])
    if data.get("sms_consent"):
        values["sms_consent"] = Consent(**data["sms_consent"])
    values["expires_at"] = int(data["expires_at"])
    values["urgent"] = bool(data.get("urgent", False))
    values["attribution"] = dict(data.get("attribution") or {})
    values["history"] = tuple(StatusChange(**change) for change in data.get("history") or ())
    if data.get("notes"):
        values["notes"] = tuple(Note(**note) for note in data["notes"])
    # One value as text (leads stored before best_time took several), or a list.
    best = data.get("best_time") or ()
    values["best_time"] = (best,) if isinstance(best, str) else tuple(best)
    for flag in ("acknowledge", "trapped"):
        if flag in data:
            values[flag] = bool(data[flag])
    return Lead(**values)


def from_item(item: dict[str, Any]) -> Lead:
    """A lead from a DynamoDB-typed item (as get_item or a stream image returns it)."""
    from boto3.dynamodb.types import TypeDeserializer

    deserialize = TypeDeserializer().deserialize
    return from_plain({k: _undecimal(deserialize(v)) for k, v in item.items()})


def _undecimal(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _undecimal(v) for k, v in value.items()}
    return value


def lookup_attributes(lookup: LookupKeys | None) -> dict[str, dict[str, str]]:
    """The lookup hashes as typed attributes, only those the lead has."""
    if lookup is None:
        return {}
    return {name: {"S": value} for name in LOOKUP_INDEXES if (value := getattr(lookup, name))}
