"""SES's mailbox simulator through the local stack: a bounced coordinator address escalates."""

from __future__ import annotations

import json

from tests.e2e.conftest import lead_fields, stack_environment, start_stack, stop_stack

JSON_HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}


def test_a_bounced_coordinator_address_ends_bounced_escalated_and_counted(tag: str) -> None:
    env = stack_environment(
        COORDINATOR_EMAILS="bounce@simulator.amazonses.com",
        ESCALATION_EMAILS="manager@practice.example",
        POWERTOOLS_METRICS_DISABLED="false",  # the stack's default hides the metric blobs
    )
    stack = start_stack("--port", "0", env=env)
    try:
        answer = stack.request("POST", "/consultations", json.dumps({**lead_fields(tag), "consent": True}).encode(), JSON_HEADERS)
        assert answer.status == 201, answer
        lead_id = answer.json()["id"]

        assert stack.wait_for(lambda: stack.leads_with(tag)[0].get("bounce_escalated_at")), stack.leads_with(tag)
        (lead,) = stack.leads_with(tag)
        assert (lead["status"], lead["bounce_type"]) == ("bounced", "Permanent/General")
        assert [change["status"] for change in lead["history"]] == ["new", "notified", "bounced"]

        emails = stack.emails_with(tag)
        assert sorted(tuple(e["to"]) for e in emails) == [("bounce@simulator.amazonses.com",), ("manager@practice.example",)]
        (escalated,) = [e for e in emails if e["to"] == ["manager@practice.example"]]
        assert escalated["subject"] == "[Bounced] New consultation request: Sam R."
        assert escalated["text"].startswith("The coordinator's copy bounced: please make sure someone follows up.")
        assert lead_id in escalated["text"]

        console = stack.console()
        assert '"CoordinatorEmailBounced":[1.0]' in console
        assert '"escalation_delivered"' in console  # the copy's own Delivery event came back too
    finally:
        assert stop_stack(stack) == 0, stack.console()
