"""No posted value in any text message (issue 24): every entry of the bad-input catalogue and of the
crisis corpus through a page's text, and the catalogue's stored leads through the whole paging path.

A page is built from the practice's name, the lead's reference, its `trapped` flag, the page's number
and a link (the lead id, signed); whatever a person posts, in any field, changes none of its text.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from infra.local.runtime import LambdaContext
from infra.measure import crisis
from moto.sns.models import sns_backends

from leadcapture.intake.domain.contract import new_lead, validate_submission
from leadcapture.intake.handler import handler as submit
from leadcapture.intake.web.request_body import parse_body
from leadcapture.kernel.action_links import acknowledge_link
from leadcapture.kernel.errors import LeadCaptureError
from leadcapture.kernel.lead import Lead
from leadcapture.kernel.paging import PageLink, desk_link, page_text
from leadcapture.notify import handler as notify
from tests.conftest import ENV, valid_lead
from tests.fakes import FakeLinkKeys
from tests.integration.helpers import stored_leads
from tests.integration.streams import stream_event
from tests.integration.test_bad_input_catalogue import ACCEPTED, REFUSED
from tests.integration.test_urgent import deliver, paging  # noqa: F401 - the fixture, used by name

NOW = datetime(2026, 12, 11, 6, 0, tzinfo=UTC)
BASE = valid_lead(message="I don't want to live anymore")
# Every field a person posts that a lead keeps, and what the text may show of a lead.
POSTED = ("first_name", "last_name", "full_name", "email", "phone", "message", "best_time", "session_for")
SHOWN = re.compile(r"ref [0-9A-Z-]{4}|https://\S+")


def base_lead() -> Lead:
    return new_lead(validate_submission(BASE), now=NOW, consent_version="v1", retention_days=365)


def texts_of(lead: Lead) -> list[str]:
    """Every text a lead can get: first page and re-page, trapped or not, to the "I'm on it" link or the desk."""
    signed = acknowledge_link(lead.id, NOW, base_url="https://api.practice.example", keys=FakeLinkKeys())
    links = [PageLink(signed or ""), PageLink(desk_link("https://desk.practice.example", lead.id), to_desk=True), None]
    return [
        page_text(dataclasses.replace(lead, trapped=trapped), number=number, pages=4, practice="Harbor Therapy", link=link)
        for trapped in (False, True)
        for number in (1, 3)
        for link in links
    ]


def with_posted(lead: Lead, values: dict[str, Any]) -> Lead:
    """The lead with each posted value in every field it could reach, validation or not."""
    text = " ".join(str(v) for v in values.values() if isinstance(v, str))
    fields: dict[str, Any] = {name: text for name in POSTED}
    return dataclasses.replace(lead, **fields, attribution={"page_url": text, "utm_source": text})


def posted_values(event: dict[str, Any]) -> dict[str, Any]:
    try:
        return dict(
            parse_body(
                event.get("body"), is_base64=bool(event.get("isBase64Encoded")), content_type=event["headers"].get("content-type")
            ).fields
        )
    except (LeadCaptureError, UnicodeError):
        return {"body": str(event.get("body"))}


def entries() -> Iterator[tuple[str, dict[str, Any]]]:
    for case in REFUSED:
        yield f"refused: {case.name}", posted_values(case.event())
    for name, event, _ in ACCEPTED:
        yield f"accepted: {name}", posted_values(event())
    for example in crisis.load():
        yield f"crisis corpus: {example.text[:40]}", {"message": example.text}


def test_no_posted_value_of_any_catalogue_or_corpus_entry_changes_a_page() -> None:
    lead = base_lead()
    expected = texts_of(lead)
    checked = 0
    for name, values in entries():
        got = texts_of(with_posted(lead, values))
        assert got == expected, name
        for text in got:
            shown = SHOWN.sub("", text)
            leaked = [v for v in values.values() if isinstance(v, str) and len(v.strip()) >= 4 and v.strip() in shown]
            assert leaked == [], (name, leaked)
        checked += 1
    assert checked > len(REFUSED) + len(ACCEPTED) + 1000  # the whole crisis corpus came through


@pytest.mark.parametrize(("name", "event", "check"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_an_odd_but_valid_lead_made_urgent_is_texted_nothing_it_posted(
    paging: str,  # noqa: F811 - the fixture
    lambda_context: LambdaContext,
    name: str,
    event: Callable[[], dict[str, Any]],
    check: Callable[[Any], bool],
) -> None:
    sent = event()
    assert submit(sent, lambda_context)["statusCode"] == 201
    [stored] = stored_leads()
    # As if its message read urgent: the whole path, submit's stored values and all.
    boto3.client("dynamodb").update_item(
        TableName=ENV["LEADS_TABLE_NAME"],
        Key={"id": {"S": stored.id}},
        UpdateExpression="SET urgent = :t",
        ExpressionAttributeValues={":t": {"BOOL": True}},
    )
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    assert deliver(paging, lambda_context, release=False) == {"batchItemFailures": []}
    texts = [text for _, text in sns_backends["123456789012"][ENV["AWS_DEFAULT_REGION"]].sms_messages.values()]
    assert texts
    values = [*posted_values(sent).values(), *(getattr(stored, f) for f in POSTED)]
    for text in texts:
        shown = SHOWN.sub("", text)
        assert [v for v in values if isinstance(v, str) and len(v.strip()) >= 4 and v.strip() in shown] == [], name
