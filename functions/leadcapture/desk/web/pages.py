"""The desk's pages: Jinja2 templates (web/templates/, shipped with the package) with autoescape on.

Everything a person submitted is shown as text: Jinja2 escapes every value (`<`, `>`, `&`, quotes),
and the CSP allows no script at all, so a message like `<script>` is only ever words on the page.
Plain HTML forms: reading and recording work with JavaScript off (there is none).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from leadcapture.desk.web.http import Answer

if TYPE_CHECKING:
    from jinja2 import Environment

    from leadcapture.kernel.status import Status

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"

# The statuses in the coordinator's words.
STATUS_WORDS: dict[Status, str] = {
    "new": "New, not emailed yet",
    "notified": "Open (emailed)",
    "delivered": "Open (emailed)",
    "bounced": "Open (the email bounced)",
    "notify_failed": "Open (the email failed)",
    "contacted": "Contacted",
    "booked": "Booked",
    "not_a_fit": "Not a fit",
    "no_response": "No response",
    "closed": "Closed",
    "spam": "Spam",
    "canary": "Heartbeat test",
}


@cache
def environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, status: int = 200, **values: Any) -> Answer:
    values.setdefault("user", None)
    values.setdefault("message", "")
    values.setdefault("status_words", STATUS_WORDS)
    return Answer(status, environment().get_template(template).render(**values))


def message(status: int, title: str, text: str, **values: Any) -> Answer:
    """A page of one message; `values`: `practice`, and optionally `user`, `link` and `link_text`."""
    values.setdefault("link", "")
    values.setdefault("link_text", "")
    return render("message.html", status, title=title, message=text, **values)


def qr_code(uri: str) -> tuple[str, int]:
    """The authenticator's QR code as an SVG data URI (the CSP allows data: images), and its size in pixels."""
    import segno

    code = segno.make(uri, error="m")
    scale = 4
    size = int(code.symbol_size(scale=scale, border=4)[0])
    return code.svg_data_uri(scale=scale, border=4, dark="#000", light="#fff"), size


def stylesheet() -> Answer:
    return Answer(200, (STATIC / "desk.css").read_text(encoding="utf-8"), content_type="text/css; charset=utf-8")
