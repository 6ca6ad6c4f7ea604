"""The heartbeat on the local stack: POST /_local/heartbeat runs the heartbeat function against the
stack's own API; the canary is stored, walks the stream, counts HeartbeatOK and emails nobody."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from tests.e2e.conftest import RunningStack, stack_environment, start_stack, stop_stack


@pytest.fixture(scope="module")
def metered() -> Iterator[RunningStack]:
    """A stack of its own with metrics on, so its console shows the EMF documents."""
    running = start_stack("--port", "0", env=stack_environment(POWERTOOLS_METRICS_DISABLED="false"))
    yield running
    assert stop_stack(running) == 0, running.console()


def heartbeat_ok_count(console: str) -> int:
    return sum(1 for line in console.splitlines() if line.startswith('{"_aws"') and "HeartbeatOK" in json.loads(line))


def test_heartbeat_is_stored_as_a_canary_counted_by_notify_and_never_emailed(metered: RunningStack) -> None:
    answer = metered.request("POST", "/_local/heartbeat", b"", {"Accept": "application/json"})
    assert answer.status == 200, answer
    result = answer.json()
    assert (result["ok"], result["status"]) == (True, 201)

    [lead] = [lead for lead in metered.get_json("/_local/leads") if lead["id"] == result["lead_id"]]
    assert lead["status"] == "canary"

    assert metered.wait_for(lambda: heartbeat_ok_count(metered.console()) == 1), metered.console()
    assert metered.wait_for(lambda: f'"lead_id":"{lead["id"]}","outcome":"heartbeat"' in metered.console())
    assert metered.get_json("/_local/outbox") == []
    assert "HeartbeatFailed" not in metered.console()


def test_the_heartbeat_endpoint_answers_post_only(metered: RunningStack) -> None:
    # Any other method is the gateway's: a 404 as for every path but the API's route.
    assert metered.request("GET", "/_local/heartbeat").status == 404
