"""Start paging an urgent lead: its first page goes on the page queue the moment the notifier sees it.

The notifier is where a new lead is first seen, so paging starts here, before the coordinator email
(SES trouble never delays a page). The page itself is sent by the urgent function, which takes the
step from the queue at once (no delay) and sends every page after it too (kernel/paging.py).

Once per lead: `page_scheduled` is recorded on the lead after the step is on the queue, so the
stream's retry of a lead (its email failed, say) does not put it there again. A retry between the
two puts a second copy of step 1 there, which the urgent function recognises and drops.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from leadcapture.kernel.errors import LeadNotFound
from leadcapture.kernel.paging import first_request, needs_paging

if TYPE_CHECKING:
    from datetime import datetime

    from leadcapture.kernel.paging import PageQueue
    from leadcapture.notify.domain.ports import PagingStore

# started: step 1 is on the queue. already: it was put there before. not_paged: not urgent, or someone has it.
StartOutcome = Literal["started", "already", "not_paged"]


def start_paging(lead_id: str, *, store: PagingStore, queue: PageQueue, now: datetime) -> StartOutcome:
    """Put an urgent lead's first page on the queue, once. QueueUnavailable / StorageUnavailable to retry."""
    lead = store.get(lead_id)
    if lead is None:
        raise LeadNotFound(lead_id)
    if not needs_paging(lead):
        return "not_paged"
    if (lead.page_scheduled or 0) >= 1 or (lead.page_count or 0) >= 1:
        return "already"
    request = first_request(lead.id, now)
    queue.schedule(request, delay_seconds=0)
    store.mark_page_scheduled(lead.id, request.step)
    return "started"
