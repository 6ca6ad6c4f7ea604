"""The leads table as the figures page reads it: the by-status index for two months, then a few attributes by key.

The desk may not scan: each status's leads of the window are one Query of the by-status index
(keys only: id, status, created_at), then the records' attributes are read by key (BatchGetItem)
with a projection that holds no personal data: no name, no email, no phone, no message, no note.
Spam needs no read by key: the index says all the figures count of it. For 300 leads a month (600
in the window, a sixth of them spam): 11 Queries and 5 BatchGetItems (tests/integration/test_desk_figures.py
counts them). Why indexes: docs/decisions.md "The desk's inbox reads indexes, and the artifact sheds what nothing imports (2026-12-07)".
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from leadcapture.adapters.leads.items import KEY
from leadcapture.desk.adapters.inbox_table import BY_STATUS_INDEX, InboxStore
from leadcapture.kernel.figures import Record
from leadcapture.kernel.status import STATUSES, Status, StatusChange

# What the figures read of a lead by key; `history` holds statuses, times and the desk user's name, never the person's.
_RECORD = {"#id": "id", "#c": "created_at", "#s": "status", "#u": "urgent", "#h": "history", "#a": "acknowledged_at"}
# The heartbeat's canary is not a request and is never counted; spam is counted from the index alone.
_READ_BY_KEY: tuple[Status, ...] = tuple(s for s in STATUSES if s not in {"canary", "spam"})


class FiguresStore(InboxStore):
    # Items per Query page: None, DynamoDB's 1 MB (some 10,000 keys); tests set a few to read many pages.
    page_limit: int | None = None

    def records(self, *, since: str, until: str) -> list[Record]:
        """Every lead but the canary received in [since, until], as the figures read it."""
        spam = [Record(created_at, "spam") for _, created_at in self._keys("spam", since, until)]
        ids = [lead_id for status in _READ_BY_KEY for lead_id, _ in self._keys(status, since, until)]
        return spam + self._records(ids)

    def _keys(self, status: Status, since: str, until: str) -> list[tuple[str, str]]:
        """(id, created_at) of one status's leads received in [since, until]: the index's pages, whole."""
        found: list[tuple[str, str]] = []
        query: dict[str, Any] = {
            "IndexName": BY_STATUS_INDEX,
            "KeyConditionExpression": "#s = :status AND created_at BETWEEN :since AND :until",
            "ExpressionAttributeNames": {"#s": "status"},
            "ExpressionAttributeValues": {":status": {"S": status}, ":since": {"S": since}, ":until": {"S": until}},
        }
        if self.page_limit is not None:
            query["Limit"] = self.page_limit
        while True:
            answer = self._call("query", **query)
            found += [(item[KEY]["S"], item["created_at"]["S"]) for item in answer.get("Items", [])]
            if not answer.get("LastEvaluatedKey"):
                return found
            query["ExclusiveStartKey"] = answer["LastEvaluatedKey"]

    def _records(self, ids: Collection[str]) -> list[Record]:
        return [_record(item) for item in self._items(ids, _RECORD)]


def _record(item: dict[str, Any]) -> Record:
    def text(value: dict[str, Any] | None) -> str | None:
        return str(value["S"]) if value and "S" in value else None

    def change(entry: dict[str, Any]) -> StatusChange:
        return StatusChange(status=entry["status"]["S"], at=entry["at"]["S"], by=entry["by"]["S"], event=text(entry.get("event")))  # type: ignore[arg-type]

    history = tuple(change(entry["M"]) for entry in item.get("history", {}).get("L", []))
    return Record(
        created_at=item["created_at"]["S"],
        status=item["status"]["S"],
        urgent=bool(item.get("urgent", {}).get("BOOL", False)),
        history=history,
        acknowledged_at=text(item.get("acknowledged_at")),
    )
