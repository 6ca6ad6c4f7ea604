"""DynamoDB access for leads: the only module that reads or writes the leads table.

Knows nothing of HTTP or SES. Every write is conditional: a new lead never overwrites one, and the
notifier's marks apply once. botocore's errors become our own (StorageUnavailable, LeadExists).

The lookup index (`domain/lookup.py`): a lead carries `email_hash` and `phone_hash` when it has
that channel, and two sparse global secondary indexes (`by_email_hash`, `by_phone_hash`, keys
only: infra/build/tables.py and template.yaml) hold just those hashes and the lead's id.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.metrics import MetricUnit

from leadcapture.adapters.aws import storage_errors, table_call
from leadcapture.kernel.errors import LeadExists
from leadcapture.kernel.lead import Consent, Lead, Note
from leadcapture.kernel.lookup import LookupKeys
from leadcapture.kernel.open_leads import FollowupKind, OpenLead
from leadcapture.kernel.status import OPEN as OPEN_STATUSES
from leadcapture.kernel.status import By, HistoryEvent, Status, StatusChange, actor, is_open, reachable_from
from leadcapture.observability import logger, metrics

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

    from leadcapture.kernel.close_note import CloseNoteKind
    from leadcapture.kernel.lead import PersonEmail
    from leadcapture.kernel.ports import EmailEvent

KEY = "id"
# The lookup index: attribute -> its global secondary index.
LOOKUP_INDEXES = {"email_hash": "by_email_hash", "phone_hash": "by_phone_hash"}


def lookup_key_unavailable() -> None:
    """The lookup key could not be read: the lead is stored without its hashes (`leads reindex` adds them)."""
    metrics.add_metric(name="LookupKeyUnavailable", unit=MetricUnit.Count, value=1)
    logger.warning("lead stored without lookup hashes: lookup key unavailable")


# The sparse open-leads index (infra/build/tables.py): a lead is in it while its status is open
# (domain/status.py OPEN), under one partition value, sorted by arrival. Every write that changes
# the status sets or removes `open_bucket` in the same update, so the index cannot drift.
OPEN_INDEX = "open-leads"
OPEN_BUCKET = "open_bucket"
OPEN = "open"


_INTO_OPEN_INDEX = f"{OPEN_BUCKET} = :open"

# Appends one change to the lead's history in the same write that changes its status.
_APPEND_HISTORY = "history = list_append(if_not_exists(history, :no_history), :change)"


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


def _history_values(status: Status, at: str, by: By, event: HistoryEvent | None = None) -> dict[str, Any]:
    """One history entry to append: a change to `status`, or (`event` given) an event at the lead's
    status that changes nothing (kernel/status.py HistoryEvent)."""
    word, who = actor(by)
    change: dict[str, Any] = {"M": {"status": {"S": status}, "at": {"S": at}, "by": {"S": word}}}
    if who:  # the desk's signed-in user (never logged)
        change["M"]["who"] = {"S": who}
    if event:
        change["M"]["event"] = {"S": event}
    return {":no_history": {"L": []}, ":change": {"L": [change]}}


def _open_index_change(to: Status) -> str:
    """Appended to a status change's SET: into the open-leads index when `to` is open, out of it otherwise."""
    return f", {OPEN_BUCKET} = :open" if is_open(to) else f" REMOVE {OPEN_BUCKET}"


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


class LeadStore:
    """The leads table."""

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
        item.update(_lookup_attributes(lookup))
        try:
            self._call("put_item", Item=item, ConditionExpression="attribute_not_exists(#id)", ExpressionAttributeNames={"#id": KEY})
        except ClientError:
            raise LeadExists(lead.id) from None

    def get(self, lead_id: str) -> Lead | None:
        answer = self._call("get_item", Key={KEY: {"S": lead_id}}, ConsistentRead=True)
        item = answer.get("Item")
        return from_item(item) if item else None

    def mark_notified(self, lead_id: str, *, message_id: str, at: str) -> bool:
        """Record the coordinator email (`notified`); False when the lead was already marked (nothing changed)."""
        return self._mark(
            lead_id,
            f"SET #status = :notified, notified_at = :at, ses_message_id = :mid, {_APPEND_HISTORY} REMOVE notify_error",
            {":notified": {"S": "notified"}, ":at": {"S": at}, ":mid": {"S": message_id}, **_history_values("notified", at, "notifier")},
        )

    def mark_notify_failed(self, lead_id: str, *, reason: str, at: str) -> bool:
        """Record that SES refused the email for good; False when the lead was already marked."""
        return self._mark(
            lead_id,
            f"SET #status = :failed, notify_error = :reason, notify_failed_at = :at, {_APPEND_HISTORY}",
            {
                ":failed": {"S": "notify_failed"},
                ":reason": {"S": reason},
                ":at": {"S": at},
                **_history_values("notify_failed", at, "notifier"),
            },
        )

    def release_from_quarantine(self, lead_id: str, *, expires_at: int, at: str, status: Status = "new", by: By = "promotion") -> bool:
        """Turn a quarantined (`spam`) lead into a `new` one (`notified` when it was already emailed,
        urgent), open and so in the open-leads index; False when it was not quarantined. `by`/`who`:
        the desk's "Not spam" records its user (a Person)."""
        return self._update_if(
            lead_id,
            f"SET #status = :new, expires_at = :expires_at, released_at = :at, {_INTO_OPEN_INDEX}, {_APPEND_HISTORY}",
            "attribute_exists(#id) AND #status = :spam",
            {
                ":new": {"S": status},
                ":spam": {"S": "spam"},
                ":expires_at": {"N": str(expires_at)},
                ":at": {"S": at},
                ":open": {"S": OPEN},
                **_history_values(status, at, by),
            },
        )

    def mark_urgent_on_second_look(self, lead_id: str, *, at: str, released_expires_at: int | None = None) -> bool:
        """Mark a lead urgent on the notifier's second look (notify/domain/second_look.py), once:
        `urgent`, `urgent_by`, `urgent_at` and a history entry, on a `new` lead not urgent yet. With
        `released_expires_at`, on a quarantined one instead, which is released in the same write as
        intake keeps an urgent trapped lead: `new`, `trapped`, that expiry, into the open-leads index.
        False when it is urgent already or not in that status (nothing changed); never clears a flag."""
        values: dict[str, Any] = {
            ":yes": {"BOOL": True},
            ":no": {"BOOL": False},
            ":by": {"S": "second_look"},
            ":at": {"S": at},
            ":from": {"S": "new" if released_expires_at is None else "spam"},
            **_history_values("new", at, "second_look", "urgent_on_second_look"),
        }
        update = f"SET urgent = :yes, urgent_by = :by, urgent_at = :at, {_APPEND_HISTORY}"
        if released_expires_at is not None:
            update += f", #status = :new, trapped = :yes, expires_at = :expires_at, released_at = :at, {_INTO_OPEN_INDEX}"
            values |= {":new": {"S": "new"}, ":expires_at": {"N": str(released_expires_at)}, ":open": {"S": OPEN}}
        return self._update_if(
            lead_id, update, "attribute_exists(#id) AND #status = :from AND (attribute_not_exists(urgent) OR urgent = :no)", values
        )

    def change_status(self, lead_id: str, to: Status, *, at: str, by: By, from_statuses: Collection[Status] | None = None) -> bool:
        """Move the lead to `to` if its current status allows it (domain/status.py), or is one of
        `from_statuses` when given (a reopen); False when it did not.

        Sets `<status>_at` (delivered_at, contacted_at, ...) with the time, for reports and metrics.
        """
        sources = tuple(from_statuses) if from_statuses is not None else reachable_from(to)
        if not sources:
            return False
        placeholders = {f":from{i}": {"S": status} for i, status in enumerate(sources)}
        stamp = "" if to in {"new", "notified"} or from_statuses is not None else f", {to}_at = :at"
        return self._update_if(
            lead_id,
            f"SET #status = :to, status_changed_at = :at{stamp}, {_APPEND_HISTORY}{_open_index_change(to)}",
            f"attribute_exists(#id) AND #status IN ({', '.join(placeholders)})",
            {
                ":to": {"S": to},
                ":at": {"S": at},
                **placeholders,
                **_history_values(to, at, by),
                **({":open": {"S": OPEN}} if is_open(to) else {}),
            },
        )

    def mark_bounced(self, lead_id: str, *, bounce_type: str, at: str) -> bool:
        """`notified`/`delivered` -> `bounced`, with `bounced_at`, `bounce_type` and a history entry
        by `ses`, in one conditional write; False when the status does not allow it."""
        sources = {f":from{i}": {"S": status} for i, status in enumerate(reachable_from("bounced"))}
        return self._update_if(
            lead_id,
            f"SET #status = :bounced, status_changed_at = :at, bounced_at = :at, bounce_type = :type, {_APPEND_HISTORY}",
            f"attribute_exists(#id) AND #status IN ({', '.join(sources)})",
            {
                ":bounced": {"S": "bounced"},
                ":at": {"S": at},
                ":type": {"S": bounce_type},
                **sources,
                **_history_values("bounced", at, "ses"),
            },
        )

    def record_email_event(self, lead_id: str, event: EmailEvent, *, at: str, bounce_type: str | None = None) -> bool:
        """Set `<event>_at` (and `bounce_type`) once, with no status change; False when it was already set."""
        extra = ", bounce_type = :type" if bounce_type else ""
        values = {":at": {"S": at}, **({":type": {"S": bounce_type}} if bounce_type else {})}
        return self._update_if(
            lead_id, f"SET {event}_at = :at{extra}", f"attribute_exists(#id) AND attribute_not_exists({event}_at)", values
        )

    def mark_bounce_escalated(self, lead_id: str, *, message_id: str, at: str) -> bool:
        """Record the escalation copy's SES message id once; False when it was already recorded."""
        return self._update_if(
            lead_id,
            "SET bounce_escalated_at = :at, bounce_escalation_message_id = :mid",
            "attribute_exists(#id) AND attribute_not_exists(bounce_escalation_message_id)",
            {":at": {"S": at}, ":mid": {"S": message_id}},
        )

    # --- the person's side (issue 23): the close note asked for, the person's emails sent, and what SES said of them

    def request_close_note(self, lead_id: str, kind: CloseNoteKind, *, at: str, by: By) -> bool:
        """Record that the close note was asked for (kernel/close_note.py), with a history entry, when the
        status is still `kind` and none was asked for; False otherwise. Writes nothing else: the
        actions role may write only these attributes and a status change's."""
        return self._update_if(
            lead_id,
            f"SET close_note = :kind, close_note_requested_at = :at, {_APPEND_HISTORY}",
            "attribute_exists(#id) AND #status = :kind AND attribute_not_exists(close_note_requested_at)",
            {":kind": {"S": kind}, ":at": {"S": at}, **_history_values(kind, at, by, "close_note_requested")},
        )

    def mark_acknowledged(self, lead_id: str, *, at: str, message_id: str | None = None, error: str | None = None) -> bool:
        """Record the acknowledgement once: sent (its SES message id) or refused for good (`error`);
        False when already recorded."""
        return self._mark_person_email(lead_id, "acknowledgement", at=at, sent=(message_id, error))

    def mark_close_note_sent(
        self, lead_id: str, kind: CloseNoteKind, *, at: str, message_id: str | None = None, error: str | None = None
    ) -> bool:
        """Record the close note once: sent (its SES message id, and a history entry at the status it
        closed) or refused for good (`error`); False when already recorded."""
        history = _history_values(kind, at, "notifier", "close_note_sent") if message_id is not None else None
        return self._mark_person_email(lead_id, "close_note", at=at, sent=(message_id, error), history=history)

    def _mark_person_email(
        self, lead_id: str, kind: PersonEmail, *, at: str, sent: tuple[str | None, str | None], history: dict[str, Any] | None = None
    ) -> bool:
        stamp = "acknowledgement_sent_at" if kind == "acknowledgement" else "close_note_sent_at"
        message_id, error = sent
        values: dict[str, Any] = {":at": {"S": at}}
        if message_id is None:
            update, values[":error"] = f"SET {kind}_error = :error", {"S": error or "unknown"}
        else:
            update, values[":mid"] = f"SET {stamp} = :at, {kind}_message_id = :mid", {"S": message_id}
        if history is not None:
            update += f", {_APPEND_HISTORY}"
            values |= history
        condition = f"attribute_exists(#id) AND attribute_not_exists({stamp}) AND attribute_not_exists({kind}_error)"
        return self._update_if(lead_id, update, condition, values)

    def record_person_email_event(self, lead_id: str, kind: PersonEmail, event: str, *, at: str, bounce_type: str | None = None) -> bool:
        """Set `<kind>_<event>_at` (delivered, bounced, complaint) and a bounce's type once, with no
        status change and apart from the coordinator email's; False when already set or no lead."""
        extra = f", {kind}_bounce_type = :type" if bounce_type else ""
        values = {":at": {"S": at}, **({":type": {"S": bounce_type}} if bounce_type else {})}
        return self._update_if(
            lead_id, f"SET {kind}_{event}_at = :at{extra}", f"attribute_exists(#id) AND attribute_not_exists({kind}_{event}_at)", values
        )

    def _mark(self, lead_id: str, update: str, values: dict[str, Any]) -> bool:
        return self._update_if(
            lead_id,
            update,
            "attribute_exists(#id) AND attribute_not_exists(notified_at) AND #status <> :failed_status",
            {**values, ":failed_status": {"S": "notify_failed"}},
        )

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

    def reopen_failed(self, lead_id: str, *, at: str) -> bool:
        """Set a lead SES refused (`notify_failed`) back to `new` so the notifier tries again;
        False when it is no longer `notify_failed` or was notified meanwhile."""
        return self._update_if(
            lead_id,
            f"SET #status = :new, status_changed_at = :at, {_APPEND_HISTORY} REMOVE notify_error, notify_failed_at",
            "attribute_exists(#id) AND #status = :failed AND attribute_not_exists(notified_at)",
            {":new": {"S": "new"}, ":failed": {"S": "notify_failed"}, ":at": {"S": at}, **_history_values("new", at, "redrive")},
        )

    def open_leads(self, received_before: str) -> Iterator[OpenLead]:
        """Open, not yet escalated leads received before the stamp, oldest first (a Query of the index)."""
        paginator = self.client.get_paginator("query")
        pages = paginator.paginate(
            TableName=self.table_name,
            IndexName=OPEN_INDEX,
            KeyConditionExpression="#bucket = :open AND created_at < :before",
            FilterExpression="attribute_not_exists(escalated_at)",
            ExpressionAttributeNames={"#bucket": OPEN_BUCKET},
            ExpressionAttributeValues={":open": {"S": OPEN}, ":before": {"S": received_before}},
        )
        with storage_errors():
            for page in pages:
                for item in page.get("Items", []):
                    yield OpenLead(
                        id=item[KEY]["S"],
                        created_at=item["created_at"]["S"],
                        reminded_at=item.get("reminded_at", {}).get("S"),
                        escalated_at=item.get("escalated_at", {}).get("S"),
                    )

    def mark_followup(self, lead_id: str, kind: FollowupKind, *, at: str, message_id: str | None, error: str | None = None) -> bool:
        """Record a reminder (`reminded_at`) or escalation (`escalated_at`) once; False when it was recorded before."""
        from botocore.exceptions import ClientError

        stamp = "reminded_at" if kind == "reminder" else "escalated_at"
        values: dict[str, Any] = {":at": {"S": at}}
        extra = ""
        if message_id is not None:
            extra, values[":mid"] = f", {kind}_message_id = :mid", {"S": message_id}
        if error is not None:
            extra, values[":error"] = f"{extra}, {kind}_error = :error", {"S": error}
        try:
            self._call(
                "update_item",
                Key={KEY: {"S": lead_id}},
                UpdateExpression=f"SET {stamp} = :at{extra}",
                ConditionExpression=f"attribute_exists(#id) AND attribute_not_exists({stamp})",
                ExpressionAttributeNames={"#id": KEY},
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

    def waiting_for_email(self, *, created_before: str, include_failed: bool = False) -> list[tuple[str, Status]]:
        """(id, status) of every lead still owed its coordinator email, created before the stamp.

        Status `new` (or `notify_failed` too) and no `notified_at`; reads ids and statuses only.
        """
        statuses = {":new": {"S": "new"}}
        wanted = "#status = :new"
        if include_failed:
            statuses[":failed"] = {"S": "notify_failed"}
            wanted = "(#status = :new OR #status = :failed)"
        kwargs = {
            "TableName": self.table_name,
            "ConsistentRead": True,
            "ProjectionExpression": "#id, #status",
            "FilterExpression": f"{wanted} AND attribute_not_exists(notified_at) AND created_at < :cutoff",
            "ExpressionAttributeNames": {"#id": KEY, "#status": "status"},
            "ExpressionAttributeValues": {**statuses, ":cutoff": {"S": created_before}},
        }
        return sorted((item[KEY]["S"], item["status"]["S"]) for item in self._pages("scan", kwargs))

    def find(self, lookup: LookupKeys) -> list[str]:
        """The ids of every lead indexed under these hashes (a query of each index, never a scan)."""
        found: set[str] = set()
        for attribute, index in LOOKUP_INDEXES.items():
            value = getattr(lookup, attribute)
            if not value:
                continue
            kwargs = {
                "TableName": self.table_name,
                "IndexName": index,
                "KeyConditionExpression": "#h = :h",
                "ExpressionAttributeNames": {"#h": attribute},
                "ExpressionAttributeValues": {":h": {"S": value}},
            }
            found.update(item[KEY]["S"] for item in self._pages("query", kwargs))
        return sorted(found)

    def index(self, lead_id: str, lookup: LookupKeys) -> bool:
        """Add the lookup hashes to a stored lead (reindex); False when there is no such lead."""
        from botocore.exceptions import ClientError

        attributes = _lookup_attributes(lookup)
        if not attributes:
            return False
        names = {f"#a{i}": name for i, name in enumerate(attributes)}
        values = {f":v{i}": value for i, value in enumerate(attributes.values())}
        try:
            self._call(
                "update_item",
                Key={KEY: {"S": lead_id}},
                UpdateExpression="SET " + ", ".join(f"#a{i} = :v{i}" for i in range(len(attributes))),
                ConditionExpression="attribute_exists(#id)",
                ExpressionAttributeNames={"#id": KEY, **names},
                ExpressionAttributeValues=values,
            )
        except ClientError:
            return False
        return True

    def delete(self, lead_id: str) -> bool:
        """Remove a lead for good (deletion on request); False when it was not there."""
        answer = self._call("delete_item", Key={KEY: {"S": lead_id}}, ReturnValues="ALL_OLD")
        return bool(answer.get("Attributes"))

    # --- urgent pages (kernel/paging.py): each write conditional, none once someone has the lead ---

    def acknowledge(self, lead_id: str, *, at: str, by: str) -> bool:
        """ "I'm on it": set `acknowledged_at` and `acknowledged_by` once; False when someone has it already."""
        return self._update_if(
            lead_id,
            "SET acknowledged_at = :at, acknowledged_by = :by",
            "attribute_exists(#id) AND attribute_not_exists(acknowledged_at)",
            {":at": {"S": at}, ":by": {"S": by}},
        )

    def claim_page(self, lead_id: str, number: int, *, at: str) -> bool:
        """Page `number` is being sent: `page_count` becomes it (`paged_at` is the first page's time);
        False when the lead is acknowledged, no longer open, or that page was claimed already."""
        first = ", paged_at = if_not_exists(paged_at, :at)" if number == 1 else ""
        return self._update_if(
            lead_id,
            f"SET page_count = :n, last_paged_at = :at{first}",
            f"{_UNACKNOWLEDGED_AND_OPEN} AND (attribute_not_exists(page_count) OR page_count < :n)",
            {":n": {"N": str(number)}, ":at": {"S": at}, **_OPEN_STATUSES},
        )

    def claim_page_escalation(self, lead_id: str, *, at: str) -> bool:
        """Nobody had the lead after its last page: `page_escalated_at`, once; False when someone has it
        now, it is no longer open, or it was escalated already."""
        return self._update_if(
            lead_id,
            "SET page_escalated_at = :at",
            f"{_UNACKNOWLEDGED_AND_OPEN} AND attribute_not_exists(page_escalated_at)",
            {":at": {"S": at}, **_OPEN_STATUSES},
        )

    def mark_page_scheduled(self, lead_id: str, step: int) -> bool:
        """Paging step `step` is on the queue (`page_scheduled`), so a retry does not put it there again;
        False when that step or a later one was recorded already."""
        return self._update_if(
            lead_id,
            "SET page_scheduled = :step",
            "attribute_exists(#id) AND (attribute_not_exists(page_scheduled) OR page_scheduled < :step)",
            {":step": {"N": str(step)}},
        )


# Pages go only to a lead that is open and that nobody has ("I'm on it" not pressed).
_OPEN_STATUSES = {f":open{i}": {"S": status} for i, status in enumerate(sorted(OPEN_STATUSES))}
_UNACKNOWLEDGED_AND_OPEN = f"attribute_exists(#id) AND attribute_not_exists(acknowledged_at) AND #status IN ({', '.join(_OPEN_STATUSES)})"


def _lookup_attributes(lookup: LookupKeys | None) -> dict[str, dict[str, str]]:
    if lookup is None:
        return {}
    return {name: {"S": value} for name in LOOKUP_INDEXES if (value := getattr(lookup, name))}
