"""Calling a Lambda handler in this process the way the Lambda service would call it.

One invocation at a time: a Lambda execution environment never runs two events at once, and the
handlers rely on that (Powertools' resolver keeps the current event on a module-level app, the
Logger keeps per-invocation keys, the batch processor keeps its batch).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ACCOUNT_ID = "123456789012"

_one_at_a_time = threading.Lock()


@dataclass
class LambdaContext:
    """The attributes of the Lambda context object that Powertools and our handlers read."""

    function_name: str
    region: str
    timeout_seconds: float = 10.0
    memory_limit_in_mb: int = 256
    function_version: str = "$LATEST"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    _deadline: float = field(default=0.0, repr=False)

    def __post_init__(self) -> None:
        self._deadline = time.monotonic() + self.timeout_seconds

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{self.region}:{ACCOUNT_ID}:function:{self.function_name}"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    @property
    def log_stream_name(self) -> str:
        return "local"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def invoke(handler: Callable[[Any, Any], Any], event: dict[str, Any], *, function_name: str, region: str, timeout: float = 10.0) -> Any:
    """Run one event through a handler, as one invocation; exceptions propagate (a function error).

    The timeout only feeds get_remaining_time_in_millis(); nothing is cut off locally.
    """
    with _one_at_a_time:
        return handler(event, LambdaContext(function_name=function_name, region=region, timeout_seconds=timeout))
