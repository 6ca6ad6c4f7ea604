"""Desk function: GET/POST /desk/... on the HTTP API -> the coordinator's desk (issue 21).

The desk's own sign-in page calls Cognito's API (docs/decisions.md "The desk signs in through
Cognito's API"); server-rendered pages (Jinja2, autoescaped), no script. Logged: the route, the
lead id, the outcome, the user's Cognito id; never a field of a lead, a note, a code or a token.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit

from leadcapture.desk import wiring
from leadcapture.desk.web import app, pages
from leadcapture.kernel.errors import LeadCaptureError
from leadcapture.observability import logger, metrics, traced


def answer(event: dict[str, Any]) -> dict[str, Any]:
    w = wiring.current()
    try:
        page, route = app.answer(event, w)
    except LeadCaptureError as err:
        # StorageUnavailable (a table), a key: nothing changed; the same page works in a moment.
        metrics.add_metric(name="DeskUnavailable", unit=MetricUnit.Count, value=1)
        logger.error("desk unavailable", error_type=type(err).__name__, error_code=getattr(err, "code", None))
        page = pages.message(503, "Unavailable", "The desk cannot reach its records for a moment. Try again in a minute.",
                             practice=w.settings.practice_name)  # fmt: skip
        page.headers["Retry-After"] = "5"
        return page.to_event()
    logger.info("desk", route=route, status=page.status)
    return page.to_event()


@traced
@metrics.log_metrics(raise_on_empty_metrics=False)
@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    wiring.current()  # settings first: a function deployed without one fails here, naming it
    try:
        return answer(event)
    except Exception as err:
        # The type only: nothing of the event (a password, a code, a note) goes into a log line.
        logger.error("unhandled error", error_type=type(err).__name__)
        metrics.add_metric(name="UnhandledError", unit=MetricUnit.Count, value=1)
        return pages.message(500, "Something went wrong", "Nothing was changed. Try again.", practice="").to_event()
