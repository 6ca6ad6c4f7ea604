"""What every suite submitted, and everything every suite logged: for the final no-leak check.

`remember()` is called by the event factory and by the local-stack client with each body they
send; it keeps the personal values (names, email, phone as typed and in E.164, message) and the
source IP. A pytest hook in tests/conftest.py keeps every test's captured stdout, stderr and log
records, and the e2e suite registers each local stack's console. tests/final searches it all, last
(tests/conftest.py puts it at the end of every run).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass

# `note` and `find`: what a coordinator types at the desk (a note about the person; a find by email or phone).
PERSONAL_FIELDS = ("name", "first_name", "last_name", "email", "phone", "message", "note", "find")
# Shorter values (a first name like "Sam") also occur in ordinary words; they cannot be searched
# for without false alarms, and longer ones from the same tests cover the same paths.
MIN_LENGTH = 6

submitted: set[str] = set()
captured: list[str] = []
consoles: list[Callable[[], str]] = []


@dataclass
class Session:
    """What tests/conftest.py's collection hook learned about this run, for the final check's rule."""

    others_selected: int | None = None  # None: the hook never ran
    xdist_worker: bool = False


session = Session()


def final_check_refusal(*, others_selected: int | None, xdist_worker: bool, submitted: int) -> tuple[str, str] | None:
    """Why the final check cannot search this run: ("skip" | "fail", reason), or None when it can.

    It may skip only when it was selected alone (nothing else ran, so nothing can have leaked). In
    any other run it fails rather than pass on data it did not see: under pytest-xdist each worker
    holds only its own tests' output, and a run that submitted nothing has nothing to search.
    """
    if others_selected is None:
        return "fail", "tests/conftest.py's collection hook did not run, so this run's order and size are unknown"
    if xdist_worker:
        return "fail", "under pytest-xdist (-n) each worker sees only its own tests' output: run the suites without -n"
    if others_selected == 0:
        return "skip", "selected alone: nothing else ran in this session, so there is nothing to search"
    if submitted == 0:
        return "fail", f"{others_selected} other test(s) ran but submitted no personal value: include a suite that submits leads"
    return None


def _worth_searching(value: str) -> bool:
    return len(value) >= MIN_LENGTH and sum(c.isalpha() for c in value) >= 3


def remember_values(*values: str) -> None:
    """Values typed in a browser (the desk's tests): searched for like a body's fields."""
    submitted.update(v.strip() for v in values if _worth_searching(v.strip()))


def remember(body: bytes | str | None, content_type: str | None, source_ip: str | None = None) -> None:
    from leadcapture.intake.web.request_body import parse_body
    from leadcapture.kernel.errors import LeadCaptureError

    if source_ip and not ipaddress.ip_address(source_ip).is_loopback:
        submitted.add(source_ip)
    if not body:
        return
    raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    try:
        fields = parse_body(raw.decode("latin-1"), is_base64=False, content_type=content_type).fields
    except (LeadCaptureError, UnicodeError):
        try:
            import base64

            fields = parse_body(base64.b64encode(raw).decode(), is_base64=True, content_type=content_type).fields
        except (LeadCaptureError, UnicodeError):
            return
    for name in PERSONAL_FIELDS:
        value = fields.get(name)
        if isinstance(value, str) and _worth_searching(value.strip()):
            submitted.add(value.strip())
            if name == "phone":
                submitted.update(_e164(value))


def _e164(value: str) -> set[str]:
    import phonenumbers

    try:
        number = phonenumbers.parse(value, "US")
    except phonenumbers.NumberParseException:
        return set()
    return {phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)} if phonenumbers.is_valid_number(number) else set()
