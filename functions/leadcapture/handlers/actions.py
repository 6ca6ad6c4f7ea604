"""Actions function: GET and POST /actions/{token} on the HTTP API -> the coordinator's action pages.

GET shows what the link would record and one button; only the button's POST records it (mail
scanners open links). The POST needs no CSRF token: it carries nothing but the signed token, and
does only what that token says - a forged cross-site post can do no more than the link itself,
whose holder may press the button anyway. Logged: the lead id, the action and the outcome, never
the token (it is a capability) nor anything of the person.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit

from .. import wiring
from ..domain.coordinator_actions import ActionResult, look, record
from ..domain.errors import LeadCaptureError
from ..observability import logger, metrics, traced
from . import action_pages

PATH = "/actions/<token>"
# The metric each outcome counts (a refused link also says why, in the log line).
_METRICS = {"recorded": "ActionRecorded", "already": "ActionAlreadyRecorded", "not_allowed": "ActionNotAllowed",
            "refused": "ActionLinkRefused", "gone": "ActionLeadGone"}  # fmt: skip


def make_app(w: wiring.Wiring) -> APIGatewayHttpResolver:
    app = APIGatewayHttpResolver()

    def answer(result: ActionResult, method: str) -> Response[str]:
        if result.outcome in _METRICS:
            metrics.add_metric(name=_METRICS[result.outcome], unit=MetricUnit.Count, value=1)
        logger.info("action link", method=method, lead_id=result.lead_id, action=result.action,
                    outcome=result.outcome, refusal=result.refusal)  # fmt: skip
        return action_pages.render(action_pages.for_result(result, w.settings.zone))

    @app.get(PATH)
    def confirm(token: str) -> Response[str]:
        return answer(look(token, keys=w.link_keys, store=w.store), "GET")

    @app.post(PATH)
    def press(token: str) -> Response[str]:
        return answer(record(token, keys=w.link_keys, store=w.store), "POST")

    @app.exception_handler(LeadCaptureError)
    def unavailable(err: LeadCaptureError) -> Response[str]:
        # StorageUnavailable or LinkKeyUnavailable: nothing recorded, the same link works later.
        metrics.add_metric(name="ActionUnavailable", unit=MetricUnit.Count, value=1)
        logger.error("action not recorded: a dependency is unavailable", error_type=type(err).__name__, error_code=getattr(err, "code", None))
        return action_pages.render(action_pages.UNAVAILABLE, retry_after=w.settings.retry_after_seconds)

    @app.exception_handler(Exception)
    def unexpected(err: Exception) -> Response[str]:
        from aws_lambda_powertools.event_handler.exceptions import ServiceError

        if isinstance(err, ServiceError):  # Powertools' own 404 for a path no route matches
            return action_pages.render(action_pages.Page(err.status_code, "Not found", "<p>No such page.</p>"))
        logger.error("unhandled error", error_type=type(err).__name__)
        metrics.add_metric(name="UnhandledError", unit=MetricUnit.Count, value=1)
        return action_pages.render(action_pages.INTERNAL)

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
