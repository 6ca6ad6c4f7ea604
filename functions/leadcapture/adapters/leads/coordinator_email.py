"""The coordinator email's marks on a lead: notified or refused, what SES said of it, a redrive.

Apart because they are one email's story, written by the notifier, the delivery events and the
redrive tool: each mark applies once, and `notified`/`notify_failed` exclude each other (`_mark`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from leadcapture.adapters.leads.items import KEY
from leadcapture.adapters.leads.table import APPEND_HISTORY, LeadTable, history_values
from leadcapture.kernel.status import Status, reachable_from

if TYPE_CHECKING:
    from leadcapture.kernel.ports import EmailEvent


class CoordinatorEmailMarks(LeadTable):
    def mark_notified(self, lead_id: str, *, message_id: str, at: str) -> bool:
        """Record the coordinator email (`notified`); False when the lead was already marked (nothing changed)."""
        return self._mark(
            lead_id,
            f"SET #status = :notified, notified_at = :at, ses_message_id = :mid, {APPEND_HISTORY} REMOVE notify_error",
            {":notified": {"S": "notified"}, ":at": {"S": at}, ":mid": {"S": message_id}, **history_values("notified", at, "notifier")},
        )

    def mark_notify_failed(self, lead_id: str, *, reason: str, at: str) -> bool:
        """Record that SES refused the email for good; False when the lead was already marked."""
        return self._mark(
            lead_id,
            f"SET #status = :failed, notify_error = :reason, notify_failed_at = :at, {APPEND_HISTORY}",
            {
                ":failed": {"S": "notify_failed"},
                ":reason": {"S": reason},
                ":at": {"S": at},
                **history_values("notify_failed", at, "notifier"),
            },
        )

    def mark_bounced(self, lead_id: str, *, bounce_type: str, at: str) -> bool:
        """`notified`/`delivered` -> `bounced`, with `bounced_at`, `bounce_type` and a history entry
        by `ses`, in one conditional write; False when the status does not allow it."""
        sources = {f":from{i}": {"S": status} for i, status in enumerate(reachable_from("bounced"))}
        return self._update_if(
            lead_id,
            f"SET #status = :bounced, status_changed_at = :at, bounced_at = :at, bounce_type = :type, {APPEND_HISTORY}",
            f"attribute_exists(#id) AND #status IN ({', '.join(sources)})",
            {
                ":bounced": {"S": "bounced"},
                ":at": {"S": at},
                ":type": {"S": bounce_type},
                **sources,
                **history_values("bounced", at, "ses"),
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

    def _mark(self, lead_id: str, update: str, values: dict[str, Any]) -> bool:
        return self._update_if(
            lead_id,
            update,
            "attribute_exists(#id) AND attribute_not_exists(notified_at) AND #status <> :failed_status",
            {**values, ":failed_status": {"S": "notify_failed"}},
        )

    def reopen_failed(self, lead_id: str, *, at: str) -> bool:
        """Set a lead SES refused (`notify_failed`) back to `new` so the notifier tries again;
        False when it is no longer `notify_failed` or was notified meanwhile."""
        return self._update_if(
            lead_id,
            f"SET #status = :new, status_changed_at = :at, {APPEND_HISTORY} REMOVE notify_error, notify_failed_at",
            "attribute_exists(#id) AND #status = :failed AND attribute_not_exists(notified_at)",
            {":new": {"S": "new"}, ":failed": {"S": "notify_failed"}, ":at": {"S": at}, **history_values("new", at, "redrive")},
        )

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
