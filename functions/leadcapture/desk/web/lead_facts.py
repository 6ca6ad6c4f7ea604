"""What a lead page says of the person's side (issue 23) and of an urgent lead's pages (issue 24), in words.

Each function reads only the lead's stamps and fixed words: the acknowledgement email the person
asked for (sent, refused, what SES said of it), the kind close's note (`close_note.offer`: the
button, or why there is none), and the text messages to the on-call phones (sent, who has it, the
escalation). Nothing here writes; the buttons post to their own routes (web/lead_pages.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from leadcapture.kernel import paging as pages_rules
from leadcapture.kernel.close_note import offer
from leadcapture.kernel.status import OUTCOMES

if TYPE_CHECKING:
    from leadcapture.kernel.close_note import Offer
    from leadcapture.kernel.lead import Lead
    from leadcapture.kernel.status import HistoryEvent

# A stored stamp in the practice's time ("" for None).
Local = Callable[[str | None], str]

# A history entry that records an event, not a change of status.
EVENT_WORDS: dict[HistoryEvent, str] = {
    "close_note_requested": "Note to them asked for",
    "close_note_sent": "Note to them sent",
    "urgent_on_second_look": "Marked urgent on a second look",
}

# The close note's button for each outcome, and what the note says (as the action links' page words it).
NOTE_BUTTONS: dict[str, tuple[str, str]] = {
    "not_a_fit": (
        "Send them the referral note",
        "A short note from the practice's address, in their language: the practice's referral list,"
        " the 988 Suicide & Crisis Lifeline and the SAMHSA helpline (1-800-662-4357).",
    ),
    "no_response": (
        "Send them a note that you tried",
        "A short note from the practice's address, in their language: that you tried to reach them,"
        " how to get back in touch, and 988 for a crisis.",
    ),
}
WHY_NO_NOTE: dict[Offer, str] = {
    "email_declined": "They asked not to be emailed, so no note can be sent to them.",
    "no_email": "They gave no email address, so no note can be sent to them.",
}


def _ses(lead: Lead, kind: str, local: Local) -> list[str]:
    """What SES reported of one of the person's emails (`acknowledgement` or `close_note`)."""
    said = []
    if at := getattr(lead, f"{kind}_delivered_at"):
        said.append(f"Delivered to their mail server {local(at)}.")
    if at := getattr(lead, f"{kind}_bounced_at"):
        kind_of = getattr(lead, f"{kind}_bounce_type")
        said.append(f"Bounced {local(at)}{f' ({kind_of})' if kind_of else ''}: their address did not take it.")
    if at := getattr(lead, f"{kind}_complaint_at"):
        said.append(f"They marked it as spam {local(at)}.")
    return said


def acknowledgement(lead: Lead, local: Local) -> list[str]:
    """The discreet acknowledgement: asked for or not, sent (when) or refused, and what SES said."""
    if not lead.acknowledge:
        return ["Not asked for: nothing was sent to them."]
    if lead.acknowledgement_sent_at:
        return [f"Asked for, and sent {local(lead.acknowledgement_sent_at)}.", *_ses(lead, "acknowledgement", local)]
    if lead.acknowledgement_error:
        return [f"Asked for, but not sent: the email service refused it ({lead.acknowledgement_error})."]
    return [
        "Asked for, not sent: it goes within a minute, except to a person who said no to email, to an"
        " address that had one in the last 24 hours, or for a request caught by the spam trap."
    ]


@dataclass(frozen=True, slots=True)
class CloseNote:
    """The close note's part of the page: the button (with what the note says) or what happened, or why not."""

    offer: Offer
    button: str = ""
    what: str = ""
    lines: tuple[str, ...] = ()


def close_note(lead: Lead, local: Local) -> CloseNote | None:
    """What the page shows of the note to the person, exactly as `close_note.offer` says; None when a
    note has no place (an open lead, no note asked for)."""
    now = offer(lead)
    if now == "not_closed":
        return None
    if now == "available":
        button, what = NOTE_BUTTONS[lead.status]
        return CloseNote(now, button, what)
    if now == "sent":
        return CloseNote(now, lines=(f"Sent {local(lead.close_note_sent_at)}.", *_ses(lead, "close_note", local)))
    if now == "requested":
        asked = f"Asked for {local(lead.close_note_requested_at)}"
        if lead.close_note_error:
            return CloseNote(now, lines=(f"{asked}, but not sent: the email service refused it ({lead.close_note_error}).",))
        return CloseNote(now, lines=(f"{asked}: it goes once, within a minute.",))
    return CloseNote(now, lines=(WHY_NO_NOTE[now],))


def paging(lead: Lead, local: Local, by_words: Mapping[str, str]) -> list[str]:
    """An urgent lead's text messages to the on-call phones: sent (first, last, how many), who has it, the escalation."""
    said = []
    if lead.paged_at:
        count = lead.page_count or 1
        times = "once" if count == 1 else f"{count} times"
        last = f", the last {local(lead.last_paged_at)}" if count > 1 and lead.last_paged_at else ""
        said.append(f"Texted to the on-call phones {times}: first {local(lead.paged_at)}{last}.")
    else:
        said.append("No text message was sent about it (texts go only when the practice has on-call phones set).")
    if lead.acknowledged_at:
        who = lead.acknowledged_by or ""
        pressed = "from a link in a text or an email" if who == "coordinator" else f"by {who} at the desk"
        said.append(f"“I'm on it” pressed {pressed}, {local(lead.acknowledged_at)}: its text messages stopped.")
    elif pages_rules.acknowledged(lead):
        first = next((c for c in lead.history if c.status in OUTCOMES and c.event is None), None)
        if first is None:  # an outcome without its history entry (a lead from before histories were kept)
            said.append("Its text messages stopped when an outcome was recorded.")
        else:
            who = f"{first.who} (the desk)" if first.who else by_words.get(first.by, first.by)
            said.append(f"Its text messages stopped when an outcome was recorded, {local(first.at)}, by {who}.")
    if lead.page_escalated_at:
        said.append(f"Nobody had it after the last text: escalated {local(lead.page_escalated_at)}.")
    return said
