"""The local stack's own pages: the outbox and the stored leads, readable in a browser.

Every value is escaped; an email's HTML is shown in a sandboxed iframe (no scripts, no same-origin
access, no forms), so whatever a lead typed cannot run in the viewer. Its links open in a new tab
outside the sandbox, as from a mail client: that is how the action links are tried locally.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING, Any

from leadcapture.intake.web import answers

from .outbox import SentEmail

if TYPE_CHECKING:
    from .urgent import SentText

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; line-height: 1.4; color: #1d2433; }
header p { color: #4a5568; }
article { border: 1px solid #cbd2dc; border-radius: 6px; margin: 1rem 0; padding: 1rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0 0 1rem; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
iframe { width: 100%; height: 80vh; min-height: 30rem; resize: vertical; border: 1px solid #e2e8f0; background: #fff; }
pre { white-space: pre-wrap; background: #f7f8fa; padding: .75rem; overflow-wrap: anywhere; }
.urgent { color: #9b1c1c; font-weight: 700; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #e2e8f0; padding: .4rem; text-align: left; vertical-align: top; }
a:focus-visible, summary:focus-visible { outline: 3px solid #1a56db; outline-offset: 2px; }
"""

NAV = (
    '<nav><a href="/">Form</a> · <a href="/_local/outbox">Outbox</a> · <a href="/_local/leads">Leads</a>'
    ' · <a href="/openapi.json">OpenAPI</a></nav>'
)


def page(title: str, content: str) -> str:
    """A viewer page: the functions' one page shell with the viewers' style sheet and navigation."""
    return answers.page(title, content, head=f"<style>{_STYLE}</style>", before=NAV)


def outbox_page(emails: Iterable[SentEmail]) -> str:
    items = [_email(e) for e in emails]
    listing = "".join(items) or "<p>No email sent yet. Submit the form and reload this page.</p>"
    intro = (
        f"<header><h1>Outbox</h1><p>{len(items)} email(s) the coordinator would have received, newest first. "
        'Held in memory by moto; gone when the stack stops. <a href="/_local/outbox">Reload</a></p></header>'
    )
    return page("Outbox", intro + listing)


_NEW_TAB = '<base target="_blank">'


def _email(email: SentEmail) -> str:
    subject_class = ' class="urgent"' if email.subject.startswith("[URGENT]") else ""
    rows = [("From", email.sender), ("To", ", ".join(email.to)), ("Reply-To", email.reply_to or "(none)"), ("Sent", email.sent_at)]
    details = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    # Links open in a new tab (<base target>), unsandboxed; nothing else is allowed in the frame.
    shown = _NEW_TAB + email.html
    html = (
        f'<iframe sandbox="allow-popups allow-popups-to-escape-sandbox" title="HTML part of: {escape(email.subject, quote=True)}"'
        f' srcdoc="{escape(shown, quote=True)}"></iframe>'
        if email.html
        else "<p>(no HTML part)</p>"
    )
    return (
        f"<article><h2{subject_class}>{escape(email.subject)}</h2><dl>{details}</dl>"
        f"<h3>HTML part</h3>{html}<h3>Text part</h3><pre>{escape(email.text) or '(no text part)'}</pre></article>"
    )


def unavailable_page(title: str, reason: str) -> str:
    return page(title, f"<h1>{escape(title)}</h1><p>{escape(reason)}</p>")


def leads_page(leads: list[dict[str, Any]]) -> str:
    head = "<tr><th>Received</th><th>Status</th><th>History</th><th>Name</th><th>Contact</th><th>Message</th><th>Everything</th></tr>"
    rows = "".join(_lead_row(lead) for lead in leads)
    body = f"<table>{head}{rows}</table>" if leads else "<p>No lead stored yet.</p>"
    intro = (
        f"<header><h1>Leads</h1><p>{len(leads)} lead(s) in the leads table, newest first, quarantined ones included. "
        '<a href="/_local/leads">Reload</a></p></header>'
    )
    return page("Leads", intro + body)


def _lead_row(lead: dict[str, Any]) -> str:
    status = escape(str(lead.get("status", "")))
    if lead.get("urgent"):
        status += ' <span class="urgent">urgent</span>'
    contact = "<br>".join(escape(str(lead[k])) for k in ("email", "phone") if lead.get(k))
    name = escape(f"{lead.get('first_name', '')} {lead.get('last_name', '')}")
    everything = f"<details><summary>JSON</summary><pre>{escape(json.dumps(lead, indent=2, ensure_ascii=False))}</pre></details>"
    history = (
        "<ol>"
        + "".join(
            f"<li>{escape(str(c.get('status', '')))} <small>{escape(str(c.get('at', '')))} by {escape(str(c.get('by', '')))}</small></li>"
            for c in lead.get("history", [])
        )
        + "</ol>"
    )
    cells = [escape(str(lead.get("created_at", ""))), status, history, name, contact, escape(str(lead.get("message") or "")), everything]
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


_URL = re.compile(r"https?://[^\s<>\"]+")


def sms_page(texts: Iterable[SentText]) -> str:
    """The urgent pages' texts, newest first; a text's link opens in a new tab (the "I'm on it" page)."""
    rows = "".join(f"<tr><td>{escape(t.time)}</td><td>{escape(t.to)}</td><td>{_linked(t.text)}</td></tr>" for t in texts)
    listing = f"<table><tr><th>Sent</th><th>To</th><th>Text</th></tr>{rows}</table>" if rows else "<p>No text sent yet.</p>"
    intro = (
        "<header><h1>Text messages</h1><p>The urgent pages moto's SNS accepted, newest first: an urgent request"
        ' texts the on-call phones (URGENT_PHONES) until someone presses "I\'m on it". <a href="/_local/sms">Reload</a></p></header>'
    )
    return page("Text messages", intro + listing)


def _linked(text: str) -> str:
    parts, last = [], 0
    for match in _URL.finditer(text):
        parts += [
            escape(text[last : match.start()]),
            f'<a href="{escape(match.group(), quote=True)}" target="_blank">{escape(match.group())}</a>',
        ]
        last = match.end()
    return "".join([*parts, escape(text[last:])])
