"""Rehearsal: the transformed template created by moto's CloudFormation, and the code run against it.

What moto models is checked on what it created (resolved names and ARNs, not template text); then
one consultation goes through the real handlers with the environment the stack gave the functions,
which proves the template's wiring (table names, env var names) matches what the code reads.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from infra.build import tables
from infra.local.runtime import LambdaContext
from moto.ses.models import ses_backends

from tests.conftest import json_event, valid_lead
from tests.integration.streams import stream_event
from tests.template.conftest import REHEARSAL_PARAMETERS, REHEARSAL_STACK, Rehearsal, detach_stream_mapping, use_stack_environment

ACCOUNT, REGION = "123456789012", "us-east-1"

# moto names each resource type it skips (API Gateway v2, SES, secrets, alarms); known and expected.
pytestmark = pytest.mark.filterwarnings("ignore:Tried to parse AWS")


def function_env(name: str) -> dict[str, str]:
    variables: dict[str, str] = boto3.client("lambda").get_function_configuration(FunctionName=name)["Environment"]["Variables"]
    return {k: str(v) for k, v in variables.items()}


def role_statements(role_name: str) -> list[dict[str, Any]]:
    iam = boto3.client("iam")
    found: list[dict[str, Any]] = []
    for policy in iam.list_role_policies(RoleName=role_name)["PolicyNames"]:
        document = iam.get_role_policy(RoleName=role_name, PolicyName=policy)["PolicyDocument"]
        if isinstance(document, str):
            document = json.loads(document.replace("'", '"').replace("None", "null"))
        # moto keeps a statement whose Fn::If chose AWS::NoValue as null: what AWS would drop.
        found.extend(s for s in document["Statement"] if s)
    return found


def test_stack_creates_and_outputs_the_form_action(rehearsal: Rehearsal) -> None:
    outputs = rehearsal.outputs
    assert outputs["FormAction"].endswith(".execute-api.us-east-1.amazonaws.com/consultations")
    assert outputs["LeadsTableName"] == rehearsal.resources["LeadsTable"]
    assert outputs["NotifyDeadLetterQueueUrl"].startswith("https://sqs.us-east-1.amazonaws.com/")
    assert outputs["NotifyFunctionName"] == rehearsal.resources["NotifyFunction"]


@pytest.mark.parametrize(
    ("logical", "spec"), [("LeadsTable", tables.LEADS), ("IdempotencyTable", tables.IDEMPOTENCY), ("RateLimitTable", tables.RATE_LIMITS)]
)
def test_tables_are_created_with_the_shared_keys(rehearsal: Rehearsal, logical: str, spec: tables.TableSpec) -> None:
    table = boto3.client("dynamodb").describe_table(TableName=rehearsal.resources[logical])["Table"]
    assert table["KeySchema"] == [{"AttributeName": spec.key, "KeyType": "HASH"}]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert table.get("StreamSpecification", {}).get("StreamEnabled", False) == bool(spec.stream)
    if spec.stream:
        assert table["StreamSpecification"]["StreamViewType"] == spec.stream == "KEYS_ONLY"


def test_event_source_mapping_is_wired_to_the_created_stream_and_queue(rehearsal: Rehearsal) -> None:
    (mapping,) = boto3.client("lambda").list_event_source_mappings(FunctionName=rehearsal.resources["NotifyFunction"])[
        "EventSourceMappings"
    ]
    leads = boto3.client("dynamodb").describe_table(TableName=rehearsal.resources["LeadsTable"])["Table"]
    queue_arn = boto3.client("sqs").get_queue_attributes(
        QueueUrl=rehearsal.outputs["NotifyDeadLetterQueueUrl"], AttributeNames=["QueueArn"]
    )["Attributes"]["QueueArn"]
    assert mapping["EventSourceArn"] == leads["LatestStreamArn"]
    assert mapping["FilterCriteria"] == {"Filters": [{"Pattern": '{"eventName": ["INSERT"]}'}]}
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mapping["BisectBatchOnFunctionError"] is True
    assert mapping["MaximumRetryAttempts"] == 5
    assert mapping["MaximumRecordAgeInSeconds"] == 3600
    assert mapping["DestinationConfig"] == {"OnFailure": {"Destination": queue_arn}}


def test_functions_get_the_created_names_and_the_parameters(rehearsal: Rehearsal) -> None:
    submit = function_env(rehearsal.resources["SubmitFunction"])
    notify = function_env(rehearsal.resources["NotifyFunction"])
    assert submit["LEADS_TABLE_NAME"] == notify["LEADS_TABLE_NAME"] == rehearsal.resources["LeadsTable"]
    assert submit["IDEMPOTENCY_TABLE_NAME"] == rehearsal.resources["IdempotencyTable"]
    assert submit["RATE_LIMIT_TABLE_NAME"] == rehearsal.resources["RateLimitTable"]
    assert submit["ALLOWED_ORIGINS"] == REHEARSAL_PARAMETERS["AllowedOrigins"]
    assert notify["COORDINATOR_EMAILS"] == REHEARSAL_PARAMETERS["CoordinatorEmails"]
    assert notify["SENDER_EMAIL"] == REHEARSAL_PARAMETERS["SenderEmail"]
    assert submit["POWERTOOLS_TRACE_DISABLED"] == notify["POWERTOOLS_TRACE_DISABLED"] == "true"
    actions = function_env(rehearsal.resources["ActionsFunction"])
    assert actions["LEADS_TABLE_NAME"] == rehearsal.resources["LeadsTable"]
    events = function_env(rehearsal.resources["SesEventsFunction"])
    assert events["LEADS_TABLE_NAME"] == rehearsal.resources["LeadsTable"]
    assert events["ESCALATION_EMAILS"] == REHEARSAL_PARAMETERS["EscalationEmails"]
    for name in ("SubmitFunction", "NotifyFunction", "ActionsFunction", "SesEventsFunction"):
        configuration = boto3.client("lambda").get_function_configuration(FunctionName=rehearsal.resources[name])
        assert configuration["Runtime"] == "python3.13"
        # Submit ends well before API Gateway's 30 s; notify's bound is checked in test_template.
        assert configuration["Timeout"] <= (15 if name == "SubmitFunction" else 900)
    # Metrics and alarms are scoped to the stack: two stacks in one account never mix.
    assert submit["POWERTOOLS_SERVICE_NAME"] == notify["POWERTOOLS_SERVICE_NAME"] == REHEARSAL_STACK


def test_roles_grant_exact_arns_of_the_created_resources(rehearsal: Rehearsal) -> None:
    leads_arn = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{rehearsal.resources['LeadsTable']}"
    submit = {s["Sid"]: s for s in role_statements(rehearsal.resources["SubmitRole"])}
    notify = {s["Sid"]: s for s in role_statements(rehearsal.resources["NotifyRole"])}
    assert submit["LeadsConditionalPut"]["Resource"] == leads_arn
    assert submit["LeadsConditionalPut"]["Action"] == ["dynamodb:PutItem"]
    assert notify["ReadAndMarkLeads"]["Resource"] == leads_arn
    assert notify["SentEmailRecords"]["Resource"] == f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{rehearsal.resources['IdempotencyTable']}"
    assert notify["ReadLeadsStream"]["Resource"].startswith(f"{leads_arn}/stream/")
    assert f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/practice.example" in notify["SendFromTheOneIdentity"]["Resource"]
    # The switches are off in this rehearsal: no Turnstile, no KMS key, no tracing grants.
    assert set(submit) == {
        "OwnLogGroupOnly",
        "LeadsConditionalPut",
        "IdempotencyRecords",
        "RateCounters",
        "RateLimitKey",
        "CanaryKey",
        "LookupKey",
    }
    assert set(notify) == {
        "OwnLogGroupOnly",
        "ReadLeadsStream",
        "ListLeadsStreams",
        "ReadAndMarkLeads",
        "SentEmailRecords",
        "SendFromTheOneIdentity",
        "OnFailureDestination",
        "ActionLinkKey",
    }
    actions = {s["Sid"]: s for s in role_statements(rehearsal.resources["ActionsRole"])}
    assert actions["ReadAndRecordLeads"]["Resource"] == leads_arn
    assert actions["ReadAndRecordLeads"]["Action"] == ["dynamodb:GetItem", "dynamodb:UpdateItem"]
    assert set(actions) == {"OwnLogGroupOnly", "ReadAndRecordLeads", "ActionLinkKey"}
    events = {s["Sid"]: s for s in role_statements(rehearsal.resources["SesEventsRole"])}
    assert events["ReadAndMarkLeads"]["Resource"] == leads_arn
    assert set(events) == {
        "OwnLogGroupOnly",
        "ReadAndMarkLeads",
        "EscalationRecords",
        "SendFromTheOneIdentity",
        "OnFailureDestination",
        "ActionLinkKey",  # the escalation copy's links
    }
    for statement in [*submit.values(), *notify.values(), *actions.values(), *events.values()]:
        # A Ref to a resource moto does not create (the secret) resolves to nothing here.
        granted_on = statement.get("Resource", [])
        assert "*" not in (granted_on if isinstance(granted_on, list) else [granted_on])


def test_the_leads_table_is_created_with_the_open_leads_index(rehearsal: Rehearsal) -> None:
    table = boto3.client("dynamodb").describe_table(TableName=rehearsal.resources["LeadsTable"])["Table"]
    assert sorted(index["IndexName"] for index in table["GlobalSecondaryIndexes"]) == ["by_email_hash", "by_phone_hash", "open-leads"]


def test_log_groups_are_created_with_retention(rehearsal: Rehearsal) -> None:
    groups = {g["logGroupName"]: g for g in boto3.client("logs").describe_log_groups()["logGroups"]}
    logical_ids = (
        "SubmitLogGroup",
        "NotifyLogGroup",
        "HeartbeatLogGroup",
        "ActionsLogGroup",
        "FollowupsLogGroup",
        "SesEventsLogGroup",
        "ApiAccessLogGroup",
    )
    assert set(groups) == {rehearsal.resources[g] for g in logical_ids}
    for logical in logical_ids:
        assert groups[rehearsal.resources[logical]]["retentionInDays"] == 90


def test_a_consultation_flows_through_the_rehearsed_stack(
    rehearsal: Rehearsal, monkeypatch: pytest.MonkeyPatch, lambda_context: LambdaContext
) -> None:
    from leadcapture.intake import handler as submit
    from leadcapture.notify import handler as notify

    use_stack_environment(rehearsal, monkeypatch)
    detach_stream_mapping(rehearsal)

    answer = submit.handler(json_event(valid_lead(), headers={"origin": "https://www.practice.example"}), lambda_context)
    assert answer["statusCode"] == 201, answer["body"]
    lead_id = json.loads(answer["body"])["id"]

    table = rehearsal.resources["LeadsTable"]
    event = stream_event(table)
    assert len(event["Records"]) == 1
    assert "NewImage" not in event["Records"][0]["dynamodb"]  # KEYS_ONLY: the stream carries no personal data
    assert event["Records"][0]["dynamodb"]["Keys"] == {"id": {"S": lead_id}}
    assert notify.handler(event, lambda_context) == {"batchItemFailures": []}
    item = boto3.client("dynamodb").get_item(TableName=table, Key={"id": {"S": lead_id}}, ConsistentRead=True)["Item"]
    assert item["status"]["S"] == "notified"
    sent = ses_backends[ACCOUNT][REGION].sent_messages
    assert len(sent) == 1


def test_the_heartbeat_is_created_posting_to_the_stacks_own_form_action(rehearsal: Rehearsal) -> None:
    heartbeat = function_env(rehearsal.resources["HeartbeatFunction"])
    assert heartbeat["HEARTBEAT_URL"] == rehearsal.outputs["FormAction"]
    assert rehearsal.outputs["HeartbeatFunctionName"] == rehearsal.resources["HeartbeatFunction"]
    statements = {s["Sid"]: s for s in role_statements(rehearsal.resources["HeartbeatRole"])}
    assert set(statements) == {"OwnLogGroupOnly", "CanaryKey"}
    log_group = rehearsal.resources["HeartbeatLogGroup"]
    # moto's log group Arn has no ":*" suffix (AWS's has): the group's own ARN either way.
    assert statements["OwnLogGroupOnly"]["Resource"].removesuffix(":*") == f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{log_group}"
    [rule] = [r for r in boto3.client("events").list_rules()["Rules"] if r.get("ScheduleExpression") == "rate(1 day)"]
    [target] = boto3.client("events").list_targets_by_rule(Rule=rule["Name"])["Targets"]
    assert target["Arn"].endswith(f":function:{rehearsal.resources['HeartbeatFunction']}")
