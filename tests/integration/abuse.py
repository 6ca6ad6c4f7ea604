"""Helpers of the abuse tests: metrics read back from stdout, and faults or holds injected into DynamoDB calls."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from leadcapture.adapters import aws as aws_state
from tests.integration.helpers import client_error


def emitted(stdout: str) -> Counter[str]:
    """Metric name -> total value over every EMF document in the output."""
    totals: Counter[str] = Counter()
    for line in stdout.splitlines():
        if not line.startswith('{"_aws"'):
            continue
        document = json.loads(line)
        for directive in document["_aws"]["CloudWatchMetrics"]:
            assert directive["Dimensions"] == [["service"]], "a metric carries a dimension beyond the service"
            for metric in directive["Metrics"]:
                values = document[metric["Name"]]
                totals[metric["Name"]] += int(sum(values) if isinstance(values, list) else values)
    return totals


@contextmanager
def on_call(operation: str, table: str, action: Callable[[], None]) -> Iterator[None]:
    """Run `action` before each `operation` on `table` made by the functions' DynamoDB client."""

    def hook(params: dict[str, Any], **kwargs: Any) -> None:
        if params.get("TableName") == table:
            action()

    events = aws_state.clients().dynamodb().meta.events
    events.register(f"provide-client-params.dynamodb.{operation}", hook)
    try:
        yield
    finally:
        events.unregister(f"provide-client-params.dynamodb.{operation}", hook)


def fail(code: str, operation: str) -> Callable[[], None]:
    def action() -> None:
        raise client_error(code, operation)

    return action
