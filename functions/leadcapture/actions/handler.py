"""Actions function: GET and POST /actions/{token} on the HTTP API -> the coordinator's action pages.

GET shows what the link would record and one button; only the button's POST records it (mail
scanners open links). The POST needs no CSRF token: it carries nothing but the signed token, and
does only what that token says - a forged cross-site post can do no more than the link itself,
whose holder may press the button anyway. Logged: the lead id, the action and the outcome, never
the token (it is a capability) nor anything of the person.

Two routes and one path parameter need no router: Powertools' resolver would log the route's
parameters (the token) at DEBUG, so the event is read here directly.
"""

from __future__ import annotations

import binascii
from base64 import b64decode
from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit

from leadcapture.actions import wiring
from leadcapture.actions.domain.coordinator_actions import look, record, request_note
from leadcapture.actions.web import pages as action_pages
from leadcapture.kernel.errors import LeadCaptureError
from leadcapture.kernel.paging import TIME_TO_ACKNOWLEDGE_METRIC, seconds_between
from leadcapture.kernel.status import TIME_TO_CONTACT_METRIC, seconds_to_contact
from leadcapture.kernel.timestamps import utc_stamp
from leadcapture.observability import logger, metrics, traced

# The metric each outcome counts (a refused link also says why, in the log line).
_METRICS = {"recorded": "ActionRecorded", "already": "ActionAlreadyRecorded", "not_allowed": "ActionNotAllowed",
            "refused": "ActionLinkRefused", "gone": "ActionLeadGone", "note_requested": "CloseNoteRequested"}  # fmt: skip
_STEPS = {"GET": look, "POST": record, "POST note": request_note}
# The second button's form posts this one field (pages.py); a body is read only that far.
_NOTE_FIELD = "note=send"
_BODY_LIMIT = 64


def _asks_for_note(event: dict[str, Any]) -> bool:
    """The close note's button was pressed: the form's one field, urlencoded (API Gateway base64-encodes it)."""
    body = event.get("body")
    if not isinstance(body, str) or len(body) > _BODY_LIMIT:
        return False
    if event.get("isBase64Encoded"):
        try:
            body = b64decode(body, validate=True).decode("ascii")
        except (binascii.Error, ValueError):
            return False
    return body.strip() == _NOTE_FIELD


def answer(event: dict[str, Any]) -> dict[str, Any]:
    method = str(event.get("requestContext", {}).get("http", {}).get("method", ""))
    token = (event.get("pathParameters") or {}).get("token")
    step = _STEPS.get(f"{method} note" if method == "POST" and _asks_for_note(event) else method)
    if step is None or not isinstance(token, str):
        return action_pages.render(action_pages.NOT_FOUND)
    w = wiring.current()
    try:
        result = step(token, keys=w.link_keys, store=w.store)
    except LeadCaptureError as err:
        # StorageUnavailable or LinkKeyUnavailable: nothing recorded, the same link works later.
        _count("ActionUnavailable")
        logger.error(
            "action not recorded: a dependency is unavailable", error_type=type(err).__name__, error_code=getattr(err, "code", None)
        )
        return action_pages.render(action_pages.UNAVAILABLE, retry_after=w.settings.retry_after_seconds)
    if result.outcome in _METRICS:
        _count(_METRICS[result.outcome])
    if result.outcome == "recorded" and result.action == "contacted" and result.received_at:
        # Once per lead: a second press is "already" (docs/deploy.md "Time to contact").
        seconds = seconds_to_contact(result.received_at, utc_stamp())
        metrics.add_metric(name=TIME_TO_CONTACT_METRIC, unit=MetricUnit.Seconds, value=seconds)
    if result.first_acknowledgement and result.received_at:
        # An urgent lead's pages stop: someone has it ("I'm on it", or its first outcome), once per lead.
        metrics.add_metric(name=TIME_TO_ACKNOWLEDGE_METRIC, unit=MetricUnit.Seconds, value=seconds_between(result.received_at, utc_stamp()))
        logger.info("urgent lead acknowledged: its pages stop", lead_id=result.lead_id, action=result.action)
    logger.info(
        "action link", method=method, lead_id=result.lead_id, action=result.action, outcome=result.outcome, refusal=result.refusal,
        note=result.note,
    )  # fmt: skip
    return action_pages.render(action_pages.for_result(result, w.settings.zone))


def _count(name: str) -> None:
    metrics.add_metric(name=name, unit=MetricUnit.Count, value=1)


@traced
@metrics.log_metrics(raise_on_empty_metrics=False)
@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    wiring.current()  # settings first: a function deployed without one fails here, naming it
    try:
        return answer(event)
    except Exception as err:
        # The type only: nothing of the event (the token) goes into a log line.
        logger.error("unhandled error", error_type=type(err).__name__)
        _count("UnhandledError")
        return action_pages.render(action_pages.INTERNAL)
