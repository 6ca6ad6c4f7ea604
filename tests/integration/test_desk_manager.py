"""A manager's pages at the desk (issue 22) under moto: the export (the same CSV as `leads export`),
forgetting a person (what `leads forget` removes, with a confirmation and a receipt), the people
list and the audit trail; each action one audit record with counts, never a value."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import boto3
import pytest

from leadcapture.adapters.aws import Clients
from leadcapture.adapters.idempotency import ESCALATION_PREFIX, SentEmails, sent_email_record_key
from leadcapture.desk import wiring
from leadcapture.kernel.csv_export import BOM, csv_header, csv_row
from leadcapture.kernel.lead import Lead
from leadcapture.kernel.lookup import lookup_keys
from tests.conftest import ENV
from tests.integration.test_audit import records
from tests.integration.test_desk import LOOKUP_KEY, Browser, People, a_lead, people, sign_in, store
from tests.ses_event_examples import example

__all__ = ["people"]


def put(*leads: Lead) -> None:
    for lead in leads:
        store().put_new(lead, lookup=lookup_keys(lead, LOOKUP_KEY.encode()))


def export(browser: Browser, **form: str) -> dict[str, Any]:
    browser.get("/desk/export")
    return browser.post("/desk/export", {"csrf": browser.csrf(), "status": "", "from": "", "to": "", **form})


def parsed(answer: dict[str, Any]) -> list[list[str]]:
    body = str(answer["body"])
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body[1:], newline="")))


# --- export -----------------------------------------------------------------------------------------------


def test_the_export_is_the_kernels_csv_of_the_filter_and_one_audit_record(people: People) -> None:
    zone = wiring.current().calendar.zone
    december = a_lead(created_at="2026-12-02T18:00:00.000Z", message="Hi;=1+2;@SUM(1) and, =HYPERLINK(x)")
    november = a_lead(created_at="2026-11-10T18:00:00.000Z", status="contacted")
    spam = a_lead(created_at="2026-12-03T18:00:00.000Z", status="spam")
    put(december, november, spam)
    browser = sign_in(people.manager)
    before = len(records())
    every = export(browser)
    assert every["statusCode"] == 200 and every["headers"]["Content-Type"] == "text/csv; charset=utf-8"
    assert every["headers"]["Content-Disposition"].startswith('attachment; filename="leads-')
    rows = parsed(every)
    assert rows == [csv_header("America/Los_Angeles"), csv_row(november, zone), csv_row(december, zone)]  # oldest first, no spam
    message = rows[2][csv_header("America/Los_Angeles").index("message")]
    assert message == "Hi;'=1+2;'@SUM(1) and,' =HYPERLINK(x)".replace(",' =", ", '="), message
    assert every["body"].count('"') % 2 == 0 and "\"Hi;'=1+2" in every["body"]  # every cell quoted

    december_only = parsed(export(browser, **{"from": "2026-12-01", "to": "2026-12-31"}))
    assert [r[0] for r in december_only[1:]] == [december.id]
    contacted = parsed(export(browser, status="contacted"))
    assert [r[0] for r in contacted[1:]] == [november.id]
    assert [r[0] for r in parsed(export(browser, status="spam"))[1:]] == [spam.id]
    assert [r[0] for r in parsed(export(browser, status="open"))[1:]] == [december.id]

    added = records()[before:]
    assert [r["action"]["S"] for r in added] == ["export"] * 5
    first = {k: v.get("S", v.get("N")) for k, v in added[0]["detail"]["M"].items()}
    assert first == {"status": "every", "from": "", "to": "", "rows": "2"}
    assert {k: v.get("S", v.get("N")) for k, v in added[1]["detail"]["M"].items()}["from"] == "2026-12-01"
    assert "HYPERLINK" not in json.dumps(added) and "Jordan" not in json.dumps(added)


def test_an_export_reads_indexes_and_keys_never_a_scan(people: People) -> None:
    put(*(a_lead(created_at=f"2026-12-0{1 + i % 5}T18:00:00.000Z") for i in range(120)))
    browser = sign_in(people.manager)
    calls: list[str] = []
    dynamodb = wiring.current().inbox.client
    dynamodb.meta.events.register("provide-client-params.dynamodb.*", lambda params, model, **_: calls.append(model.name))
    rows = parsed(export(browser))
    assert len(rows) == 121
    assert "Scan" not in calls and {"Query", "BatchGetItem"} <= set(calls)


@pytest.mark.parametrize(("form", "says"), [
    ({"status": "canary"}, "choose a status"),
    ({"status": "<script>"}, "choose a status"),
    ({"from": "2026-13-01"}, "not a range"),
    ({"from": "2026-12-05", "to": "2026-12-01"}, "not a range"),
])  # fmt: skip
def test_a_bad_filter_is_a_precise_400_and_no_file(people: People, form: dict[str, str], says: str) -> None:
    browser = sign_in(people.manager)
    answer = export(browser, **form)
    assert answer["statusCode"] == 400 and says in answer["body"] and "text/html" in answer["headers"]["Content-Type"]


# --- forget ---------------------------------------------------------------------------------------------------


@pytest.fixture
def dead_letters(aws: None, monkeypatch: pytest.MonkeyPatch) -> str:
    """The SES events' dead-letter queue, named to the desk before its wiring is built (ask for it before `people`)."""
    url = boto3.client("sqs").create_queue(QueueName="ses-events-dlq")["QueueUrl"]
    monkeypatch.setenv("SES_EVENTS_DEAD_LETTER_QUEUE_URL", url)
    return str(url)


def test_forget_finds_by_a_posted_phone_confirms_with_references_removes_what_leads_forget_does_and_gives_a_receipt(
    dead_letters: str, people: People
) -> None:
    theirs = [a_lead(phone="+18188216012", email="riley.north@example.com", first_name="Riley", last_name="Northgate",
                     created_at=f"2026-12-0{day}T18:00:00.000Z") for day in (1, 4)]  # fmt: skip
    other = a_lead()
    put(*theirs, other)
    client = Clients().dynamodb()
    for lead in [*theirs, other]:
        SentEmails(ENV["IDEMPOTENCY_TABLE_NAME"], client=client).send_once(lead.id, lambda: "ses-message-id")
        SentEmails(ENV["IDEMPOTENCY_TABLE_NAME"], client=client).send_once(f"reminder#{lead.id}", lambda: "ses-message-id")
        SentEmails(ENV["IDEMPOTENCY_TABLE_NAME"], client=client, key_prefix=ESCALATION_PREFIX).send_once(lead.id, lambda: "id")
        failed = {"requestPayload": example("Bounce", lead_id=lead.id), "responseContext": {"statusCode": 200}}
        boto3.client("sqs").send_message(QueueUrl=dead_letters, MessageBody=json.dumps(failed))
    browser = sign_in(people.manager)
    before = len(records())
    browser.get("/desk/forget")
    confirm = browser.post("/desk/forget", {"csrf": browser.csrf(), "find": "(818) 821-6012"})
    body = confirm["body"]
    assert confirm["statusCode"] == 200 and "2 lead(s)" in body and "0 submission record(s) and 6 sent-email record(s)" in body
    for lead in theirs:
        assert f"ref {lead.reference}" in body
    for value in ("Riley", "Northgate", "riley.north", "8188216012", "818-821", "821-6012", "Anxious"):
        assert value not in body, value
    receipt = browser.post("/desk/forget/confirm", {"csrf": browser.csrf(), "leads": ",".join(sorted(t.id for t in theirs))})
    text = receipt["body"]
    assert receipt["statusCode"] == 200 and "Receipt" in text
    assert ">2<" in text and ">6<" in text and "Failed email events removed</th><td>2" in text
    assert all(store().get(t.id) is None for t in theirs) and store().get(other.id) is not None
    kept = json.dumps(boto3.client("dynamodb").scan(TableName=ENV["IDEMPOTENCY_TABLE_NAME"])["Items"])
    assert all(sent_email_record_key(t.id) not in kept for t in theirs) and sent_email_record_key(other.id) in kept
    left = boto3.client("sqs").receive_message(QueueUrl=dead_letters, MaxNumberOfMessages=10).get("Messages", [])
    assert [other.id in m["Body"] for m in left] == [True]
    added = records()[before:]
    assert [r["action"]["S"] for r in added] == ["find", "forget"]
    counts = {k: v.get("S", v.get("N")) for k, v in added[1]["detail"]["M"].items()}
    assert counts == {"leads": "2", "submission_records": "0", "sent_email_records": "6", "dead_letters": "2",
                      "lead_ids": ",".join(t.id for t in sorted(theirs, key=lambda t: t.id))}  # fmt: skip
    again = browser.post("/desk/forget", {"csrf": browser.csrf(), "find": "+1 818 821 6012"})
    assert "Nothing is held for this person" in again["body"]


def test_without_the_dead_letter_queue_the_receipt_says_ops_must_run_leads_forget(people: People) -> None:
    lead = a_lead(email="sam.quill@example.com")
    put(lead)
    browser = sign_in(people.manager)
    browser.get("/desk/forget")
    browser.post("/desk/forget", {"csrf": browser.csrf(), "find": "SAM.QUILL@example.com"})
    receipt = browser.post("/desk/forget/confirm", {"csrf": browser.csrf(), "leads": lead.id})
    assert "not searched: ops must run <code>leads forget</code>" in receipt["body"]
    assert store().get(lead.id) is None


def test_a_find_that_is_neither_email_nor_phone_is_a_precise_400(people: People) -> None:
    browser = sign_in(people.manager)
    browser.get("/desk/forget")
    answer = browser.post("/desk/forget", {"csrf": browser.csrf(), "find": "not a thing"})
    assert answer["statusCode"] == 400 and "not an email address or a phone number" in answer["body"]


# --- the people and the trail ------------------------------------------------------------------------------------


def test_the_people_page_lists_every_account_with_its_role(people: People) -> None:
    page = sign_in(people.manager).get("/desk/users")["body"]
    assert "Desk accounts (2)" in page
    assert "casey@practice.example" in page and "Casey Coordinator" in page and ">coordinator<" in page
    assert "morgan@practice.example" in page and ">manager<" in page and "CONFIRMED" in page


def test_the_audit_page_shows_who_did_what_newest_first_and_filters_by_lead(people: People) -> None:
    lead, other = a_lead(), a_lead()
    put(lead, other)
    coordinator = sign_in(people.coordinator)
    coordinator.get(f"/desk/leads/{lead.id}")
    coordinator.get(f"/desk/leads/{other.id}")
    manager = sign_in(people.manager)
    page = manager.get("/desk/audit")["body"]
    assert page.index("Signed in") < page.index("Opened a lead")  # the manager's sign-in is the newest
    assert "Casey Coordinator" in page and "Morgan Manager" in page
    assert "Jordan" not in page and "Anxious" not in page
    only = manager.get("/desk/audit", f"lead={lead.id}")["body"]
    assert only.count("Opened a lead") == 1 and lead.id[:8] in only and other.id[:8] not in only
    assert "No audit records here." in manager.get("/desk/audit", "from=2020-01-01&to=2020-01-02")["body"]
