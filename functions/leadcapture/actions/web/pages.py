"""The pages an action link shows: the confirmation with its one button, and every result.

Plain HTML that works without JavaScript (there is none), readable with a screen reader (one h1,
a real button, a lang, a focus outline). A link can be forwarded, so no page shows anything of the
person: the action, the request's short reference and urgent marker (two requests of one evening
told apart), when it came in, and its status only. Every page carries
no-store, no-referrer (the token is in the URL) and noindex, and may not be framed.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from leadcapture.kernel.action_links import ACKNOWLEDGE, LIFETIME, label
from leadcapture.kernel.coordinator_email import local_time

if TYPE_CHECKING:
    from datetime import tzinfo

    from leadcapture.actions.domain.coordinator_actions import ActionResult
    from leadcapture.kernel.action_links import LinkAction
    from leadcapture.kernel.close_note import Offer
    from leadcapture.kernel.status import Status

HTML = "text/html; charset=utf-8"
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # No script, no outside resource; the form may post only back here; no framing (clickjacking).
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}

# The statuses in the coordinator's words.
STATUS_WORDS: dict[Status, str] = {
    "new": "received, not emailed yet",
    "notified": "emailed to you",
    "delivered": "emailed to you (delivered)",
    "bounced": "email bounced",
    "notify_failed": "email failed",
    "contacted": "contacted",
    "booked": "consultation booked",
    "not_a_fit": "not a fit",
    "no_response": "no response to the practice's attempts",
    "closed": "closed",
    "spam": "in the spam quarantine",
    "canary": "a synthetic test request",
}

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1d2433}"
    "button{font:inherit;font-weight:600;padding:.7rem 1.2rem;border:0;border-radius:6px;background:#1a56db;color:#fff;cursor:pointer}"
    "button:focus-visible{outline:3px solid #0b2e73;outline-offset:3px}"
    ".note{color:#4a5568}"
    ".urgent{color:#9b1c1c}"
)


@dataclass(frozen=True, slots=True)
class Page:
    status: int
    title: str
    body: str


def render(page: Page, *, retry_after: int | None = None) -> dict[str, Any]:
    """The page as an HTTP API (payload 2.0) answer."""
    document = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">'
        f"<title>{escape(page.title)}</title><style>{_STYLE}</style></head>"
        f"<body><main><h1>{escape(page.title)}</h1>{page.body}</main></body></html>"
    )
    headers = dict(HEADERS)
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    headers["Content-Type"] = HTML
    return {"statusCode": page.status, "headers": headers, "body": document, "isBase64Encoded": False}


# Pages that show nothing of the lead: it is gone, or the link is not one we can trust.
GONE = Page(
    404,
    "Request not found",
    "<p>This consultation request is no longer stored (its retention period ended, or it was removed). Nothing was recorded.</p>",
)
EXPIRED = Page(
    410,
    "This link has expired",
    f"<p>Action links work for {LIFETIME.days} days after the email is sent. Nothing was recorded; use the leads tool to record it.</p>",
)
_INVALID = (
    "<p>It may have been changed or cut short when copied, or it was signed with a key that has since been replaced."
    " Nothing was recorded. Open the link from the email as it came, or use the leads tool.</p>"
)


def for_result(result: ActionResult, zone: tzinfo) -> Page:
    if result.outcome == "gone":
        return GONE
    if result.outcome == "refused":
        if result.refusal == "expired":
            return EXPIRED
        return Page(400 if result.refusal == "malformed" else 403, "This link is not valid", _INVALID)
    named = f"“{label(result.action)}”" if result.action else ""
    about = ""
    if result.reference:
        marker = ' <strong class="urgent">URGENT</strong>' if result.urgent else ""
        about += f'<p class="ref">Request <strong>ref {escape(result.reference)}</strong>{marker}</p>'
    if result.received_at:
        about += f"<p>For the consultation request received on {escape(local_time(result.received_at, zone))}.</p>"
    if result.status:
        about += f"<p>Its status now: <strong>{escape(STATUS_WORDS[result.status])}</strong>.</p>"
    if result.action == ACKNOWLEDGE:
        about += ACKNOWLEDGE_NOTES.get(result.outcome, "")
    status, title, rest = {
        "confirm": (
            200,
            f"Record {named}?",
            f'<form method="post"><button type="submit">Record {escape(named)}</button></form>'
            '<p class="note">Opening this page changed nothing. The button records it, with the time.</p>',
        ),
        "recorded": (200, f"Recorded: {named}", "<p>You can close this page.</p>"),
        "already": (200, f"Already recorded: {named}", "<p>Nothing changed. You can close this page.</p>"),
        "not_allowed": (
            409,
            f"Not recorded: {named}",
            f"<p>{escape(named)} cannot be recorded while the request is in that state, so nothing changed."
            " A request caught by the spam trap is reviewed first: promote it with the leads tool"
            " (<code>leads promote</code>), then record what happened.</p>",
        ),
        "note_requested": (200, "Note on its way", "<p>The note goes to them within a minute, once. You can close this page.</p>"),
        "note_already": (200, "Note already asked for", "<p>Nothing changed: the note goes (or went) to them once.</p>"),
        "note_refused": (409, "No note sent", "<p>Nothing was sent.</p>"),
    }[result.outcome]
    return Page(status, title, about + rest + _note_section(result.action, result.note))


# The second button after "not a fit" / "no response": what the note says, never automatic.
NOTE_BUTTONS: dict[str, tuple[str, str]] = {
    "not_a_fit": (
        "Send them the referral note",
        "A short note from the practice's address, in their language: the practice's referral list,"
        " the 988 Suicide &amp; Crisis Lifeline and the SAMHSA helpline (1-800-662-4357).",
    ),
    "no_response": (
        "Send them a note that you tried",
        "A short note from the practice's address, in their language: that you tried to reach them,"
        " how to get back in touch, and 988 for a crisis.",
    ),
}
_NOTE_WORDS: dict[Offer, str] = {
    "requested": "A note to them was asked for; it goes once, within a minute.",
    "sent": "A note was sent to them.",
    "email_declined": "They asked not to be emailed, so no note can be sent to them.",
    "no_email": "They gave no email address, so no note can be sent to them.",
    "not_closed": "A note can be sent only while the request is marked “Not a fit” or “No response”.",
}


def _note_section(action: LinkAction | None, note: Offer | None) -> str:
    """The offer of a note to the person (a second button, posting to the same link), or why there is none."""
    if note is None or action not in NOTE_BUTTONS:
        return ""
    if note != "available":
        return f'<p class="note">{escape(_NOTE_WORDS[note])}</p>'
    button, what = NOTE_BUTTONS[action]
    return (
        f"<h2>{escape(button)}?</h2><p>{what} Nothing they wrote is in it. Only if you press the button.</p>"
        f'<form method="post"><input type="hidden" name="note" value="send"><button type="submit">{escape(button)}</button></form>'
    )


# "I'm on it" (an urgent lead's pages): what pressing it does, and did.
ACKNOWLEDGE_NOTES = {
    "confirm": "<p>Pressing it tells the practice you have this request: the text messages to the on-call phones stop.</p>",
    "recorded": "<p>The text messages to the on-call phones have stopped. Please reach out to the person now.</p>",
    "already": "<p>Someone already has this request: its text messages have stopped.</p>",
}

UNAVAILABLE = Page(
    503, "Please try again in a minute", "<p>We could not reach the lead store just now. Nothing was recorded; the link still works.</p>"
)
NOT_FOUND = Page(404, "Not found", "<p>No such page.</p>")
INTERNAL = Page(
    500, "Something went wrong", "<p>Something went wrong on our side. Nothing may have been recorded; please try the link again.</p>"
)
