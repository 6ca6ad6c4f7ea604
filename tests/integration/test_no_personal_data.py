"""A whole run's logs and metrics hold none of the submitted values.

Every handler path (stored, urgent, invalid, malformed, storage down, email sent, email rejected,
email retried) runs with file-descriptor-level capture; the output is then searched for every
name, email, phone (as typed and as stored), message and the source IP.
"""

from __future__ import annotations

import io
import logging
from typing import Any
from urllib.parse import urlencode

import pytest
from infra.local.runtime import LambdaContext

from leadcapture.intake import handler as submit
from leadcapture.notify import handler as notify
from tests.conftest import ENV, http_event, json_event, valid_lead
from tests.integration.helpers import client_error
from tests.integration.streams import stream_event

SOURCE_IP = "198.51.100.23"
PEOPLE = [
    valid_lead(
        first_name="Quintessa", last_name="Vandermolen", email="quintessa.v@example.org", phone="(415) 555-2671", message="Xylophonic grief"
    ),
    valid_lead(
        first_name="Bartholomew",
        last_name="Okonkwo-Liu",
        email="bart.ol@example.net",
        phone="+44 20 7946 0958",
        message="I want to die, zqxj",
    ),
    valid_lead(
        first_name="Émeraude", last_name="Fitzwilliam", email="emeraude@example.com", phone="213-555-0199", message="Quokka anxiety"
    ),
]
INVALID = valid_lead(
    first_name="Marguerite\x00", last_name="Thistlewood", email="not-an-email-marguerite", phone="555-01", message="Zanzibar"
)
SENSITIVE = [
    "Quintessa", "Vandermolen", "quintessa.v@example.org", "(415) 555-2671", "4155552671", "Xylophonic",
    "Bartholomew", "Okonkwo", "bart.ol@example.net", "79460958", "zqxj",
    "Émeraude", "meraude", "Fitzwilliam", "emeraude@example.com", "2135550199", "Quokka",
    "Marguerite", "Thistlewood", "not-an-email-marguerite", "Zanzibar",
    SOURCE_IP,
]  # fmt: skip


def run_everything(context: LambdaContext) -> None:
    for person in PEOPLE:
        assert submit.handler(json_event(person, source_ip=SOURCE_IP), context)["statusCode"] == 201
    form = urlencode({k: "on" if v is True else str(v) for k, v in PEOPLE[0].items()})
    assert (
        submit.handler(http_event(form, content_type="application/x-www-form-urlencoded", source_ip=SOURCE_IP), context)["statusCode"]
        == 201
    )
    assert submit.handler(json_event(INVALID, source_ip=SOURCE_IP), context)["statusCode"] == 422
    assert submit.handler(http_event('{"first_name": "Marguerite"', source_ip=SOURCE_IP), context)["statusCode"] == 400

    from leadcapture.adapters import aws as aws_state

    def down(**kwargs: Any) -> None:
        raise client_error("InternalServerError", "PutItem", message="Thistlewood")

    aws_state.clients().dynamodb().meta.events.register("before-call.dynamodb.PutItem", down)
    assert submit.handler(json_event(PEOPLE[2], source_ip=SOURCE_IP), context)["statusCode"] == 503
    aws_state.clients().dynamodb().meta.events.unregister("before-call.dynamodb.PutItem", down)

    event = stream_event(ENV["LEADS_TABLE_NAME"])
    calls = []

    def flaky(params: dict[str, Any], **kwargs: Any) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise client_error("MessageRejected", "SendEmail", message="Quintessa rejected")
        if len(calls) == 2:
            raise client_error("TooManyRequestsException", "SendEmail", status=429)

    aws_state.clients().sesv2().meta.events.register("before-parameter-build.sesv2.SendEmail", flaky)
    notify.handler(event, context)
    notify.handler(event, context)


def test_no_submitted_value_reaches_logs_or_metrics(
    aws: None, lambda_context: LambdaContext, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    from leadcapture.observability import logger

    # The Logger's handler holds the stream it was created with: point it at a buffer we can read.
    lines = io.StringIO()
    original = logger.registered_handler.setStream(lines)  # type: ignore[attr-defined]
    # Our logger and Powertools' at their most verbose. (botocore's DEBUG logs print request bodies;
    # they are off unless someone turns them on by hand, which no setting of ours does.)
    caplog.set_level(logging.DEBUG, logger=ENV["POWERTOOLS_SERVICE_NAME"])
    caplog.set_level(logging.DEBUG, logger="aws_lambda_powertools")
    try:
        run_everything(lambda_context)
    finally:
        logger.registered_handler.setStream(original)  # type: ignore[attr-defined]
    captured = capfd.readouterr()
    assert '"message":"lead captured"' in lines.getvalue(), "the JSON log lines were not captured"
    assert '"CloudWatchMetrics"' in captured.out, "the EMF metric lines were not captured"
    output = lines.getvalue() + captured.out + captured.err + "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert "lead captured" in output and "NotificationFailed" in output  # the capture really saw the run
    found = [value for value in SENSITIVE if value.lower() in output.lower()]
    assert found == []
