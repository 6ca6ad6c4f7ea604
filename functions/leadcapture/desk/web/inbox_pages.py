"""The coordinator's inbox: the listing by view and dates (`GET /desk/inbox`) and find by email or phone.

Apart from the lead's own pages (lead_pages.py): these list leads by their summaries and never
open one, so they add no `lead_viewed` record; a find adds one `find` record (how, how many; never
the term, which comes in a POST so it is never in a URL).
"""

from __future__ import annotations

from urllib.parse import urlencode

from leadcapture.desk.domain import inbox as inbox_rules
from leadcapture.desk.web import pages
from leadcapture.desk.web.http import Answer
from leadcapture.desk.web.routing import Context, route
from leadcapture.kernel.errors import InvalidSubmission
from leadcapture.kernel.lookup import person_keys
from leadcapture.observability import logger


@route("GET", r"/desk/inbox", "coordinator", "/desk/inbox")
def inbox(context: Context) -> Answer:
    query = context.request.query
    view = query.get("show", "open")
    view = view if view in inbox_rules.VIEWS else "open"
    since, until = inbox_rules.parse_day(query.get("from")), inbox_rules.parse_day(query.get("to"))
    asked = inbox_rules.Query(view, since, until, inbox_rules.decode_cursor(query.get("after")))
    listing = inbox_rules.list_leads(asked, inbox=context.wiring.inbox, calendar=context.wiring.calendar, now=context.at)
    following = None
    if listing.next:
        following = urlencode({k: v for k, v in {"show": view, "from": query.get("from", ""), "to": query.get("to", ""),
                                                  "after": listing.next}.items() if v})  # fmt: skip
    caption = "Open, longest waiting first" if view == "open" else f"{inbox_rules.VIEW_WORDS[view]}, newest first"
    if view == "urgent":
        caption = "Urgent and open, longest waiting first"
    return _inbox_page(context, view=view, since=since.isoformat() if since else "", until=until.isoformat() if until else "",
                       urgent=listing.urgent, rows=listing.rows, next=following, caption=caption, found=None)  # fmt: skip


def _inbox_page(context: Context, **values: object) -> Answer:
    views = [(v, inbox_rules.VIEW_WORDS[v]) for v in inbox_rules.VIEWS]
    values.setdefault("message", "")
    status = int(values.pop("status", 200))  # type: ignore[call-overload]
    return pages.render("inbox.html", status, title="Inbox", practice=context.practice, user=context.session, views=views, **values)


@route("POST", r"/desk/find", "coordinator", "/desk/find")
def find(context: Context) -> Answer:
    term = context.request.form.get("find", "").strip()
    blank = {"view": "open", "since": "", "until": "", "urgent": (), "rows": (), "next": None, "caption": ""}
    source = context.wiring.lookup_key
    key = source() if source is not None else None
    if key is None:
        return _inbox_page(context, **blank, found=None, message="Find is unavailable for a moment.", status=503)
    try:
        keys = person_keys(email=term, phone=None, key=key) if "@" in term else person_keys(email=None, phone=term, key=key)
    except InvalidSubmission:
        return _inbox_page(context, **blank, found=None, message="That is not an email address or a phone number.", status=400)
    ids = context.wiring.inbox.find(keys)
    rows = inbox_rules.rows_of(ids, inbox=context.wiring.inbox, calendar=context.wiring.calendar, now=context.at)
    logger.info("desk find", found=len(rows))
    context.record("find", detail={"by": "email" if "@" in term else "phone", "found": len(rows)})
    return _inbox_page(context, **blank, found=rows)
