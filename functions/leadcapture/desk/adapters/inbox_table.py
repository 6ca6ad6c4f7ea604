"""The leads table as the desk reads and writes it (issue 21): index pages, rows by key, the first opening, notes.

An extension of the shared `LeadStore` (adapters/leads_table.py), on the same client and plumbing;
the desk's own queries live here, with the feature. Every list is a Query of an index (the open-leads index; the by-status index),
never a Scan; the rows' few fields are then read by key (BatchGetItem, with a projection), and a
lead page by GetItem. Writes are conditional: the first opening is recorded once, a note is
appended while the lead has fewer than the cap.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from leadcapture.adapters.aws import storage_errors
from leadcapture.adapters.leads.items import KEY, OPEN, OPEN_BUCKET, OPEN_INDEX, from_item
from leadcapture.adapters.leads_table import LeadStore
from leadcapture.desk.domain.ports import IndexPage, Summary
from leadcapture.kernel.lead import Lead, Note
from leadcapture.kernel.status import OUTCOMES, Status

BY_STATUS_INDEX = "by-status"
# What an inbox row reads of each lead (BatchGetItem's projection).
_ROW = {
    "#id": "id",
    "#c": "created_at",
    "#s": "status",
    "#f": "first_name",
    "#l": "last_name",
    "#u": "urgent",
    "#g": "language",
    "#o": "opened_at",
    "#t": "trapped",
    # Whether someone has an urgent lead: "I'm on it", or an outcome in its history (kernel/paging.py).
    "#k": "acknowledged_at",
    "#h": "history",
}
# BatchGetItem takes at most 100 keys.
_BATCH = 100


class InboxStore(LeadStore):
    def open_page(self, *, urgent: bool, since: str, until: str, after: dict[str, str] | None, limit: int) -> IndexPage:
        """Open leads received in [since, until), urgent or not, oldest first."""
        wanted = "#u = :yes" if urgent else "(attribute_not_exists(#u) OR #u = :no)"
        flag = {":yes": {"BOOL": True}} if urgent else {":no": {"BOOL": False}}
        return self._page(
            IndexName=OPEN_INDEX,
            KeyConditionExpression="#b = :open AND created_at BETWEEN :since AND :until",
            FilterExpression=wanted,
            ExpressionAttributeNames={"#b": OPEN_BUCKET, "#u": "urgent"},
            ExpressionAttributeValues={
                ":open": {"S": OPEN},
                ":since": {"S": since},
                ":until": {"S": until},
                **flag,
            },
            ScanIndexForward=True,
            after=after,
            limit=limit,
        )

    def status_page(self, status: Status, *, since: str, until: str, after: dict[str, str] | None, limit: int) -> IndexPage:
        """One status's leads received in [since, until), newest first."""
        return self._page(
            IndexName=BY_STATUS_INDEX,
            KeyConditionExpression="#s = :status AND created_at BETWEEN :since AND :until",
            ExpressionAttributeNames={"#s": "status"},
            ExpressionAttributeValues={":status": {"S": status}, ":since": {"S": since}, ":until": {"S": until}},
            ScanIndexForward=False,
            after=after,
            limit=limit,
        )

    def _page(self, *, after: dict[str, str] | None, limit: int, **query: Any) -> IndexPage:
        """Up to `limit` ids in the index's order: Query pages are read until that many matched (a filter
        may drop some), each one's size bounded so no page reads more than it needs."""
        ids: list[str] = []
        start = {k: {"S": v} for k, v in after.items()} if after else None
        while True:
            # A filtered query reads Limit items before its filter: read a little more than is left.
            kwargs = dict(query, Limit=max(limit - len(ids), 1) if "FilterExpression" not in query else max(limit, 25))
            if start:
                kwargs["ExclusiveStartKey"] = start
            answer = self._call("query", **kwargs)
            for item in answer.get("Items", []):
                ids.append(item[KEY]["S"])
                if len(ids) == limit:
                    return IndexPage(tuple(ids), _cursor(item, query["IndexName"]))
            start = answer.get("LastEvaluatedKey")
            if not start:
                return IndexPage(tuple(ids), None)

    def arrivals(self, status: Status, *, since: str, until: str) -> list[tuple[str, str]]:
        """(received, id) of every lead of one status received in [since, until): the by-status index's
        keys only, every page (an export's list; the leads themselves are read by key after)."""
        kwargs = {
            "TableName": self.table_name,
            "IndexName": BY_STATUS_INDEX,
            "KeyConditionExpression": "#s = :status AND created_at BETWEEN :since AND :until",
            "ExpressionAttributeNames": {"#s": "status"},
            "ExpressionAttributeValues": {":status": {"S": status}, ":since": {"S": since}, ":until": {"S": until}},
        }
        return [(item["created_at"]["S"], item[KEY]["S"]) for item in self._pages("query", kwargs) if item["created_at"]["S"] < until]

    def leads(self, ids: Collection[str]) -> list[Lead]:
        """Whole leads by key, in the order asked (at most 100 a request; a lead gone meanwhile is left out)."""
        found = {item[KEY]["S"]: from_item(item) for item in self._items(ids)}
        return [found[i] for i in dict.fromkeys(ids) if i in found]

    def summaries(self, ids: Collection[str]) -> dict[str, Summary]:
        """The inbox rows' fields of these leads, by key (a lead gone meanwhile is left out)."""
        return {summary.id: summary for summary in map(_summary, self._items(ids, _ROW))}

    def _items(self, ids: Collection[str], names: dict[str, str] | None = None) -> Iterator[dict[str, Any]]:
        """These leads' items by key (only the attributes `names` maps, when given), 100 a request."""
        wanted = list(dict.fromkeys(ids))
        for start in range(0, len(wanted), _BATCH):
            ask: dict[str, Any] = {"Keys": [{KEY: {"S": lead_id}} for lead_id in wanted[start : start + _BATCH]]}
            if names:
                ask |= {"ProjectionExpression": ", ".join(names), "ExpressionAttributeNames": names}
            request: dict[str, Any] = {self.table_name: ask}
            for _ in range(5):  # unprocessed keys (throttling) are asked again
                answer = self._batch(request)
                yield from answer.get("Responses", {}).get(self.table_name, [])
                request = answer.get("UnprocessedKeys") or {}
                if not request:
                    break

    def _batch(self, request: dict[str, Any]) -> Any:
        with storage_errors():
            return self.client.batch_get_item(RequestItems=request)

    def mark_opened(self, lead_id: str, *, at: str, by: str) -> bool:
        """The lead's first opening at the desk (once); False when it was opened before or is gone."""
        return self._update_if(
            lead_id,
            "SET opened_at = :at, opened_by = :by",
            "attribute_exists(#id) AND attribute_not_exists(opened_at)",
            {":at": {"S": at}, ":by": {"S": by}},
        )

    def add_note(self, lead_id: str, note: Note, *, cap: int) -> bool:
        """Append a note while the lead has fewer than `cap`; False when it has that many, or is gone."""
        entry = {"M": {"at": {"S": note.at}, "by_sub": {"S": note.by_sub}, "by_name": {"S": note.by_name}, "text": {"S": note.text}}}
        return self._update_if(
            lead_id,
            "SET notes = list_append(if_not_exists(notes, :none), :note)",
            "attribute_exists(#id) AND (attribute_not_exists(notes) OR size(notes) < :cap)",
            {":none": {"L": []}, ":note": {"L": [entry]}, ":cap": {"N": str(cap)}},
        )


def _cursor(item: dict[str, Any], index: str) -> dict[str, str]:
    """The index's key of the last row: where the next page starts."""
    names = ("id", "created_at", OPEN_BUCKET) if index == OPEN_INDEX else ("id", "created_at", "status")
    return {name: item[name]["S"] for name in names if name in item}


def _summary(item: dict[str, Any]) -> Summary:
    def text(name: str) -> str | None:
        value = item.get(name, {}).get("S")
        return str(value) if value is not None else None

    return Summary(
        id=item[KEY]["S"],
        created_at=item["created_at"]["S"],
        status=item["status"]["S"],
        first_name=text("first_name") or "",
        last_name=text("last_name") or "",
        urgent=bool(item.get("urgent", {}).get("BOOL", False)),
        language=text("language"),
        opened_at=text("opened_at"),
        trapped=bool(item.get("trapped", {}).get("BOOL", False)),
        acknowledged="acknowledged_at" in item or any(_an_outcome(change) for change in item.get("history", {}).get("L", [])),
    )


def _an_outcome(change: dict[str, Any]) -> bool:
    """A history entry (a map) that recorded an outcome: what `paging.acknowledged` counts."""
    return change.get("M", {}).get("status", {}).get("S") in OUTCOMES
