"""The local stack's SES events have the shape AWS documents, and the mailbox simulator's answers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from infra.local.ses_events import RecipientEvent, SentMessage, eventbridge_event, simulated

from leadcapture.delivery.handler import parse
from tests.ses_event_examples import example, shape

LEAD_ID = "0b8a4f0e-3c55-4d36-9b53-1d1f5b1d2c77"
RAW = (
    b"From: Care Coordinator form <forms@practice.example>\r\nTo: coordinator@practice.example\r\n"
    b"Subject: New consultation request: Sam R.\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nbody\r\n"
)
MESSAGE = SentMessage(
    message_id="0100019a-local-000000",
    source="Care Coordinator form <forms@practice.example>",
    destination=("coordinator@practice.example",),
    tags={"lead_id": LEAD_ID},
    configuration_set="lead-capture-local",
    raw=RAW,
    sent_at=datetime(2026, 11, 28, 18, 5, tzinfo=UTC),
)
AT = datetime(2026, 11, 28, 18, 5, 2, tzinfo=UTC)


@pytest.mark.parametrize("kind", ["Delivery", "Bounce", "Complaint", "Reject", "DeliveryDelay"])
def test_local_events_have_the_documented_shape(kind: str) -> None:
    local = eventbridge_event(RecipientEvent(kind, "coordinator@practice.example", AT), MESSAGE, region="us-east-1", account="123456789012")
    documented = example(kind, message_id=MESSAGE.message_id, lead_id=LEAD_ID)
    assert local["detail-type"] == documented["detail-type"]
    ours, theirs = shape(local), shape(documented)
    assert set(ours) == set(theirs)
    assert set(ours["detail"]) == set(theirs["detail"])
    key = next(k for k in theirs["detail"] if k not in {"eventType", "mail"})
    assert ours["detail"][key] == theirs["detail"][key]
    assert set(ours["detail"]["mail"]) == set(theirs["detail"]["mail"])
    assert set(ours["detail"]["mail"]["tags"]) >= set(theirs["detail"]["mail"]["tags"])
    # And the handler reads both alike (all but the time, which is the event's own).
    ours_parsed, theirs_parsed = parse(local), parse(documented)
    assert ours_parsed is not None and theirs_parsed is not None
    assert (ours_parsed.type, ours_parsed.lead_id, ours_parsed.message_id, ours_parsed.bounce_type) == (
        theirs_parsed.type,
        theirs_parsed.lead_id,
        theirs_parsed.message_id,
        theirs_parsed.bounce_type,
    )


def test_the_mailbox_simulator_addresses() -> None:
    assert simulated("success@simulator.amazonses.com") == [("Delivery", "")]
    assert simulated("bounce@simulator.amazonses.com") == [("Bounce", "General")]
    assert simulated("Bounce+label@Simulator.AmazonSES.com") == [("Bounce", "General")]
    assert simulated("suppressionlist@simulator.amazonses.com") == [("Bounce", "Suppressed")]
    assert simulated("complaint@simulator.amazonses.com") == [("Delivery", ""), ("Complaint", "")]
    assert simulated("ooto@simulator.amazonses.com") == [("Delivery", "")]
    assert simulated("coordinator@practice.example") == [("Delivery", "")]


def test_a_local_bounce_parses_to_the_bounce_the_handler_records() -> None:
    bounce = RecipientEvent("Bounce", "bounce@simulator.amazonses.com", AT)
    local = eventbridge_event(bounce, MESSAGE, region="us-east-1", account="123456789012")
    event = parse(local)
    assert event is not None
    assert (event.type, event.lead_id, event.message_id, event.bounce_type, event.at) == (
        "Bounce",
        LEAD_ID,
        MESSAGE.message_id,
        "Permanent/General",
        "2026-11-28T18:05:02.000Z",
    )
