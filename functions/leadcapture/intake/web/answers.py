"""The HTTP answers of POST /consultations, for JSON clients and for plain HTML form posts.

JSON clients get `application/problem+json` (RFC 9457) errors; a browser posting the form with
JavaScript off (it prefers text/html) gets a 303 to the thank-you page or a small readable page
that lists what to fix. Every answer is in the person's language (`messages.negotiate`), worded
from the catalogues in leadcapture/messages/. No answer ever repeats a submitted value.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from aws_lambda_powertools.event_handler import Response
from pydantic import BaseModel, Field

from leadcapture.kernel import messages
from leadcapture.kernel.errors import FieldError
from leadcapture.kernel.messages import Language

PROBLEM_JSON = "application/problem+json"
JSON = "application/json"
HTML = "text/html; charset=utf-8"


class CrisisResource(BaseModel):
    name: str
    phone: str
    text: str | None = Field(None, description="The number to text, when the service takes text messages.")
    url: str | None = None
    how: str = Field(description="How to reach it, in the person's language: 'call 988 and press 2, or text AYUDA to 988'.")


class CrisisNotice(BaseModel):
    message: str
    resources: list[CrisisResource]


class Accepted(BaseModel):
    """201: the lead is stored; `crisis` is present when the message reads like a crisis."""

    id: str = Field(description="The lead's id, set by the server.")
    status: Literal["received"] = "received"
    crisis: CrisisNotice | None = None
    lang: Language = Field("en", description="The language of this answer (and of the pages the person is sent to).")


class ProblemField(BaseModel):
    field: str
    message: str = Field(description="The rule, in the person's language.")
    code: str = Field(description="The rule as a stable code (docs/contract.md), the same in every language.")


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    errors: list[ProblemField] | None = None


def crisis_notice(language: Language) -> CrisisNotice:
    """988 and 911, in the person's language (Spanish: the Lifeline's option 2, text AYUDA)."""

    def say(key: str) -> str:
        return messages.text(language, key)

    return CrisisNotice(
        message=say("crisis.message"),
        resources=[
            CrisisResource(
                name=say("crisis.lifeline.name"), phone="988", text="988", url=say("crisis.lifeline.url"), how=say("crisis.lifeline.how")
            ),
            CrisisResource(name=say("crisis.emergency.name"), phone="911", how=say("crisis.emergency.how")),
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


def accepted(lead_id: str, *, urgent: bool, html: bool, thank_you_url: str, language: Language = "en") -> Response[str]:
    if html:
        return Response(
            303,
            HTML,
            page(
                messages.text(language, "page.thanks.title"),
                f"<p>{escape(messages.text(language, 'page.thanks.body'))}</p>",
                language=language,
            ),
            headers={"Location": _thank_you(thank_you_url, urgent)},
        )
    body = Accepted(id=lead_id, crisis=crisis_notice(language) if urgent else None, lang=language)
    return Response(201, JSON, body.model_dump_json(exclude_none=True))


def _thank_you(url: str, urgent: bool) -> str:
    if not urgent:
        return url
    parts = urlsplit(url)
    query = urlencode([*parse_qsl(parts.query), ("crisis", "1")])
    return urlunsplit(parts._replace(query=query))


def field_message(error: FieldError, language: Language) -> str:
    return messages.text(language, f"error.{error.code}", **dict(error.params))


@dataclass(frozen=True, slots=True)
class ProblemDetails:
    """What a refusal (or our own failure) tells the client, RFC 9457's "problem details": the status,
    a title and a detail already in the person's language, and the fields to fix."""

    status: int
    title: str
    detail: str
    errors: list[FieldError] | None = None


def problem(
    details: ProblemDetails, *, html: bool, headers: dict[str, str] | None = None, back: str | None = None, language: Language = "en"
) -> Response[str]:
    """The details as a problem+json document, or as a small HTML page (with a link `back`) for a plain form post."""
    status, title, detail, errors = details.status, details.title, details.detail, details.errors
    if html:
        items = "".join(
            f"<li><strong>{escape(_label(e.field, language))}</strong>: {escape(field_message(e, language))}</li>" for e in errors or []
        )
        listing = f"<ul>{items}</ul>" if items else ""
        link = f'<p><a href="{escape(back, quote=True)}">{escape(messages.text(language, "page.problem.back"))}</a></p>' if back else ""
        hint = f"<p>{escape(messages.text(language, 'page.problem.hint'))}</p>"
        content = f"<h1>{escape(title)}</h1><p>{escape(detail)}</p>{listing}{hint}{link}"
        return Response(status, HTML, page(title, content, language=language), headers=headers)
    document = Problem(
        title=title,
        status=status,
        detail=detail,
        errors=[ProblemField(field=e.field, message=field_message(e, language), code=e.code) for e in errors] if errors else None,
    )
    return Response(status, PROBLEM_JSON, document.model_dump_json(exclude_none=True), headers=headers)


def _label(field: str, language: Language) -> str:
    key = f"label.{field}"
    return messages.text(language, key) if messages.has(language, key) else field.replace("_", " ").capitalize()


# The answers' own pages (a plain form post's errors, its thanks): readable on a phone, with the
# errors marked as errors and the way back visible. No outside resource: the page stands alone.
PAGE_STYLE = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:36rem;margin:2rem auto;"
    "padding:0 1rem;line-height:1.5;color:#1d2433;background:#fff}"
    "h1{font-size:1.5rem;line-height:1.25}"
    "ul{padding:.75rem 1rem .75rem 2rem;border-left:4px solid #b42318;background:#fef3f2;border-radius:4px}"
    "li{margin:.25rem 0}li strong{color:#912018}"
    "a{color:#1a56db;font-weight:600}a:focus-visible{outline:3px solid #0b2e73;outline-offset:2px}"
)


def page(title: str, content: str, *, head: str = "", before: str = "", language: Language = "en") -> str:
    """The one HTML page shell: our answers' pages and the local stack's viewers.

    `head` goes into <head> (a style sheet; the answers' own when none is given), `before` before
    <main> (a navigation bar); content is already escaped by the caller.
    """
    head = head or f"<style>{PAGE_STYLE}</style>"
    return (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>{head}</head><body>{before}<main>{content}</main></body></html>"
    )
