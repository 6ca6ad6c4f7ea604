"""Submit function: API Gateway HTTP API (payload 2.0) POST /consultations -> capture() -> answer.

Reads the event, calls the domain, and answers every refusal from `answer_table.py`.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, CORSConfig, Response
from aws_lambda_powertools.logging import correlation_paths

from leadcapture.intake import wiring
from leadcapture.intake.domain.capture import Sender, Submission, capture
from leadcapture.intake.web import http
from leadcapture.intake.web.request_body import parse_body
from leadcapture.kernel.errors import InvalidSubmission, LeadCaptureError, OriginRefused
from leadcapture.observability import logger, metrics, traced


def make_app(w: wiring.Wiring) -> APIGatewayHttpResolver:
    """The resolver for one wiring: its CORS comes from that wiring's settings."""
    origins = w.settings.allowed_origins
    cors = None
    if origins:
        cors = CORSConfig(origins[0], extra_origins=list(origins[1:]), allow_headers=["Content-Type", "Idempotency-Key"], max_age=600)
    app = APIGatewayHttpResolver(cors=cors)

    @app.post(http.PATH, cors=True)
    def post_consultation() -> Response[str]:
        event = app.current_event
        origin = event.headers.get("origin")
        if origin is not None and not http.origin_allowed(origin, origins):
            raise OriginRefused
        body = parse_body(event.body, is_base64=bool(event.is_base64_encoded), content_type=event.headers.get("content-type"))
        # A website's own field names (FORM_PRESET, FIELD_ALIASES) become ours before any rule is checked.
        mapped = w.settings.field_map.apply(body.fields, body.repeated, body.every)
        language = http.language(event, w.settings, mapped.fields)
        canary = http.is_canary(event, w.canary_key)
        sender = Sender(source_ip=http.source_ip(event), idempotency_key=event.headers.get("idempotency-key"), canary=canary)
        w.deduplicator.register_lambda_context(app.lambda_context)
        submission = Submission(mapped.fields, repeated=mapped.repeated, sender=sender, language=language)
        try:
            receipt = capture(submission, intake=w.intake, settings=w.settings)
        except InvalidSubmission as err:
            # Each error names the field as the website's form names it, so the snippet can place it.
            raise err.named(mapped.site_name) from None
        http.count_captured(receipt)
        logger.info("lead captured", lead_id=receipt.lead_id, urgent=receipt.urgent, quarantined=receipt.quarantined,
                    replayed=receipt.replayed, canary=receipt.canary, encoding=body.media_type, language=language)  # fmt: skip
        return http.accepted(event, receipt, w.settings, language)

    @app.exception_handler(LeadCaptureError)
    def refused(err: LeadCaptureError) -> Response[str]:
        return http.refusal(app.current_event, err, w.settings)

    @app.exception_handler(Exception)
    def unexpected(err: Exception) -> Response[str]:
        return http.unexpected(app.current_event, err)

    return app


_app: tuple[wiring.Wiring, APIGatewayHttpResolver] | None = None


def _resolver() -> APIGatewayHttpResolver:
    # Built again whenever the wiring is new (tests, the local stack), never patched.
    global _app  # noqa: PLW0603
    w = wiring.current()
    if _app is None or _app[0] is not w:
        _app = (w, make_app(w))
    return _app[1]


@traced
@metrics.log_metrics(raise_on_empty_metrics=False)
@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return _resolver().resolve(event, context)
