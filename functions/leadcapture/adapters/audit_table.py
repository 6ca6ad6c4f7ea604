"""The audit table (issue 22): records added with PutItem, never over another, and read by Query.

A record is written only where no record has its key (`attribute_not_exists(id)`): the table's
grants allow nothing but PutItem and Query to any role (template.yaml AuditTable), and this
condition means even PutItem cannot overwrite a record. Records leave by the table's TTL only
(`expires_at`, AuditRetentionDays after they were written).

Reads go through three indexes, each sorted by the record's key (its time): every record (`log`,
one value), one user's (`who`), one lead's (`lead_id`); a date range is a key range, newest first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from leadcapture.adapters.aws import error_code, storage_errors
from leadcapture.kernel.audit import Entry, Filter, Who, expires_at
from leadcapture.kernel.errors import StorageUnavailable

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

KEY = "id"
# The every-record index's one partition value: a practice's desk writes a few thousand records a
# month, far below what one partition takes (1,000 writes a second).
LOG = "audit"
BY_TIME, BY_USER, BY_LEAD = "by-time", "by-user", "by-lead"
# A page's cursor: the key of its last record (a UTC stamp and 16 hex digits).
CURSOR = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[0-9a-f]{16}")
FIRST, LAST = "0000", "9999"


class RecordExists(StorageUnavailable):
    """A record with this key is already there (the key's 64 random bits make this a bug, never a retry)."""


@dataclass(frozen=True, slots=True)
class AuditPage:
    entries: tuple[Entry, ...]
    next: str | None  # the cursor of the next page; None: the last one


class AuditTable:
    def __init__(self, table_name: str, client: DynamoDBClient, *, retention_days: int) -> None:
        self.table_name = table_name
        self.client = client
        self.retention_days = retention_days

    def add(self, record: Entry) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.put_item(
                TableName=self.table_name,
                Item=to_item(record, expires_at(record.at, self.retention_days)),
                ConditionExpression="attribute_not_exists(#id)",
                ExpressionAttributeNames={"#id": KEY},
            )
        except ClientError as err:
            if error_code(err) == "ConditionalCheckFailedException":
                raise RecordExists(error_code(err)) from None
            raise StorageUnavailable(error_code(err)) from None
        except BotoCoreError as err:
            raise StorageUnavailable(type(err).__name__) from None

    def page(self, wanted: Filter, *, after: str | None = None, limit: int = 50) -> AuditPage:
        """Up to `limit` records that match, newest first, from just before `after` (a cursor)."""
        found: list[Entry] = []
        for record in self._query(wanted, after):
            found.append(record)
            if len(found) == limit:
                return AuditPage(tuple(found), record.key)
        return AuditPage(tuple(found), None)

    def every(self, wanted: Filter) -> Iterator[Entry]:
        """Every record that matches, newest first (the `leads audit` command)."""
        yield from self._query(wanted, None)

    def _query(self, wanted: Filter, after: str | None) -> Iterator[Entry]:

        high = wanted.until or LAST
        if after and CURSOR.fullmatch(after) and after < high:
            high = after
        if wanted.lead_id:
            index, partition, value = BY_LEAD, "lead_id", wanted.lead_id
        elif wanted.user:
            index, partition, value = BY_USER, "who", wanted.user
        else:
            index, partition, value = BY_TIME, "log", LOG
        kwargs: dict[str, Any] = {
            "TableName": self.table_name,
            "IndexName": index,
            "KeyConditionExpression": "#p = :p AND #k BETWEEN :low AND :high",
            "ExpressionAttributeNames": {"#p": partition, "#k": KEY},
            "ExpressionAttributeValues": {":p": {"S": value}, ":low": {"S": wanted.since or FIRST}, ":high": {"S": high}},
            "ScanIndexForward": False,
        }
        if wanted.lead_id and wanted.user:
            kwargs["FilterExpression"] = "#w = :w"
            kwargs["ExpressionAttributeNames"]["#w"] = "who"
            kwargs["ExpressionAttributeValues"][":w"] = {"S": wanted.user}
        with storage_errors():
            for page in self.client.get_paginator("query").paginate(**kwargs):
                for item in page.get("Items", []):
                    if item[KEY]["S"] != after:  # BETWEEN includes the cursor's own record
                        yield from_item(item)


def to_item(record: Entry, expires: int) -> dict[str, Any]:
    item: dict[str, Any] = {
        KEY: {"S": record.key},
        "log": {"S": LOG},
        "at": {"S": record.at},
        "via": {"S": record.who.via},
        "action": {"S": record.action},
        "expires_at": {"N": str(expires)},
    }
    # Index keys cannot be empty strings: an unknown user, a record of no lead, leave them out.
    if record.who.id:
        item["who"] = {"S": record.who.id}
    if record.who.name:
        item["who_name"] = {"S": record.who.name}
    if record.lead_id:
        item["lead_id"] = {"S": record.lead_id}
    if record.detail:
        item["detail"] = {"M": {k: {"N": str(v)} if isinstance(v, int) else {"S": v} for k, v in record.detail.items()}}
    return item


def from_item(item: dict[str, Any]) -> Entry:
    detail: dict[str, str | int] = {}
    for name, value in item.get("detail", {}).get("M", {}).items():
        detail[name] = int(value["N"]) if "N" in value else str(value.get("S", ""))
    via = item.get("via", {}).get("S", "desk")
    who = Who(item.get("who", {}).get("S", ""), item.get("who_name", {}).get("S", ""), "cli" if via == "cli" else "desk")
    return Entry(item[KEY]["S"], item["at"]["S"], who, item["action"]["S"], item.get("lead_id", {}).get("S"), detail)
