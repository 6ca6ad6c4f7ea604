"""The HTTP answers of POST /consultations, for JSON clients and for plain HTML form posts.

JSON clients get `application/problem+json` (RFC 9457) errors; a browser posting the form with
JavaScript off (it prefers text/html) gets a 303 to the thank-you page or a small readable page
that lists what to fix. No answer ever repeats a submitted value.
"""

from __future__ import annotations

from html import escape
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from aws_lambda_powertools.event_handler import Response
from pydantic import BaseModel, Field

from ..domain.errors import FieldError

PROBLEM_JSON = "application/problem+json"
JSON = "application/json"
HTML = "text/html; charset=utf-8"


class CrisisResource(BaseModel):
    name: str
    phone: str
    text: str | None = None
    url: str | None = None


class CrisisNotice(BaseModel):
    message: str
    resources: list[CrisisResource]


class Accepted(BaseModel):
    """201: the lead is stored; `crisis` is present when the message reads like a crisis."""

    id: str = Field(description="The lead's id, set by the server.")
    status: Literal["received"] = "received"
    crisis: CrisisNotice | None = None


class ProblemField(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    errors: list[ProblemField] | None = None


CRISIS = CrisisNotice(
    message=(
        "If you are thinking about suicide or harming yourself or someone else, please reach out now: "
        "call or text 988 (Suicide & Crisis Lifeline), or call 911 if you are in immediate danger. "
        "This form is not monitored around the clock."
    ),
    resources=[
        CrisisResource(name="988 Suicide & Crisis Lifeline", phone="988", text="988", url="https://988lifeline.org"),
        CrisisResource(name="Emergency services", phone="911"),
    ],
)


def prefers_html(accept: str | None, content_type: str | None) -> bool:
    """True for a browser's plain form post: a form encoding and text/html preferred over JSON."""
    if not content_type or "json" in content_type.lower():
        return False
    html_q = json_q = 0.0
    for item in (accept or "").split(","):
        media, _, params = item.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        media = media.strip().lower()
        if media in {"text/html", "application/xhtml+xml"}:
            html_q = max(html_q, q)
        elif media in {"application/json", "application/problem+json"}:
            json_q = max(json_q, q)
        elif media in {"*/*", "application/*"}:
            json_q = max(json_q, q * 0.999)
    return html_q > json_q


def accepted(lead_id: str, *, urgent: bool, html: bool, thank_you_url: str) -> Response[str]:
    if html:
        return Response(
            303,
            HTML,
            page("Thank you", "<p>Thank you. Your request was received.</p>"),
            headers={"Location": _thank_you(thank_you_url, urgent)},
        )
    body = Accepted(id=lead_id, crisis=CRISIS if urgent else None)
    return Response(201, JSON, body.model_dump_json(exclude_none=True))


def _thank_you(url: str, urgent: bool) -> str:
    if not urgent:
        return url
    parts = urlsplit(url)
    query = urlencode([*parse_qsl(parts.query), ("crisis", "1")])
    return urlunsplit(parts._replace(query=query))


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    html: bool,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
    back: str | None = None,
) -> Response[str]:
    if html:
        items = "".join(f"<li><strong>{escape(_label(e.field))}</strong>: {escape(e.message)}</li>" for e in errors or [])
        listing = f"<ul>{items}</ul>" if items else ""
        link = f'<p><a href="{escape(back, quote=True)}">Go back to the form</a></p>' if back else ""
        hint = "<p>Use your browser's Back button to return to the form with what you typed.</p>"
        content = f"<h1>{escape(title)}</h1><p>{escape(detail)}</p>{listing}{hint}{link}"
        return Response(status, HTML, page(title, content), headers=headers)
    document = Problem(
        title=title,
        status=status,
        detail=detail,
        errors=[ProblemField(field=e.field, message=e.message) for e in errors] if errors else None,
    )
    return Response(status, PROBLEM_JSON, document.model_dump_json(exclude_none=True), headers=headers)


_FIELD_LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "email": "Email",
    "phone": "Phone",
    "preferred_contact": "Preferred way to reach you",
    "best_time": "Best time to reach you",
    "session_for": "Who the sessions are for",
    "message": "What brings you to therapy",
    "consent": "Agreement to be contacted",
    "sms_consent": "Agreement to text messages",
}


def _label(field: str) -> str:
    return _FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def page(title: str, content: str, *, head: str = "", before: str = "") -> str:
    """The one HTML page shell: our answers' pages and the local stack's viewers.

    `head` goes into <head> (a style sheet), `before` before <main> (a navigation bar); content is
    already escaped by the caller.
    """
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>{head}</head><body>{before}<main>{content}</main></body></html>"
    )
