"""The person's side on the local stack, over HTTP: the acknowledgement in the outbox once, and the
close note from the action links' page, sent by the stream's second reader (issue 23)."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlencode, urlsplit

from tests.e2e.conftest import RunningStack, lead_fields

FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"}
LINK = re.compile(r'<a href="([^"]+/actions/[A-Za-z0-9_-]{56})">([^<]+)</a>')


def to_person(stack: RunningStack, tag: str) -> list[dict[str, object]]:
    """The outbox's emails to the person's address (sam.<tag>@example.com), waiting for one to arrive."""
    return list(stack.wait_for(lambda: [e for e in stack.get_json("/_local/outbox") if e["to"] == [f"sam.{tag}@example.com"]]))


def post(stack: RunningStack, tag: str, **fields: str) -> None:
    body = urlencode([*lead_fields(tag, **fields).items(), ("best_time", "evening")]).encode()
    assert stack.request("POST", "/consultations", body, FORM_HEADERS).status == 303


def test_the_acknowledgement_reaches_the_outbox_once_and_a_second_request_gets_none(stack: RunningStack, tag: str) -> None:
    post(stack, tag, acknowledge="on", voicemail_ok="no")
    [ack] = to_person(stack, tag)
    assert ack["subject"] == "Your request was received"
    assert ack["reply_to"] == "coordinator@practice.example"
    assert "We will contact you by the end of the day on" in str(ack["text"])
    assert tag not in str(ack["text"]) + str(ack["html"]) + str(ack["subject"])
    lead = stack.wait_for(lambda: [x for x in stack.leads_with(tag) if x.get("acknowledgement_sent_at")])[0]
    assert (lead["best_time"], lead["voicemail_ok"], lead["acknowledge"]) == (["morning", "evening"], False, True)
    coordinator = stack.wait_for(lambda: [e for e in stack.emails_with(tag) if e["to"] == ["coordinator@practice.example"]])[0]
    assert str(coordinator["text"]).startswith("How to reach them: Prefers email · no voicemail · mornings, evenings")
    # Within 24 hours, from the same address: stored and emailed to the coordinator, not acknowledged again.
    post(stack, tag, acknowledge="on", message=f"One more thing. {tag}")
    [second] = [x for x in stack.leads_with(tag) if x["id"] != lead["id"]]
    # The person function says so in its log line (ids and outcomes only).
    assert stack.wait_for(lambda: re.search(rf'"lead_id":"{second["id"]}".*"outcome":"recently_acknowledged"', stack.console()))
    assert len(to_person(stack, tag)) == 1


def test_a_spanish_form_gets_a_spanish_acknowledgement(stack: RunningStack, tag: str) -> None:
    post(stack, tag, acknowledge="on", lang="es")
    [ack] = to_person(stack, tag)
    assert ack["subject"] == "Recibimos su solicitud"
    assert "llame al 988 y marque 2" in str(ack["text"])


def test_not_a_fit_then_the_note_button_sends_the_referral_note_once(stack: RunningStack, tag: str) -> None:
    post(stack, tag)
    (email,) = stack.emails_with(tag)
    links = {unescape(label): urlsplit(unescape(url)).path for url, label in LINK.findall(str(email["html"]))}
    path = links["Not a fit"]
    recorded = stack.request("POST", path, b"", FORM_HEADERS)
    assert recorded.status == 200 and "Send them the referral note" in recorded.text
    assert stack.leads_with(tag)[0]["status"] == "not_a_fit"
    asked = stack.request("POST", path, b"note=send", FORM_HEADERS)
    assert asked.status == 200 and "Note on its way" in asked.text
    [note] = to_person(stack, tag)
    assert note["subject"] == "About your request"
    text = str(note["text"])
    assert "1-800-662-4357" in text and "988" in text
    again = stack.request("POST", path, b"note=send", FORM_HEADERS)
    assert "Note already asked for" in again.text
    lead = stack.wait_for(lambda: [x for x in stack.leads_with(tag) if x.get("close_note_sent_at")])[0]
    assert [c["event"] for c in lead["history"] if "event" in c] == ["close_note_requested", "close_note_sent"]
    assert len(to_person(stack, tag)) == 1
