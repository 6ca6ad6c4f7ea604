"""template.yaml, property by property: what the issue asks of a template ops can trust.

Checks run on the CloudFormation the SAM translator produces (what AWS would create), plus the
two linters as they run in CI. Each test names one promise; a failure says which one broke.
"""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from typing import Any

import pytest
from infra.build import tables
from infra.build.functions import Function, functions

from leadcapture.adapters import aws as aws_calls
from leadcapture.adapters.idempotency import SENT_EMAIL_EXPIRY_SECONDS
from leadcapture.intake.website.origins import normal_origin
from tests.integration.test_notify import NOTIFY_DYNAMODB_CALLS_PER_LEAD
from tests.template.conftest import CHECKOV_BIN, ROOT, TEMPLATE, tool, tools_env

Resources = dict[str, dict[str, Any]]

NO_VALUE = {"Ref": "AWS::NoValue"}


def of_type(resources: Resources, kind: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in resources.items() if r["Type"] == kind}


def props(resources: Resources, name: str) -> dict[str, Any]:
    properties: dict[str, Any] = resources[name]["Properties"]
    return properties


def branches(value: Any) -> list[Any]:
    """Every value an Fn::If may take (both branches, NoValue dropped); other values as they are."""
    if isinstance(value, dict) and set(value) == {"Fn::If"}:
        _, yes, no = value["Fn::If"]
        return [v for branch in (yes, no) for v in branches(branch) if v != NO_VALUE]
    return [value]


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def statements(resources: Resources, role: str) -> list[dict[str, Any]]:
    """Every statement of a role's inline policies, conditional ones included."""
    found: list[dict[str, Any]] = []
    for policy in props(resources, role).get("Policies", []):
        for statement in policy["PolicyDocument"]["Statement"]:
            found.extend(branches(statement))
    return found


def resources_of(statement: dict[str, Any]) -> list[Any]:
    return [r for item in as_list(statement["Resource"]) for r in branches(item)]


def grants(resources: Resources, role: str) -> dict[str, set[str]]:
    """action -> the logical ids (or ARN shapes) it is granted on."""
    granted: dict[str, set[str]] = {}
    for statement in statements(resources, role):
        assert statement["Effect"] == "Allow"
        for action in as_list(statement["Action"]):
            granted.setdefault(action, set()).update(_target(r) for r in resources_of(statement))
    return granted


def _target(resource: Any) -> str:
    if isinstance(resource, str):
        return resource
    if "Fn::GetAtt" in resource:
        return ".".join(resource["Fn::GetAtt"])
    if "Ref" in resource:
        return str(resource["Ref"])
    if "Fn::Sub" in resource:
        sub = resource["Fn::Sub"]
        return sub if isinstance(sub, str) else sub[0]
    return json.dumps(resource, sort_keys=True)


def env_of(resources: Resources, function: str) -> dict[str, Any]:
    variables: dict[str, Any] = props(resources, function)["Environment"]["Variables"]
    return variables


# --- the linters, as CI runs them ----------------------------------------------------------------


def test_sam_validate_lint_passes() -> None:
    result = subprocess.run(
        [str(tool("sam")), "validate", "--lint", "--template-file", str(TEMPLATE)],
        capture_output=True,
        text=True,
        env=tools_env(),
        cwd=ROOT,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_cfn_lint_passes_with_informational_checks() -> None:
    result = subprocess.run(
        [str(tool("cfn-lint")), "--include-checks", "I", "--", str(TEMPLATE)],
        capture_output=True,
        text=True,
        env=tools_env(),
        cwd=ROOT,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_checkov_finds_nothing_and_every_suppression_says_why() -> None:
    # A second opinion from the widely used IaC scanner. A check we disagree with is skipped in the
    # resource's own Metadata with the reason, where the next reader of that resource sees it.
    checkov = str(tool("checkov", CHECKOV_BIN))
    result = subprocess.run(
        [checkov, "--file", str(TEMPLATE), "--framework", "cloudformation", "--output", "json", "--skip-download"],
        capture_output=True,
        text=True,
        env={**tools_env(), "BC_SKIP_MAPPING": "TRUE"},
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    report = json.loads(result.stdout)
    results = report["results"]
    failed = [(c["check_id"], c["resource"]) for c in results.get("failed_checks", [])]
    assert not failed, failed
    assert result.returncode == 0, result.stderr[-2000:]
    skipped = results.get("skipped_checks", [])
    assert skipped, "the suppressions were not read: is the Metadata where checkov looks?"
    for check in skipped:
        reason = check.get("check_result", {}).get("suppress_comment", "")
        assert len(reason) > 40, f"{check['check_id']} on {check['resource']}: a suppression needs its reason, got {reason!r}"
    assert report["summary"]["passed"] > 0


def test_the_example_deploy_workflow_passes_actionlint() -> None:
    workflow = ROOT / "docs" / "examples" / "github-actions-deploy.yml"
    result = subprocess.run(
        [str(tool("actionlint")), "-no-color", str(workflow)],
        capture_output=True,
        text=True,
        env=tools_env(),
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_example_deploy_workflow_uses_oidc_and_waits_for_approval_before_prod() -> None:
    import yaml

    workflow = yaml.safe_load((ROOT / "docs" / "examples" / "github-actions-deploy.yml").read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    assert list(jobs) == ["test", "deploy-dev", "deploy-prod"]
    assert (jobs["deploy-dev"]["needs"], jobs["deploy-prod"]["needs"]) == ("test", "deploy-dev")
    assert jobs["deploy-prod"]["environment"] == "prod"  # required reviewers are set on the environment
    for name in ("deploy-dev", "deploy-prod"):
        assert jobs[name]["permissions"]["id-token"] == "write"
        steps = jobs[name]["steps"]
        (credentials,) = [s for s in steps if str(s.get("uses", "")).startswith("aws-actions/configure-aws-credentials@")]
        assert set(credentials["with"]) == {"role-to-assume", "aws-region"}, "no access keys: OIDC only"
    text = json.dumps(workflow)
    assert "aws-access-key-id" not in text and "secrets." not in text


# --- parameters: nothing practice-specific hard-coded ---------------------------------------------

PRACTICE_SPECIFIC = {"CoordinatorEmails", "SenderEmail", "SesIdentity", "AllowedOrigins", "ThankYouUrl"}


def test_practice_specific_parameters_have_no_default_and_the_rest_have_one(transformed: dict[str, Any]) -> None:
    parameters = transformed["Parameters"]
    assert {name for name, p in parameters.items() if "Default" not in p} == PRACTICE_SPECIFIC
    expected = {
        "Stage",
        "PracticeTimezone",
        "RetentionDays",
        "EmailIncludeMessage",
        "LogLevel",
        "AlarmEmail",
        "TurnstileSecretParameter",
        "TableKmsKeyArn",
    }
    assert expected <= set(parameters)
    assert parameters["AlarmEmail"]["Default"] == ""
    assert parameters["TurnstileSecretParameter"]["Default"] == ""
    assert parameters["RetentionDays"]["Default"] == 365
    assert parameters["PracticeTimezone"]["Default"] == "America/Los_Angeles"


def _without_descriptions(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_descriptions(v) for k, v in value.items() if k not in {"Description", "AlarmDescription"}}
    if isinstance(value, list):
        return [_without_descriptions(v) for v in value]
    return value


def test_no_address_or_domain_of_a_practice_in_the_template(transformed: dict[str, Any]) -> None:
    # Descriptions may show an example for ops; no value the stack uses may name a practice.
    text = json.dumps(_without_descriptions(transformed))
    assert not re.search(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", text), "an email address is written into the template"
    assert "practice.example" not in text


def test_allowed_origins_parameter_never_defaults_to_a_wildcard(transformed: dict[str, Any]) -> None:
    origins = transformed["Parameters"]["AllowedOrigins"]
    assert origins["Type"] == "CommaDelimitedList"
    assert "*" not in str(origins.get("Default", ""))


# API Gateway matches the Origin header against allowOrigins as plain strings; browsers send the
# normal form. CloudFormation applies a CommaDelimitedList's AllowedPattern to each element.
NORMAL_HTTPS_ORIGINS = [
    "https://www.practice.example",
    "https://practice.example:8443",
    "https://xn--bcher-kva.example",
    "https://a.b.example",
]
NOT_MATCHED_BY_API_GATEWAY = [
    "https://www.practice.example/", "https://www.practice.example/form", "HTTPS://www.practice.example", "https://WWW.practice.example",
    "https://www.practice.example:443", "http://www.practice.example", "http://localhost:3000", "*", "https://*", "null",
    " https://www.practice.example", "https://practice.example.", "https://user@practice.example", "https://practice.example:", "",
]  # fmt: skip


@pytest.mark.parametrize("value", NORMAL_HTTPS_ORIGINS)
def test_allowed_origins_accepts_https_origins_in_normal_form(transformed: dict[str, Any], value: str) -> None:
    assert re.fullmatch(transformed["Parameters"]["AllowedOrigins"]["AllowedPattern"], value)
    assert normal_origin(value) == value  # what the function compares with is the same string


@pytest.mark.parametrize("value", NOT_MATCHED_BY_API_GATEWAY)
def test_allowed_origins_refuses_what_api_gateway_would_never_match(transformed: dict[str, Any], value: str) -> None:
    assert not re.fullmatch(transformed["Parameters"]["AllowedOrigins"]["AllowedPattern"], value)


# --- functions ------------------------------------------------------------------------------------


def test_every_function_runs_python313_on_arm64_with_the_fixed_handlers(resources: Resources) -> None:
    functions = of_type(resources, "AWS::Lambda::Function")
    assert {name: f["Properties"]["Handler"] for name, f in functions.items()} == {
        "SubmitFunction": "leadcapture.intake.handler.handler",
        "NotifyFunction": "leadcapture.notify.handler.handler",
        "HeartbeatFunction": "leadcapture.heartbeat.handler.handler",
        "ActionsFunction": "leadcapture.actions.handler.handler",
        "FollowupsFunction": "leadcapture.followups.handler.handler",
        "SesEventsFunction": "leadcapture.delivery.handler.handler",
    }
    for function in functions.values():
        assert function["Properties"]["Runtime"] == "python3.13"
        assert function["Properties"]["Architectures"] == ["arm64"]
        # No `sam build`: infra/build/lambda_build.py builds the CodeUri folder on any OS (test_build.py).
        assert "BuildMethod" not in function.get("Metadata", {})


def test_submit_timeout_is_well_under_api_gateways_30_seconds(resources: Resources) -> None:
    assert props(resources, "SubmitFunction")["Timeout"] <= 15
    assert props(resources, "ActionsFunction")["Timeout"] <= 15  # a person waits on the page too
    assert props(resources, "FollowupsFunction")["Timeout"] <= 120
    assert props(resources, "SesEventsFunction")["Timeout"] <= 60
    for name in ("SubmitFunction", "NotifyFunction", "FollowupsFunction", "SesEventsFunction"):
        assert 128 <= props(resources, name)["MemorySize"] <= 1024
    # A person waits on submit's cold start, and CPU comes with memory; nobody waits on notify.
    assert (props(resources, "SubmitFunction")["MemorySize"], props(resources, "NotifyFunction")["MemorySize"]) == (512, 256)
    # The heartbeat waits up to 15 s for the API (wiring.heartbeat_poster): its timeout leaves room to log and count.
    assert 15 < props(resources, "HeartbeatFunction")["Timeout"] <= 30


def test_heartbeat_runs_once_a_day_on_an_eventbridge_schedule(resources: Resources) -> None:
    (rule,) = [r for r in of_type(resources, "AWS::Events::Rule").values() if r["Properties"].get("ScheduleExpression") == "rate(1 day)"]
    # Every schedule and rule invokes the live alias, so a rollback covers them too.
    assert [t["Arn"] for t in rule["Properties"]["Targets"]] == [{"Ref": "HeartbeatFunctionAliaslive"}]
    permissions = [
        p["Properties"]
        for p in of_type(resources, "AWS::Lambda::Permission").values()
        if p["Properties"]["Principal"] == "events.amazonaws.com"
        and p["Properties"]["FunctionName"] == {"Ref": "HeartbeatFunctionAliaslive"}
    ]
    assert [p["SourceArn"] for p in permissions] == [{"Fn::GetAtt": ["HeartbeatFunctionDaily", "Arn"]}]


def test_heartbeat_posts_to_the_form_action_of_its_own_stack(resources: Resources, transformed: dict[str, Any]) -> None:
    assert env_of(resources, "HeartbeatFunction")["HEARTBEAT_URL"] == transformed["Outputs"]["FormAction"]["Value"]
    # The key that signs is the key that verifies, and it is generated by the stack.
    assert env_of(resources, "HeartbeatFunction")["CANARY_KEY_SECRET"] == env_of(resources, "SubmitFunction")["CANARY_KEY_SECRET"]
    assert env_of(resources, "SubmitFunction")["CANARY_KEY_SECRET"] == {"Ref": "CanaryKeySecret"}


def test_tracing_is_off_by_default_and_switched_as_one(resources: Resources) -> None:
    for name in ("SubmitFunction", "NotifyFunction", "HeartbeatFunction", "ActionsFunction", "FollowupsFunction", "SesEventsFunction"):
        assert props(resources, name)["TracingConfig"]["Mode"] == {"Fn::If": ["TracingOn", "Active", "PassThrough"]}
        assert env_of(resources, name)["POWERTOOLS_TRACE_DISABLED"] == {"Fn::If": ["TracingOn", "false", "true"]}


COMMON_ENV = {
    "LEADS_TABLE_NAME",
    "POWERTOOLS_SERVICE_NAME",
    "POWERTOOLS_METRICS_NAMESPACE",
    "POWERTOOLS_LOG_LEVEL",
    "POWERTOOLS_TRACE_DISABLED",
    "PYDANTIC_DISABLE_PLUGINS",  # read by pydantic: no plugin scan on a cold start
}
SUBMIT_ENV = {
    "IDEMPOTENCY_TABLE_NAME",
    "RATE_LIMIT_TABLE_NAME",
    "RATE_LIMIT_PER_HOUR",
    "RATE_LIMIT_KEY_SECRET",
    "LOOKUP_KEY_SECRET",
    "RETENTION_DAYS",
    "SPAM_RETENTION_DAYS",
    "THANK_YOU_URL",
    "ALLOWED_ORIGINS",
    "CONSENT_VERSION",
    "IDEMPOTENCY_EXPIRY_SECONDS",
    "TURNSTILE_SECRET_PARAMETER",
    "TURNSTILE_VERIFY_URL",
    "TURNSTILE_HOSTNAMES",
    "TURNSTILE_ACTION",
    "RETRY_AFTER_SECONDS",
    "CANARY_KEY_SECRET",
    # Any website's form, in English and Spanish (docs/website.md).
    "THANK_YOU_URLS",
    "PRACTICE_LANGUAGE",
    "FORM_PRESET",
    "FIELD_ALIASES",
}
NOTIFY_ENV = {
    "SENDER_EMAIL",
    "COORDINATOR_EMAILS",
    "SES_CONFIGURATION_SET",
    "PRACTICE_NAME",
    "PRACTICE_TIMEZONE",
    "EMAIL_INCLUDE_MESSAGE",
    "IDEMPOTENCY_TABLE_NAME",
    "PRACTICE_LANGUAGE",
    "ACTIONS_BASE_URL",
    "ACTION_LINK_KEY_SECRET",
    "URGENT_EMAILS",
    "SPAM_RETENTION_DAYS",
}
SES_EVENTS_ENV = {
    "PRACTICE_LANGUAGE",
    "SENDER_EMAIL",
    "ESCALATION_EMAILS",
    "SES_CONFIGURATION_SET",
    "PRACTICE_NAME",
    "PRACTICE_TIMEZONE",
    "EMAIL_INCLUDE_MESSAGE",
    "SPAM_RETENTION_DAYS",
    "IDEMPOTENCY_TABLE_NAME",
    "ACTIONS_BASE_URL",
    "ACTION_LINK_KEY_SECRET",
}
FOLLOWUPS_ENV = {
    "PRACTICE_LANGUAGE",
    "SENDER_EMAIL",
    "COORDINATOR_EMAILS",
    "ESCALATION_EMAILS",
    "SES_CONFIGURATION_SET",
    "PRACTICE_NAME",
    "PRACTICE_TIMEZONE",
    "EMAIL_INCLUDE_MESSAGE",
    "IDEMPOTENCY_TABLE_NAME",
    "BUSINESS_DAYS",
    "BUSINESS_HOURS",
    "HOLIDAYS",
    "ACTIONS_BASE_URL",
    "ACTION_LINK_KEY_SECRET",
    "SPAM_RETENTION_DAYS",
}
HEARTBEAT_ENV = {"HEARTBEAT_URL", "CANARY_KEY_SECRET"}
ACTIONS_ENV = {"ACTION_LINK_KEY_SECRET", "PRACTICE_TIMEZONE", "RETRY_AFTER_SECONDS"}


def test_each_function_gets_the_environment_the_code_reads(resources: Resources) -> None:
    assert set(env_of(resources, "SubmitFunction")) == COMMON_ENV | SUBMIT_ENV
    assert set(env_of(resources, "NotifyFunction")) == COMMON_ENV | NOTIFY_ENV
    assert set(env_of(resources, "HeartbeatFunction")) == COMMON_ENV | HEARTBEAT_ENV
    assert set(env_of(resources, "ActionsFunction")) == COMMON_ENV | ACTIONS_ENV
    assert set(env_of(resources, "FollowupsFunction")) == COMMON_ENV | FOLLOWUPS_ENV
    assert set(env_of(resources, "SesEventsFunction")) == COMMON_ENV | SES_EVENTS_ENV
    assert env_of(resources, "SesEventsFunction")["ESCALATION_EMAILS"] == {"Ref": "EscalationEmails"}
    assert env_of(resources, "SesEventsFunction")["SES_CONFIGURATION_SET"] == {"Ref": "EmailConfigurationSet"}
    # The links are signed and verified with the one generated key, and point at this API.
    assert env_of(resources, "NotifyFunction")["ACTION_LINK_KEY_SECRET"] == env_of(resources, "ActionsFunction")["ACTION_LINK_KEY_SECRET"]
    assert env_of(resources, "ActionsFunction")["ACTION_LINK_KEY_SECRET"] == {"Ref": "ActionLinkKeySecret"}
    assert env_of(resources, "NotifyFunction")["ACTIONS_BASE_URL"] == {
        "Fn::Sub": "https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"
    }
    assert env_of(resources, "SubmitFunction")["POWERTOOLS_METRICS_NAMESPACE"] == "LeadCapture"
    for name in ("SubmitFunction", "NotifyFunction"):
        # The metrics' service dimension is the stack: two stacks in one account never share an alarm.
        assert env_of(resources, name)["POWERTOOLS_SERVICE_NAME"] == {"Ref": "AWS::StackName"}
    assert env_of(resources, "SubmitFunction")["LEADS_TABLE_NAME"] == {"Ref": "LeadsTable"}
    assert env_of(resources, "SubmitFunction")["RATE_LIMIT_KEY_SECRET"] == {"Ref": "RateLimitKeySecret"}
    assert env_of(resources, "NotifyFunction")["SES_CONFIGURATION_SET"] == {"Ref": "EmailConfigurationSet"}


@pytest.mark.parametrize("function", functions(), ids=lambda f: f.logical_id)
def test_every_setting_a_function_reads_is_set_for_it_by_the_template(resources: Resources, function: Function) -> None:
    in_template = set(env_of(resources, function.logical_id))
    # Local-only settings, and tuning knobs whose code default is the deployed value.
    left_to_the_code = {"RATE_LIMIT_KEY", "CANARY_KEY", "ACTION_LINK_KEY", "TURNSTILE_TIMEOUT_SECONDS"}
    known = function.settings_model().variables() - left_to_the_code
    assert known <= in_template, f"settings the template does not set for {function.logical_id}: {sorted(known - in_template)}"


def test_no_key_material_in_environment_variables(resources: Resources) -> None:
    # The keys come from Secrets Manager at run time; an env var shows in the console.
    for function in of_type(resources, "AWS::Lambda::Function"):
        assert not {"RATE_LIMIT_KEY", "CANARY_KEY", "ACTION_LINK_KEY"} & set(env_of(resources, function)), function


# --- storage --------------------------------------------------------------------------------------

# The lookup index's GSIs (other indexes of the leads table are checked by their own tests).
LOOKUP = {i.name for i in tables.LOOKUP_INDEXES}
TABLES = {"LeadsTable": tables.LEADS, "IdempotencyTable": tables.IDEMPOTENCY, "RateLimitTable": tables.RATE_LIMITS}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_tables_match_the_shared_definitions(resources: Resources, name: str) -> None:
    spec = TABLES[name]
    table = props(resources, name)
    assert table["KeySchema"] == [{"AttributeName": spec.key, "KeyType": "HASH"}]
    assert table["AttributeDefinitions"] == spec.attribute_definitions()
    assert table.get("GlobalSecondaryIndexes", []) == [index.definition() for index in spec.indexes]
    assert table["TimeToLiveSpecification"] == {"AttributeName": spec.ttl_attribute, "Enabled": True}
    assert table["BillingMode"] == "PAY_PER_REQUEST"
    assert table.get("StreamSpecification", {}).get("StreamViewType") == spec.stream
    assert "TableName" not in table, "table names are generated, never hard-coded"


def test_tables_are_encrypted_with_the_aws_owned_key_or_the_given_kms_key(resources: Resources) -> None:
    for name in TABLES:
        sse = props(resources, name)["SSESpecification"]
        assert sse == {
            "Fn::If": [
                "HasTableKmsKey",
                {"SSEEnabled": True, "SSEType": "KMS", "KMSMasterKeyId": {"Ref": "TableKmsKeyArn"}},
                {"SSEEnabled": False},
            ]
        }


def test_leads_table_streams_keys_only_and_is_protected(resources: Resources) -> None:
    # The notifier reads the lead by its key: no name, phone or message is copied into the stream.
    leads = resources["LeadsTable"]
    assert leads["Properties"]["StreamSpecification"] == {"StreamViewType": "KEYS_ONLY"}
    assert tables.LEADS.stream == "KEYS_ONLY"
    assert leads["Properties"]["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    # Kept on stack deletion and replacement; a failed first deploy deletes its own empty table
    # instead of leaving an orphan, which deletion protection would block.
    assert leads["DeletionPolicy"] == "RetainExceptOnCreate"
    assert leads["UpdateReplacePolicy"] == "Retain"
    assert leads["Properties"].get("DeletionProtectionEnabled", False) is False


def test_disposable_tables_are_deleted_with_the_stack(resources: Resources) -> None:
    for name in ("IdempotencyTable", "RateLimitTable"):
        assert resources[name]["DeletionPolicy"] == "Delete"


def test_lookup_key_is_generated_and_outlives_the_stack_like_the_leads(resources: Resources) -> None:
    # The retained leads table's hashes only match under this key: losing it loses the index.
    secret = props(resources, "LookupKeySecret")
    assert secret["GenerateSecretString"]["PasswordLength"] >= 32
    assert "SecretString" not in secret
    assert resources["LookupKeySecret"]["DeletionPolicy"] == resources["LookupKeySecret"]["UpdateReplacePolicy"] == "Retain"
    assert env_of(resources, "SubmitFunction")["LOOKUP_KEY_SECRET"] == {"Ref": "LookupKeySecret"}
    assert "LOOKUP_KEY_SECRET" not in env_of(resources, "NotifyFunction")


def test_the_lookup_indexes_are_sparse_and_keys_only(resources: Resources) -> None:
    indexes = {i["IndexName"]: i for i in props(resources, "LeadsTable")["GlobalSecondaryIndexes"]}
    for spec in tables.LOOKUP_INDEXES:
        assert indexes[spec.name]["KeySchema"] == [{"AttributeName": spec.key, "KeyType": "HASH"}]
        assert indexes[spec.name]["Projection"] == {"ProjectionType": "KEYS_ONLY"}


def test_the_open_leads_index_is_sparse_and_holds_no_personal_data(resources: Resources) -> None:
    (index,) = [i for i in props(resources, "LeadsTable")["GlobalSecondaryIndexes"] if i["IndexName"] == "open-leads"]
    assert index["IndexName"] == tables.OPEN_LEADS.name
    assert index["Projection"]["ProjectionType"] == "INCLUDE"
    assert set(index["Projection"]["NonKeyAttributes"]) == {"status", "urgent", "reminded_at", "escalated_at"}


@pytest.mark.parametrize("name", ["RateLimitKeySecret", "CanaryKeySecret", "ActionLinkKeySecret"])
def test_hmac_keys_are_generated_by_the_template(resources: Resources, name: str) -> None:
    secret = props(resources, name)
    assert secret["GenerateSecretString"]["PasswordLength"] >= 32
    assert "SecretString" not in secret


# --- the HTTP API ---------------------------------------------------------------------------------


def test_http_api_has_only_the_explicit_routes(resources: Resources) -> None:
    (api,) = of_type(resources, "AWS::ApiGatewayV2::Api").values()
    paths = api["Properties"]["Body"]["paths"]
    assert {path: sorted(methods) for path, methods in paths.items()} == {"/consultations": ["post"], "/actions/{token}": ["get", "post"]}
    for path, method, function in [("/consultations", "post", "SubmitFunction"), ("/actions/{token}", "get", "ActionsFunction"),
                                   ("/actions/{token}", "post", "ActionsFunction")]:  # fmt: skip
        integration = paths[path][method]["x-amazon-apigateway-integration"]
        assert integration["payloadFormatVersion"] == "2.0"
        # Invoked through the live alias (a rollback moves the alias, not the API).
        assert "${" + function + "Aliaslive}" in integration["uri"]["Fn::Sub"]
    assert not of_type(resources, "AWS::ApiGatewayV2::Route"), "no $default or catch-all route"


def test_cors_allows_only_the_configured_origins(resources: Resources) -> None:
    cors = props(resources, "HttpApi")["Body"]["x-amazon-apigateway-cors"]
    assert cors["allowOrigins"] == {"Ref": "AllowedOrigins"}
    assert cors["allowMethods"] == ["POST"]
    assert {h.lower() for h in cors["allowHeaders"]} == {"content-type", "idempotency-key"}
    assert "allowCredentials" not in cors


def test_default_endpoint_stays_on_and_https_only(resources: Resources) -> None:
    assert props(resources, "HttpApi").get("DisableExecuteApiEndpoint", False) is False
    assert props(resources, "HttpApi")["FailOnWarnings"] is True


def test_stage_is_throttled(resources: Resources) -> None:
    (stage,) = of_type(resources, "AWS::ApiGatewayV2::Stage").values()
    route_settings = stage["Properties"]["DefaultRouteSettings"]
    assert route_settings["ThrottlingRateLimit"] == {"Ref": "ThrottleRateLimit"}
    assert route_settings["ThrottlingBurstLimit"] == {"Ref": "ThrottleBurstLimit"}


def test_access_logs_are_json_without_bodies_or_personal_data(resources: Resources) -> None:
    (stage,) = of_type(resources, "AWS::ApiGatewayV2::Stage").values()
    settings = stage["Properties"]["AccessLogSettings"]
    assert settings["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogGroup", "Arn"]}
    line = json.loads(settings["Format"])
    assert {"requestId", "routeKey", "status"} <= set(line)
    variables = " ".join(line.values()).lower()
    for personal in ("sourceip", "useragent", "identity", "body", "authorizer", "$request", "caller", "user"):
        assert personal not in variables, personal


# --- the notify event source and its dead-letter queue --------------------------------------------


def test_stream_mapping_takes_inserts_only_with_partial_failures_and_a_dlq(resources: Resources) -> None:
    (mapping,) = of_type(resources, "AWS::Lambda::EventSourceMapping").values()
    p = mapping["Properties"]
    assert p["EventSourceArn"] == {"Fn::GetAtt": ["LeadsTable", "StreamArn"]}
    assert p["FunctionName"] == {"Ref": "NotifyFunctionAliaslive"}, "the stream invokes the live alias"
    assert [json.loads(f["Pattern"]) for f in p["FilterCriteria"]["Filters"]] == [{"eventName": ["INSERT"]}]
    assert p["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert p["BisectBatchOnFunctionError"] is True
    assert 0 < p["MaximumRetryAttempts"] <= 10
    assert 60 <= p["MaximumRecordAgeInSeconds"] <= 24 * 3600
    assert p["DestinationConfig"]["OnFailure"]["Destination"] == {"Fn::GetAtt": ["NotifyDeadLetterQueue", "Arn"]}


def test_dead_letter_queue_is_encrypted_and_tls_only(resources: Resources) -> None:
    assert props(resources, "NotifyDeadLetterQueue")["SqsManagedSseEnabled"] is True
    (statement,) = props(resources, "NotifyDeadLetterQueuePolicy")["PolicyDocument"]["Statement"]
    assert statement["Effect"] == "Deny"
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


# --- SES ------------------------------------------------------------------------------------------


def test_configuration_set_requires_tls(resources: Resources) -> None:
    assert props(resources, "EmailConfigurationSet")["DeliveryOptions"]["TlsPolicy"] == "REQUIRE"


@pytest.mark.parametrize("role", ["NotifyRole", "SesEventsRole"])
def test_ses_send_is_scoped_to_the_identity_and_configuration_set(resources: Resources, role: str) -> None:
    ses = [s for s in statements(resources, role) if any(a.startswith("ses:") for a in as_list(s["Action"]))]
    assert len(ses) == 1
    assert set(as_list(ses[0]["Action"])) == {"ses:SendEmail", "ses:SendRawEmail"}
    targets = {_target(r) for r in resources_of(ses[0])}
    assert targets == {
        "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${SesIdentity}",
        "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/${EmailConfigurationSet}",
        "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${Recipient}",
    }


def test_in_the_sandbox_every_coordinator_identity_is_granted(transformed: dict[str, Any], resources: Resources) -> None:
    (ses,) = [s for s in statements(resources, "NotifyRole") if "ses:SendEmail" in as_list(s["Action"])]
    sandbox = [r for r in as_list(ses["Resource"]) if isinstance(r, dict) and "Fn::If" in r]
    slots = len(sandbox)
    assert [r["Fn::If"][0] for r in sandbox] == [f"SandboxRecipient{i}" for i in range(slots)]
    for i, grant in enumerate(sandbox):
        _, variables = grant["Fn::If"][1]["Fn::Sub"]
        assert variables["Recipient"]["Fn::Select"][0] == i
    # The parameter allows exactly as many identities as there are slots, and none by default.
    parameter = transformed["Parameters"]["SandboxRecipientIdentities"]
    pattern = re.compile(parameter["AllowedPattern"])
    assert parameter["Default"] == "" and pattern.fullmatch("")
    assert pattern.fullmatch(",".join(f"c{i}@practice.example" for i in range(slots)))
    assert pattern.fullmatch("practice.example,ann@other.example")
    assert not pattern.fullmatch(",".join(f"c{i}@practice.example" for i in range(slots + 1)))


# --- least privilege ------------------------------------------------------------------------------


def test_roles_are_explicit_and_carry_no_managed_policies(resources: Resources) -> None:
    roles = of_type(resources, "AWS::IAM::Role")
    assert set(roles) == {"SubmitRole", "NotifyRole", "HeartbeatRole", "ActionsRole", "FollowupsRole", "SesEventsRole"}
    for role in roles.values():
        assert "ManagedPolicyArns" not in role["Properties"]
    assert props(resources, "SubmitFunction")["Role"] == {"Fn::GetAtt": ["SubmitRole", "Arn"]}
    assert props(resources, "NotifyFunction")["Role"] == {"Fn::GetAtt": ["NotifyRole", "Arn"]}
    assert props(resources, "HeartbeatFunction")["Role"] == {"Fn::GetAtt": ["HeartbeatRole", "Arn"]}
    assert props(resources, "ActionsFunction")["Role"] == {"Fn::GetAtt": ["ActionsRole", "Arn"]}
    assert props(resources, "FollowupsFunction")["Role"] == {"Fn::GetAtt": ["FollowupsRole", "Arn"]}
    assert props(resources, "SesEventsFunction")["Role"] == {"Fn::GetAtt": ["SesEventsRole", "Arn"]}


def test_no_wildcard_grant_except_xray_when_tracing(resources: Resources) -> None:
    for role in ("SubmitRole", "NotifyRole", "HeartbeatRole", "ActionsRole", "FollowupsRole", "SesEventsRole"):
        for statement in statements(resources, role):
            actions = as_list(statement["Action"])
            assert not any(a == "*" or a.endswith(":*") for a in actions), actions
            if "*" in resources_of(statement):
                assert set(actions) == {"xray:PutTraceSegments", "xray:PutTelemetryRecords"}, actions
        xray = [s for s in props(resources, role)["Policies"][0]["PolicyDocument"]["Statement"] if "XRay" in json.dumps(s)]
        assert [s["Fn::If"][0] for s in xray] == ["TracingOn"]


def test_submit_can_only_write_leads_and_its_own_records(resources: Resources) -> None:
    assert grants(resources, "SubmitRole") == {
        "logs:CreateLogStream": {"SubmitLogGroup.Arn"},
        "logs:PutLogEvents": {"SubmitLogGroup.Arn"},
        "dynamodb:PutItem": {"LeadsTable.Arn", "IdempotencyTable.Arn"},
        "dynamodb:GetItem": {"IdempotencyTable.Arn"},  # never a lead: submit only writes them
        "dynamodb:UpdateItem": {"IdempotencyTable.Arn", "RateLimitTable.Arn"},
        "dynamodb:DeleteItem": {"IdempotencyTable.Arn"},
        "secretsmanager:GetSecretValue": {"RateLimitKeySecret", "CanaryKeySecret", "LookupKeySecret"},
        "ssm:GetParameter": {
            "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${TurnstileSecretParameter}",
            "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${TurnstileSecretParameter}",
        },
        "kms:Decrypt": {"TableKmsKeyArn", "TurnstileKmsKeyArn"},
        "kms:Encrypt": {"TableKmsKeyArn"},
        "kms:GenerateDataKey": {"TableKmsKeyArn"},
        "kms:DescribeKey": {"TableKmsKeyArn"},
        "xray:PutTraceSegments": {"*"},
        "xray:PutTelemetryRecords": {"*"},
    }


def test_notify_can_only_read_its_stream_mark_leads_record_sends_and_send(resources: Resources) -> None:
    granted = grants(resources, "NotifyRole")
    assert granted.pop("ses:SendEmail") == granted.pop("ses:SendRawEmail")
    assert granted == {
        "logs:CreateLogStream": {"NotifyLogGroup.Arn"},
        "logs:PutLogEvents": {"NotifyLogGroup.Arn"},
        "dynamodb:DescribeStream": {"LeadsTable.StreamArn"},
        "dynamodb:GetRecords": {"LeadsTable.StreamArn"},
        "dynamodb:GetShardIterator": {"LeadsTable.StreamArn"},
        "dynamodb:ListStreams": {"${LeadsTable.Arn}/stream/*"},
        "dynamodb:GetItem": {"LeadsTable.Arn", "IdempotencyTable.Arn"},
        "dynamodb:UpdateItem": {"LeadsTable.Arn", "IdempotencyTable.Arn"},
        "dynamodb:PutItem": {"IdempotencyTable.Arn"},
        "dynamodb:DeleteItem": {"IdempotencyTable.Arn"},
        "sqs:SendMessage": {"NotifyDeadLetterQueue.Arn"},
        "secretsmanager:GetSecretValue": {"ActionLinkKeySecret"},  # to sign the email's links
        "kms:Decrypt": {"TableKmsKeyArn"},
        "kms:Encrypt": {"TableKmsKeyArn"},
        "kms:GenerateDataKey": {"TableKmsKeyArn"},
        "kms:DescribeKey": {"TableKmsKeyArn"},
        "xray:PutTraceSegments": {"*"},
        "xray:PutTelemetryRecords": {"*"},
    }


def test_actions_can_only_read_a_lead_record_its_status_and_read_the_link_key(resources: Resources) -> None:
    assert grants(resources, "ActionsRole") == {
        "logs:CreateLogStream": {"ActionsLogGroup.Arn"},
        "logs:PutLogEvents": {"ActionsLogGroup.Arn"},
        "dynamodb:GetItem": {"LeadsTable.Arn"},
        "dynamodb:UpdateItem": {"LeadsTable.Arn"},
        "secretsmanager:GetSecretValue": {"ActionLinkKeySecret"},
        "kms:Decrypt": {"TableKmsKeyArn"},
        "kms:Encrypt": {"TableKmsKeyArn"},
        "kms:GenerateDataKey": {"TableKmsKeyArn"},
        "kms:DescribeKey": {"TableKmsKeyArn"},
        "xray:PutTraceSegments": {"*"},
        "xray:PutTelemetryRecords": {"*"},
    }


def test_heartbeat_can_only_read_its_key_and_write_its_logs(resources: Resources) -> None:
    assert grants(resources, "HeartbeatRole") == {
        "logs:CreateLogStream": {"HeartbeatLogGroup.Arn"},
        "logs:PutLogEvents": {"HeartbeatLogGroup.Arn"},
        "secretsmanager:GetSecretValue": {"CanaryKeySecret"},
        "xray:PutTraceSegments": {"*"},
        "xray:PutTelemetryRecords": {"*"},
    }


def test_ses_events_can_only_read_and_mark_leads_record_escalations_send_and_queue_failures(resources: Resources) -> None:
    granted = grants(resources, "SesEventsRole")
    assert granted.pop("ses:SendEmail") == granted.pop("ses:SendRawEmail")
    assert granted == {
        "secretsmanager:GetSecretValue": {"ActionLinkKeySecret"},  # to sign the escalation copy's links
        "logs:CreateLogStream": {"SesEventsLogGroup.Arn"},
        "logs:PutLogEvents": {"SesEventsLogGroup.Arn"},
        "dynamodb:GetItem": {"LeadsTable.Arn", "IdempotencyTable.Arn"},
        "dynamodb:UpdateItem": {"LeadsTable.Arn", "IdempotencyTable.Arn"},
        "dynamodb:PutItem": {"IdempotencyTable.Arn"},
        "dynamodb:DeleteItem": {"IdempotencyTable.Arn"},
        "sqs:SendMessage": {"SesEventsDeadLetterQueue.Arn"},
        "kms:Decrypt": {"TableKmsKeyArn"},
        "kms:Encrypt": {"TableKmsKeyArn"},
        "kms:GenerateDataKey": {"TableKmsKeyArn"},
        "kms:DescribeKey": {"TableKmsKeyArn"},
        "xray:PutTraceSegments": {"*"},
        "xray:PutTelemetryRecords": {"*"},
    }


def test_ses_events_reach_the_function_from_this_configuration_set_only(resources: Resources) -> None:
    destination = props(resources, "EmailEventsToEventBridge")
    assert destination["ConfigurationSetName"] == {"Ref": "EmailConfigurationSet"}
    events = destination["EventDestination"]
    assert set(events["MatchingEventTypes"]) == {"delivery", "bounce", "complaint", "reject", "deliveryDelay"}
    assert events["EventBridgeDestination"]["EventBusArn"] == {
        "Fn::Sub": "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default"
    }
    (rule,) = [r for r in of_type(resources, "AWS::Events::Rule").values() if "EventPattern" in r["Properties"]]
    pattern = rule["Properties"]["EventPattern"]
    assert pattern["source"] == ["aws.ses"]
    assert set(pattern["detail-type"]) == {
        "Email Delivered",
        "Email Bounced",
        "Email Complaint Received",
        "Email Rejected",
        "Email Delivery Delayed",
    }
    assert pattern["detail"]["mail"]["tags"]["ses:configuration-set"] == [{"Ref": "EmailConfigurationSet"}]
    (target,) = rule["Properties"]["Targets"]
    assert target["Arn"] == {"Ref": "SesEventsFunctionAliaslive"}
    (invoke_config,) = of_type(resources, "AWS::Lambda::EventInvokeConfig").values()
    p = invoke_config["Properties"]
    assert (p["FunctionName"], p["MaximumRetryAttempts"]) == ({"Ref": "SesEventsFunction"}, 2)
    assert p["DestinationConfig"]["OnFailure"]["Destination"] == {"Fn::GetAtt": ["SesEventsDeadLetterQueue", "Arn"]}
    assert props(resources, "SesEventsDeadLetterQueue")["SqsManagedSseEnabled"] is True


def test_followups_can_only_query_the_index_mark_leads_record_sends_and_send(resources: Resources) -> None:
    granted = grants(resources, "FollowupsRole")
    ses = granted.pop("ses:SendEmail")
    assert ses == granted.pop("ses:SendRawEmail") == grants(resources, "NotifyRole")["ses:SendEmail"]
    assert granted == {
        "logs:CreateLogStream": {"FollowupsLogGroup.Arn"},
        "logs:PutLogEvents": {"FollowupsLogGroup.Arn"},
        "dynamodb:Query": {"${LeadsTable.Arn}/index/open-leads"},  # the index, never the table: no scan
        "dynamodb:GetItem": {"LeadsTable.Arn", "IdempotencyTable.Arn"},
        "dynamodb:UpdateItem": {"LeadsTable.Arn", "IdempotencyTable.Arn"},
        "dynamodb:PutItem": {"IdempotencyTable.Arn"},
        "dynamodb:DeleteItem": {"IdempotencyTable.Arn"},
        "secretsmanager:GetSecretValue": {"ActionLinkKeySecret"},
        "kms:Decrypt": {"TableKmsKeyArn"},
        "kms:Encrypt": {"TableKmsKeyArn"},
        "kms:GenerateDataKey": {"TableKmsKeyArn"},
        "kms:DescribeKey": {"TableKmsKeyArn"},
        "xray:PutTraceSegments": {"*"},
        "xray:PutTelemetryRecords": {"*"},
    }


def test_followups_run_every_15_minutes_without_reserved_concurrency(resources: Resources) -> None:
    rules = [r for r in of_type(resources, "AWS::Events::Rule").values() if r["Properties"].get("ScheduleExpression") == "rate(15 minutes)"]
    (rule,) = rules
    assert rule["Properties"].get("State", "ENABLED") == "ENABLED"  # EventBridge default
    [target] = rule["Properties"]["Targets"]
    assert target["Arn"] == {"Ref": "FollowupsFunctionAliaslive"}
    # New accounts cannot reserve concurrency; overlapping runs are safe (ledger + conditional marks).
    assert "ReservedConcurrentExecutions" not in props(resources, "FollowupsFunction")


def test_conditional_grants_follow_their_switches(resources: Resources) -> None:
    submit = props(resources, "SubmitRole")["Policies"][0]["PolicyDocument"]["Statement"]
    conditions = {s["Fn::If"][1]["Sid"]: s["Fn::If"][0] for s in submit if "Fn::If" in s}
    assert conditions == {
        "TurnstileSecret": "HasTurnstile",
        "TurnstileSecretKeyThroughSsm": "HasTurnstileKmsKey",
        "TableKeyThroughDynamoDB": "HasTableKmsKey",
        "XRayWhenTracing": "TracingOn",
    }
    via = {"TableKeyThroughDynamoDB": "dynamodb", "TableAndStreamKeyThroughDynamoDB": "dynamodb", "TurnstileSecretKeyThroughSsm": "ssm"}
    for statement in (
        statements(resources, "SubmitRole")
        + statements(resources, "NotifyRole")
        + statements(resources, "FollowupsRole")
        + statements(resources, "ActionsRole")
        + statements(resources, "SesEventsRole")
    ):
        if any(a.startswith("kms:") for a in as_list(statement["Action"])):
            service = via.get(statement["Sid"], "dynamodb")
            expected = {"Fn::Sub": f"{service}.${{AWS::Region}}.${{AWS::URLSuffix}}"}
            assert statement["Condition"]["StringEquals"]["kms:ViaService"] == expected


def test_a_customer_managed_turnstile_key_gets_decrypt_only_when_named(transformed: dict[str, Any], resources: Resources) -> None:
    submit = props(resources, "SubmitRole")["Policies"][0]["PolicyDocument"]["Statement"]
    (grant,) = [s["Fn::If"][1] for s in submit if "Fn::If" in s and s["Fn::If"][1]["Sid"] == "TurnstileSecretKeyThroughSsm"]
    assert grant["Action"] == ["kms:Decrypt"]
    assert grant["Resource"] == {"Ref": "TurnstileKmsKeyArn"}
    assert transformed["Conditions"]["HasTurnstileKmsKey"] == {
        "Fn::And": [{"Condition": "HasTurnstile"}, {"Fn::Not": [{"Fn::Equals": [{"Ref": "TurnstileKmsKeyArn"}, ""]}]}]
    }
    assert transformed["Parameters"]["TurnstileKmsKeyArn"]["Default"] == ""


# --- logs, alarms, outputs ------------------------------------------------------------------------


def test_one_log_group_per_function_and_for_the_api_each_with_retention(resources: Resources) -> None:
    groups = of_type(resources, "AWS::Logs::LogGroup")
    assert set(groups) == {
        "SubmitLogGroup",
        "NotifyLogGroup",
        "HeartbeatLogGroup",
        "ActionsLogGroup",
        "FollowupsLogGroup",
        "SesEventsLogGroup",
        "ApiAccessLogGroup",
    }
    for group in groups.values():
        assert group["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
    assert props(resources, "SubmitFunction")["LoggingConfig"]["LogGroup"] == {"Ref": "SubmitLogGroup"}
    assert props(resources, "NotifyFunction")["LoggingConfig"]["LogGroup"] == {"Ref": "NotifyLogGroup"}
    assert props(resources, "HeartbeatFunction")["LoggingConfig"]["LogGroup"] == {"Ref": "HeartbeatLogGroup"}
    assert props(resources, "ActionsFunction")["LoggingConfig"]["LogGroup"] == {"Ref": "ActionsLogGroup"}
    assert props(resources, "FollowupsFunction")["LoggingConfig"]["LogGroup"] == {"Ref": "FollowupsLogGroup"}
    assert props(resources, "SesEventsFunction")["LoggingConfig"]["LogGroup"] == {"Ref": "SesEventsLogGroup"}


def _alarm_metrics(alarm: dict[str, Any]) -> set[tuple[str, str]]:
    p = alarm["Properties"]
    if "MetricName" in p:
        return {(p["Namespace"], p["MetricName"])}
    return {(m["MetricStat"]["Metric"]["Namespace"], m["MetricStat"]["Metric"]["MetricName"]) for m in p["Metrics"] if "MetricStat" in m}


def test_alarms_cover_every_way_a_lead_can_be_at_risk(resources: Resources) -> None:
    alarms = of_type(resources, "AWS::CloudWatch::Alarm")
    watched = {metric for alarm in alarms.values() for metric in _alarm_metrics(alarm)}
    assert {
        ("AWS/Lambda", "Errors"),
        ("AWS/ApiGateway", "5xx"),
        ("AWS/Lambda", "IteratorAge"),
        ("AWS/SQS", "ApproximateNumberOfMessagesVisible"),
        ("AWS/SES", "Reject"),
        ("LeadCapture", "NotificationFailed"),
        ("LeadCapture", "LeadEscalated"),
        ("LeadCapture", "FollowupFailed"),
        ("LeadCapture", "CoordinatorEmailBounced"),
        ("LeadCapture", "EscalationEmailBounced"),
        ("LeadCapture", "EscalationEmailFailed"),
        ("LeadCapture", "CoordinatorEmailComplaint"),
    } <= watched
    errors_on = {
        a["Properties"]["Dimensions"][0]["Value"]["Ref"] for a in alarms.values() if _alarm_metrics(a) == {("AWS/Lambda", "Errors")}
    }
    assert errors_on == {"SubmitFunction", "NotifyFunction", "FollowupsFunction", "SesEventsFunction"}
    for name, alarm in alarms.items():
        assert alarm["Properties"]["AlarmActions"] == {"Fn::If": ["HasAlarmEmail", [{"Ref": "AlarmTopic"}], NO_VALUE]}
        # Silence is the failure only the heartbeat alarm is for.
        silence = {"HeartbeatMissingAlarm", "NoLeadsAlarm"}  # silence is the failure: missing data breaches
        assert alarm["Properties"]["TreatMissingData"] == ("breaching" if name in silence else "notBreaching"), name
    assert resources["AlarmTopic"]["Condition"] == "HasAlarmEmail"


def test_a_day_without_heartbeat_ok_is_an_alarm_and_missing_data_is_breaching(resources: Resources) -> None:
    p = props(resources, "HeartbeatMissingAlarm")
    assert (p["Namespace"], p["MetricName"], p["Statistic"]) == ("LeadCapture", "HeartbeatOK", "Sum")
    # The same service dimension the notify function's metrics carry.
    assert p["Dimensions"] == [{"Name": "service", "Value": {"Ref": "AWS::StackName"}}]
    assert (p["ComparisonOperator"], p["Threshold"]) == ("LessThanThreshold", 1)
    assert p["TreatMissingData"] == "breaching"
    # Every one of the periods must lack a beat, and together they cover more than the schedule's day.
    assert p["DatapointsToAlarm"] == p["EvaluationPeriods"]
    assert 86400 < p["Period"] * p["EvaluationPeriods"] <= 2 * 86400
    assert p["OKActions"] == p["AlarmActions"]


def _service_dimensions(value: Any) -> list[Any]:
    """Every `service` dimension value anywhere below `value`."""
    if isinstance(value, dict):
        found = [value["Value"]] if value.get("Name") == "service" else []
        return found + [d for v in value.values() for d in _service_dimensions(v)]
    if isinstance(value, list):
        return [d for v in value for d in _service_dimensions(v)]
    return []


def test_alarm_and_metric_names_are_scoped_to_the_stack(resources: Resources) -> None:
    alarms = of_type(resources, "AWS::CloudWatch::Alarm")
    names = [alarm["Properties"]["AlarmName"]["Fn::Sub"] for alarm in alarms.values()]
    assert all(name.startswith("${AWS::StackName}-") for name in names), names
    assert len(set(names)) == len(names)
    dimensions = _service_dimensions(alarms)
    assert dimensions and all(d == {"Ref": "AWS::StackName"} for d in dimensions), dimensions
    text = json.dumps(alarms)
    assert '{"Ref": "Stage"}' not in text and "${Stage}" not in text, "an alarm named after Stage collides across stacks"


def _alarm(resources: Resources, name: str) -> dict[str, Any]:
    return props(resources, name)


def test_no_lead_for_the_configured_days_fires(transformed: dict[str, Any], resources: Resources) -> None:
    alarm = _alarm(resources, "NoLeadsAlarm")
    assert (alarm["Namespace"], alarm["MetricName"], alarm["Statistic"]) == ("LeadCapture", "LeadCaptured", "Sum")
    assert alarm["Period"] == 86400
    assert alarm["EvaluationPeriods"] == {"Ref": "NoLeadAlarmDays"}
    assert (alarm["ComparisonOperator"], alarm["Threshold"]) == ("LessThanThreshold", 1)
    days = transformed["Parameters"]["NoLeadAlarmDays"]
    # CloudWatch evaluates at most seven days (Period x EvaluationPeriods <= 604,800 s).
    assert days["MinValue"] >= 1 and days["MaxValue"] * alarm["Period"] <= 7 * 86400


SPIKES = [
    ("OriginRefusedAlarm", "OriginRefused", "OriginRefusedAlarmThreshold"),
    ("LeadRejectedAlarm", "LeadRejected", "LeadRejectedAlarmThreshold"),
]


@pytest.mark.parametrize(("name", "metric", "threshold"), SPIKES)
def test_a_spike_of_refused_or_rejected_posts_fires(resources: Resources, name: str, metric: str, threshold: str) -> None:
    alarm = _alarm(resources, name)
    assert (alarm["Namespace"], alarm["MetricName"], alarm["Statistic"]) == ("LeadCapture", metric, "Sum")
    assert alarm["Threshold"] == {"Ref": threshold}
    assert alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"


def test_the_stream_mapping_not_running_fires(resources: Resources) -> None:
    alarm = _alarm(resources, "NotifyNotRunningAlarm")
    metrics = {m["Id"]: m for m in alarm["Metrics"]}
    assert metrics["captured"]["MetricStat"]["Metric"]["MetricName"] == "LeadCaptured"
    invocations = metrics["invocations"]["MetricStat"]["Metric"]
    assert (invocations["Namespace"], invocations["MetricName"]) == ("AWS/Lambda", "Invocations")
    assert invocations["Dimensions"] == [{"Name": "FunctionName", "Value": {"Ref": "NotifyFunction"}}]
    (expression,) = [m for m in alarm["Metrics"] if m.get("ReturnData", True)]
    assert "captured" in expression["Expression"] and "invocations" in expression["Expression"]
    assert metrics["captured"]["MetricStat"]["Period"] == metrics["invocations"]["MetricStat"]["Period"]
    # The iterator age is still watched (a mapping that runs but lags).
    assert _alarm(resources, "StreamIteratorAgeAlarm")["MetricName"] == "IteratorAge"


def _dashboard_widgets(resources: Resources) -> list[dict[str, Any]]:
    body = props(resources, "Dashboard")["DashboardBody"]["Fn::Sub"]
    # Substitute each ${...} with a plain string so the body parses as the JSON CloudFormation sends.
    widgets: list[dict[str, Any]] = json.loads(re.sub(r"\$\{[^}]+\}", "x", body))["widgets"]
    return widgets


def test_the_dashboard_shows_what_ops_look_at(resources: Resources) -> None:
    body = props(resources, "Dashboard")["DashboardBody"]["Fn::Sub"]
    shown = {m[1] for w in _dashboard_widgets(resources) for m in w["properties"]["metrics"]}
    assert {
        "LeadCaptured",
        "LeadRejected",
        "OriginRefused",
        "NotificationSent",
        "NotificationFailed",
        "IteratorAge",
        "Errors",
        "5xx",
        "HeartbeatOK",
    } <= shown
    ours = re.findall(r'\["LeadCapture","(\w+)","service","([^"]+)"\]', body)
    assert ours and all(service == "${AWS::StackName}" for _, service in ours)
    assert props(resources, "Dashboard")["DashboardName"] == {"Fn::Sub": "${AWS::StackName}-${AWS::Region}"}


def test_a_prod_stack_cannot_be_created_without_an_alarm_email(transformed: dict[str, Any]) -> None:
    rule = transformed["Rules"]["ProdHasAlarmEmail"]
    assert rule["RuleCondition"] == {"Fn::Equals": [{"Ref": "Stage"}, "prod"]}
    assert rule["Assertions"][0]["Assert"] == {"Fn::Not": [{"Fn::Equals": [{"Ref": "AlarmEmail"}, ""]}]}


# --- roll back in a minute ------------------------------------------------------------------------


def test_both_functions_publish_versions_behind_a_live_alias(resources: Resources) -> None:
    for function in ("SubmitFunction", "NotifyFunction"):
        alias = props(resources, f"{function}Aliaslive")
        assert alias["Name"] == "live"
        assert alias["FunctionName"] == {"Ref": function}
        version = alias["FunctionVersion"]["Fn::GetAtt"][0]
        assert resources[version]["Type"] == "AWS::Lambda::Version"
        # Old versions stay, so there is something to roll back to.
        assert resources[version]["DeletionPolicy"] == "Retain"
    api = [
        p["Properties"]
        for p in of_type(resources, "AWS::Lambda::Permission").values()
        if p["Properties"]["Principal"] == "apigateway.amazonaws.com"
    ]
    assert {"Ref": "SubmitFunctionAliaslive"} in [p["FunctionName"] for p in api]


def test_snapstart_is_opt_in_for_published_versions(transformed: dict[str, Any], resources: Resources) -> None:
    assert transformed["Parameters"]["EnableSnapStart"]["Default"] == "false"
    for name in ("SubmitFunction", "NotifyFunction"):
        assert props(resources, name)["SnapStart"] == {"Fn::If": ["SnapStartOn", {"ApplyOn": "PublishedVersions"}, NO_VALUE]}


# --- safe defaults --------------------------------------------------------------------------------


def _notify_mapping(resources: Resources) -> dict[str, Any]:
    (mapping,) = of_type(resources, "AWS::Lambda::EventSourceMapping").values()
    properties: dict[str, Any] = mapping["Properties"]
    return properties


def test_the_notifier_timeout_covers_its_worst_case(resources: Resources) -> None:
    # Every call of every lead in a batch timing out on every attempt, with the longest backoffs.
    per_lead = NOTIFY_DYNAMODB_CALLS_PER_LEAD * aws_calls.worst_call_seconds("dynamodb") + aws_calls.worst_call_seconds("sesv2")
    worst = _notify_mapping(resources)["BatchSize"] * per_lead
    timeout = props(resources, "NotifyFunction")["Timeout"]
    assert timeout >= worst, f"notify Timeout {timeout} s < worst case {worst} s"
    assert timeout <= 900  # Lambda's limit


def test_the_local_stack_feeds_the_notifier_as_the_mapping_does(resources: Resources) -> None:
    from infra.local import streams

    mapping = _notify_mapping(resources)
    settings = streams.event_source_settings()
    assert (mapping["BatchSize"], mapping["MaximumRetryAttempts"]) == (settings.batch_size, settings.max_retries)


def test_the_worst_case_arithmetic_matches_the_clients() -> None:
    # 3 attempts x (2 s connect + 5 s read) + backoff of at most 1 s and 2 s between them.
    assert aws_calls.worst_call_seconds("sesv2") == 3 * (2 + 5) + 1 + 2
    assert aws_calls.worst_call_seconds("dynamodb") == 3 * (2 + 3) + 1 + 2


def test_sent_email_records_outlive_the_dead_letters(resources: Resources) -> None:
    retention = props(resources, "NotifyDeadLetterQueue")["MessageRetentionPeriod"]
    assert retention < SENT_EMAIL_EXPIRY_SECONDS, "a redrive of an old dead letter could send a second email"
    assert SENT_EMAIL_EXPIRY_SECONDS > 24 * 3600  # the stream's own retention
    assert retention == 14 * 24 * 3600


def test_a_custom_domain_keeps_the_form_action(transformed: dict[str, Any], resources: Resources) -> None:
    parameters = transformed["Parameters"]
    for name in ("DomainName", "CertificateArn", "HostedZoneId"):
        assert parameters[name]["Default"] == ""
    assert resources["ApiDomainName"]["Condition"] == "HasCustomDomain"
    assert props(resources, "ApiDomainName")["DomainNameConfigurations"][0]["CertificateArn"] == {"Ref": "CertificateArn"}
    assert props(resources, "ApiDomainName")["DomainNameConfigurations"][0]["SecurityPolicy"] == "TLS_1_2"
    assert props(resources, "ApiDomainMapping")["ApiId"] == {"Ref": "HttpApi"}
    assert resources["ApiDomainRecord"]["Condition"] == "HasHostedZone"
    form_action = transformed["Outputs"]["FormAction"]["Value"]["Fn::If"]
    assert form_action[0] == "HasCustomDomain"
    assert form_action[1] == {"Fn::Sub": "https://${DomainName}/consultations"}
    assert transformed["Rules"]["CustomDomainHasCertificate"]["Assertions"][0]["Assert"] == {
        "Fn::Not": [{"Fn::Equals": [{"Ref": "CertificateArn"}, ""]}]
    }


def test_outputs_give_ops_the_form_action_tables_and_queue(transformed: dict[str, Any]) -> None:
    outputs = transformed["Outputs"]
    for url in outputs["FormAction"]["Value"]["Fn::If"][1:]:
        assert url["Fn::Sub"].startswith("https://")
        assert url["Fn::Sub"].endswith("/consultations")
    assert outputs["LeadsTableName"]["Value"] == {"Ref": "LeadsTable"}
    assert outputs["NotifyDeadLetterQueueUrl"]["Value"] == {"Ref": "NotifyDeadLetterQueue"}
    assert {"ApiEndpoint", "IdempotencyTableName", "RateLimitTableName", "NotifyFunctionName", "HeartbeatFunctionName"} <= set(outputs)
    assert {"SesEventsFunctionName", "FollowupsFunctionName"} <= set(outputs)
    assert outputs["SesEventsDeadLetterQueueUrl"]["Value"] == {"Ref": "SesEventsDeadLetterQueue"}


# --- deploy environments --------------------------------------------------------------------------


def test_samconfig_has_dev_and_prod_that_confirm_changes_and_name_their_stage() -> None:
    config = tomllib.loads((ROOT / "infra" / "samconfig.toml").read_text(encoding="utf-8"))
    for env in ("dev", "prod"):
        deploy = config[env]["deploy"]["parameters"]
        assert deploy["confirm_changeset"] is True
        assert deploy["capabilities"] == "CAPABILITY_IAM"
        assert f"Stage={env}" in deploy["parameter_overrides"]
        assert config[env]["global"]["parameters"]["stack_name"] == f"lead-capture-{env}"
        assert deploy.get("disable_rollback", False) is False
    # A prod stack needs AlarmEmail (the template's Rules refuse it otherwise): the file shows where.
    prod_section = (ROOT / "infra" / "samconfig.toml").read_text(encoding="utf-8").split("[prod.deploy.parameters]")[1]
    assert "AlarmEmail=" in prod_section
