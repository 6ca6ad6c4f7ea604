"""What every suite submitted, and everything every suite logged: for the final no-leak check.

`remember()` is called by the event factory and by the local-stack client with each body they
send; it keeps the personal values (names, email, phone as typed and in E.164, message) and the
source IP. A pytest hook in tests/conftest.py keeps every test's captured stdout, stderr and log
records, and the e2e suite registers each local stack's console. tests/zz_final searches it all.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

PERSONAL_FIELDS = ("first_name", "last_name", "email", "phone", "message")
# Shorter values (a first name like "Sam") also occur in ordinary words; they cannot be searched
# for without false alarms, and longer ones from the same tests cover the same paths.
MIN_LENGTH = 6

submitted: set[str] = set()
captured: list[str] = []
consoles: list[Callable[[], str]] = []


def _worth_searching(value: str) -> bool:
    return len(value) >= MIN_LENGTH and sum(c.isalpha() for c in value) >= 3


def remember(body: bytes | str | None, content_type: str | None, source_ip: str | None = None) -> None:
    from leadcapture.domain.errors import LeadCaptureError
    from leadcapture.handlers.request_body import parse_body

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
