"""A lead's own page (`GET /desk/leads/{id}`), its buttons (status, note, "I'm on it", the close note) and `fields`.

Apart from the inbox (inbox_pages.py) because each of these opens or changes one lead: opening
adds a `lead_viewed` record, each button one record of its outcome, and each button answers a
redirect back to the page with `?done=` naming the outcome (`DONE`'s words).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_lambda_powertools.metrics import MetricUnit

from leadcapture.desk.domain import inbox as inbox_rules
from leadcapture.desk.domain import lead_work
from leadcapture.desk.web import lead_facts, pages
from leadcapture.desk.web.http import Answer, redirect
from leadcapture.desk.web.routing import INBOX, Context, route
from leadcapture.kernel import paging, preferences
from leadcapture.kernel.status import ACTIONS, TIME_TO_CONTACT_METRIC, is_open, seconds_to_contact
from leadcapture.kernel.timestamps import parse_stamp
from leadcapture.observability import logger, metrics

if TYPE_CHECKING:
    from leadcapture.kernel.lead import Lead

_UUID = r"(?P<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
DONE = {"changed": "Recorded.", "unchanged": "It already was.", "refused": "Not recorded: the lead's status does not allow it.",
        "gone": "That lead is no longer there.", "invalid": "Not recorded: that was empty or too long.",
        "full": "Not recorded: this lead has as many notes as it can hold.",
        "on_it": "Recorded: you have it. Its text messages to the on-call phones have stopped.",
        "had": "Someone already has it: its text messages had stopped.",
        "note_requested": "The note to them is on its way: it goes once, within a minute.",
        "note_already": "Nothing changed: the note to them was asked for already (it goes once).",
        "note_refused": "No note was sent: see why below."}  # fmt: skip
BY_WORDS = {"form": "the form", "notifier": "the email", "ses": "the email service", "coordinator": "an email link",
            "cli": "the leads tool", "promotion": "a promotion", "redrive": "a redrive", "desk": "the desk",
            "second_look": "crisis recognition"}  # fmt: skip


@route("GET", rf"/desk/leads/{_UUID}", "coordinator", "/desk/leads/{id}")
def lead_page(context: Context) -> Answer:
    assert context.session is not None
    lead = lead_work.open_lead(context.params["id"], context.desk)
    if lead is None:
        return pages.message(404, "Not found", "That lead is no longer there.", practice=context.practice, user=context.session,
                             link=INBOX, link_text="Back to the inbox")  # fmt: skip
    query = context.request.query
    message = DONE.get(query.get("done", ""), "")
    logger.info("desk lead opened", lead_id=lead.id)
    context.record("lead_viewed", lead_id=lead.id)
    return _lead_page(context, lead, message)


def _lead_page(context: Context, lead: Lead, message: str) -> Answer:
    calendar = context.wiring.calendar
    received = parse_stamp(lead.created_at)
    promise = calendar.promise(received) if is_open(lead.status) else None

    def local(stamp: str | None) -> str:
        return inbox_rules.local(parse_stamp(stamp), calendar) if stamp else ""

    name = lead.full_name or f"{lead.first_name} {lead.last_name}".strip()
    history = [
        {"words": lead_facts.EVENT_WORDS[c.event] if c.event else pages.STATUS_WORDS[c.status], "at": local(c.at),
         "by": f"{c.who} (the desk)" if c.who else BY_WORDS.get(c.by, c.by)}
        for c in lead.history
    ]  # fmt: skip
    language = context.wiring.settings.practice_language
    notes = [{"text": n.text, "by": n.by_name, "at": local(n.at)} for n in lead.notes]
    return pages.render(
        "lead.html",
        title=f"Lead ref {lead.reference}",
        practice=context.practice,
        user=context.session,
        lead=lead,
        name=name,
        message=message,
        received=local(lead.created_at),
        promise=inbox_rules.local(promise, calendar) if promise else "",
        overdue=bool(promise and context.at > promise),
        opened=local(lead.opened_at),
        presses=lead_work.presses(lead),
        press_words=lead_work.PRESS_WORDS,
        fields=fields(lead),
        consent_at=local(lead.consent.given_at),
        sms_at=local(lead.sms_consent.given_at) if lead.sms_consent else "",
        notes=notes,
        note_max=lead_work.NOTE_MAX_CHARACTERS,
        history=history,
        reach_heading=preferences.heading(language),
        reach=preferences.how_to_reach(lead, language),
        acknowledgement=lead_facts.acknowledgement(lead, local),
        close_note=lead_facts.close_note(lead, local),
        paging=lead_facts.paging(lead, local, BY_WORDS) if lead.urgent else None,
        unclaimed=paging.needs_paging(lead),
    )


def fields(lead: Lead) -> list[tuple[str, str]]:
    """Every field as the person submitted it, labelled (the page escapes each one)."""
    shown = [
        ("Name as typed", lead.full_name),
        ("First name", lead.first_name),
        ("Last name", lead.last_name),
        ("Email", lead.email),
        ("Phone", lead.phone),
        ("Preferred contact", lead.preferred_contact),
        # Several times of day since issue 23 (a tuple): shown as the words they chose.
        ("Best time", ", ".join(lead.best_time)),
        ("Voicemail OK", _yes_no(lead.voicemail_ok)),
        ("Email OK", _yes_no(lead.email_ok)),
        ("Asked for an acknowledgement", "yes" if lead.acknowledge else ""),
        ("Session for", lead.session_for),
        ("Message", lead.message),
        ("Language", lead.language),
        *((f"Attribution: {name}", value) for name, value in sorted(lead.attribution.items())),
    ]
    return [(label, str(value)) for label, value in shown if value]


def _yes_no(answer: bool | None) -> str:
    """A yes/no question's answer; "" when they did not answer it (the row is left out)."""
    return "" if answer is None else ("yes" if answer else "no")


@route("POST", rf"/desk/leads/{_UUID}/status", "coordinator", "/desk/leads/{id}/status")
def record(context: Context) -> Answer:
    assert context.session is not None
    lead_id, what = context.params["id"], context.request.form.get("action", "")
    w = context.wiring
    done = lead_work.press(lead_id, what, context.desk, retention_days=w.settings.retention_days)
    metrics.add_metric(name="DeskStatusRecorded" if done.outcome == "changed" else "DeskStatusNotRecorded", unit=MetricUnit.Count, value=1)
    lead = w.inbox.get(lead_id) if done.outcome == "changed" and what in ACTIONS else None
    if lead is not None and what == "contacted":
        seconds = seconds_to_contact(lead.created_at, lead.history[-1].at if lead.history else lead.created_at)
        metrics.add_metric(name=TIME_TO_CONTACT_METRIC, unit=MetricUnit.Seconds, value=seconds)
    first = lead_work.acknowledged_by_outcome(lead, context.at) if lead is not None else None
    if first is not None:
        # An urgent lead nobody had: this outcome ends its pages, its first acknowledgement (as the links count it).
        metrics.add_metric(name=paging.TIME_TO_ACKNOWLEDGE_METRIC, unit=MetricUnit.Seconds, value=first)
        logger.info("urgent lead acknowledged: its pages stop", lead_id=lead_id, action=what, user=context.session.sub)
    pressed = what if what in lead_work.PRESSES else "unknown"
    logger.info("desk status", lead_id=lead_id, action=pressed, outcome=done.outcome, user=context.session.sub)
    context.record("status_changed", lead_id=lead_id, detail={"press": pressed, "outcome": done.outcome, "status": done.status or ""})
    return redirect(f"/desk/leads/{lead_id}?done={done.outcome}")


@route("POST", rf"/desk/leads/{_UUID}/notes", "coordinator", "/desk/leads/{id}/notes")
def note(context: Context) -> Answer:
    assert context.session is not None
    lead_id = context.params["id"]
    done = lead_work.add_note(lead_id, context.request.form.get("note", ""), context.desk)
    logger.info("desk note", lead_id=lead_id, outcome=done.outcome, user=context.session.sub)
    context.record("note_added", lead_id=lead_id, detail={"outcome": done.outcome})
    return redirect(f"/desk/leads/{lead_id}?done={done.outcome}")


@route("POST", rf"/desk/leads/{_UUID}/on-it", "coordinator", "/desk/leads/{id}/on-it")
def on_it(context: Context) -> Answer:
    """ "I'm on it": the urgent lead's pages stop (`paging.acknowledge`, as the signed link records it)."""
    assert context.session is not None
    lead_id = context.params["id"]
    done = lead_work.im_on_it(lead_id, store=context.wiring.inbox, by=context.desk.by, now=context.at)
    if done.seconds is not None:
        metrics.add_metric(name=paging.TIME_TO_ACKNOWLEDGE_METRIC, unit=MetricUnit.Seconds, value=done.seconds)
        logger.info("urgent lead acknowledged: its pages stop", lead_id=lead_id, action="on_it", user=context.session.sub)
    logger.info("desk on it", lead_id=lead_id, outcome=done.outcome, user=context.session.sub)
    outcome = {"recorded": "on_it", "already": "had", "gone": "gone"}[done.outcome]
    return redirect(f"/desk/leads/{lead_id}?done={outcome}")


@route("POST", rf"/desk/leads/{_UUID}/close-note", "coordinator", "/desk/leads/{id}/close-note")
def send_close_note(context: Context) -> Answer:
    """The kind close's note to the person, asked for (`close_note.request_close_note`); the person function sends it."""
    assert context.session is not None
    lead_id = context.params["id"]
    asked = lead_work.ask_for_close_note(lead_id, store=context.wiring.inbox, by=context.desk.by, now=context.at)
    if asked is not None and asked.outcome == "requested":
        metrics.add_metric(name="CloseNoteRequested", unit=MetricUnit.Count, value=1)
    logger.info("desk close note", lead_id=lead_id, outcome=asked.outcome if asked else "gone", offer=asked.offer if asked else None,
                user=context.session.sub)  # fmt: skip
    return redirect(f"/desk/leads/{lead_id}?done={f'note_{asked.outcome}' if asked else 'gone'}")
