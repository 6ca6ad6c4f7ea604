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

from tests.conftest import http_event, json_event, valid_lead
from tests.integration.streams import stream_event
from tests.template.cfn import as_list, resources_of, switched_statements, target
from tests.template.conftest import (
    REHEARSAL_PARAMETERS,
    REHEARSAL_STACK,
    Rehearsal,
    detach_stream_mapping,
    rehearsed,
    use_stack_environment,
)
from tests.template.expected import FUNCTIONS

ROWS = sorted(FUNCTIONS)

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
    for name, function in FUNCTIONS.items():
        configuration = boto3.client("lambda").get_function_configuration(FunctionName=rehearsal.resources[f"{name}Function"])
        assert configuration["Runtime"] == "python3.13"
        # The API's functions end well before API Gateway's 30 s; notify's bound is checked in test_template.
        assert function.timeout[0] < configuration["Timeout"] <= function.timeout[1]
    # Metrics and alarms are scoped to the stack: two stacks in one account never mix.
    assert submit["POWERTOOLS_SERVICE_NAME"] == notify["POWERTOOLS_SERVICE_NAME"] == REHEARSAL_STACK


def created_arn(on: str, rehearsal: Rehearsal) -> str | None:
    """The ARN moto gave what a grant names (`LeadsTable.Arn`, an SES identity), None for what moto skips."""
    logical, _, attribute = on.partition(".")
    physical = rehearsal.resources.get(logical)
    if attribute == "Arn" and logical.endswith("Table"):
        return f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{physical}"
    if attribute == "Arn" and logical.endswith("Queue"):
        return f"arn:aws:sqs:{REGION}:{ACCOUNT}:{str(physical).rsplit('/', 1)[-1]}"
    if attribute == "Arn" and logical.endswith("LogGroup"):
        return f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{physical}"
    if on.endswith(":identity/${SesIdentity}"):
        return f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/{REHEARSAL_PARAMETERS['SesIdentity']}"
    return None


@pytest.mark.parametrize("name", ROWS)
def test_roles_grant_exact_arns_of_the_created_resources(rehearsal: Rehearsal, transformed: dict[str, Any], name: str) -> None:
    created = {s["Sid"]: s for s in role_statements(rehearsal.resources[f"{name}Role"])}
    # The switches are off in this rehearsal (no Turnstile, no KMS key, no tracing): exactly the
    # template's unconditional statements, each on what the stack created.
    template = {s["Sid"]: s for condition, s in switched_statements(transformed["Resources"], f"{name}Role") if condition is None}
    assert set(created) == set(template)
    for sid, statement in template.items():
        assert as_list(created[sid]["Action"]) == as_list(statement["Action"])
        # moto keeps a resource whose Fn::If chose AWS::NoValue as null: what AWS would drop.
        granted_on = [r.removesuffix(":*") for r in as_list(created[sid].get("Resource", [])) if r is not None]
        # A Ref to a resource moto does not create (a secret) resolves to nothing here; never to "*", but
        # for a text to a phone number, which has no ARN, beside its Deny of every SNS ARN (urgent's).
        if granted_on == ["*"] and as_list(statement["Action"]) == ["sns:Publish"]:
            (deny,) = [s for s in created.values() if s["Effect"] == "Deny"]
            assert (as_list(deny["Action"]), deny["Resource"]) == (["sns:Publish"], "arn:aws:sns:*:*:*")
            continue
        assert "*" not in granted_on
        for on in {target(r) for r in resources_of(statement)}:
            arn = created_arn(on, rehearsal)
            if on == "LeadsTable.StreamArn":
                assert any(r.startswith(f"{created_arn('LeadsTable.Arn', rehearsal)}/stream/") for r in granted_on), granted_on
            elif arn is not None:
                assert arn in granted_on, (sid, on, granted_on)


# Every switch on: tracing, the tables' own key, the SES sandbox with two recipient identities.
SWITCHES_ON = {
    "EnableTracing": "true",
    "TableKmsKeyArn": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "SandboxRecipientIdentities": "coordinator@practice.example,practice.example",
}


def test_the_switches_put_their_shared_grants_into_the_roles(transformed: dict[str, Any]) -> None:
    # Shared grants are inline policies of their own (AWS::IAM::Policy), which moto's CloudFormation
    # creates (it ignores ManagedPolicyArns): each role ends up with exactly the template's statements.
    with rehearsed(transformed, {**REHEARSAL_PARAMETERS, **SWITCHES_ON}) as stack:
        for name in ROWS:
            created = {s["Sid"] for s in role_statements(stack.resources[f"{name}Role"])}
            granted = {
                s["Sid"]
                for condition, s in switched_statements(transformed["Resources"], f"{name}Role")
                if not condition or "Turnstile" not in condition
            }
            assert created == granted, name
            assert "XRayWhenTracing" in created
        sandbox = {s["Sid"]: s for s in role_statements(stack.resources["NotifyRole"])}["SendToSandboxRecipients"]
        identity = f"arn:aws:ses:{REGION}:{ACCOUNT}:identity"
        assert [r for r in sandbox["Resource"] if r] == [f"{identity}/coordinator@practice.example", f"{identity}/practice.example"]


def test_the_leads_table_is_created_with_the_open_leads_index(rehearsal: Rehearsal) -> None:
    table = boto3.client("dynamodb").describe_table(TableName=rehearsal.resources["LeadsTable"])["Table"]
    assert sorted(index["IndexName"] for index in table["GlobalSecondaryIndexes"]) == [
        "by-status",
        "by_email_hash",
        "by_phone_hash",
        "open-leads",
    ]


def test_log_groups_are_created_with_retention(rehearsal: Rehearsal) -> None:
    groups = {g["logGroupName"]: g for g in boto3.client("logs").describe_log_groups()["logGroups"]}
    logical_ids = [f"{name}LogGroup" for name in FUNCTIONS] + ["ApiAccessLogGroup"]
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
    [rule] = [r for r in boto3.client("events").list_rules()["Rules"] if r.get("ScheduleExpression") == "rate(1 day)"]
    [target] = boto3.client("events").list_targets_by_rule(Rule=rule["Name"])["Targets"]
    assert target["Arn"].endswith(f":function:{rehearsal.resources['HeartbeatFunction']}")


def cors_headers(answer: dict[str, Any]) -> dict[str, str]:
    return {k.lower(): v for k, v in answer.get("headers", {}).items() if k.lower().startswith("access-control-")}


def test_the_form_answers_its_own_preflight_and_the_action_links_answer_without_cors(
    rehearsal: Rehearsal, monkeypatch: pytest.MonkeyPatch, lambda_context: LambdaContext
) -> None:
    # No API-level CORS (it would cover /actions too): submit answers the browser's preflight and
    # posts itself, for the configured origins only, with the environment the stack gave it.
    from leadcapture.actions import handler as actions
    from leadcapture.intake import handler as submit

    use_stack_environment(rehearsal, monkeypatch, functions=("SubmitFunction", "ActionsFunction"))
    own = REHEARSAL_PARAMETERS["AllowedOrigins"]
    asks = {"access-control-request-method": "POST", "access-control-request-headers": "content-type,idempotency-key"}
    preflight = submit.handler(http_event(None, method="OPTIONS", content_type=None, headers={"origin": own, **asks}), lambda_context)
    assert preflight["statusCode"] == 204
    allowed = cors_headers(preflight)
    assert allowed["access-control-allow-origin"] == own
    assert "POST" in allowed["access-control-allow-methods"].split(",")
    assert {"content-type", "idempotency-key"} <= {h.strip().lower() for h in allowed["access-control-allow-headers"].split(",")}
    assert "access-control-allow-credentials" not in allowed
    elsewhere = {"origin": "https://elsewhere.example", **asks}
    refused = submit.handler(http_event(None, method="OPTIONS", content_type=None, headers=elsewhere), lambda_context)
    assert "access-control-allow-origin" not in cors_headers(refused)
    # The action links: a page and a form post, never readable by a script of another page.
    for method in ("GET", "POST"):
        form = "application/x-www-form-urlencoded" if method == "POST" else None
        body = b"" if method == "POST" else None
        event = http_event(body, method=method, path="/actions/not-a-token", accept="text/html", content_type=form, headers={"origin": own})
        event["routeKey"] = event["requestContext"]["routeKey"] = f"{method} /actions/{{token}}"
        event["pathParameters"] = {"token": "not-a-token"}
        assert cors_headers(actions.handler(event, lambda_context)) == {}, method


def test_the_sending_roles_name_the_stacks_own_sender_and_recipients(rehearsal: Rehearsal) -> None:
    identity = f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/{REHEARSAL_PARAMETERS['SesIdentity']}"
    for role, recipients in (("NotifyRole", {"coordinator@practice.example"}), ("SesEventsRole", {"manager@practice.example"})):
        (send,) = [s for s in role_statements(rehearsal.resources[role]) if identity in as_list(s.get("Resource", []))]
        assert send["Condition"]["StringEqualsIgnoreCase"]["ses:FromAddress"] == "forms@practice.example"
        assert set(send["Condition"]["ForAllValues:StringEqualsIgnoreCase"]["ses:Recipients"]) - {""} == recipients
