"""The follow-ups' reads and marks: open leads not yet escalated, and a reminder or escalation recorded once.

Apart because only the follow-ups function uses them, and the read is a Query of the open-leads
index (never a Scan).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from leadcapture.adapters.aws import storage_errors
from leadcapture.adapters.leads.items import KEY, OPEN, OPEN_BUCKET, OPEN_INDEX
from leadcapture.adapters.leads.table import LeadTable
from leadcapture.kernel.open_leads import FollowupKind, OpenLead


class FollowupMarks(LeadTable):
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
