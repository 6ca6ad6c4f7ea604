"""A lead's status changes: the desk's and the actions' moves, and a quarantined lead's release.

Apart because every feature that moves a lead (the actions, the desk, the delivery events, the
notifier's release, the ops tools) goes through these two conditional writes, each appending to
the history and keeping the open-leads index in step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from leadcapture.adapters.leads.items import OPEN
from leadcapture.adapters.leads.table import APPEND_HISTORY, INTO_OPEN_INDEX, LeadTable, history_values, open_index_change
from leadcapture.kernel.status import By, Status, is_open, reachable_from

if TYPE_CHECKING:
    from collections.abc import Collection


class StatusChanges(LeadTable):
    def release_from_quarantine(self, lead_id: str, *, expires_at: int, at: str, status: Status = "new", by: By = "promotion") -> bool:
        """Turn a quarantined (`spam`) lead into a `new` one (`notified` when it was already emailed,
        urgent), open and so in the open-leads index; False when it was not quarantined. `by`/`who`:
        the desk's "Not spam" records its user (a Person)."""
        return self._update_if(
            lead_id,
            f"SET #status = :new, expires_at = :expires_at, released_at = :at, {INTO_OPEN_INDEX}, {APPEND_HISTORY}",
            "attribute_exists(#id) AND #status = :spam",
            {
                ":new": {"S": status},
                ":spam": {"S": "spam"},
                ":expires_at": {"N": str(expires_at)},
                ":at": {"S": at},
                ":open": {"S": OPEN},
                **history_values(status, at, by),
            },
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
            f"SET #status = :to, status_changed_at = :at{stamp}, {APPEND_HISTORY}{open_index_change(to)}",
            f"attribute_exists(#id) AND #status IN ({', '.join(placeholders)})",
            {
                ":to": {"S": to},
                ":at": {"S": at},
                **placeholders,
                **history_values(to, at, by),
                **({":open": {"S": OPEN}} if is_open(to) else {}),
            },
        )
