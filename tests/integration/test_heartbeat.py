"""The heartbeat under moto: a signed canary through submit, the table, the stream and notify.

A verified canary is stored as `canary` with a 2-day TTL, skips the rate limit and the bot check,
is never emailed, and makes notify count `HeartbeatOK`. A post whose signature does not verify is
an ordinary submission, answered exactly like one. The heartbeat function itself posts through a
real HTTP server (the local stack's) in front of the submit handler.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import boto3
import pytest
from infra.local.gateway import Gateway, Route
from infra.local.runtime import LambdaContext
from infra.local.server import API_PATH, Site, make_server

from leadcapture.heartbeat import handler as heartbeat_handler
from leadcapture.heartbeat.domain import heartbeat as beats
from leadcapture.intake import handler as submit
from leadcapture.kernel import canary as heartbeat
from leadcapture.kernel.errors import HeartbeatFailed
from leadcapture.notify import handler as notify
from tests.conftest import ENV, http_event, json_event, valid_lead
from tests.integration.abuse import emitted
from tests.integration.helpers import body_json, sent_emails, stored_leads
from tests.integration.streams import stream_event

KEY = "test-canary-key-0123456789"
TABLE = ENV["LEADS_TABLE_NAME"]


@pytest.fixture(autouse=True)
def canary_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CANARY_KEY", KEY)
    # EMF goes to stdout only when metrics are on; the tests read HeartbeatOK from there.
    monkeypatch.delenv("POWERTOOLS_METRICS_DISABLED", raising=False)


def synthetic_body() -> bytes:
    return beats.body_of(beats.synthetic_submission(datetime.now(UTC)))


def canary_event(body: bytes, *, key: str = KEY, skew: float = 0, **kwargs: Any) -> dict[str, Any]:
    """The post signed `skew` seconds away from now."""
    header = heartbeat.sign(key.encode(), body, time.time() + skew)
    headers = {heartbeat.HEADER: header, **kwargs.pop("headers", {})}
    # The synthetic body is nobody's: not remembered for the final no-leak search.
    return http_event(body, headers=headers, remember=False, **kwargs)


def logs(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)


def notify_all(context: LambdaContext) -> None:
    assert notify.handler(stream_event(TABLE), context) == {"batchItemFailures": []}


def test_a_signed_canary_is_stored_as_canary_for_two_days_never_emailed_and_counts_heartbeat_ok(
    aws: None, lambda_context: LambdaContext, capsys: pytest.CaptureFixture[str]
) -> None:
    before = time.time()
    answer = submit.handler(canary_event(synthetic_body()), lambda_context)
    assert answer["statusCode"] == 201, answer
    assert answer["headers"][heartbeat.HEADER] == heartbeat.ACCEPTED
    [lead] = stored_leads()
    assert (lead.id, lead.status) == (body_json(answer)["id"], "canary")
    two_days = heartbeat.CANARY_RETENTION_DAYS * 86400
    assert before + two_days - 5 <= lead.expires_at <= time.time() + two_days

    notify_all(lambda_context)
    assert sent_emails() == []
    [lead] = stored_leads()
    assert lead.status == "canary" and lead.notified_at is None
    metrics = emitted(capsys.readouterr().out)
    assert metrics["HeartbeatOK"] == 1
    # Not a lead: no lead or quarantine metric, and no email metric.
    assert metrics["LeadCaptured"] == metrics["SpamQuarantined"] == metrics["NotificationSent"] == 0


def test_heartbeat_ok_carries_the_service_dimension_like_every_metric(
    aws: None, lambda_context: LambdaContext, capsys: pytest.CaptureFixture[str]
) -> None:
    submit.handler(canary_event(synthetic_body()), lambda_context)
    capsys.readouterr()
    notify_all(lambda_context)
    [document] = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"HeartbeatOK"' in line]
    assert document["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == [["service"]]
    assert document["service"] == ENV["POWERTOOLS_SERVICE_NAME"]


def test_a_canary_skips_the_rate_limit_and_is_not_counted(
    aws: None, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RATE_LIMIT_PER_HOUR", "1")
    monkeypatch.setenv("RATE_LIMIT_KEY", "test-hmac-key")
    assert submit.handler(json_event(valid_lead(), source_ip="198.51.100.4"), lambda_context)["statusCode"] == 201
    assert submit.handler(json_event(valid_lead(first_name="Alexis"), source_ip="198.51.100.4"), lambda_context)["statusCode"] == 429
    for _ in range(2):
        answer = submit.handler(canary_event(synthetic_body(), source_ip="198.51.100.4"), lambda_context)
        assert answer["statusCode"] == 201, answer
    [counter] = boto3.client("dynamodb").scan(TableName=ENV["RATE_LIMIT_TABLE_NAME"])["Items"]
    assert counter["count"]["N"] == "2"  # the two people's posts; the canaries were not counted


def test_a_canary_needs_no_bot_check_token(aws: None, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch) -> None:
    # Turnstile on (its secret not even readable): a person's post without a token is refused...
    monkeypatch.setenv("TURNSTILE_SECRET_PARAMETER", "/lead-capture/test/no-such-parameter")
    assert submit.handler(json_event(valid_lead()), lambda_context)["statusCode"] in {403, 503}
    # ...the heartbeat, which cannot solve a challenge, is not.
    answer = submit.handler(canary_event(synthetic_body()), lambda_context)
    assert answer["statusCode"] == 201, answer
    assert [lead.status for lead in stored_leads()] == ["canary"]


BAD_SIGNATURES: dict[str, dict[str, Any]] = {
    "wrong key": {"key": "not-the-key"},
    "stale": {"skew": -(heartbeat.REPLAY_WINDOW_SECONDS + 60)},
    "from the future": {"skew": heartbeat.REPLAY_WINDOW_SECONDS + 60},
}


def comparable(answer: dict[str, Any]) -> tuple[int, set[str], set[str]]:
    return answer["statusCode"], set(answer["headers"]), set(body_json(answer))


@pytest.mark.parametrize("case", sorted(BAD_SIGNATURES))
def test_a_person_whose_post_carries_a_bad_signature_is_an_ordinary_lead(
    aws: None, lambda_context: LambdaContext, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture, case: str
) -> None:
    plain = submit.handler(json_event(valid_lead(first_name="Plainly")), lambda_context)
    data = json.dumps(valid_lead(first_name="Jordana", message="Anxiety at night, mostly.")).encode()
    signed = canary_event(data, **BAD_SIGNATURES[case])
    from tests import personal_data

    personal_data.remember(data, "application/json")  # a person's values: searched for below and at the end
    answer = submit.handler(signed, lambda_context)
    # Answered exactly as the same post without the header: nothing tells the sender why.
    assert comparable(answer) == comparable(plain)
    assert heartbeat.HEADER not in answer["headers"]
    notify_all(lambda_context)
    assert sorted(lead.status for lead in stored_leads()) == ["notified", "notified"]
    assert len(sent_emails()) == 2
    out = capsys.readouterr()
    assert emitted(out.out)["HeartbeatOK"] == 0
    logged = logs(caplog)
    assert "heartbeat signature not verified" in logged
    for value in ("Jordana", "Anxiety at night"):
        assert value not in out.out + out.err + logged


def test_a_tampered_canary_body_is_not_a_canary(aws: None, lambda_context: LambdaContext) -> None:
    body = synthetic_body()
    event = canary_event(body)
    event["body"] = body.replace(b"never emailed", b"never  emailed").decode()
    answer = submit.handler(event, lambda_context)
    assert answer["statusCode"] == 201
    assert heartbeat.HEADER not in answer["headers"]
    assert [lead.status for lead in stored_leads()] == ["spam"]


def test_a_heartbeat_whose_signature_fails_is_quarantined_not_emailed(
    aws: None, lambda_context: LambdaContext, capsys: pytest.CaptureFixture[str]
) -> None:
    # The synthetic body fills the honeypot: a heartbeat with a wrong key never reaches the coordinator.
    answer = submit.handler(canary_event(synthetic_body(), key="rotated-away"), lambda_context)
    assert answer["statusCode"] == 201
    assert heartbeat.HEADER not in answer["headers"]
    notify_all(lambda_context)
    assert [lead.status for lead in stored_leads()] == ["spam"]
    assert sent_emails() == []
    assert emitted(capsys.readouterr().out)["HeartbeatOK"] == 0


def test_without_a_configured_key_no_post_is_a_canary(aws: None, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CANARY_KEY")
    answer = submit.handler(canary_event(synthetic_body()), lambda_context)
    assert answer["statusCode"] == 201 and heartbeat.HEADER not in answer["headers"]
    assert [lead.status for lead in stored_leads()] == ["spam"]


def test_the_key_is_read_from_secrets_manager_and_only_for_signed_posts(
    aws: None, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    arn = boto3.client("secretsmanager").create_secret(Name="lead-capture/test/canary", SecretString="from-the-secret")["ARN"]
    monkeypatch.setenv("CANARY_KEY_SECRET", arn)
    monkeypatch.setenv("CANARY_KEY", "ignored-when-the-secret-is-set")
    from leadcapture.adapters import aws as aws_state

    reads: list[str] = []
    aws_state.clients().secretsmanager().meta.events.register(
        "before-call.secrets-manager.GetSecretValue", lambda **_: reads.append("read")
    )
    assert submit.handler(json_event(valid_lead()), lambda_context)["statusCode"] == 201
    assert reads == []  # a person's post never waits on the key
    answer = submit.handler(canary_event(synthetic_body(), key="from-the-secret"), lambda_context)
    assert answer["headers"].get(heartbeat.HEADER) == heartbeat.ACCEPTED
    assert reads == ["read"]


# --- the heartbeat function, posting over HTTP ----------------------------------------------------


@pytest.fixture
def api(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The local stack's HTTP server and gateway in front of the submit handler; HEARTBEAT_URL points at it."""

    def call_submit(event: dict[str, Any]) -> Any:
        return submit.handler(event, LambdaContext(function_name="submit", region=ENV["AWS_DEFAULT_REGION"]))

    def function_error(err: Exception) -> None:
        raise AssertionError(f"submit failed: {type(err).__name__}")

    gateway = Gateway(routes=[Route("POST", API_PATH, call_submit)], cors=None, on_error=function_error)
    site = Site(gateway=gateway, outbox=None, list_leads=list, openapi=dict, say=lambda _: None)
    server = make_server(0, site)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}{API_PATH}"
    monkeypatch.setenv("HEARTBEAT_URL", url)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


def heartbeat_context() -> LambdaContext:
    return LambdaContext(function_name="heartbeat", region=ENV["AWS_DEFAULT_REGION"], timeout_seconds=20)


SCHEDULED = {"source": "aws.events", "detail-type": "Scheduled Event", "detail": {}}


def test_the_heartbeat_function_posts_a_canary_that_notify_counts(
    api: str, lambda_context: LambdaContext, capsys: pytest.CaptureFixture[str]
) -> None:
    result = heartbeat_handler.handler(SCHEDULED, heartbeat_context())
    assert result["ok"] is True and result["status"] == 201
    [lead] = stored_leads()
    assert (lead.id, lead.status) == (result["lead_id"], "canary")
    notify_all(lambda_context)
    assert sent_emails() == []
    metrics = emitted(capsys.readouterr().out)
    assert (metrics["HeartbeatOK"], metrics["HeartbeatFailed"]) == (1, 0)


class _Answering(BaseHTTPRequestHandler):
    status: ClassVar[int] = 503
    headers_to_send: ClassVar[dict[str, str]] = {}

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        self.send_response(self.status)
        for name, value in self.headers_to_send.items():
            self.send_header(name, value)
        self.send_header("content-length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[_Answering]]:
    """An API that answers whatever the test sets."""
    handler = type("Answering", (_Answering,), {"status": 503, "headers_to_send": {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    monkeypatch.setenv("HEARTBEAT_URL", f"http://127.0.0.1:{server.server_address[1]}/consultations")
    try:
        yield handler
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("status", "headers", "reason"),
    [(503, {}, "http_503"), (429, {}, "http_429"), (201, {}, "not_recognized"), (201, {heartbeat.HEADER: "nope"}, "not_recognized")],
)
def test_a_heartbeat_not_stored_as_a_canary_counts_heartbeat_failed_and_raises_for_a_retry(
    endpoint: type[_Answering],
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    status: int,
    headers: dict[str, str],
    reason: str,
) -> None:
    endpoint.status, endpoint.headers_to_send = status, headers
    with pytest.raises(HeartbeatFailed) as raised:
        heartbeat_handler.handler(SCHEDULED, heartbeat_context())
    assert raised.value.reason == reason
    assert emitted(capsys.readouterr().out)["HeartbeatFailed"] == 1
    [record] = [r for r in caplog.records if r.getMessage() == "heartbeat failed"]
    assert (record.levelname, record.__dict__["reason"]) == ("ERROR", reason)


def test_an_unreachable_api_or_no_key_is_a_failed_heartbeat(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HEARTBEAT_URL", "http://127.0.0.1:9/consultations")  # the discard port: refused
    with pytest.raises(HeartbeatFailed) as raised:
        heartbeat_handler.handler(SCHEDULED, heartbeat_context())
    assert raised.value.reason == "ConnectionRefusedError"
    monkeypatch.delenv("CANARY_KEY")
    from leadcapture.adapters import aws as aws_state

    aws_state.reset()
    with pytest.raises(HeartbeatFailed) as raised:
        heartbeat_handler.handler(SCHEDULED, heartbeat_context())
    assert raised.value.reason == "no_key"
    assert emitted(capsys.readouterr().out)["HeartbeatFailed"] == 2
