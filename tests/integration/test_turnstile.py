"""The Turnstile check against a real local HTTP server playing siteverify; the secret from SSM (moto)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import boto3
import pytest

from leadcapture.adapters import aws as aws_state
from leadcapture.intake.adapters.siteverify import TurnstileVerifier
from leadcapture.intake.settings import SubmitSettings
from leadcapture.kernel.errors import Forbidden, VerifierUnavailable
from tests import siteverify
from tests.settings import make_settings

PARAMETER = "/lead-capture/test/turnstile-secret"
KEY = uuid.UUID("8e03978e-40d5-43e8-bc93-6894a57f9324")


@pytest.fixture
def server() -> Iterator[siteverify.Siteverify]:
    with siteverify.serve() as state:
        yield state


@pytest.fixture
def verifier(aws: None, server: siteverify.Siteverify) -> TurnstileVerifier:
    boto3.client("ssm").put_parameter(Name=PARAMETER, Value=siteverify.SECRET, Type="SecureString")
    return make_verifier(server.url)


def make_verifier(url: str, parameter: str = PARAMETER) -> TurnstileVerifier:
    settings = make_settings(
        SubmitSettings,
        {
            "TURNSTILE_SECRET_PARAMETER": parameter,
            "TURNSTILE_VERIFY_URL": url,
            "TURNSTILE_HOSTNAMES": "practice.example",
            "TURNSTILE_ACTION": "consultation",
            "TURNSTILE_TIMEOUT_SECONDS": "0.5",
        },
    )
    return TurnstileVerifier(settings, ssm=aws_state.clients().ssm)


def test_a_good_token_passes_and_siteverify_gets_secret_token_ip_and_idempotency_key(
    verifier: TurnstileVerifier, server: siteverify.Siteverify
) -> None:
    verifier.verify("pass", remote_ip="203.0.113.7", idempotency_key=KEY)
    assert server.requests == [{"secret": "secret", "response": "pass", "remoteip": "203.0.113.7", "idempotency_key": str(KEY)}]


def test_without_an_ip_remoteip_is_left_out(verifier: TurnstileVerifier, server: siteverify.Siteverify) -> None:
    verifier.verify("pass", remote_ip=None, idempotency_key=KEY)
    assert "remoteip" not in server.requests[0]


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        ("fail", "captcha_invalid"),
        ("other-host", "captcha_hostname"),
        ("other-action", "captcha_action"),
        (None, "captcha_missing"),
        ("", "captcha_missing"),
        ("   ", "captcha_missing"),
        (["pass"], "captcha_missing"),
        ("x" * 2049, "captcha_invalid"),
    ],
)
def test_a_bad_token_is_forbidden(verifier: TurnstileVerifier, token: object, reason: str) -> None:
    with pytest.raises(Forbidden) as refused:
        verifier.verify(token, remote_ip="203.0.113.7", idempotency_key=KEY)
    assert refused.value.reason == reason


def test_missing_and_oversized_tokens_never_reach_siteverify(verifier: TurnstileVerifier, server: siteverify.Siteverify) -> None:
    for token in (None, "", "x" * 2049):
        with pytest.raises(Forbidden):
            verifier.verify(token, remote_ip=None, idempotency_key=KEY)
    assert server.requests == []


def test_a_replayed_token_is_forbidden_but_a_retry_with_the_same_idempotency_key_passes(verifier: TurnstileVerifier) -> None:
    verifier.verify("once-1", remote_ip=None, idempotency_key=KEY)
    verifier.verify("once-1", remote_ip=None, idempotency_key=KEY)
    with pytest.raises(Forbidden) as refused:
        verifier.verify("once-1", remote_ip=None, idempotency_key=uuid.uuid4())
    assert refused.value.reason == "captcha_replayed"


@pytest.mark.parametrize(("token", "code"), [("boom", "http_500"), ("not-json", "not_json"), ("slow", "TimeoutError")])
def test_siteverify_down_slow_or_garbled_is_unavailable_not_the_persons_fault(
    verifier: TurnstileVerifier, server: siteverify.Siteverify, token: str, code: str
) -> None:
    server.slow_seconds = 1.5
    started = time.monotonic()
    with pytest.raises(VerifierUnavailable) as unavailable:
        verifier.verify(token, remote_ip=None, idempotency_key=KEY)
    assert unavailable.value.code == code
    assert time.monotonic() - started < 1.2  # the short timeout, not the server's delay


def test_siteverify_unreachable_is_unavailable(aws: None) -> None:
    boto3.client("ssm").put_parameter(Name=PARAMETER, Value=siteverify.SECRET, Type="SecureString")
    with siteverify.serve() as gone:
        url = gone.url
    closed = make_verifier(url)
    with pytest.raises(VerifierUnavailable):
        closed.verify("pass", remote_ip=None, idempotency_key=KEY)


def test_siteverify_refusing_our_secret_is_unavailable(aws: None, server: siteverify.Siteverify, caplog: pytest.LogCaptureFixture) -> None:
    boto3.client("ssm").put_parameter(Name=PARAMETER, Value="rotated-away", Type="SecureString")
    with pytest.raises(VerifierUnavailable) as unavailable:
        make_verifier(server.url).verify("pass", remote_ip=None, idempotency_key=KEY)
    assert unavailable.value.code == "turnstile_refused"
    assert "rotated-away" not in caplog.text


def test_a_missing_secret_parameter_is_unavailable(aws: None, server: siteverify.Siteverify) -> None:
    with pytest.raises(VerifierUnavailable) as unavailable:
        make_verifier(server.url, parameter="/no/such/parameter").verify("pass", remote_ip=None, idempotency_key=KEY)
    assert unavailable.value.code == "secret_unavailable"
    assert server.requests == []


def test_the_secret_is_read_once_and_cached(verifier: TurnstileVerifier, server: siteverify.Siteverify) -> None:
    verifier.verify("pass", remote_ip=None, idempotency_key=KEY)
    boto3.client("ssm").put_parameter(Name=PARAMETER, Value="changed", Type="SecureString", Overwrite=True)
    verifier.verify("pass", remote_ip=None, idempotency_key=KEY)
    assert [r["secret"] for r in server.requests] == ["secret", "secret"]


def test_only_http_urls_are_called(verifier: TurnstileVerifier) -> None:
    local_file = make_verifier("file:///etc/passwd")
    with pytest.raises(VerifierUnavailable):
        local_file.verify("pass", remote_ip=None, idempotency_key=KEY)
