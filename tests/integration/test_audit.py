"""The audit trail (issue 22) under moto: exactly one record per event at the desk, never a value, and
a record that cannot be written twice or over another (moto enforces the PutItem's condition).

The table's grants (PutItem and Query only, in any role) are held by tests/template
(`test_no_role_may_change_or_remove_an_audit_record`); here, the write itself.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from infra.local.users import PASSWORD, totp_code

from leadcapture.adapters.audit_table import AuditTable, RecordExists, to_item
from leadcapture.kernel import audit
from leadcapture.kernel.audit import Filter, Who
from tests.conftest import ENV
from tests.integration.test_desk import Browser, People, a_lead, people, sign_in, store

__all__ = ["people"]


def table() -> AuditTable:
    return AuditTable(ENV["AUDIT_TABLE_NAME"], boto3.client("dynamodb"), retention_days=2190)


def records() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = boto3.client("dynamodb").scan(TableName=ENV["AUDIT_TABLE_NAME"])["Items"]
    return sorted(items, key=lambda item: item["id"]["S"])


def actions() -> list[str]:
    return [item["action"]["S"] for item in records()]


class Counter:
    """How many records each step adds: exactly one per event."""

    def __init__(self) -> None:
        self.seen = len(records())

    def added(self) -> list[dict[str, Any]]:
        now = records()
        fresh = now[self.seen :]
        self.seen = len(now)
        return fresh


# --- the table: append only ------------------------------------------------------------------------


def test_a_record_is_never_written_over_moto_enforces_the_condition(aws: None) -> None:
    log = table()
    record = audit.entry(Who("8a4c1f9e-0000-4000-8000-000000000001", "Morgan Manager"), "export", detail={"rows": 3})
    log.add(record)
    with pytest.raises(RecordExists):
        log.add(record)  # the same key again: refused, the first stays
    forged = to_item(audit.entry(Who("someone-else"), "forget", detail={"leads": 0}), 0)
    forged["id"] = {"S": record.key}
    client = boto3.client("dynamodb")
    with pytest.raises(ClientError) as refused:
        client.put_item(TableName=ENV["AUDIT_TABLE_NAME"], Item=forged, ConditionExpression="attribute_not_exists(#id)",
                        ExpressionAttributeNames={"#id": "id"})  # fmt: skip
    assert refused.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    (kept,) = records()
    assert (kept["action"]["S"], kept["who_name"]["S"], kept["detail"]["M"]["rows"]["N"]) == ("export", "Morgan Manager", "3")
    assert int(kept["expires_at"]["N"]) - int(record_time(kept)) == pytest.approx(2190 * 86400, abs=2)


def record_time(item: dict[str, Any]) -> float:
    from leadcapture.kernel.timestamps import parse_stamp

    return parse_stamp(item["at"]["S"]).timestamp()


def test_a_detail_that_is_not_a_code_or_a_count_is_refused_before_anything_is_written() -> None:
    with pytest.raises(audit.DetailRefused):
        audit.entry(Who("x"), "find", detail={"term": "Anxious about starting therapy, evenings are best!"})
    with pytest.raises(audit.DetailRefused):
        audit.entry(Who("x"), "lead_viewed", lead_id="jordan.blake@example.com")


def test_pages_newest_first_filtered_by_user_lead_and_range(aws: None) -> None:
    from datetime import UTC, datetime, timedelta

    log = table()
    lead = "0b8f5a52-3c44-4b5e-9d3c-1c2f3a4b5c6d"
    start = datetime(2026, 12, 1, 12, tzinfo=UTC)
    for hour in range(6):
        who = Who("user-a" if hour % 2 == 0 else "user-b", "A" if hour % 2 == 0 else "B")
        log.add(audit.entry(who, "lead_viewed", lead_id=lead if hour < 4 else None, at=start + timedelta(hours=hour)))
    first = log.page(Filter(), limit=4)
    assert [e.at[11:13] for e in first.entries] == ["17", "16", "15", "14"] and first.next
    second = log.page(Filter(), after=first.next, limit=4)
    assert [e.at[11:13] for e in second.entries] == ["13", "12"] and second.next is None
    assert [e.at[11:13] for e in log.every(Filter(user="user-a"))] == ["16", "14", "12"]
    assert [e.at[11:13] for e in log.every(Filter(lead_id=lead, user="user-b"))] == ["15", "13"]
    since, until = "2026-12-01T13:00:00.000Z", "2026-12-01T15:00:00.000Z"
    assert [e.at[11:13] for e in log.every(Filter(since=since, until=until))] == ["14", "13"]


# --- the desk: one record per event -----------------------------------------------------------------------


def test_each_desk_event_writes_exactly_one_record_with_who_and_no_value(people: People) -> None:
    lead = a_lead()
    store().put_new(lead)
    count = Counter()
    browser = Browser()
    browser.get("/desk/sign-in")
    browser.post("/desk/sign-in", {"csrf": browser.csrf(), "email": "nobody@practice.example", "password": "Wrong-password-9!"})
    (refused,) = count.added()
    assert refused["action"]["S"] == "sign_in_refused" and refused["detail"]["M"]["reason"]["S"] == "wrong"
    assert "who" not in refused and "who_name" not in refused, "an unknown user: no email, no hash"

    browser.post("/desk/sign-in", {"csrf": browser.csrf(), "email": people.coordinator.email, "password": PASSWORD})
    assert count.added() == [], "a right password is a step, not a sign-in"
    browser.get("/desk/sign-in")
    browser.post("/desk/sign-in/code", {"csrf": browser.csrf(), "code": "000000"})
    (wrong_code,) = count.added()
    assert (wrong_code["action"]["S"], wrong_code["detail"]["M"]["reason"]["S"]) == ("sign_in_refused", "wrong_code")
    browser.post("/desk/sign-in/code", {"csrf": browser.csrf(), "code": totp_code(people.coordinator.totp_secret)})
    (signed_in,) = count.added()
    sub = sub_of(people, people.coordinator.email)
    assert (signed_in["action"]["S"], signed_in["who"]["S"], signed_in["who_name"]["S"]) == ("sign_in", sub, "Casey Coordinator")

    browser.get("/desk/inbox")
    assert count.added() == [], "the inbox shows first names and initials: not a record per page"
    browser.get(f"/desk/leads/{lead.id}")
    (viewed,) = count.added()
    assert (viewed["action"]["S"], viewed["lead_id"]["S"], viewed["who"]["S"]) == ("lead_viewed", lead.id, sub)
    browser.post(f"/desk/leads/{lead.id}/notes", {"csrf": browser.csrf(), "note": "Left a voicemail Tuesday evening."})
    (noted,) = count.added()
    assert (noted["action"]["S"], noted["lead_id"]["S"], noted["detail"]["M"]["outcome"]["S"]) == ("note_added", lead.id, "changed")
    browser.get(f"/desk/leads/{lead.id}")
    count.added()
    browser.post(f"/desk/leads/{lead.id}/status", {"csrf": browser.csrf(), "action": "contacted"})
    (changed,) = count.added()
    assert changed["action"]["S"] == "status_changed"
    assert {k: v["S"] for k, v in changed["detail"]["M"].items()} == {"press": "contacted", "outcome": "changed", "status": "contacted"}
    browser.get("/desk/inbox")
    browser.post("/desk/find", {"csrf": browser.csrf(), "find": "jordan.blake@example.com"})
    (found,) = count.added()
    assert (found["action"]["S"], found["detail"]["M"]["by"]["S"]) == ("find", "email")

    # A refusal for the role or the token writes nothing: nothing was done.
    browser.post(f"/desk/leads/{lead.id}/status", {"csrf": "forged", "action": "booked"})
    assert count.added() == []
    text = json.dumps(records())
    for value in ("jordan.blake@example.com", "Jordan", "Blake", "voicemail", "Anxious", "+12135550117", "nobody@practice.example"):
        assert value not in text


def sub_of(people: People, email: str) -> str:
    user = boto3.client("cognito-idp").admin_get_user(UserPoolId=people.pool, Username=email)
    return next(str(a["Value"]) for a in user["UserAttributes"] if a["Name"] == "sub")


def test_a_sign_in_of_someone_in_no_desk_group_is_recorded_refused(people: People) -> None:
    cognito = boto3.client("cognito-idp")
    cognito.admin_remove_user_from_group(UserPoolId=people.pool, Username=people.coordinator.email, GroupName="coordinator")
    count = Counter()
    browser = Browser()
    browser.get("/desk/sign-in")
    browser.post("/desk/sign-in", {"csrf": browser.csrf(), "email": people.coordinator.email, "password": PASSWORD})
    browser.get("/desk/sign-in")
    browser.post("/desk/sign-in/code", {"csrf": browser.csrf(), "code": totp_code(people.coordinator.totp_secret)})
    (refused,) = count.added()
    assert (refused["action"]["S"], refused["detail"]["M"]["reason"]["S"]) == ("sign_in_refused", "not_a_desk_user")


def test_the_manager_signs_in_once_one_record(people: People) -> None:
    count = Counter()
    sign_in(people.manager)
    (record,) = count.added()
    assert (record["action"]["S"], record["detail"]["M"]["role"]["S"]) == ("sign_in", "manager")


def test_a_lead_page_whose_record_cannot_be_written_is_503_and_shows_nothing_of_the_lead(people: People) -> None:
    lead = a_lead()
    store().put_new(lead)
    browser = sign_in(people.coordinator)
    from leadcapture.desk import wiring

    wiring.current().audit.table_name = "no-such-table"  # the write fails as it would without its grant
    answer = browser.get(f"/desk/leads/{lead.id}")
    assert answer["statusCode"] == 503 and "cannot reach its records" in answer["body"]
    assert "Anxious" not in answer["body"] and "jordan.blake" not in answer["body"]
