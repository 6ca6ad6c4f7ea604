"""An urgent lead's marks: urgent on the notifier's second look, and its pages (kernel/paging.py).

Apart because they are one concern, the urgent lead's: the notifier's second look, the urgent-pages
steps, and "I'm on it" (the actions and the desk). Each write is conditional, and no page is claimed
once someone has the lead or it is no longer open.
"""

from __future__ import annotations

from typing import Any

from leadcapture.adapters.leads.items import OPEN
from leadcapture.adapters.leads.table import APPEND_HISTORY, INTO_OPEN_INDEX, LeadTable, history_values
from leadcapture.kernel.status import OPEN as OPEN_STATUSES

# Pages go only to a lead that is open and that nobody has ("I'm on it" not pressed).
_OPEN_STATUSES = {f":open{i}": {"S": status} for i, status in enumerate(sorted(OPEN_STATUSES))}
_UNACKNOWLEDGED_AND_OPEN = f"attribute_exists(#id) AND attribute_not_exists(acknowledged_at) AND #status IN ({', '.join(_OPEN_STATUSES)})"


class UrgentMarks(LeadTable):
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
            **history_values("new", at, "second_look", "urgent_on_second_look"),
        }
        update = f"SET urgent = :yes, urgent_by = :by, urgent_at = :at, {APPEND_HISTORY}"
        if released_expires_at is not None:
            update += f", #status = :new, trapped = :yes, expires_at = :expires_at, released_at = :at, {INTO_OPEN_INDEX}"
            values |= {":new": {"S": "new"}, ":expires_at": {"N": str(released_expires_at)}, ":open": {"S": OPEN}}
        return self._update_if(
            lead_id, update, "attribute_exists(#id) AND #status = :from AND (attribute_not_exists(urgent) OR urgent = :no)", values
        )

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
