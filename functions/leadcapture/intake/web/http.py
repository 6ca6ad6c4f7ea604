"""What the submit handler reads from an HTTP API request, and how it answers and counts.

Origins, the client address, whether the client is a browser posting a plain form (it gets HTML
and redirects), and the metrics and log line of every answer. Never a submitted value in a log
line: field names, reasons and error codes only.
"""

from __future__ import annotations

import time
import traceback
from typing import TYPE_CHECKING

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.exceptions import ServiceError
from aws_lambda_powertools.metrics import MetricUnit

from leadcapture.intake.web import answers
from leadcapture.intake.web.answer_table import answer_for
from leadcapture.intake.web.request_body import decode_raw, parse_body
from leadcapture.intake.website.origins import normal_origin
from leadcapture.kernel import canary as heartbeat
from leadcapture.kernel import messages
from leadcapture.kernel.errors import InvalidSubmission, LeadCaptureError, RateLimited
from leadcapture.observability import logger, metrics

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

    from leadcapture.intake.domain.receipt import Receipt
    from leadcapture.intake.settings import SubmitSettings as Settings
    from leadcapture.kernel.messages import Language

# The submit function's one route (template.yaml's PostConsultation event).
PATH = "/consultations"


def origin_allowed(origin: str, allowed: tuple[str, ...]) -> bool:
    """A browser's post from a page not on the allow-list is refused before anything is counted or stored.

    `allowed` is the settings' list, already in normal form; the header is put in the same form
    (`origins.normal_origin`), and one that is no origin at all ("null", a path) is refused.
    No Origin header at all (non-browser clients, old browsers) is not refused by the caller: the
    header is the browser's word, and a script that leaves it out could as well send an allowed one.
    """
    try:
        return normal_origin(origin) in allowed
    except ValueError:
        return False


def source_ip(event: APIGatewayProxyEventV2) -> str | None:
    http = event.raw_event.get("requestContext", {}).get("http", {})
    value = http.get("sourceIp") if isinstance(http, dict) else None
    return value if isinstance(value, str) and value else None


def is_canary(event: APIGatewayProxyEventV2, key: Callable[[], bytes | None]) -> bool:
    """True when the post carries a heartbeat signature that verifies over its exact body bytes.

    The key is read only when the header is there, so a person's post never waits on it. A header
    that does not verify is only logged: the post goes on as anyone's, and its answer says nothing.
    """
    header = event.headers.get(heartbeat.HEADER.lower())
    if header is None:
        return False
    raw = decode_raw(event.body, is_base64=bool(event.is_base64_encoded))
    if heartbeat.verify(header, raw, key=key(), now=time.time()):
        return True
    logger.warning("heartbeat signature not verified: handled as an ordinary submission")
    return False


def wants_html(event: APIGatewayProxyEventV2) -> bool:
    return answers.prefers_html(event.headers.get("accept"), event.headers.get("content-type"))


def language(event: APIGatewayProxyEventV2, settings: Settings, fields: Mapping[str, object] | None = None) -> Language:
    """The person's language: the body's `lang` (under our name), else Accept-Language, else the practice's.

    Without `fields` (a refusal: the body may not have been read) the body is read again here;
    one that cannot be read has no `lang`.
    """
    if fields is None:
        try:
            parsed = parse_body(event.body, is_base64=bool(event.is_base64_encoded), content_type=event.headers.get("content-type"))
            fields = settings.field_map.apply(parsed.fields, parsed.repeated).fields
        except LeadCaptureError:
            fields = {}
    return messages.negotiate(fields.get("lang"), event.headers.get("accept-language"), settings.practice_language)


def back_link(event: APIGatewayProxyEventV2) -> str | None:
    referer = event.headers.get("referer")
    return referer if referer and referer.startswith(("https://", "http://")) else None


def accepted(event: APIGatewayProxyEventV2, receipt: Receipt, settings: Settings, language: Language) -> Response[str]:
    answer = answers.accepted(
        receipt.lead_id, urgent=receipt.urgent, html=wants_html(event), thank_you_url=settings.thank_you_for(language), language=language
    )
    if receipt.canary:
        # Only a post signed with the stack's key gets this, so it tells an outsider nothing.
        answer.headers[heartbeat.HEADER] = heartbeat.ACCEPTED
    return answer


def count_captured(receipt: Receipt) -> None:
    if receipt.canary:
        return  # not a lead: notify counts HeartbeatOK when it arrives there
    if receipt.replayed:
        _count("DuplicateReplayed")
    elif receipt.quarantined:
        _count("SpamQuarantined")
    else:
        _count("LeadCaptured")
        if receipt.urgent:
            _count("UrgentLead")


def refusal(event: APIGatewayProxyEventV2, err: LeadCaptureError, settings: Settings) -> Response[str]:
    """The answer-table entry for one of our exceptions, with its metric, log line and headers."""
    answer = answer_for(err)
    if answer is None:
        return unexpected(event, err)
    reason = str(getattr(err, "reason", answer.reason))
    errors = err.errors if isinstance(err, InvalidSubmission) else None
    if answer.metric:
        _count(answer.metric)
    if answer.ours:
        logger.error("lead not stored", reason=reason, error_code=getattr(err, "code", None))
    else:
        _count("LeadRejected")
        metrics.add_metadata(key="reason", value=reason)
        # Field names only: which fields failed is useful to ops, their values never are logged.
        logger.info("submission rejected", status=answer.status, reason=reason, fields=[e.field for e in errors or []])
    retry_after = {
        "setting": str(settings.retry_after_seconds),
        "error": str(err.retry_after) if isinstance(err, RateLimited) else str(settings.retry_after_seconds),
        "one": "1",
        None: None,
    }[answer.retry_after]
    lang = language(event, settings)
    detail = str(err) if answer.own_detail and lang == "en" else messages.text(lang, f"problem.{answer.reason}.detail")
    return answers.problem(
        answers.ProblemDetails(answer.status, messages.text(lang, f"problem.{answer.reason}.title"), detail, errors),
        language=lang,
        html=wants_html(event),
        headers={"Retry-After": retry_after} if retry_after else None,
        back=back_link(event) if answer.back_link else None,
    )


def unexpected(event: APIGatewayProxyEventV2, err: Exception) -> Response[str]:
    if isinstance(err, ServiceError):
        # Powertools' own answers (404 for a route that does not exist) keep their status.
        title, detail = ("Not found", "No such resource.") if err.status_code == 404 else ("Request refused", "Request refused.")
        return answers.problem(answers.ProblemDetails(err.status_code, title, detail), html=False)
    # The traceback's frames, never the exception's message: it could hold a submitted value.
    logger.error("unhandled error", error_type=type(err).__name__, frames=traceback.format_tb(err.__traceback__))
    _count("UnhandledError")
    lang = messages.from_accept_language(event.headers.get("accept-language")) or "en"
    say = messages.text
    internal = answers.ProblemDetails(500, say(lang, "problem.internal.title"), say(lang, "problem.internal.detail"))
    return answers.problem(internal, html=wants_html(event), language=lang)


def _count(name: str) -> None:
    metrics.add_metric(name=name, unit=MetricUnit.Count, value=1)
