"""The leads table's shared machinery: the class every concern's mixin subclasses (`LeadTable`).

Knows nothing of HTTP or SES. Every write is conditional: a new lead never overwrites one, and the
notifier's marks apply once. botocore's errors become our own (StorageUnavailable, LeadExists).
Here: the client and table name, one conditional update (`_update_if`), paging, the reads and
writes every feature shares (get, put_new, scan, delete), and the update-expression pieces that
keep a lead's history and the open-leads index in step with its status.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from leadcapture.adapters.aws import storage_errors, table_call
from leadcapture.adapters.leads.items import KEY, OPEN, OPEN_BUCKET, from_item, lookup_attributes, to_plain
from leadcapture.kernel.errors import LeadExists
from leadcapture.kernel.status import By, HistoryEvent, Status, actor, is_open

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

    from leadcapture.kernel.lead import Lead
    from leadcapture.kernel.lookup import LookupKeys

INTO_OPEN_INDEX = f"{OPEN_BUCKET} = :open"

# Appends one change to the lead's history in the same write that changes its status.
APPEND_HISTORY = "history = list_append(if_not_exists(history, :no_history), :change)"


def history_values(status: Status, at: str, by: By, event: HistoryEvent | None = None) -> dict[str, Any]:
    """One history entry to append: a change to `status`, or (`event` given) an event at the lead's
    status that changes nothing (kernel/status.py HistoryEvent)."""
    word, who = actor(by)
    change: dict[str, Any] = {"M": {"status": {"S": status}, "at": {"S": at}, "by": {"S": word}}}
    if who:  # the desk's signed-in user (never logged)
        change["M"]["who"] = {"S": who}
    if event:
        change["M"]["event"] = {"S": event}
    return {":no_history": {"L": []}, ":change": {"L": [change]}}


def open_index_change(to: Status) -> str:
    """Appended to a status change's SET: into the open-leads index when `to` is open, out of it otherwise."""
    return f", {OPEN_BUCKET} = :open" if is_open(to) else f" REMOVE {OPEN_BUCKET}"


class LeadTable:
    """The leads table: its client and the plumbing every concern's writes go through."""

    def __init__(self, table_name: str, client: DynamoDBClient) -> None:
        self.table_name = table_name
        self.client = client

    def _call(self, operation: str, **kwargs: Any) -> Any:
        return table_call(self.client, self.table_name, operation, **kwargs)

    def put_new(self, lead: Lead, *, lookup: LookupKeys | None = None) -> None:
        """Store a new lead (with its lookup hashes when given); raises LeadExists rather than overwrite,
        StorageUnavailable on failure."""
        from boto3.dynamodb.types import TypeSerializer
        from botocore.exceptions import ClientError

        serialize = TypeSerializer().serialize
        item = {k: serialize(v) for k, v in to_plain(lead).items()}
        if is_open(lead.status):  # spam and canary never enter the open-leads index
            item[OPEN_BUCKET] = {"S": OPEN}
        item.update(lookup_attributes(lookup))
        try:
            self._call("put_item", Item=item, ConditionExpression="attribute_not_exists(#id)", ExpressionAttributeNames={"#id": KEY})
        except ClientError:
            raise LeadExists(lead.id) from None

    def get(self, lead_id: str) -> Lead | None:
        answer = self._call("get_item", Key={KEY: {"S": lead_id}}, ConsistentRead=True)
        item = answer.get("Item")
        return from_item(item) if item else None

    def _update_if(self, lead_id: str, update: str, condition: str, values: dict[str, Any]) -> bool:
        """One conditional update of a lead; False when the condition did not hold (nothing changed)."""
        from botocore.exceptions import ClientError

        try:
            self._call(
                "update_item",
                Key={KEY: {"S": lead_id}},
                UpdateExpression=update,
                ConditionExpression=condition,
                # DynamoDB refuses a name the expressions do not use.
                ExpressionAttributeNames={"#id": KEY, **({"#status": "status"} if "#status" in update + condition else {})},
                ExpressionAttributeValues=values,
            )
        except ClientError:
            return False
        return True

    def scan(self, *, since: str | None = None, until: str | None = None, page_size: int | None = None) -> Iterator[Lead]:
        """Every lead, page by page (ops tools and the local viewer; never on a request path).

        `since`/`until` (stored UTC stamps) keep leads created at or after / before them. One page
        is in memory at a time: DynamoDB's 1 MB, or `page_size` leads (a bound that does not depend
        on how long the messages are).
        """
        for item in self.scan_items(since=since, until=until, page_size=page_size):
            yield from_item(item)

    def scan_items(
        self, *, since: str | None = None, until: str | None = None, projection: str | None = None, page_size: int | None = None
    ) -> Iterator[dict[str, Any]]:
        """The raw items of a scan, one page in memory at a time."""
        kwargs: dict[str, Any] = {"TableName": self.table_name, "ConsistentRead": True}
        if page_size is not None:
            kwargs["PaginationConfig"] = {"PageSize": page_size}
        conditions, values = [], {}
        if since is not None:
            conditions.append("created_at >= :since")
            values[":since"] = {"S": since}
        if until is not None:
            conditions.append("created_at < :until")
            values[":until"] = {"S": until}
        if conditions:
            kwargs.update(FilterExpression=" AND ".join(conditions), ExpressionAttributeValues=values)
        if projection is not None:
            kwargs["ProjectionExpression"] = projection
        yield from self._pages("scan", kwargs)

    def _pages(self, operation: str, kwargs: dict[str, Any]) -> Iterator[dict[str, Any]]:
        paginator = self.client.get_paginator(operation)  # type: ignore[call-overload]
        with storage_errors():
            for page in paginator.paginate(**kwargs):
                yield from page.get("Items", [])

    def delete(self, lead_id: str) -> bool:
        """Remove a lead for good (deletion on request); False when it was not there."""
        answer = self._call("delete_item", Key={KEY: {"S": lead_id}}, ReturnValues="ALL_OLD")
        return bool(answer.get("Attributes"))
