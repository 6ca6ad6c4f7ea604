"""Every `leads` command against the rehearsed stack (moto), through click's runner as a person types it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from infra.local.runtime import LambdaContext
from infra.ops.leads import target

from tests.conftest import json_event, valid_lead
from tests.integration.helpers import body_json, client_error, leads_store
from tests.ops.conftest import run, sent
from tests.ses_event_examples import example
from tests.template.conftest import REHEARSAL_STACK, Rehearsal

pytestmark = pytest.mark.filterwarnings("ignore:Tried to parse AWS")


def submit(lambda_context: LambdaContext, **fields: object) -> str:
    from leadcapture.intake import handler

    answer = handler.handler(json_event(valid_lead(**fields)), lambda_context)
    assert answer["statusCode"] == 201, answer["body"]
    return str(body_json(answer)["id"])


def items(rehearsal: Rehearsal, output: str) -> list[dict[str, Any]]:
    return list(boto3.client("dynamodb").scan(TableName=rehearsal.outputs[output])["Items"])


@pytest.fixture
def three(deployed: Rehearsal, lambda_context: LambdaContext) -> dict[str, str]:
    """Two people and one honeypot catch; one with accents and a message over several lines."""
    return {
        "maria": submit(
            lambda_context,
            first_name="María",
            last_name="Ñúñez",
            email="Maria.Nunez@Example.com",
            phone="(818) 821-6012",
            message='Hola,\nnecesito ayuda; "urgente", gracias.\n=HYPERLINK("x")',
        ),
        "sam": submit(lambda_context),
        "bot": submit(lambda_context, first_name="Bot", email="bot@example.com", website="http://spam.example"),
    }


def test_list_shows_people_not_spam(three: dict[str, str]) -> None:
    result = run("list")
    assert result.exit_code == 0, result.output
    assert three["maria"] in result.output and three["sam"] in result.output
    assert three["bot"] not in result.output
    assert "María Ñ." in result.output and "Ñúñez" not in result.output  # first name, last initial
    assert "2 lead(s)" in result.output
    spam_only = run("list", "--status", "spam")
    assert three["bot"] in spam_only.output and three["sam"] not in spam_only.output
    assert "0 lead(s)" in run("list", "--urgent").output
    assert "0 lead(s)" in run("list", "--since", "2999-01-01").output


def test_show_prints_one_lead_in_full_with_its_history(three: dict[str, str]) -> None:
    result = run("show", three["maria"])
    assert result.exit_code == 0, result.output
    assert "María Ñúñez" in result.output and "+18188216012" in result.output and "necesito ayuda" in result.output
    assert "history" in result.output and "form" in result.output
    missing = run("show", "no-such-lead")
    assert missing.exit_code == 1
    assert missing.output.strip() == "Error: no lead no-such-lead"


def test_export_csv_opens_in_a_spreadsheet(three: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "leads.csv"
    result = run("export", "-o", str(path))
    assert result.exit_code == 0, result.output
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert {r["id"] for r in rows} == {three["maria"], three["sam"]}
    maria = next(r for r in rows if r["id"] == three["maria"])
    assert maria["last_name"] == "Ñúñez"
    # Line breaks, quotes and semicolons stay inside the one cell; only a cell's first character can start a formula.
    assert maria["message"] == 'Hola,\nnecesito ayuda; "urgente", gracias.\n=HYPERLINK("x")'
    assert maria["phone"] == "'+18188216012"  # never a formula
    assert "received (America/Los_Angeles)" in rows[0]
    assert "exported 2 lead(s)" in result.output


def test_a_cell_that_would_be_a_formula_is_shown_as_text(deployed: Rehearsal, lambda_context: LambdaContext, tmp_path: Path) -> None:
    lead_id = submit(lambda_context, first_name="=cmd", last_name="@SUM(A1)", message="+1 call me\n-- thanks")
    run("export", "-o", str(tmp_path / "leads.csv"))
    [row] = list(csv.DictReader(io.StringIO((tmp_path / "leads.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert row["id"] == lead_id
    assert (row["first_name"], row["last_name"], row["message"]) == ("'=cmd", "'@SUM(A1)", "'+1 call me\n-- thanks")


TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize("separator", [",", ";"])
def test_a_formula_after_a_semicolon_or_comma_opens_as_text_under_either_separator(
    deployed: Rehearsal, lambda_context: LambdaContext, tmp_path: Path, separator: str
) -> None:
    # Issue 25, defect 5: Excel in an es-ES, de or fr locale splits a comma CSV at `;`: every cell quoted,
    # and no part a separator could split off may start a formula.
    lead_id = submit(lambda_context, message="Hi;=1+2;@SUM(1+1), -2+3, +44 20 7946 0958", phone="+44 20 7946 0958")
    run("export", "-o", str(tmp_path / "leads.csv"))
    text = (tmp_path / "leads.csv").read_text(encoding="utf-8-sig")
    assert all(line.startswith('"') for line in text.split("\r\n") if line)  # every record's first cell quoted
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if c.lstrip(" \n").startswith(TRIGGERS)], cells
    if separator == ",":
        [row] = [r for r in csv.DictReader(io.StringIO(text, newline="")) if r["id"] == lead_id]
        assert row["phone"] == "'+442079460958"  # still a phone number, shown as text
        assert row["message"] == "Hi;'=1+2;'@SUM(1+1), '-2+3, '+44 20 7946 0958"


def test_export_jsonl_to_stdout_and_a_date_range(three: dict[str, str]) -> None:
    result = run("export", "--format", "jsonl", "--include-spam")
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert {line["id"] for line in lines} == set(three.values())
    assert "exported 3 lead(s)" in result.stderr
    later = run("export", "--format", "jsonl", "--since", "2999-01-01")
    assert later.stdout == "" and "exported 0 lead(s)" in later.stderr


def test_find_by_a_differently_formatted_phone_or_email(three: dict[str, str]) -> None:
    by_phone = run("find", "--phone", "+1 818 821 6012")
    assert by_phone.exit_code == 0, by_phone.output
    assert three["maria"] in by_phone.output and three["sam"] not in by_phone.output
    assert "1 lead(s) of this person" in by_phone.output
    assert three["maria"] in run("find", "--email", "maria.nunez@example.COM").output
    bad = run("find", "--phone", "12")
    assert bad.exit_code == 1 and bad.output.strip() == "Error: --phone: must be a valid phone number"
    assert run("find").exit_code == 2


def test_forget_removes_the_person_everywhere_and_prints_a_receipt(three: dict[str, str], deployed: Rehearsal) -> None:
    from leadcapture.adapters.idempotency import sent_email_record_key

    assert run("redrive", "--apply", "--yes", "--min-age-minutes", "0").exit_code == 0  # every lead emailed: sent-email records exist
    keys = {i["id"]["S"] for i in items(deployed, "IdempotencyTableName")}
    assert sent_email_record_key(three["maria"]) in keys

    declined = run("forget", "--phone", "818-821-6012", input="n\n")
    assert declined.exit_code == 1 and "Aborted" in declined.output
    assert any(i["id"]["S"] == three["maria"] for i in items(deployed, "LeadsTableName"))

    result = run("forget", "--email", "MARIA.NUNEZ@example.com", input="y\n")
    assert result.exit_code == 0, result.output
    assert "leads removed" in result.output and "idempotency records removed" in result.output
    assert "35 days" in result.output
    leads_left = items(deployed, "LeadsTableName")
    records_left = items(deployed, "IdempotencyTableName")
    assert three["maria"] not in json.dumps(leads_left) and three["maria"] not in json.dumps(records_left)
    assert "Ñúñez" not in json.dumps(leads_left, ensure_ascii=False)
    assert sent_email_record_key(three["sam"]) in {i["id"]["S"] for i in records_left}  # the others stay
    again = run("forget", "--email", "maria.nunez@example.com", "--yes")
    assert again.exit_code == 0 and "Nothing is held" in again.output


def test_forget_by_a_phone_finds_the_persons_leads_with_and_without_an_extension(
    deployed: Rehearsal, lambda_context: LambdaContext
) -> None:
    # Issue 25, defect 2: the lookup hash covered the extension, so the bare number found one lead of two.
    desk = submit(lambda_context, first_name="Ext", email="ext.one@example.com", phone="818-821-6012 ext. 5")
    mobile = submit(lambda_context, first_name="Ext", email="ext.two@example.com", phone="(818) 821-6012")
    found = run("find", "--phone", "818 821 6012")
    assert desk in found.output and mobile in found.output, found.output
    result = run("forget", "--phone", "818 821 6012", "--yes")
    assert result.exit_code == 0, result.output
    left = json.dumps(items(deployed, "LeadsTableName"))
    assert desk not in left and mobile not in left


def test_forget_removes_every_email_record_of_the_person_and_their_ses_dead_letters(three: dict[str, str], deployed: Rehearsal) -> None:
    # Issue 25, defect 3: the ledger's reminder, escalation, urgent-copy and bounce-copy records survived
    # a forget, and the SES events dead-letter queue kept the email's headers.
    from leadcapture.adapters.aws import Clients
    from leadcapture.adapters.idempotency import ESCALATION_PREFIX, SentEmails

    client = Clients().dynamodb()
    table = deployed.outputs["IdempotencyTableName"]
    for lead_id in (three["maria"], three["sam"]):
        for kind in ("reminder", "escalation", "urgent"):
            SentEmails(table, client=client).send_once(f"{kind}#{lead_id}", lambda: "ses-message-id")
        SentEmails(table, client=client, key_prefix=ESCALATION_PREFIX).send_once(lead_id, lambda: "ses-message-id")
    queue = deployed.outputs["SesEventsDeadLetterQueueUrl"]
    for lead_id in (three["maria"], three["sam"]):
        failed = {"requestPayload": example("Bounce", lead_id=lead_id), "responseContext": {"statusCode": 200}}
        boto3.client("sqs").send_message(QueueUrl=queue, MessageBody=json.dumps(failed))

    result = run("forget", "--email", "maria.nunez@example.com", "--yes")
    assert result.exit_code == 0, result.output
    records = json.dumps(items(deployed, "IdempotencyTableName"))
    assert three["maria"] not in records  # no hash of her id either:
    from leadcapture.adapters.idempotency import sent_email_record_key

    for kind in ("reminder", "escalation", "urgent"):
        assert sent_email_record_key(f"{kind}#{three['maria']}") not in records
        assert sent_email_record_key(f"{kind}#{three['sam']}") in records
    assert "sent-email records removed" in result.output and "4" in result.output
    assert "SES event dead letters removed" in result.output
    left = boto3.client("sqs").receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
    assert [three["sam"] in m["Body"] for m in left] == [True]


def test_status_changes_like_the_action_links_and_twice_is_harmless(three: dict[str, str]) -> None:
    assert run("status", three["sam"], "contacted", input="n\n").exit_code == 1
    result = run("status", three["sam"], "contacted", "--yes")
    assert result.exit_code == 0 and f"{three['sam']}: contacted" in result.output
    again = run("status", three["sam"], "contacted", "--yes")
    assert again.exit_code == 0 and "unchanged" in again.output
    assert run("status", three["sam"], "booked", "--yes").exit_code == 0
    history = run("show", three["sam"]).output
    assert "contacted" in history and "booked" in history and "cli" in history
    refused = run("status", three["bot"], "booked", "--yes")
    assert refused.exit_code == 1 and "cannot become booked" in refused.output
    assert run("status", three["sam"], "spam", "--yes").exit_code == 2  # not an action


def test_spam_lists_without_values_and_promote_emails_once(three: dict[str, str]) -> None:
    listing = run("spam")
    assert three["bot"] in listing.output and "1 quarantined" in listing.output
    assert "Bot" not in listing.output and "bot@example.com" not in listing.output
    before = len(sent())
    result = run("promote", three["bot"], "--yes")
    assert result.exit_code == 0, result.output
    assert "promoted (notified)" in result.output
    assert len(sent()) == before + 1
    again = run("promote", three["bot"], "--yes")
    assert again.exit_code == 0 and "nothing to do" in again.output
    assert len(sent()) == before + 1
    assert three["bot"] in run("list").output


def test_promote_prints_its_answer_and_no_log_line_of_the_function(three: dict[str, str]) -> None:
    # Issue 25, dead end 12: the notify function's JSON log line landed in the tool's output.
    result = run("promote", three["bot"], "--yes")
    assert result.exit_code == 0, result.output
    assert not [line for line in result.output.splitlines() if line.lstrip().startswith("{")], result.output


def test_list_status_open_is_the_open_set_and_a_trapped_lead_is_marked(deployed: Rehearsal, lambda_context: LambdaContext) -> None:
    # Issue 25: `list --status open`; an urgent request caught by the spam trap is open, marked as such.
    trapped = submit(lambda_context, first_name="Autofill", website="x", message="I want to kill myself tonight")
    calm = submit(lambda_context, first_name="Calm")
    run("status", calm, "contacted", "--yes")
    result = run("list", "--status", "open")
    assert result.exit_code == 0, result.output
    assert trapped in result.output and calm not in result.output
    assert "spam trap" in result.output
    assert "spam trap" in run("show", trapped).output


def test_show_and_the_csv_say_when_the_coordinator_was_reminded_and_the_lead_escalated(
    three: dict[str, str], deployed: Rehearsal, tmp_path: Path
) -> None:
    # Issue 25, dead end 12: `show` and the CSV left out reminded_at and escalated_at.
    store = leads_store()
    assert store.mark_followup(three["sam"], "reminder", at="2026-12-08T17:00:00.000Z", message_id="m1")
    assert store.mark_followup(three["sam"], "escalation", at="2026-12-09T17:00:00.000Z", message_id="m2")
    shown = run("show", three["sam"]).output
    assert "reminded" in shown and "escalated" in shown
    run("export", "-o", str(tmp_path / "leads.csv"))
    [row] = [
        r
        for r in csv.DictReader(io.StringIO((tmp_path / "leads.csv").read_text(encoding="utf-8-sig"), newline=""))
        if r["id"] == three["sam"]
    ]
    assert row["reminded"].startswith("2026-12-08") and row["escalated"].startswith("2026-12-09")


def test_the_region_may_come_from_aws_region_alone(three: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    # Issue 25, dead end 12: "set AWS_REGION" said the error, but only AWS_DEFAULT_REGION worked.
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    result = run("list")
    assert result.exit_code == 0, result.output
    assert three["sam"] in result.output


def test_stats_counts_by_status_and_week(three: dict[str, str]) -> None:
    run("status", three["sam"], "contacted", "--yes")
    result = run("stats")
    assert result.exit_code == 0, result.output
    assert "2 request(s) held" in result.output
    assert "median time to contact" in result.output and "hours" in result.output
    assert "spam" in result.output


def test_note_asks_for_the_kind_close_and_stats_count_who_was_referred_on_and_who_never_answered(
    deployed: Rehearsal, lambda_context: LambdaContext
) -> None:
    # Issue 23: the tool asks for the note as the links' page does; the person function sends it (not here).
    fit = submit(lambda_context, email="fit@example.com")
    quiet = submit(lambda_context, email="quiet@example.com")
    private = submit(lambda_context, email="private@example.com", email_ok="no")
    assert run("note", fit, "--yes").exit_code == 1  # still open: only an outcome that offers a note has one
    for lead_id, outcome in ((fit, "not_a_fit"), (quiet, "no_response"), (private, "not_a_fit")):
        run("status", lead_id, outcome, "--yes")
    asked = run("note", fit, "--yes")
    assert asked.exit_code == 0 and "note asked for" in asked.output
    assert "already asked for" in run("note", fit, "--yes").output
    refused = run("note", private, "--yes")
    assert refused.exit_code == 1 and "they asked not to be emailed" in refused.output
    shown = run("show", fit)
    assert "close note asked for" in shown.output and "not_a_fit: asked for, not sent" in shown.output
    assert "(they asked not to be emailed)" not in shown.output
    store = leads_store()
    assert store.mark_close_note_sent(fit, "not_a_fit", at="2026-12-07T18:00:00.000Z", message_id="m-1")
    result = run("stats")
    assert "not a fit: 2, referred on (the referral note sent): 1" in result.output
    assert "never answered (no response): 1, told the practice tried (note sent): 0" in result.output


def test_reindex_adds_hashes_to_leads_stored_without_them(deployed: Rehearsal, lambda_context: LambdaContext,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from leadcapture.adapters import aws as aws_state

    monkeypatch.setenv("LOOKUP_KEY_SECRET", "")
    aws_state.reset()
    old = submit(lambda_context, phone="415 555 0199")
    assert "0 lead(s)" in run("find", "--phone", "4155550199").output
    result = run("reindex", "--yes")
    assert result.exit_code == 0 and "indexed 1 lead(s)" in result.output
    assert old in run("find", "--phone", "(415) 555-0199").output


# --- redrive (formerly infra/ops/redrive.py) ------------------------------------------------------------


def dead_letter(shard: str) -> str:
    """What Lambda puts on a stream source's on-failure queue: where the batch was, not what it held."""
    info = {"shardId": shard, "startSequenceNumber": "100", "endSequenceNumber": "102", "batchSize": 3}
    return json.dumps({"requestContext": {"condition": "RetryAttemptsExhausted"}, "DDBStreamBatchInfo": info})


@pytest.fixture
def stranded(deployed: Rehearsal, lambda_context: LambdaContext) -> dict[str, str]:
    """Three leads stored while email was down: two still `new`, one already refused by SES."""

    ids = {name: submit(lambda_context, first_name=f"Redrive{name.title()}", email=f"{name}@example.com") for name in ("a", "b", "refused")}
    assert leads_store().mark_notify_failed(ids["refused"], reason="MessageRejected", at="2026-11-28T14:00:00.000Z")
    for shard in ("shardId-000001", "shardId-000002"):
        boto3.client("sqs").send_message(QueueUrl=deployed.outputs["NotifyDeadLetterQueueUrl"], MessageBody=dead_letter(shard))
    return ids


def visible_dead_letters(rehearsal: Rehearsal) -> int:
    attributes = boto3.client("sqs").get_queue_attributes(
        QueueUrl=rehearsal.outputs["NotifyDeadLetterQueueUrl"],
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(attributes["ApproximateNumberOfMessagesNotVisible"])


def status_of(rehearsal: Rehearsal, lead_id: str) -> str:
    item = boto3.client("dynamodb").get_item(TableName=rehearsal.outputs["LeadsTableName"], Key={"id": {"S": lead_id}})
    return str(item["Item"]["status"]["S"])


def test_redrive_is_a_dry_run_by_default(deployed: Rehearsal, stranded: dict[str, str]) -> None:
    result = run("redrive", "--min-age-minutes", "0")
    assert result.exit_code == 0, result.output
    assert "dry run: 2 lead(s) would be re-sent; 2 dead letter(s)" in result.output
    assert f"{stranded['a']}: would re-send (new)" in result.output and "shardId-000002" in result.output
    assert sent() == [] and visible_dead_letters(deployed) == 2
    assert "@" not in result.output and "RedriveA" not in result.output  # ids and counts only


def test_redrive_apply_resends_each_once_reports_per_lead_and_clears_the_queue(deployed: Rehearsal, stranded: dict[str, str]) -> None:
    result = run("redrive", "--apply", "--yes", "--min-age-minutes", "0")
    assert result.exit_code == 0, result.output
    assert f"{stranded['a']}: re-sent" in result.output and f"{stranded['b']}: re-sent" in result.output
    assert "deleted 2 of 2 dead letter(s)" in result.output
    assert len(sent()) == 2 and visible_dead_letters(deployed) == 0
    assert status_of(deployed, stranded["refused"]) == "notify_failed"
    again = run("redrive", "--apply", "--yes", "--min-age-minutes", "0")
    assert "re-sent 0" in again.output and len(sent()) == 2


def test_redrive_leaves_young_leads_to_the_stream_and_asks_first(deployed: Rehearsal, stranded: dict[str, str]) -> None:
    assert "dry run: 0 lead(s)" in run("redrive").output
    declined = run("redrive", "--apply", "--min-age-minutes", "0", input="n\n")
    assert declined.exit_code == 1 and sent() == []


def test_redrive_include_failed_reopens_refused_leads(deployed: Rehearsal, stranded: dict[str, str]) -> None:
    result = run("redrive", "--apply", "--yes", "--include-failed", "--min-age-minutes", "0")
    assert result.exit_code == 0, result.output
    assert status_of(deployed, stranded["refused"]) == "notified" and len(sent()) == 3


def test_redrive_keeps_the_dead_letters_while_a_lead_still_fails(
    deployed: Rehearsal, stranded: dict[str, str], lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadcapture.notify import handler as notify

    def first_only(client: Any, function: str) -> target.Invoke:
        def invoke(event: dict[str, Any]) -> dict[str, Any]:
            notify.handler({"Records": event["Records"][:1]}, lambda_context)
            return {"batchItemFailures": [{"itemIdentifier": r["dynamodb"]["SequenceNumber"]} for r in event["Records"][1:]]}

        return invoke

    monkeypatch.setattr(target, "lambda_invoker", first_only)
    result = run("redrive", "--apply", "--yes", "--min-age-minutes", "0")
    assert result.exit_code == 1
    assert "still failing 1" in result.output and "kept" in result.output
    assert visible_dead_letters(deployed) == 2


def test_a_function_error_fails_the_whole_batch() -> None:
    event = target.stream_event(["a", "b"])
    answer = target.parse_invoke_answer({"FunctionError": "Unhandled", "Payload": b'{"errorMessage": "boom"}'}, event)
    assert answer == {"batchItemFailures": [{"itemIdentifier": "1"}, {"itemIdentifier": "2"}]}
    assert target.parse_invoke_answer({"Payload": b'{"batchItemFailures": []}'}, event) == {"batchItemFailures": []}


# --- where it points --------------------------------------------------------------------------------


def one_line_error(result: Any) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: ")
    return str(lines[0])


def test_a_stack_that_does_not_exist_is_one_line(aws: None) -> None:
    line = one_line_error(run("list", stack="nope"))
    assert "stack 'nope' not found in us-east-1" in line


def test_no_target_says_what_to_pass_and_never_falls_back(aws: None) -> None:
    line = one_line_error(run("list", stack=None))
    assert "--stack NAME" in line and "--local" in line


def test_a_profile_without_access_is_one_line(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    made = target.session_factory

    def denied(region: str | None, profile: str | None) -> Any:
        session = made(region, profile)

        def refuse(**kwargs: Any) -> None:
            raise client_error("AccessDenied", "DescribeStacks", message="User: arn:aws:iam::123456789012:user/x is not authorized")

        session.events.register("before-call.cloudformation.DescribeStacks", refuse)
        return session

    monkeypatch.setattr(target, "session_factory", denied)
    line = one_line_error(run("list", stack="lead-capture-prod"))
    assert "AccessDenied" in line and "cloudformation:DescribeStacks" in line


def test_a_missing_table_is_one_line(deployed: Rehearsal) -> None:
    boto3.client("dynamodb").delete_table(TableName=deployed.outputs["IdempotencyTableName"])
    line = one_line_error(run("list"))
    assert f"table {deployed.outputs['IdempotencyTableName']} not found" in line


def test_a_stack_of_something_else_is_one_line(deployed: Rehearsal) -> None:
    boto3.client("cloudformation").create_stack(StackName="other", TemplateBody=json.dumps(
        {"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}))  # fmt: skip
    line = one_line_error(run("list", stack="other"))
    assert "has no output LeadsTableName" in line


def test_no_local_stack_is_one_line() -> None:
    line = one_line_error(run("--local-url", "http://127.0.0.1:9", "list", stack=None))
    assert "no local stack at http://127.0.0.1:9" in line


def test_the_rehearsal_stack_name_is_the_one_the_tests_use() -> None:
    assert REHEARSAL_STACK == "lead-capture-rehearsal"
