"""The answer table, the submit handler and the OpenAPI document cannot drift apart.

- every exception of `domain/errors.py` has an entry in `handlers/answer_table.TABLE`, or is on the
  short list of those the submit handler never answers (stream and storage internals, base classes);
- the OpenAPI document lists exactly the table's statuses, plus 201 and 303;
- each entry, raised through the real submit handler (its decorators and metrics included), answers
  with the entry's status, title, Retry-After and metrics.

The handler runs on an injected wiring of in-memory fakes: no AWS, no moto.
"""

from __future__ import annotations

import inspect
import json
from collections import Counter
from typing import Any

import pytest
from infra.local.runtime import LambdaContext

from leadcapture.adapters import aws as aws_state
from leadcapture.intake import handler as submit
from leadcapture.intake import wiring
from leadcapture.intake.domain.capture import Defences
from leadcapture.intake.settings import SubmitSettings
from leadcapture.intake.web import http
from leadcapture.intake.web.answer_table import TABLE, Answer
from leadcapture.intake.web.openapi import document
from leadcapture.kernel import errors, messages
from leadcapture.kernel.errors import FieldError, LeadCaptureError
from tests.conftest import json_event, valid_lead
from tests.fakes import FakeDeduplicator, FakeLeads
from tests.integration.abuse import emitted
from tests.settings import make_settings

# Never answered over HTTP, on purpose: the notifier's and the table's own signals, and base classes.
NOT_ANSWERED: frozenset[type[LeadCaptureError]] = frozenset(
    {
        errors.LeadCaptureError,  # base class
        errors.Forbidden,  # base class: always raised as OriginRefused or BotCheckFailed
        errors.LeadExists,  # capture() retries a new id; two uuid4 collisions in a row are not planned for
        errors.LeadNotFound,  # the notifier and the promote tool
        errors.MailTransientError,  # the notifier (the stream retries)
        errors.MailRejected,  # the notifier (the lead is marked notify_failed)
        errors.HeartbeatFailed,  # the heartbeat function (Lambda retries it; HeartbeatMissingAlarm)
        errors.LinkKeyUnavailable,  # the actions function's own 503 page; the notifier sends without links
        errors.PageTransientError,  # the urgent function (SQS delivers the step again)
        errors.PageRejected,  # the urgent function (counted and logged; the other phones are paged)
        errors.QueueUnavailable,  # the notifier and the urgent function (the stream or SQS retries)
    }
)

# One instance of each answered exception, as the code raises it.
SAMPLES: dict[type[LeadCaptureError], LeadCaptureError] = {
    errors.MalformedBody: errors.MalformedBody("body is not valid JSON"),
    errors.BodyTooLarge: errors.BodyTooLarge("body is over the size limit"),
    errors.UnsupportedMediaType: errors.UnsupportedMediaType("content type must be application/json"),
    errors.InvalidSubmission: errors.InvalidSubmission([FieldError("email", "email")]),
    errors.StorageUnavailable: errors.StorageUnavailable("ThrottlingException"),
    errors.OriginRefused: errors.OriginRefused(),
    errors.BotCheckFailed: errors.BotCheckFailed("captcha_invalid"),
    errors.RateLimited: errors.RateLimited(retry_after=1234),
    errors.DuplicateInFlight: errors.DuplicateInFlight("the same submission is being handled"),
    errors.InvalidIdempotencyKey: errors.InvalidIdempotencyKey("Idempotency-Key must be 16 to 255 visible ASCII characters"),
    errors.IdempotencyKeyReused: errors.IdempotencyKeyReused("Idempotency-Key was already used for a different submission"),
    errors.VerifierUnavailable: errors.VerifierUnavailable("turnstile_refused"),
}

SETTINGS = make_settings(SubmitSettings, {"RETRY_AFTER_SECONDS": "7"})


def our_exceptions() -> set[type[LeadCaptureError]]:
    return {
        cls
        for _, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, LeadCaptureError) and cls.__module__ == errors.__name__
    }


def test_every_exception_is_answered_by_the_table_or_deliberately_not() -> None:
    answered = set(TABLE)
    assert answered.isdisjoint(NOT_ANSWERED)
    assert our_exceptions() == answered | NOT_ANSWERED


def test_the_openapi_document_lists_exactly_the_tables_statuses_and_the_two_successes() -> None:
    responses = document()["paths"][http.PATH]["post"]["responses"]
    assert set(responses) == {str(answer.status) for answer in TABLE.values()} | {"201", "303"}
    for answer in TABLE.values():
        assert answer.described in responses[str(answer.status)]["description"]


class _Deduplicator(FakeDeduplicator):
    def register_lambda_context(self, context: Any) -> None:
        del context  # the adapter's Lambda hook; nothing to expire in memory


@pytest.fixture
def raising(monkeypatch: pytest.MonkeyPatch) -> list[LeadCaptureError]:
    """The submit handler on a wiring of fakes, whose capture() raises the exception put in the list."""
    injected = wiring.Wiring(SETTINGS, aws_state.clients())
    monkeypatch.setattr(injected, "store", FakeLeads())
    monkeypatch.setattr(injected, "deduplicator", _Deduplicator())
    monkeypatch.setattr(injected, "defences", Defences())
    monkeypatch.setattr(wiring, "current", lambda: injected)
    to_raise: list[LeadCaptureError] = []

    def capture(*args: object, **kwargs: object) -> None:
        raise to_raise[0]

    monkeypatch.setattr(submit, "capture", capture)
    return to_raise


def expected_retry_after(answer: Answer, err: LeadCaptureError) -> str | None:
    if answer.retry_after is None:
        return None
    return {"setting": str(SETTINGS.retry_after_seconds), "error": str(getattr(err, "retry_after", None)), "one": "1"}[answer.retry_after]


def expected_metrics(answer: Answer) -> Counter[str]:
    metrics = Counter([answer.metric] if answer.metric else [])
    if not answer.ours:
        metrics["LeadRejected"] += 1
    return metrics


@pytest.mark.parametrize("cls", list(TABLE), ids=lambda cls: cls.__name__)
def test_each_entry_is_what_the_submit_handler_answers(
    cls: type[LeadCaptureError],
    raising: list[LeadCaptureError],
    lambda_context: LambdaContext,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("POWERTOOLS_METRICS_DISABLED", raising=False)
    answer, err = TABLE[cls], SAMPLES[cls]
    raising.append(err)

    response = submit.handler(json_event(valid_lead()), lambda_context)

    assert response["statusCode"] == answer.status
    assert response["headers"]["Content-Type"] == "application/problem+json"
    problem = json.loads(response["body"])
    detail = str(err) if answer.own_detail else messages.text("en", f"problem.{answer.reason}.detail")
    assert (problem["status"], problem["title"], problem["detail"]) == (
        answer.status,
        messages.text("en", f"problem.{answer.reason}.title"),
        detail,
    )
    assert response["headers"].get("Retry-After") == expected_retry_after(answer, err)
    assert emitted(capsys.readouterr().out) == expected_metrics(answer)


def test_every_answered_exception_has_a_sample() -> None:
    assert set(SAMPLES) == set(TABLE)
