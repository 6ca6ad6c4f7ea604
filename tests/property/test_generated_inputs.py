"""Generated inputs: whatever the body, the answer is a 4xx or a valid lead, never an escaping error.

Hypothesis drives the parser and the model directly (many cases, fast), and the whole submit handler
under moto (fewer cases, every layer). A fixed seed keeps CI repeatable; `HYPOTHESIS_PROFILE=deep`
runs many more cases locally.
"""

from __future__ import annotations

import base64
import json
import os
import re
from typing import Any
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from infra.local.runtime import LambdaContext
from pydantic import ValidationError

from leadcapture.intake import handler as submit
from leadcapture.intake.domain.contract import ConsultationRequest, validate_submission
from leadcapture.intake.web.request_body import parse_body
from leadcapture.kernel.coordinator_email import reply_address
from leadcapture.kernel.errors import LeadCaptureError
from leadcapture.kernel.lookup import lookup_rules
from tests.conftest import http_event, valid_lead

settings.register_profile("ci", max_examples=300, deadline=None, derandomize=True)
settings.register_profile("deep", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

FIELDS = list(ConsultationRequest.model_fields)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=120),
    st.sampled_from(
        ["on", "true", "yes", "1", "off", "", " ", "email", "phone", "text", "morning", "couples", "+1 213 555 0117", "a@example.com"]
    ),
)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=6
)
submissions = st.dictionaries(st.sampled_from([*FIELDS, "id", "status", "x"]) | st.text(max_size=12), values, max_size=20)
# Mostly-valid leads with one field replaced: reaches the deeper rules, not only "missing".
near_valid = st.builds(lambda field, value: {**valid_lead(), field: value}, st.sampled_from(FIELDS), values)
CONTENT_TYPES = [
    "application/json",
    "application/json; charset=utf-8",
    "application/json; charset=latin-1",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=zzz",
    "multipart/form-data",
    "text/plain",
    "",
]


def encode(data: dict[str, Any], how: str) -> bytes:
    if how == "json":
        return json.dumps(data, default=str).encode()
    flat = {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}
    if how == "form":
        return urlencode(flat).encode()
    parts = [f'--zzz\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in flat.items()]
    return ("".join(parts) + "--zzz--\r\n").encode("utf-8", "surrogatepass")


bodies = st.one_of(
    st.binary(max_size=400),
    st.tuples(st.one_of(submissions, near_valid), st.sampled_from(["json", "form", "multipart"])).map(lambda t: encode(*t)),
)


@seed(20261128)
@given(body=bodies, content_type=st.sampled_from(CONTENT_TYPES), as_base64=st.booleans())
def test_parser_and_model_answer_with_our_errors_only(body: bytes, content_type: str, as_base64: bool) -> None:
    text = base64.b64encode(body).decode() if as_base64 else body.decode("utf-8", "replace")
    try:
        parsed = parse_body(text, is_base64=as_base64, content_type=content_type)
        request = validate_submission(parsed.fields, repeated=parsed.repeated)
    except LeadCaptureError:
        return
    assert request.consent is True
    assert request.email or request.phone
    assert request.name or (request.first_name and request.last_name)
    assert 1 <= len(request.first_name or request.name or "") <= 160


@seed(20261128)
@given(data=st.one_of(submissions, near_valid))
def test_model_never_lets_an_unexpected_exception_escape(data: dict[str, Any]) -> None:
    try:
        validate_submission(data)
    except LeadCaptureError as err:
        assert "Traceback" not in str(err)


@seed(20261128)
@settings(max_examples=120, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=bodies, content_type=st.sampled_from(CONTENT_TYPES), as_base64=st.booleans())
def test_submit_handler_never_answers_5xx(
    aws: None, lambda_context: LambdaContext, body: bytes, content_type: str, as_base64: bool
) -> None:
    # Random data: not remembered for the no-leak check (short random strings occur anywhere).
    event = (
        http_event(body, content_type=content_type or None, base64_body=True, remember=False)
        if as_base64
        else http_event(body.decode("utf-8", "replace"), content_type=content_type or None, base64_body=False, remember=False)
    )
    answer = submit.handler(event, lambda_context)
    assert answer["statusCode"] in {201, 400, 413, 415, 422, 429}, answer
    if answer["statusCode"] >= 400:
        assert json.loads(answer["body"])["status"] == answer["statusCode"]


def _reply_address_by_email_validator(address: str) -> str | None:
    """reply_address as it was before its ASCII shortcut: email-validator's ASCII form, guarded alike."""
    from email_validator import EmailNotValidError, validate_email

    try:
        ascii_form = validate_email(address, check_deliverability=False).ascii_email
    except EmailNotValidError:
        return None
    if ascii_form is None or re.fullmatch(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+", ascii_form) is None or "=?" in ascii_form:
        return None
    return str(ascii_form)


@given(st.one_of(st.emails(), st.sampled_from(["Sam.Rivera@Example.COM", "a+b@x.example", "o'neil@example.org", "x@[127.0.0.1]"])))
def test_an_ascii_stored_address_is_its_own_reply_to_form(typed: str) -> None:
    # The notifier skips email-validator for ASCII addresses (docs/performance.md): for every address
    # the contract's rule stores, that gives the Reply-To email-validator would.
    email_rule, _ = lookup_rules()
    try:
        stored = email_rule.validate_python(typed)
    except ValidationError:
        return
    if stored is not None and stored.isascii():
        assert reply_address(stored) == _reply_address_by_email_validator(stored)
