"""Submit function: API Gateway HTTP API (payload 2.0) POST /consultations -> capture() -> answer.

Thin on purpose: it reads the event, calls the domain, and maps our exceptions to HTTP answers in
one place (the exception handlers below).
"""

from __future__ import annotations

import traceback
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, CORSConfig, Response
from aws_lambda_powertools.event_handler.exceptions import ServiceError
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit

from . import answers
from .capture import Defences, Receipt, Sender, capture
from .config import Settings, get_settings
from .errors import (
    BodyTooLarge,
    DuplicateInFlight,
    FieldError,
    Forbidden,
    IdempotencyKeyReused,
    InvalidIdempotencyKey,
    InvalidSubmission,
    MalformedBody,
    RateLimited,
    StorageUnavailable,
    UnsupportedMediaType,
    VerifierUnavailable,
)
from .idempotency import default_deduplicator
from .leads import default_store
from .observability import logger, metrics, traced
from .ratelimit import default_limiter
from .request_body import parse_body
from .turnstile import default_verifier

PATH = "/consultations"


def _cors() -> CORSConfig | None:
    origins = get_settings().allowed_origins
    if not origins:
        return None
    return CORSConfig(
        allow_origin=origins[0], extra_origins=list(origins[1:]), allow_headers=["Content-Type", "Idempotency-Key"], max_age=600
    )


app = APIGatewayHttpResolver(cors=_cors())


def _wants_html() -> bool:
    headers = app.current_event.headers
    return answers.prefers_html(headers.get("accept"), headers.get("content-type"))


def _back_link() -> str | None:
    referer = app.current_event.headers.get("referer")
    return referer if referer and referer.startswith(("https://", "http://")) else None


def _normal_origin(origin: str) -> str:
    return origin.strip().rstrip("/").lower()


def _check_origin(settings: Settings) -> None:
    """A browser's post from a page not on the allow-list is refused before anything is counted or stored.

    No Origin header (non-browser clients, old browsers) is allowed: the header is the browser's
    word, and a script that leaves it out could as well send an allowed one.
    """
    origin = app.current_event.headers.get("origin")
    if origin is not None and _normal_origin(origin) not in {_normal_origin(o) for o in settings.allowed_origins}:
        raise Forbidden("origin")


def _source_ip() -> str | None:
    http = app.current_event.raw_event.get("requestContext", {}).get("http", {})
    value = http.get("sourceIp") if isinstance(http, dict) else None
    return value if isinstance(value, str) and value else None


def _defences() -> Defences:
    deduplicator = default_deduplicator()
    deduplicator.register_lambda_context(app.lambda_context)
    return Defences(limiter=default_limiter(), deduplicator=deduplicator, verifier=default_verifier())


@app.post(PATH, cors=True)
def post_consultation() -> Response[str]:
    event = app.current_event
    settings = get_settings()
    _check_origin(settings)
    body = parse_body(event.body, is_base64=bool(event.is_base64_encoded), content_type=event.headers.get("content-type"))
    sender = Sender(source_ip=_source_ip(), idempotency_key=event.headers.get("idempotency-key"))
    receipt = capture(body.fields, repeated=body.repeated, store=default_store(), settings=settings, sender=sender, defences=_defences())
    _count(receipt)
    logger.info(
        "lead captured",
        lead_id=receipt.lead_id,
        urgent=receipt.urgent,
        quarantined=receipt.quarantined,
        replayed=receipt.replayed,
        encoding=body.media_type,
    )
    return answers.accepted(receipt.lead_id, urgent=receipt.urgent, html=_wants_html(), thank_you_url=settings.thank_you_url)


def _count(receipt: Receipt) -> None:
    if receipt.replayed:
        metrics.add_metric(name="DuplicateReplayed", unit=MetricUnit.Count, value=1)
        return
    if receipt.quarantined:
        metrics.add_metric(name="SpamQuarantined", unit=MetricUnit.Count, value=1)
        return
    metrics.add_metric(name="LeadCaptured", unit=MetricUnit.Count, value=1)
    if receipt.urgent:
        metrics.add_metric(name="UrgentLead", unit=MetricUnit.Count, value=1)


def _rejected(
    status: int,
    reason: str,
    detail: str,
    *,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
    back: str | None = None,
) -> Response[str]:
    metrics.add_metric(name="LeadRejected", unit=MetricUnit.Count, value=1)
    metrics.add_metadata(key="reason", value=reason)
    # Field names only: which fields failed is useful to ops, their values never are logged.
    logger.info("submission rejected", status=status, reason=reason, fields=[e.field for e in errors or []])
    return answers.problem(status, detail, html=_wants_html(), errors=errors, headers=headers, back=back)


@app.exception_handler(MalformedBody)
def _malformed(err: MalformedBody) -> Response[str]:
    return _rejected(400, "malformed", str(err))


@app.exception_handler(BodyTooLarge)
def _too_large(err: BodyTooLarge) -> Response[str]:
    return _rejected(413, "too_large", "The request body is over 32 KiB.")


@app.exception_handler(UnsupportedMediaType)
def _unsupported(err: UnsupportedMediaType) -> Response[str]:
    return _rejected(415, "media_type", str(err))


@app.exception_handler(InvalidSubmission)
def _invalid(err: InvalidSubmission) -> Response[str]:
    return _rejected(422, "invalid", "Please correct the fields listed.", errors=err.errors, back=_back_link())


@app.exception_handler(StorageUnavailable)
def _storage_down(err: StorageUnavailable) -> Response[str]:
    metrics.add_metric(name="StorageUnavailable", unit=MetricUnit.Count, value=1)
    logger.error("lead not stored: storage unavailable", error_code=err.code)
    retry_after = str(get_settings().retry_after_seconds)
    detail = "We could not save your request just now. Nothing was stored; please try again in a moment."
    return answers.problem(503, detail, html=_wants_html(), headers={"Retry-After": retry_after})


@app.exception_handler(Forbidden)
def _forbidden(err: Forbidden) -> Response[str]:
    if err.reason == "origin":
        metrics.add_metric(name="OriginRefused", unit=MetricUnit.Count, value=1)
        return _rejected(403, "origin", "Requests from this website are not accepted. Nothing was stored.")
    metrics.add_metric(name="CaptchaFailed", unit=MetricUnit.Count, value=1)
    detail = "We could not confirm that this request was sent by a person. Nothing was stored; please complete the check and send it again."
    return _rejected(403, err.reason, detail, back=_back_link())


@app.exception_handler(RateLimited)
def _rate_limited(err: RateLimited) -> Response[str]:
    metrics.add_metric(name="RateLimited", unit=MetricUnit.Count, value=1)
    detail = "Too many requests were sent from your network. Nothing was stored; please try again later."
    return _rejected(429, "rate_limited", detail, headers={"Retry-After": str(err.retry_after)})


@app.exception_handler(DuplicateInFlight)
def _in_flight(err: DuplicateInFlight) -> Response[str]:
    metrics.add_metric(name="DuplicateInFlight", unit=MetricUnit.Count, value=1)
    detail = "This request is already being sent. Wait a moment; sending it again then will not create a duplicate."
    return _rejected(409, "in_flight", detail, headers={"Retry-After": "1"})


@app.exception_handler(InvalidIdempotencyKey)
def _bad_key(err: InvalidIdempotencyKey) -> Response[str]:
    return _rejected(400, "idempotency_key", str(err))


@app.exception_handler(IdempotencyKeyReused)
def _key_reused(err: IdempotencyKeyReused) -> Response[str]:
    return _rejected(422, "idempotency_key_reused", str(err))


@app.exception_handler(VerifierUnavailable)
def _verifier_down(err: VerifierUnavailable) -> Response[str]:
    metrics.add_metric(name="VerifierUnavailable", unit=MetricUnit.Count, value=1)
    logger.error("lead not stored: verifier unavailable", error_code=err.code)
    retry_after = str(get_settings().retry_after_seconds)
    detail = "We could not check your request just now. Nothing was stored; please try again in a moment."
    return answers.problem(503, detail, html=_wants_html(), headers={"Retry-After": retry_after})


@app.exception_handler(Exception)
def _unexpected(err: Exception) -> Response[str]:
    if isinstance(err, ServiceError):
        # Powertools' own answers (404 for a route that does not exist) keep their status.
        return answers.problem(err.status_code, "No such resource." if err.status_code == 404 else "Request refused.", html=False)
    # The traceback's frames, never the exception's message: it could hold a submitted value.
    logger.error("unhandled error", error_type=type(err).__name__, frames=traceback.format_tb(err.__traceback__))
    metrics.add_metric(name="UnhandledError", unit=MetricUnit.Count, value=1)
    return answers.problem(500, "Something went wrong on our side. Please try again.", html=_wants_html())


@traced
@metrics.log_metrics(raise_on_empty_metrics=False)
@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
