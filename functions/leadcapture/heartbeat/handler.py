"""Heartbeat function: once a day (EventBridge schedule), one signed synthetic submission.

The domain builds and signs it (`domain/heartbeat.py`), the adapter posts it to HEARTBEAT_URL.
A good beat is only logged: the proof that the whole path works is `HeartbeatOK`, counted by the
notify function when the canary arrives from the stream. A failed post counts `HeartbeatFailed`
and raises, so Lambda's asynchronous retries try again (twice, minutes apart).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit

from leadcapture.heartbeat import wiring
from leadcapture.heartbeat.domain.heartbeat import send_heartbeat
from leadcapture.kernel.errors import HeartbeatFailed
from leadcapture.observability import logger, metrics, traced


@traced
@metrics.log_metrics(raise_on_empty_metrics=False)
@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    w = wiring.current()
    beat = send_heartbeat(key=w.canary_key, poster=w.poster, now=datetime.now(UTC))
    if not beat.ok:
        metrics.add_metric(name="HeartbeatFailed", unit=MetricUnit.Count, value=1)
        logger.error("heartbeat failed", reason=beat.reason, status=beat.status, lead_id=beat.lead_id)
        raise HeartbeatFailed(beat.reason)
    logger.info("heartbeat stored as a canary", lead_id=beat.lead_id, status=beat.status)
    return {"ok": True, "status": beat.status, "lead_id": beat.lead_id}
