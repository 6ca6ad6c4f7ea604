"""The honeypot through the submit handler under moto: answered like a success, quarantined, never emailed.

Promotion here is the domain step with the notify function's wiring; the `leads promote` command around it
is tested against the rehearsed stack (tests/ops/test_leads_cli.py).
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

import pytest
from infra.local.runtime import LambdaContext

from leadcapture.intake import handler as submit
from leadcapture.kernel.errors import LeadNotFound
from leadcapture.notify import handler as notify
from leadcapture.notify import wiring as notify_wiring
from leadcapture.notify.domain.notification import NotifyResult
from leadcapture.notify.domain.quarantine import promote, quarantined
from tests.conftest import ENV, http_event, json_event, valid_lead
from tests.integration.abuse import emitted
from tests.integration.helpers import body_json, leads_store, sent_emails, stored_leads
from tests.integration.streams import stream_event

HTML_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
DAY = 86400


def promote_lead(lead_id: str) -> NotifyResult:
    w = notify_wiring.current()
    return promote(lead_id, store=w.store, mailroom=w.mailroom, settings=w.settings, retention_days=365)


def test_a_filled_honeypot_gets_a_201_with_an_id_and_is_quarantined_not_emailed(
    aws: None, lambda_context: LambdaContext, capfd: pytest.CaptureFixture[str]
) -> None:
    real = submit.handler(json_event(valid_lead()), lambda_context)
    bot = submit.handler(json_event(valid_lead(first_name="Bot", website="http://cheap-pills.example")), lambda_context)
    assert bot["statusCode"] == real["statusCode"] == 201
    assert bot["headers"] == real["headers"]
    assert set(body_json(bot)) == set(body_json(real)) == {"id", "status", "lang"}
    assert body_json(bot)["lang"] == body_json(real)["lang"]

    leads = {lead.id: lead for lead in stored_leads()}
    spam = leads[body_json(bot)["id"]]
    assert spam.status == "spam"
    assert abs(spam.expires_at - (time.time() + 30 * DAY)) < 120
    assert leads[body_json(real)["id"]].status == "new"

    assert notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context) == {"batchItemFailures": []}
    assert len(sent_emails()) == 1
    assert [lead.status for lead in stored_leads() if lead.id == spam.id] == ["spam"]

    counted = emitted(capfd.readouterr().out)
    assert counted["SpamQuarantined"] == 1
    assert counted["LeadCaptured"] == 1


def test_a_plain_form_post_with_the_honeypot_filled_gets_the_same_303(aws: None, lambda_context: LambdaContext) -> None:
    fields = {k: "on" if v is True else str(v) for k, v in valid_lead(website="x").items()}
    answer = submit.handler(
        http_event(urlencode(fields), content_type="application/x-www-form-urlencoded", accept=HTML_ACCEPT), lambda_context
    )
    assert answer["statusCode"] == 303
    assert answer["headers"]["Location"] == "https://practice.example/thank-you"
    [lead] = stored_leads()
    assert lead.status == "spam"


def test_an_urgent_message_in_quarantine_still_shows_the_person_988(aws: None, lambda_context: LambdaContext) -> None:
    answer = submit.handler(json_event(valid_lead(website="x", message="I want to end my life")), lambda_context)
    assert body_json(answer)["crisis"]["resources"][0]["phone"] == "988"


def test_spam_retention_is_configurable(aws: None, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPAM_RETENTION_DAYS", "7")
    submit.handler(json_event(valid_lead(website="x")), lambda_context)
    [lead] = stored_leads()
    assert abs(lead.expires_at - (time.time() + 7 * DAY)) < 120


def test_a_blank_honeypot_is_a_normal_lead(aws: None, lambda_context: LambdaContext) -> None:
    submit.handler(json_event(valid_lead(website="   ")), lambda_context)
    [lead] = stored_leads()
    assert lead.status == "new"


def test_a_quarantined_lead_is_listed_and_promoted_once(aws: None, lambda_context: LambdaContext) -> None:
    answer = submit.handler(json_event(valid_lead(website="autofilled")), lambda_context)
    lead_id = body_json(answer)["id"]
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    assert sent_emails() == []

    [listed] = quarantined(leads_store())
    assert listed.id == lead_id
    assert "Sam" not in str(listed) and "Rivera" not in str(listed) and "2135550117" not in str(listed)

    assert promote_lead(lead_id).outcome == "sent"
    [email] = sent_emails()
    assert "Sam R." in str(email["Subject"])
    [lead] = stored_leads()
    assert lead.status == "notified"
    assert abs(lead.expires_at - (time.time() + 365 * DAY)) < 120

    # Promoting again, or the stream redelivering, sends nothing more.
    assert promote_lead(lead_id).outcome == "already_notified"
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"], event_names=("INSERT", "MODIFY")), lambda_context)
    assert len(sent_emails()) == 1


def test_promoting_an_unknown_lead_fails_cleanly(aws: None) -> None:
    with pytest.raises(LeadNotFound):
        promote_lead("no-such-lead")


def test_an_urgent_message_caught_by_the_spam_trap_is_emailed_once_marked_and_counted(
    aws: None, lambda_context: LambdaContext, capfd: pytest.CaptureFixture[str]
) -> None:
    # Browser autofill filled the trap; the person may be in danger: someone must see it now.
    autofilled = valid_lead(website="https://autofill.example", message="I want to kill myself tonight")
    answer = submit.handler(json_event(autofilled), lambda_context)
    assert body_json(answer)["crisis"]["resources"][0]["phone"] == "988"
    lead_id = body_json(answer)["id"]
    submit.handler(json_event(valid_lead(first_name="Bot", website="x", message="cheap pills")), lambda_context)

    event = stream_event(ENV["LEADS_TABLE_NAME"])
    assert notify.handler(event, lambda_context) == {"batchItemFailures": []}
    assert notify.handler(event, lambda_context) == {"batchItemFailures": []}  # redelivered: no second email
    [email] = sent_emails()
    assert str(email["Subject"]).startswith("[URGENT] ")
    assert "Sam R." in str(email["Subject"])
    for part in ("plain", "html"):
        body = email.get_body((part,))
        assert body is not None
        assert "caught by the spam trap: check" in body.get_content().lower()
        assert lead_id in body.get_content()

    # Issue 25, defect 1: an urgent request is a real one until a person says otherwise. It is kept
    # as an open lead (the lead retention, in the open-leads index), marked as caught by the trap.
    leads = {lead.id: lead for lead in stored_leads()}
    assert leads[lead_id].status == "notified" and leads[lead_id].trapped and leads[lead_id].ses_message_id
    assert abs(leads[lead_id].expires_at - (time.time() + 365 * DAY)) < 120
    assert [lead.status for lead in leads.values() if lead.id != lead_id] == ["spam"]
    assert lead_id in [open_lead.id for open_lead in leads_store().open_leads("9999")]
    counted = emitted(capfd.readouterr().out)
    assert counted["UrgentSpamEmailed"] == 1
    assert counted["NotificationSent"] == 1
    assert lead_id not in [q.id for q in quarantined(leads_store())]  # not in the spam review: it is being worked


def test_contact_and_booking_can_be_recorded_for_an_urgent_lead_caught_by_the_spam_trap(aws: None, lambda_context: LambdaContext) -> None:
    from leadcapture.kernel.status_changes import change_status

    answer = submit.handler(json_event(valid_lead(website="autofill", message="I want to kill myself tonight")), lambda_context)
    lead_id = body_json(answer)["id"]
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    assert change_status(lead_id, "contacted", store=leads_store(), at="2026-12-07T10:00:00.000Z", by="coordinator").outcome == "changed"
    assert change_status(lead_id, "booked", store=leads_store(), at="2026-12-07T11:00:00.000Z", by="coordinator").outcome == "changed"
