"""The one Logger and Metrics of the process, and tracing that costs nothing when it is off.

Never log a submitted value: log ids, counts, field names and error codes only. Metric names and
dimensions are fixed strings.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

from aws_lambda_powertools import Logger, Metrics

NAMESPACE = "LeadCapture"

logger = Logger(service=os.environ.get("POWERTOOLS_SERVICE_NAME", "lead-capture"), log_uncaught_exceptions=False)
metrics = Metrics(namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE", NAMESPACE))

Handler = TypeVar("Handler", bound=Callable[..., Any])


def tracing_enabled() -> bool:
    return os.environ.get("POWERTOOLS_TRACE_DISABLED", "true").strip().lower() not in {"1", "true", "yes"}


def traced(handler: Handler) -> Handler:
    """Wrap with the X-Ray tracer only when tracing is on: the SDK alone costs as much as boto3."""
    if not tracing_enabled():
        return handler
    from aws_lambda_powertools import Tracer

    return Tracer().capture_lambda_handler(handler, capture_response=False)  # type: ignore[return-value]
