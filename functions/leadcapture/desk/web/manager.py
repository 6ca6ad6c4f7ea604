"""The manager's pages (issue 22): the audit trail, the export, forgetting a person, the desk's people.

Each route needs `manager` in routing.py's table: a coordinator gets 403 and never the data. Each
action a manager takes here adds one audit record (the export: its filter and row count; the
forget: how many records of each kind went); reading the trail and the people list do not (they
hold no lead).
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from aws_lambda_powertools.metrics import MetricUnit

from leadcapture.adapters import forget as removal
from leadcapture.desk.domain import inbox as inbox_rules
from leadcapture.desk.web import pages
from leadcapture.desk.web.http import Answer
from leadcapture.desk.web.routing import Context, route
from leadcapture.kernel import audit
from leadcapture.kernel.csv_export import write_csv
from leadcapture.kernel.errors import InvalidSubmission
from leadcapture.kernel.lead import reference
from leadcapture.kernel.lookup import person_keys
from leadcapture.kernel.status import OPEN, STATUSES
from leadcapture.kernel.timestamps import parse_stamp
from leadcapture.observability import logger, metrics

if TYPE_CHECKING:
    from collections.abc import Iterator

    from leadcapture.kernel.lead import Lead
    from leadcapture.kernel.status import Status

AUDIT_PAGE = 50
ACTION_WORDS: dict[str, str] = {
    "sign_in": "Signed in",
    "sign_in_refused": "Sign-in refused",
    "lead_viewed": "Opened a lead",
    "leads_listed": "Listed leads",
    "status_changed": "Recorded a status",
    "note_added": "Added a note",
    "close_note_requested": "Asked for the close note",
    "promoted": "Promoted from spam",
    "find": "Found a person",
    "export": "Exported",
    "forget": "Forgot a person",
    "users_listed": "Listed the desk's people",
    "user_added": "Added a desk user",
    "user_disabled": "Disabled a desk user",
    "user_removed": "Removed a desk user",
}
# The export's choices: every lead but spam (as `leads export`), the open ones, or one status.
EVERY, OPEN_SET = "", "open"
HIDDEN: frozenset[Status] = frozenset({"spam", "canary"})
# A Lambda answer is at most 6 MB: a bigger file is refused with a precise page (narrow the range).
MAX_EXPORT_BYTES = 5_500_000


# --- the audit trail ---------------------------------------------------------------------------------


@route("GET", r"/desk/audit", "manager", "/desk/audit")
def audit_page(context: Context) -> Answer:
    query = context.request.query
    calendar = context.wiring.calendar
    since, until = inbox_rules.parse_day(query.get("from")), inbox_rules.parse_day(query.get("to"))
    low, high = audit.day_bounds(since, until, calendar.zone)
    user, lead_id = query.get("user", "").strip()[:200], query.get("lead", "").strip().lower()
    if lead_id and not audit.UUID.fullmatch(lead_id):
        lead_id = ""
    wanted = audit.Filter(user=user, lead_id=lead_id, since=low, until=high)
    found = context.wiring.audit.page(wanted, after=query.get("after"), limit=AUDIT_PAGE)
    rows = [
        {
            "at": inbox_rules.local(parse_stamp(e.at), calendar),
            "who": e.who.name or e.who.id or "(unknown: no such account)",
            "who_id": e.who.id,
            "via": "the leads tool" if e.who.via == "cli" else "the desk",
            "what": ACTION_WORDS.get(e.action, e.action),
            "lead_id": e.lead_id or "",
            "detail": ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in sorted(e.detail.items()) if v != ""),
        }
        for e in found.entries
    ]
    shown = {"user": user, "lead": lead_id, "from": since.isoformat() if since else "", "to": until.isoformat() if until else ""}
    following = urlencode({k: v for k, v in {**shown, "after": found.next or ""}.items() if v}) if found.next else None
    return pages.render("audit.html", title="Audit trail", practice=context.practice, user=context.session, rows=rows,
                        shown=shown, next=following)  # fmt: skip


# --- the export ----------------------------------------------------------------------------------------


def export_choices() -> list[tuple[str, str]]:
    return [(EVERY, "Every lead but spam"), (OPEN_SET, "Open (nobody reached them yet)"),
            *((s, pages.STATUS_WORDS[s]) for s in STATUSES if s != "canary")]  # fmt: skip


@route("GET", r"/desk/export", "manager", "/desk/export")
def export_form(context: Context) -> Answer:
    return pages.render("export.html", title="Export", practice=context.practice, user=context.session, choices=export_choices())


@route("POST", r"/desk/export", "manager", "/desk/export")
def export(context: Context) -> Answer:
    form, calendar, inbox = context.request.form, context.wiring.calendar, context.wiring.inbox
    choice = form.get("status", EVERY)
    if choice not in {value for value, _ in export_choices()}:
        return _export_refused(context, "Not exported: choose a status from the list.", 400)
    since, until = inbox_rules.parse_day(form.get("from")), inbox_rules.parse_day(form.get("to"))
    if (form.get("from") and since is None) or (form.get("to") and until is None) or (since and until and since > until):
        return _export_refused(context, "Not exported: the dates are not a range (from must be on or before to).", 400)
    statuses: list[Status] = (
        [s for s in STATUSES if s not in HIDDEN] if choice == EVERY else sorted(OPEN) if choice == OPEN_SET else [_status(choice)]
    )
    low, high = inbox_rules.bounds(since, until, calendar)
    arrived = sorted(pair for status in statuses for pair in inbox.arrivals(status, since=low, until=high))
    ids = [lead_id for _, lead_id in arrived]

    def leads() -> Iterator[Lead]:  # a batch of leads in memory at a time, besides the file
        for first in range(0, len(ids), 100):
            yield from inbox.leads(ids[first : first + 100])

    body = io.StringIO()
    written = sum(1 for _ in write_csv(leads(), body, zone=calendar.zone, zone_name=context.wiring.settings.practice_timezone))
    text = body.getvalue()
    detail: audit.Detail = {"status": choice or "every", "from": form.get("from", ""), "to": form.get("to", ""), "rows": written}
    if len(text.encode("utf-8")) > MAX_EXPORT_BYTES:
        context.record("export", detail={**detail, "outcome": "too_large"})
        return _export_refused(context, "Not exported: that is more than one download can hold. Choose a shorter date range, "
                               "or ask ops for `leads export`.", 413)  # fmt: skip
    context.record("export", detail=detail)
    metrics.add_metric(name="DeskExport", unit=MetricUnit.Count, value=1)
    logger.info("desk export", rows=written, status=choice or "every")
    day = datetime.fromtimestamp(context.now, calendar.zone).date().isoformat()
    return Answer(200, text, content_type="text/csv; charset=utf-8",
                  headers={"Content-Disposition": f'attachment; filename="leads-{day}.csv"'})  # fmt: skip


def _status(choice: str) -> Status:
    return next(s for s in STATUSES if s == choice)


def _export_refused(context: Context, message: str, status: int) -> Answer:
    return pages.render("export.html", status, title="Export", practice=context.practice, user=context.session,
                        choices=export_choices(), message=message)  # fmt: skip


# --- the desk's people -----------------------------------------------------------------------------------


@route("GET", r"/desk/users", "manager", "/desk/users")
def users_page(context: Context) -> Answer:
    from botocore.exceptions import BotoCoreError, ClientError

    from leadcapture.adapters.aws import error_code
    from leadcapture.adapters.desk_people import people

    try:
        found = people(context.wiring.clients.cognito_idp(), context.wiring.settings.user_pool_id)
    except (ClientError, BotoCoreError) as err:
        logger.warning("desk people unavailable", error_code=error_code(err) if isinstance(err, ClientError) else type(err).__name__)
        return pages.message(503, "Unavailable", "The list of people cannot be read for a moment. Try again in a minute.",
                             practice=context.practice, user=context.session)  # fmt: skip
    return pages.render("users.html", title="People", practice=context.practice, user=context.session, people=found)


# --- forget a person ---------------------------------------------------------------------------------------

# At most this many leads at once (one person rarely has more than a few).
FORGET_MAX = 50


@route("GET", r"/desk/forget", "manager", "/desk/forget")
def forget_form(context: Context) -> Answer:
    return _forget_page(context, step="find")


@route("POST", r"/desk/forget", "manager", "/desk/forget")
def forget_find(context: Context) -> Answer:
    """The person's leads by email or phone (a POST: the term is never in a URL), and what will go."""
    term = context.request.form.get("find", "").strip()
    source = context.wiring.lookup_key
    key = source() if source is not None else None
    if key is None:
        return _forget_page(context, step="find", message="Find is unavailable for a moment.", status=503)
    try:
        keys = person_keys(email=term, phone=None, key=key) if "@" in term else person_keys(email=None, phone=term, key=key)
    except InvalidSubmission:
        return _forget_page(context, step="find", message="That is not an email address or a phone number.", status=400)
    ids = context.wiring.inbox.find(keys)[:FORGET_MAX]
    context.record("find", detail={"by": "email" if "@" in term else "phone", "found": len(ids), "for": "forget"})
    if not ids:
        return _forget_page(context, step="find", message="Nothing is held for this person: no lead under this email or phone.")
    planned = removal.plan(ids, context.wiring.records)
    return _forget_page(context, step="confirm", leads=_references(context, ids), plan=planned)


@route("POST", r"/desk/forget/confirm", "manager", "/desk/forget/confirm")
def forget_confirm(context: Context) -> Answer:
    ids = [i for i in context.request.form.get("leads", "").split(",") if audit.UUID.fullmatch(i)][:FORGET_MAX]
    if not ids:
        return _forget_page(context, step="find", message="Nothing was removed: find the person again.", status=400)
    w = context.wiring
    shown = _references(context, ids)
    queue = w.settings.ses_events_dead_letter_queue_url
    removed = removal.forget(removal.plan(ids, w.records), leads=w.inbox, records=w.records,
                             sqs=w.clients.sqs() if queue else None, dead_letter_queue_url=queue)  # fmt: skip
    context.record("forget", detail=removal.counts(removed))
    metrics.add_metric(name="DeskForget", unit=MetricUnit.Count, value=1)
    logger.info("desk forget", leads=removed.leads, user=context.session.sub if context.session else "")
    until = datetime.fromtimestamp(context.now + 35 * 86400, context.wiring.calendar.zone).date().isoformat()
    return _forget_page(context, step="receipt", leads=shown, removed=removed, backups_until=until,
                        at=inbox_rules.local(context.at, context.wiring.calendar))  # fmt: skip


def _references(context: Context, ids: list[str]) -> list[dict[str, str]]:
    """Each lead as its reference, when it came and its status: no name, no contact, no words of theirs."""
    found = context.wiring.inbox.summaries(ids)
    calendar = context.wiring.calendar
    return [
        {"id": s.id, "reference": reference(s.id), "received": inbox_rules.local(parse_stamp(s.created_at), calendar),
         "status": pages.STATUS_WORDS.get(s.status, s.status)}
        for s in sorted(found.values(), key=lambda s: s.created_at)
    ]  # fmt: skip


def _forget_page(context: Context, *, step: str, status: int = 200, **values: object) -> Answer:
    values.setdefault("leads", [])
    values.setdefault("plan", None)
    values.setdefault("removed", None)
    return pages.render("forget.html", status, title="Forget a person", practice=context.practice, user=context.session, step=step,
                        **values)  # fmt: skip
