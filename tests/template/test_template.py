"""template.yaml, property by property: what the issue asks of a template ops can trust.

Checks run on the CloudFormation the SAM translator produces (what AWS would create), plus the
two linters as they run in CI. Each test names one promise; a failure says which one broke. The
functions are read from the template and each is held against its row in expected.py.
"""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
from infra.build import functions as template_functions
from infra.build import tables

from leadcapture.adapters import aws as aws_calls
from leadcapture.adapters.idempotency import SENT_EMAIL_EXPIRY_SECONDS
from leadcapture.intake.website.origins import normal_origin
from tests.integration.test_notify import NOTIFY_DYNAMODB_CALLS_PER_LEAD
from tests.template.cfn import (
    NO_VALUE,
    Resources,
    as_list,
    denials,
    env_of,
    evaluate,
    grants,
    of_type,
    props,
    resources_of,
    statements,
    sub_text,
    switched_statements,
    target,
)
from tests.template.conftest import CHECKOV_BIN, ROOT, TEMPLATE, tool, tools_env
from tests.template.expected import COMMON_ENV, FUNCTIONS, Function

ROWS = sorted(FUNCTIONS)


def row(name: str) -> Function:
    return FUNCTIONS[name]


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


def expanded_template(tmp_path: Path) -> Path:
    """template.yaml with its Fn::ForEach loops expanded (checkov skips a loop's resources silently)."""
    result = subprocess.run(
        [str(tool("python")), str(ROOT / "infra" / "build" / "language_extensions.py"), str(TEMPLATE)],
        capture_output=True,
        text=True,
        env=tools_env(),
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    path = tmp_path / "template.json"
    path.write_text(result.stdout, encoding="utf-8")
    return path


def test_checkov_finds_nothing_and_every_suppression_says_why(tmp_path: Path) -> None:
    # A second opinion from the widely used IaC scanner, on every resource CloudFormation creates
    # before SAM's transform. A check we disagree with for one resource is skipped in that resource's
    # Metadata with the reason, where the next reader of that resource sees it; one that holds for
    # every resource of its kind, in .checkov.yaml with its reason.
    checkov = str(tool("checkov", CHECKOV_BIN))
    options = ["--config-file", str(CHECKOV_CONFIG), "--framework", "cloudformation", "--output", "json", "--skip-download"]
    result = subprocess.run(
        [checkov, "--file", str(expanded_template(tmp_path)), *options],
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
    # Every resource was scanned, the loops' too.
    assert report["summary"]["resource_count"] == len(expanded_resources(tmp_path / "template.json"))


CHECKOV_CONFIG = ROOT / ".checkov.yaml"


def test_every_check_skipped_for_the_whole_stack_says_why() -> None:
    import yaml

    lines = CHECKOV_CONFIG.read_text(encoding="utf-8").splitlines()
    skipped = yaml.safe_load("\n".join(lines))["skip-check"]
    assert skipped
    for check in skipped:
        (at,) = [i for i, line in enumerate(lines) if line.strip() == f"- {check}"]
        above: list[str] = []
        while lines[at - 1 - len(above)].strip().startswith("#"):
            above.append(lines[at - 1 - len(above)])
        assert len(" ".join(above)) > 80, f"{check} in .checkov.yaml: a skip for every resource needs its reason in a comment above it"
    # What one resource skips for a reason of its own is not skipped for all.
    assert not {"CKV_AWS_116", "CKV_AWS_28", "CKV_AWS_26"} & set(skipped)


def expanded_resources(path: Path) -> dict[str, Any]:
    resources: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["Resources"]
    return resources


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
    # Built by the project's script, as docs/deploy.md builds (no `sam build`), before each deploy.
    for name in ("deploy-dev", "deploy-prod"):
        runs = [str(s.get("run", "")) for s in jobs[name]["steps"]]
        assert not [r for r in runs if "sam build" in r]
        build = runs.index("python3 infra/build/lambda_build.py")
        assert any("sam deploy" in r for r in runs[build + 1 :])


def test_the_template_stays_shorter_than_before_issue_20() -> None:
    # With every feature of the release added, template.yaml is to stay shorter than it was before
    # issue 20 (2,276 lines, 1,200 occurrences of repeated non-comment lines): a new function is a
    # row and its own grants, a repeated resource a loop (docs/decisions.md).
    from infra.build import template_stats

    stats = template_stats.stats(TEMPLATE.read_text(encoding="utf-8"))
    assert stats["lines"] < 2276, stats
    assert stats["non-comment lines repeated 3+ times"] < 1200, stats


# --- parameters: nothing practice-specific hard-coded ---------------------------------------------

PRACTICE_SPECIFIC = {"CoordinatorEmails", "SenderEmail", "SesIdentity", "AllowedOrigins", "ThankYouUrl"}


def test_practice_specific_parameters_have_no_default_and_the_rest_have_one(transformed: dict[str, Any]) -> None:
    parameters = transformed["Parameters"]
    assert {name for name, p in parameters.items() if "Default" not in p} == PRACTICE_SPECIFIC
    expected = {
        "Stage",
        "PracticeTimezone",
        "RetentionDays",
        "EmailDetail",
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
        return {k: _without_descriptions(v) for k, v in value.items() if not k.endswith("Description")}
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


def accepted(parameter: dict[str, Any], value: str) -> bool:
    """Whether CloudFormation takes this answer for the parameter (a CommaDelimitedList: each element)."""
    values = value.split(",") if parameter["Type"] == "CommaDelimitedList" else [value]
    return all(
        (len(v) >= parameter.get("MinLength", 0))
        and (len(v) <= parameter.get("MaxLength", len(v)))
        and ("AllowedPattern" not in parameter or re.fullmatch(parameter["AllowedPattern"], v) is not None)
        and ("AllowedValues" not in parameter or v in parameter["AllowedValues"])
        for v in values
    )


# The answers a practice must give (docs/deploy.md "The 8 you must answer"): each refuses an empty
# or malformed answer before anything is created, and says what it wants. AlarmEmail may be empty
# for dev; the Rules refuse a prod stack without it.
A, B = "ann@practice.example", "bob@clinic.example"
SENDER = "forms@practice.example"
MUST_ANSWER = {  # parameter: (answers it takes, answers it refuses)
    "PracticeName": (["Harbor Therapy", "Dr. Ana López, LMFT"], ["", " ", "  "]),
    "PracticeTimezone": (
        ["America/New_York", "America/Los_Angeles", "Europe/London", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "UTC"],
        ["", "New York", "EST", "America/", "America/New York", "/UTC"],
    ),
    "CoordinatorEmails": (
        [A, f"{A},{B}", f"{A}, {B}"],
        ["", "ann", "ann@practice", f"{A};{B}", f"Ann <{A}>", f"{A},", "*@practice.example"],
    ),
    "SenderEmail": (
        [SENDER, f"Consultation form <{SENDER}>", f'"Harbor, Therapy" <{SENDER}>'],
        ["", "forms", "forms@practice", f"Consultation form {SENDER}", f"<{SENDER}", f"a <b> <{SENDER}>"],
    ),
    "SesIdentity": (["practice.example", SENDER], ["", "practice", "https://practice.example", "@practice.example"]),
    "AllowedOrigins": (
        ["https://www.practice.example", "https://www.practice.example,https://practice.example"],
        ["", "www.practice.example"],
    ),
    "ThankYouUrl": (["https://www.practice.example/thank-you"], ["", "www.practice.example/thank-you", "https://", "https:// x"]),
    "AlarmEmail": (["", "ops@practice.example"], ["ops", "ops@practice", f"ops@practice.example,{A}"]),
}


@pytest.mark.parametrize("name", sorted(MUST_ANSWER))
def test_an_answer_a_practice_must_give_refuses_an_empty_or_malformed_one(transformed: dict[str, Any], name: str) -> None:
    parameter = transformed["Parameters"][name]
    good, bad = MUST_ANSWER[name]
    assert [v for v in good if not accepted(parameter, v)] == []
    assert [v for v in bad if accepted(parameter, v)] == []
    # The refusal says what is wanted, not just the pattern.
    assert len(parameter.get("ConstraintDescription", "")) > 20, f"{name} needs a ConstraintDescription"
    if "Default" in parameter:
        assert accepted(parameter, str(parameter["Default"]))


@pytest.mark.parametrize("name", ["EscalationEmails", "UrgentEmails"])
def test_the_optional_address_lists_take_nothing_or_addresses_only(transformed: dict[str, Any], name: str) -> None:
    parameter = transformed["Parameters"][name]
    good, bad = MUST_ANSWER["CoordinatorEmails"]
    assert all(accepted(parameter, v) for v in good) and accepted(parameter, "")
    assert [v for v in bad if v and accepted(parameter, v)] == []


def test_every_valid_time_zone_answer_is_one_the_code_knows() -> None:
    from zoneinfo import ZoneInfo

    for zone in MUST_ANSWER["PracticeTimezone"][0]:
        ZoneInfo(zone)


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


# --- functions: each one against its row in expected.py ----------------------------------------


def test_the_functions_are_the_tables_rows(resources: Resources) -> None:
    # A new function needs its row (what it may do); a row needs its function.
    functions = {name.removesuffix("Function") for name in of_type(resources, "AWS::Lambda::Function")}
    assert functions == set(FUNCTIONS), f"without a row: {functions - set(FUNCTIONS)}; without a function: {set(FUNCTIONS) - functions}"


@pytest.mark.parametrize("name", ROWS)
def test_runs_python313_on_arm64_with_its_handler(resources: Resources, name: str) -> None:
    function = resources[f"{name}Function"]
    p = function["Properties"]
    assert (p["Handler"], p["Runtime"], p["Architectures"]) == (row(name).handler, "python3.13", ["arm64"])
    # No `sam build`: infra/build/lambda_build.py builds the CodeUri folder on any OS (test_build.py).
    assert "BuildMethod" not in function.get("Metadata", {})


@pytest.mark.parametrize("name", ROWS)
def test_memory_and_timeout_are_sized_for_what_it_does(resources: Resources, name: str) -> None:
    # The API's functions end well under API Gateway's 30 s, so a slow dependency is our own 503.
    low, high = row(name).timeout
    assert low < props(resources, f"{name}Function")["Timeout"] <= high
    assert props(resources, f"{name}Function")["MemorySize"] == row(name).memory
    if row(name).routes:
        assert high <= 15


def test_only_submit_gets_more_memory() -> None:
    # A person waits on submit's cold start, and CPU comes with memory; nobody waits on the others.
    assert {name: f.memory for name, f in FUNCTIONS.items() if f.memory != 256} == {"Submit": 512}


@pytest.mark.parametrize("name", [name for name in ROWS if row(name).schedule])
def test_schedules_invoke_the_live_alias(resources: Resources, name: str) -> None:
    schedule = row(name).schedule
    (rule,) = [r for r in of_type(resources, "AWS::Events::Rule").values() if r["Properties"].get("ScheduleExpression") == schedule]
    assert rule["Properties"].get("State", "ENABLED") == "ENABLED"  # EventBridge default
    # Every schedule and rule invokes the live alias, so a rollback covers them too.
    assert [t["Arn"] for t in rule["Properties"]["Targets"]] == [{"Ref": f"{name}FunctionAliaslive"}]
    (rule_id,) = [i for i, r in of_type(resources, "AWS::Events::Rule").items() if r is rule]
    permissions = [
        p["Properties"]
        for p in of_type(resources, "AWS::Lambda::Permission").values()
        if p["Properties"]["Principal"] == "events.amazonaws.com" and p["Properties"]["FunctionName"] == {"Ref": f"{name}FunctionAliaslive"}
    ]
    assert [p["SourceArn"] for p in permissions] == [{"Fn::GetAtt": [rule_id, "Arn"]}]


def test_the_heartbeat_runs_daily_and_followups_every_15_minutes() -> None:
    assert (row("Heartbeat").schedule, row("Followups").schedule) == ("rate(1 day)", "rate(15 minutes)")


@pytest.mark.parametrize("name", ROWS)
def test_no_reserved_concurrency(resources: Resources, name: str) -> None:
    # New accounts cannot reserve concurrency; overlapping runs are safe (ledger + conditional marks).
    assert "ReservedConcurrentExecutions" not in props(resources, f"{name}Function")


def test_heartbeat_posts_to_the_form_action_of_its_own_stack(resources: Resources, transformed: dict[str, Any]) -> None:
    assert env_of(resources, "HeartbeatFunction")["HEARTBEAT_URL"] == transformed["Outputs"]["FormAction"]["Value"]
    # The key that signs is the key that verifies, and it is generated by the stack.
    assert env_of(resources, "HeartbeatFunction")["CANARY_KEY_SECRET"] == env_of(resources, "SubmitFunction")["CANARY_KEY_SECRET"]
    assert env_of(resources, "SubmitFunction")["CANARY_KEY_SECRET"] == {"Ref": "CanaryKeySecret"}


@pytest.mark.parametrize("name", ROWS)
def test_tracing_is_off_by_default_and_switched_as_one(resources: Resources, name: str) -> None:
    assert props(resources, f"{name}Function")["TracingConfig"]["Mode"] == {"Fn::If": ["TracingOn", "Active", "PassThrough"]}
    assert env_of(resources, f"{name}Function")["POWERTOOLS_TRACE_DISABLED"] == {"Fn::If": ["TracingOn", "false", "true"]}


@pytest.mark.parametrize("name", ROWS)
def test_each_function_gets_the_environment_the_code_reads(resources: Resources, name: str) -> None:
    assert set(env_of(resources, f"{name}Function")) == COMMON_ENV | row(name).env
    # The metrics' service dimension is the stack: two stacks in one account never share an alarm.
    assert env_of(resources, f"{name}Function")["POWERTOOLS_SERVICE_NAME"] == {"Ref": "AWS::StackName"}
    assert env_of(resources, f"{name}Function")["POWERTOOLS_METRICS_NAMESPACE"] == "LeadCapture"
    assert env_of(resources, f"{name}Function")["LEADS_TABLE_NAME"] == {"Ref": "LeadsTable"}
    # The keys come from Secrets Manager at run time; an env var shows in the console.
    assert not {"RATE_LIMIT_KEY", "CANARY_KEY", "ACTION_LINK_KEY"} & set(env_of(resources, f"{name}Function"))


SHARED_SETTINGS = {
    # The links are signed and verified with the one generated key, and point at this API.
    "ACTION_LINK_KEY_SECRET": {"Ref": "ActionLinkKeySecret"},
    "ACTIONS_BASE_URL": {"Fn::Sub": "https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"},
    "SES_CONFIGURATION_SET": {"Ref": "EmailConfigurationSet"},
    "ESCALATION_EMAILS": {"Ref": "EscalationEmails"},
    "IDEMPOTENCY_TABLE_NAME": {"Ref": "IdempotencyTable"},
    "RATE_LIMIT_KEY_SECRET": {"Ref": "RateLimitKeySecret"},
    "CANARY_KEY_SECRET": {"Ref": "CanaryKeySecret"},
}


@pytest.mark.parametrize("setting", sorted(SHARED_SETTINGS))
def test_a_setting_names_the_same_resource_in_every_function(resources: Resources, setting: str) -> None:
    values = [env_of(resources, f"{name}Function")[setting] for name in ROWS if setting in env_of(resources, f"{name}Function")]
    assert values and all(v == SHARED_SETTINGS[setting] for v in values), values


@pytest.mark.parametrize("function", template_functions.functions(), ids=lambda f: f.logical_id)
def test_every_setting_a_function_reads_is_set_for_it_by_the_template(resources: Resources, function: template_functions.Function) -> None:
    in_template = set(env_of(resources, function.logical_id))
    # Local-only settings, and tuning knobs whose code default is the deployed value.
    left_to_the_code = {
        "RATE_LIMIT_KEY",
        "CANARY_KEY",
        "ACTION_LINK_KEY",
        "TURNSTILE_TIMEOUT_SECONDS",
        "DESK_JWKS_URL",
        "DESK_SECURE_COOKIES",
    }
    known = function.settings_model().variables() - left_to_the_code
    assert known <= in_template, f"settings the template does not set for {function.logical_id}: {sorted(known - in_template)}"


# --- storage --------------------------------------------------------------------------------------

# The lookup index's GSIs (other indexes of the leads table are checked by their own tests).
LOOKUP = {i.name for i in tables.LOOKUP_INDEXES}
TABLES = {
    "LeadsTable": tables.LEADS,
    "IdempotencyTable": tables.IDEMPOTENCY,
    "RateLimitTable": tables.RATE_LIMITS,
    "DeskSessionsTable": tables.DESK_SESSIONS,
    "AuditTable": tables.AUDIT,
}


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


# What may touch an audit record, in any role: add one (conditional on a new key) and read by index.
AUDIT_ACTIONS = {"dynamodb:PutItem", "dynamodb:Query"}


def test_no_role_may_change_or_remove_an_audit_record(resources: Resources) -> None:
    # Every statement of every role in the stack, whatever its function: one that names the audit
    # table (or everything) allows only PutItem and Query, and only the desk's does (issue 22).
    roles = of_type(resources, "AWS::IAM::Role")
    assert roles, "no role found"
    touching: dict[str, set[str]] = {}
    for role in roles:
        for statement in statements(resources, role):
            if statement["Effect"] != "Allow":
                continue
            on = {target(r) for r in resources_of(statement)}
            audit = {t for t in on if t == "*" or "AuditTable" in t}
            actions = set(as_list(statement["Action"]))
            dynamodb = {a for a in actions if a in {"*", "dynamodb:*"} or a.startswith("dynamodb:")}
            if not audit or not dynamodb:
                continue
            assert dynamodb <= AUDIT_ACTIONS, (role, sorted(dynamodb))
            touching.setdefault(role, set()).update(dynamodb)
    assert touching == {"DeskRole": AUDIT_ACTIONS}
    assert grants(resources, "DeskRole")["dynamodb:PutItem"] >= {"AuditTable.Arn"}
    assert "${AuditTable.Arn}/index/*" in grants(resources, "DeskRole")["dynamodb:Query"]
    assert "AuditTable.Arn" not in grants(resources, "DeskRole")["dynamodb:Query"], "reads go through the indexes"


def test_the_audit_table_is_kept_like_the_leads_and_expires_after_its_parameter(transformed: dict[str, Any], resources: Resources) -> None:
    table = resources["AuditTable"]
    assert table["DeletionPolicy"] == "RetainExceptOnCreate"
    assert table["UpdateReplacePolicy"] == "Retain"
    assert table["Properties"]["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert "StreamSpecification" not in table["Properties"]
    retention = transformed["Parameters"]["AuditRetentionDays"]
    assert (retention["Default"], retention["MinValue"], retention["MaxValue"]) == (2190, 1, 3650)
    assert env_of(resources, "DeskFunction")["AUDIT_RETENTION_DAYS"] == {"Ref": "AuditRetentionDays"}
    assert transformed["Outputs"]["AuditTableName"]["Value"] == {"Ref": "AuditTable"}


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


def test_http_api_has_only_the_routes_of_the_rows(resources: Resources) -> None:
    (api,) = of_type(resources, "AWS::ApiGatewayV2::Api").values()
    paths = api["Properties"]["Body"]["paths"]
    routes = {(method, path): name for name in ROWS for method, path in row(name).routes}
    assert {(method, path) for path, methods in paths.items() for method in methods} == set(routes)
    for (method, path), name in routes.items():
        integration = paths[path][method]["x-amazon-apigateway-integration"]
        assert integration["payloadFormatVersion"] == "2.0"
        # Invoked through the live alias (a rollback moves the alias, not the API).
        assert "${" + name + "FunctionAliaslive}" in integration["uri"]["Fn::Sub"]
    assert not of_type(resources, "AWS::ApiGatewayV2::Route"), "no $default or catch-all route"


def test_only_the_form_answers_with_cors_the_action_links_never(resources: Resources) -> None:
    # HTTP API CORS is API-wide: it would answer for /actions too. Submit answers with its own
    # (Powertools' CORSConfig from ALLOWED_ORIGINS), preflight included (test_rehearsal).
    (api,) = of_type(resources, "AWS::ApiGatewayV2::Api").values()
    assert "x-amazon-apigateway-cors" not in api["Properties"]["Body"]
    assert "CorsConfiguration" not in api["Properties"]
    assert set(api["Properties"]["Body"]["paths"]["/actions/{token}"]) == {"get", "post"}, "no preflight for the links"
    assert env_of(resources, "SubmitFunction")["ALLOWED_ORIGINS"] == {"Fn::Join": [",", {"Ref": "AllowedOrigins"}]}


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


def event_source_mapping(resources: Resources, source: dict[str, Any]) -> dict[str, Any]:
    """The one event source mapping reading `source` (the leads stream; the page queue)."""
    (mapping,) = [m for m in of_type(resources, "AWS::Lambda::EventSourceMapping").values() if m["Properties"]["EventSourceArn"] == source]
    return mapping


def stream_mapping(resources: Resources, function: str) -> dict[str, Any]:
    """The properties of the leads stream's event source mapping that invokes this function's live alias."""
    (mapping,) = [
        m["Properties"]
        for m in of_type(resources, "AWS::Lambda::EventSourceMapping").values()
        if m["Properties"]["FunctionName"] == {"Ref": f"{function}FunctionAliaslive"}
    ]
    properties: dict[str, Any] = mapping
    return properties


def test_the_stream_has_two_readers_notify_and_person(resources: Resources) -> None:
    # DynamoDB Streams serves at most two readers per shard without throttling (issue 23's decision).
    stream = {"Fn::GetAtt": ["LeadsTable", "StreamArn"]}
    mappings = [m for m in of_type(resources, "AWS::Lambda::EventSourceMapping").values() if m["Properties"]["EventSourceArn"] == stream]
    assert sorted(m["Properties"]["FunctionName"]["Ref"] for m in mappings) == ["NotifyFunctionAliaslive", "PersonFunctionAliaslive"]


def test_the_person_mapping_takes_inserts_and_modifies_with_partial_failures_and_a_dlq(resources: Resources) -> None:
    p = stream_mapping(resources, "Person")
    assert p["EventSourceArn"] == {"Fn::GetAtt": ["LeadsTable", "StreamArn"]}
    assert [json.loads(f["Pattern"]) for f in p["FilterCriteria"]["Filters"]] == [{"eventName": ["INSERT", "MODIFY"]}]
    assert p["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert (p["BatchSize"], p["BisectBatchOnFunctionError"]) == (1, True)
    assert 0 < p["MaximumRetryAttempts"] <= 10
    assert p["DestinationConfig"]["OnFailure"]["Destination"] == {"Fn::GetAtt": ["PersonDeadLetterQueue", "Arn"]}


def test_stream_mapping_takes_inserts_only_with_partial_failures_and_a_dlq(resources: Resources) -> None:
    p = stream_mapping(resources, "Notify")
    assert p["EventSourceArn"] == {"Fn::GetAtt": ["LeadsTable", "StreamArn"]}
    assert p["FunctionName"] == {"Ref": "NotifyFunctionAliaslive"}, "the stream invokes the live alias"
    assert [json.loads(f["Pattern"]) for f in p["FilterCriteria"]["Filters"]] == [{"eventName": ["INSERT"]}]
    assert p["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert p["BisectBatchOnFunctionError"] is True
    assert 0 < p["MaximumRetryAttempts"] <= 10
    assert 60 <= p["MaximumRecordAgeInSeconds"] <= 24 * 3600
    assert p["DestinationConfig"]["OnFailure"]["Destination"] == {"Fn::GetAtt": ["NotifyDeadLetterQueue", "Arn"]}


@pytest.mark.parametrize("name", ROWS)
def test_a_dead_letter_queue_where_the_row_says_encrypted_tls_only_and_alarmed(resources: Resources, name: str) -> None:
    queue = resources.get(f"{name}DeadLetterQueue")
    assert (queue is not None) == row(name).dead_letters
    if queue is None:
        return
    assert queue["Properties"]["SqsManagedSseEnabled"] is True
    (statement,) = props(resources, f"{name}DeadLetterQueuePolicy")["PolicyDocument"]["Statement"]
    assert (statement["Effect"], statement["Resource"]) == ("Deny", {"Fn::GetAtt": [f"{name}DeadLetterQueue", "Arn"]})
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    alarm = props(resources, f"{name}DeadLetterQueueNotEmptyAlarm")
    assert alarm["Dimensions"] == [{"Name": "QueueName", "Value": {"Fn::GetAtt": [f"{name}DeadLetterQueue", "QueueName"]}}]
    assert (alarm["MetricName"], alarm["Statistic"], alarm["Threshold"], alarm["ComparisonOperator"]) == (
        "ApproximateNumberOfMessagesVisible",
        "Maximum",
        0,
        "GreaterThanThreshold",
    )
    assert sub_text(alarm["AlarmName"]) == f"${{AWS::StackName}}-{dashed(name)}-dead-letters"


# --- SES ------------------------------------------------------------------------------------------


def test_configuration_set_requires_tls(resources: Resources) -> None:
    assert props(resources, "EmailConfigurationSet")["DeliveryOptions"]["TlsPolicy"] == "REQUIRE"


def sandbox_slots(resources: Resources, role: str) -> list[tuple[str | None, dict[str, Any]]]:
    """(the condition that grants it, the grant) for each send grant on a sandbox recipient's identity."""
    slots = []
    for condition, statement in switched_statements(resources, role):
        if "ses:SendEmail" in as_list(statement["Action"]):
            for resource in as_list(statement["Resource"]):
                if isinstance(resource, dict) and "Fn::If" in resource:
                    slots.append((resource["Fn::If"][0], resource["Fn::If"][1]))
                elif isinstance(resource, dict) and "${Recipient}" in target(resource):
                    slots.append((condition, resource))
    return slots


@pytest.mark.parametrize("name", [name for name in ROWS if "ses:SendEmail" in row(name).grants])
def test_in_the_sandbox_every_coordinator_identity_is_granted(transformed: dict[str, Any], resources: Resources, name: str) -> None:
    sandbox = sandbox_slots(resources, f"{name}Role")
    slots = len(sandbox)
    # Slot i is granted only while it is filled, on the identity it names.
    assert [condition for condition, _ in sandbox] == [f"SandboxRecipient{i}" for i in range(slots)]
    for i, (_, grant) in enumerate(sandbox):
        _, variables = grant["Fn::Sub"]
        assert variables["Recipient"]["Fn::Select"][0] == i
    # The parameter allows exactly as many identities as there are slots, and none by default.
    parameter = transformed["Parameters"]["SandboxRecipientIdentities"]
    pattern = re.compile(parameter["AllowedPattern"])
    assert parameter["Default"] == "" and pattern.fullmatch("")
    assert pattern.fullmatch(",".join(f"c{i}@practice.example" for i in range(slots)))
    assert pattern.fullmatch("practice.example,ann@other.example")
    assert not pattern.fullmatch(",".join(f"c{i}@practice.example" for i in range(slots + 1)))


# SenderEmail as ops may write it (docs/deploy.md): the bare address, or with a display name.
SENDER_FORMS = [SENDER, f"Consultation form <{SENDER}>", f'"Harbor, Therapy" <{SENDER}>', f"Harbor<{SENDER}>"]
ADDRESSES = {
    "CoordinatorEmails": "ann@practice.example, bob@practice.example",
    "EscalationEmails": "manager@practice.example",
    "UrgentEmails": "oncall@practice.example,Night@Practice.example",
}


def identity_sends(resources: Resources, role: str) -> list[dict[str, Any]]:
    """The role's statements that let it send as the SES identity (not the configuration set's)."""
    identity = "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${SesIdentity}"
    return [s for _, s in switched_statements(resources, role) if identity in {target(r) for r in resources_of(s)}]


def parsed(parameter: str, value: str) -> set[str]:
    """The addresses the code sends to, for this parameter's value (the settings read a list of them so)."""
    from pydantic import TypeAdapter

    from leadcapture.kernel.settings.base import CsvList

    return {a.lower() for a in TypeAdapter(CsvList).validate_python(value)}


@pytest.mark.parametrize("name", [name for name in ROWS if row(name).sends_to])
def test_a_sending_role_sends_as_the_sender_to_its_recipients_only(resources: Resources, name: str) -> None:
    (statement,) = identity_sends(resources, f"{name}Role")
    condition = statement.get("Condition", {})
    # ses:Recipients holds every address of a send: a ForAllValues operator, each within the parameters.
    (recipients,) = [operator for operator in condition if "ses:Recipients" in condition[operator]]
    assert recipients.startswith("ForAllValues:String") and recipients.endswith("IgnoreCase")
    for values in (ADDRESSES, {**ADDRESSES, "UrgentEmails": "", "EscalationEmails": ""}):
        allowed = {a.lower() for a in evaluate(condition[recipients]["ses:Recipients"], values)} - {""}
        assert allowed == set().union(*(parsed(p, values[p]) for p in row(name).sends_to)), values
    # One sender: the address in SenderEmail, however it is written.
    (sender,) = [operator for operator in condition if "ses:FromAddress" in condition[operator]]
    assert sender == "StringEqualsIgnoreCase"
    for written in SENDER_FORMS:
        assert evaluate(condition[sender]["ses:FromAddress"], {"SenderEmail": written}) == SENDER, written


@pytest.mark.parametrize("name", [name for name in ROWS if row(name).sends_to_anyone])
def test_a_role_that_emails_the_person_sends_as_the_sender_through_its_own_configuration_set(resources: Resources, name: str) -> None:
    (statement,) = identity_sends(resources, f"{name}Role")
    condition = statement.get("Condition", {})
    # Any recipient (the person), but one sender: the address in SenderEmail, however it is written.
    assert set(condition) == {"StringEqualsIgnoreCase"} and set(condition["StringEqualsIgnoreCase"]) == {"ses:FromAddress"}
    for written in SENDER_FORMS:
        assert evaluate(condition["StringEqualsIgnoreCase"]["ses:FromAddress"], {"SenderEmail": written}) == SENDER, written
    sets = {
        target(r) for _, s in switched_statements(resources, f"{name}Role") for r in resources_of(s) if "configuration-set" in target(r)
    }
    assert sets == {"arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/${PersonEmailConfigurationSet}"}


def test_the_persons_emails_have_a_configuration_set_of_their_own_without_cloudwatch_counts(resources: Resources) -> None:
    assert props(resources, "PersonEmailConfigurationSet")["DeliveryOptions"]["TlsPolicy"] == "REQUIRE"
    destinations = [d["Properties"] for d in of_type(resources, "AWS::SES::ConfigurationSetEventDestination").values()]
    person = [d["EventDestination"] for d in destinations if d["ConfigurationSetName"] == {"Ref": "PersonEmailConfigurationSet"}]
    assert [set(d) - {"Enabled", "MatchingEventTypes"} for d in person] == [{"EventBridgeDestination"}]


def test_the_person_role_may_write_only_its_own_emails_on_a_lead(resources: Resources) -> None:
    (update,) = [
        s
        for _, s in switched_statements(resources, "PersonRole")
        if "dynamodb:UpdateItem" in as_list(s["Action"]) and target(s["Resource"]) == "LeadsTable.Arn"
    ]
    written = {"id", "history"} | {f"acknowledgement_{x}" for x in ("message_id", "error")} | {"acknowledgement_sent_at"}
    written |= {f"close_note_{x}" for x in ("sent_at", "message_id", "error")}
    assert set(update["Condition"]["ForAllValues:StringEquals"]["dynamodb:Attributes"]) == written


@pytest.mark.parametrize("name", [name for name in ROWS if not row(name).sends_to and not row(name).sends_to_anyone])
def test_a_role_that_sends_nothing_has_no_send_grant(resources: Resources, name: str) -> None:
    assert not [a for a in grants(resources, f"{name}Role") if a.startswith("ses:")]


def test_the_actions_role_may_write_only_what_a_status_change_writes(resources: Resources) -> None:
    # change_status (adapters/leads/status_changes.py): the status, when it changed, <status>_at, the
    # history and the open-leads index's key; the condition reads id and status.
    from leadcapture.adapters.leads.items import OPEN_BUCKET
    from leadcapture.kernel.status import ACTIONS

    (update,) = [s for _, s in switched_statements(resources, "ActionsRole") if "dynamodb:UpdateItem" in as_list(s["Action"])]
    assert as_list(update["Action"]) == ["dynamodb:UpdateItem"], "GetItem reads the whole lead for the page: a statement of its own"
    written = {"id", "status", "status_changed_at", "history", OPEN_BUCKET} | {f"{action}_at" for action in ACTIONS}
    written |= {"acknowledged_at", "acknowledged_by"}  # "I'm on it" (LeadStore.acknowledge)
    # And the close note asked for (kernel/close_note.py, issue 23): which note and when; the person function sends it.
    written |= {"close_note", "close_note_requested_at"}
    assert set(update["Condition"]["ForAllValues:StringEquals"]["dynamodb:Attributes"]) == written
    assert set(update["Condition"]) == {"ForAllValues:StringEquals"}


def test_the_desk_role_may_write_only_what_its_buttons_write(resources: Resources) -> None:
    # A status change (as the actions role), a promotion (expires_at, released_at, spam_at), the first
    # opening and a note; "I'm on it" and the close note asked for, through the same kernel calls as the
    # links (paging.acknowledge, close_note.request_close_note). The sessions table is a statement of its own.
    from leadcapture.adapters.leads.items import OPEN_BUCKET
    from leadcapture.kernel.status import ACTIONS

    (update,) = [
        s
        for _, s in switched_statements(resources, "DeskRole")
        if "dynamodb:UpdateItem" in as_list(s["Action"]) and target(s["Resource"]) == "LeadsTable.Arn"
    ]
    assert as_list(update["Action"]) == ["dynamodb:UpdateItem"]
    written = {"id", "status", "status_changed_at", "history", OPEN_BUCKET} | {f"{action}_at" for action in ACTIONS}
    written |= {"spam_at", "expires_at", "released_at", "opened_at", "opened_by", "notes"}
    written |= {"acknowledged_at", "acknowledged_by", "close_note", "close_note_requested_at"}
    assert set(update["Condition"]["ForAllValues:StringEquals"]["dynamodb:Attributes"]) == written
    assert set(update["Condition"]) == {"ForAllValues:StringEquals"}


# --- least privilege ------------------------------------------------------------------------------


def test_every_role_is_a_functions_own_and_none_carries_a_managed_policy(resources: Resources) -> None:
    assert set(of_type(resources, "AWS::IAM::Role")) == {f"{name}Role" for name in FUNCTIONS}
    assert not of_type(resources, "AWS::IAM::ManagedPolicy")
    for role in of_type(resources, "AWS::IAM::Role").values():
        assert "ManagedPolicyArns" not in role["Properties"]


@pytest.mark.parametrize("name", ROWS)
def test_each_function_runs_with_its_own_role(resources: Resources, name: str) -> None:
    assert props(resources, f"{name}Function")["Role"] == {"Fn::GetAtt": [f"{name}Role", "Arn"]}


@pytest.mark.parametrize("name", ROWS)
def test_each_role_grants_exactly_its_row(resources: Resources, name: str) -> None:
    # Its own log group, X-Ray when tracing, the tables' key when it has tables, and its row: no more.
    assert grants(resources, f"{name}Role") == row(name).all_grants(name)


@pytest.mark.parametrize("name", ROWS)
def test_no_wildcard_grant_except_xray_when_tracing(resources: Resources, name: str) -> None:
    for condition, statement in switched_statements(resources, f"{name}Role"):
        actions = as_list(statement["Action"])
        assert not any(a == "*" or a.endswith(":*") for a in actions), actions
        if "*" in resources_of(statement) and statement["Effect"] == "Allow" and actions == ["sns:Publish"] and condition is None:
            # A text to a phone number has no ARN: "*" only beside a Deny of every SNS ARN (test_urgent_texts_phone_numbers_only).
            assert denials(resources, f"{name}Role") == {"sns:Publish": {SNS_EVERY_ARN}}
        elif "*" in resources_of(statement):
            assert (set(actions), condition) == ({"xray:PutTraceSegments", "xray:PutTelemetryRecords"}, "TracingOn")


# What a switch grants, and only while it is on: (service, target) -> condition.
TURNSTILE_PARAMETER = "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter"
SWITCHED = {
    ("kms", "TableKmsKeyArn"): "HasTableKmsKey",
    ("kms", "TurnstileKmsKeyArn"): "HasTurnstileKmsKey",
    ("ssm", TURNSTILE_PARAMETER + "${TurnstileSecretParameter}"): "HasTurnstile",
    ("ssm", TURNSTILE_PARAMETER + "/${TurnstileSecretParameter}"): "HasTurnstile",
    ("xray", "*"): "TracingOn",
    ("ses", "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${Recipient}"): "SandboxRecipient0",
}
# A customer-managed key is used only through the service whose data it encrypts.
VIA = {"TableKmsKeyArn": "dynamodb", "TurnstileKmsKeyArn": "ssm"}


@pytest.mark.parametrize("name", ROWS)
def test_conditional_grants_follow_their_switches(resources: Resources, name: str) -> None:
    for condition, statement in switched_statements(resources, f"{name}Role"):
        for action in as_list(statement["Action"]):
            for on in {target(r) for r in resources_of(statement)}:
                assert condition == SWITCHED.get((action.split(":")[0], on)), (action, on, condition)
                if action.startswith("kms:"):
                    via = {"Fn::Sub": f"{VIA[on]}.${{AWS::Region}}.${{AWS::URLSuffix}}"}
                    assert statement["Condition"]["StringEquals"]["kms:ViaService"] == via


def test_ses_events_reach_the_function_from_this_stacks_configuration_sets_only(resources: Resources) -> None:
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
    # The practice's emails' set and the person's (issue 23).
    assert pattern["detail"]["mail"]["tags"]["ses:configuration-set"] == [
        {"Ref": "EmailConfigurationSet"},
        {"Ref": "PersonEmailConfigurationSet"},
    ]
    (target,) = rule["Properties"]["Targets"]
    assert target["Arn"] == {"Ref": "SesEventsFunctionAliaslive"}
    (invoke_config,) = of_type(resources, "AWS::Lambda::EventInvokeConfig").values()
    p = invoke_config["Properties"]
    assert (p["FunctionName"], p["MaximumRetryAttempts"]) == ({"Ref": "SesEventsFunction"}, 2)
    assert p["DestinationConfig"]["OnFailure"]["Destination"] == {"Fn::GetAtt": ["SesEventsDeadLetterQueue", "Arn"]}
    assert props(resources, "SesEventsDeadLetterQueue")["SqsManagedSseEnabled"] is True


def test_a_customer_managed_turnstile_key_gets_decrypt_only_when_named(transformed: dict[str, Any], resources: Resources) -> None:
    (grant,) = [s for c, s in switched_statements(resources, "SubmitRole") if c == "HasTurnstileKmsKey"]
    assert grant["Action"] == ["kms:Decrypt"]
    assert grant["Resource"] == {"Ref": "TurnstileKmsKeyArn"}
    assert transformed["Conditions"]["HasTurnstileKmsKey"] == {
        "Fn::And": [{"Condition": "HasTurnstile"}, {"Fn::Not": [{"Fn::Equals": [{"Ref": "TurnstileKmsKeyArn"}, ""]}]}]
    }
    assert transformed["Parameters"]["TurnstileKmsKeyArn"]["Default"] == ""


# --- logs, alarms, outputs ------------------------------------------------------------------------


def test_one_log_group_per_function_and_for_the_api_each_with_retention(resources: Resources) -> None:
    groups = of_type(resources, "AWS::Logs::LogGroup")
    assert set(groups) == {f"{name}LogGroup" for name in FUNCTIONS} | {"ApiAccessLogGroup"}
    for group in groups.values():
        assert group["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}


def dashed(name: str) -> str:
    """SesEvents -> ses-events: the function's name in its log group's and alarms' names."""
    return re.sub(r"(?<!^)([A-Z])", r"-\1", name).lower()


@pytest.mark.parametrize("name", ROWS)
def test_each_function_logs_to_its_own_group(resources: Resources, name: str) -> None:
    assert props(resources, f"{name}Function")["LoggingConfig"]["LogGroup"] == {"Ref": f"{name}LogGroup"}
    # The name docs/deploy.md tells ops to read: /aws/lambda/<stack>-submit, ...
    assert sub_text(props(resources, f"{name}LogGroup")["LogGroupName"]) == f"/aws/lambda/${{AWS::StackName}}-{dashed(name)}"


@pytest.mark.parametrize("name", ROWS)
def test_each_function_has_the_errors_alarm_its_row_says(resources: Resources, name: str) -> None:
    alarm = resources.get(f"{name}ErrorsAlarm")
    assert (alarm is not None) == row(name).errors_alarm
    if alarm is not None:
        p = alarm["Properties"]
        assert (p["Namespace"], p["MetricName"]) == ("AWS/Lambda", "Errors")
        assert p["Dimensions"] == [{"Name": "FunctionName", "Value": {"Ref": f"{name}Function"}}]
        assert sub_text(p["AlarmName"]) == f"${{AWS::StackName}}-{dashed(name)}-errors"
        # A function that runs every 15 minutes keeps its alarm for a whole run, not 5 minutes of it.
        assert p["Period"] == (900 if row(name).schedule == "rate(15 minutes)" else 300)


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
        ("LeadCapture", "UrgentUnacknowledged"),
        ("LeadCapture", "UrgentPageFailed"),
    } <= watched
    errors_on = {
        a["Properties"]["Dimensions"][0]["Value"]["Ref"] for a in alarms.values() if _alarm_metrics(a) == {("AWS/Lambda", "Errors")}
    }
    assert errors_on == {f"{name}Function" for name in ROWS if row(name).errors_alarm}
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
    names = [sub_text(alarm["Properties"]["AlarmName"]) for alarm in alarms.values()]
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


@pytest.mark.parametrize("name", ROWS)
def test_each_function_publishes_versions_behind_a_live_alias(resources: Resources, name: str) -> None:
    alias = props(resources, f"{name}FunctionAliaslive")
    assert alias["Name"] == "live"
    assert alias["FunctionName"] == {"Ref": f"{name}Function"}
    version = alias["FunctionVersion"]["Fn::GetAtt"][0]
    assert resources[version]["Type"] == "AWS::Lambda::Version"
    # Old versions stay, so there is something to roll back to.
    assert resources[version]["DeletionPolicy"] == "Retain"
    # The API invokes the alias too: a rollback moves what the routes run.
    permissions = of_type(resources, "AWS::Lambda::Permission").values()
    api = [p["Properties"]["FunctionName"] for p in permissions if p["Properties"]["Principal"] == "apigateway.amazonaws.com"]
    assert ({"Ref": f"{name}FunctionAliaslive"} in api) == bool(row(name).routes)
    assert {"Ref": f"{name}Function"} not in api


@pytest.mark.parametrize("name", ROWS)
def test_snapstart_is_opt_in_for_published_versions(transformed: dict[str, Any], resources: Resources, name: str) -> None:
    assert transformed["Parameters"]["EnableSnapStart"]["Default"] == "false"
    assert props(resources, f"{name}Function")["SnapStart"] == {"Fn::If": ["SnapStartOn", {"ApplyOn": "PublishedVersions"}, NO_VALUE]}


# --- safe defaults --------------------------------------------------------------------------------


def _notify_mapping(resources: Resources) -> dict[str, Any]:
    return stream_mapping(resources, "Notify")


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


# --- urgent pages (issue 24) ---------------------------------------------------------------------

# Every SNS topic and push endpoint, in any region and account: what the urgent role may not publish to.
SNS_EVERY_ARN = "arn:${AWS::Partition}:sns:*:*:*"


def test_urgent_texts_phone_numbers_only_and_no_other_role_touches_sns(resources: Resources) -> None:
    # SMS Publish (PhoneNumber) has no resource ARN, so its Allow is on "*"; every topic (the alarm
    # topic included) and push endpoint is an SNS ARN, and the same role denies Publish on all of them.
    allowed = {s["Sid"]: s for s in statements(resources, "UrgentRole") if s["Effect"] == "Allow" and "sns:Publish" in as_list(s["Action"])}
    assert [(as_list(s["Action"]), s["Resource"]) for s in allowed.values()] == [(["sns:Publish"], "*")]
    assert "Condition" not in next(iter(allowed.values()))
    (deny,) = [s for s in statements(resources, "UrgentRole") if s["Effect"] == "Deny"]
    assert (as_list(deny["Action"]), target(deny["Resource"])) == (["sns:Publish"], SNS_EVERY_ARN)
    assert "Condition" not in deny and "NotResource" not in deny and "NotAction" not in deny
    assert re.fullmatch(
        SNS_EVERY_ARN.replace("${AWS::Partition}", "aws").replace("*", ".*"), "arn:aws:sns:us-east-1:123456789012:lead-capture-alarms"
    )
    for name in ROWS:
        sns = {a for a in grants(resources, f"{name}Role") if a.startswith("sns:")}
        assert sns == ({"sns:Publish"} if name == "Urgent" else set()), name
        assert not [s for s in statements(resources, f"{name}Role") if s["Effect"] == "Deny" and name != "Urgent"]


def test_the_page_queue_is_encrypted_tls_only_and_redrives_to_the_urgent_dead_letters(
    resources: Resources, transformed: dict[str, Any]
) -> None:
    from leadcapture.kernel.paging import MAX_DELAY_SECONDS

    queue = props(resources, "UrgentPagesQueue")
    assert queue["SqsManagedSseEnabled"] is True
    assert queue["RedrivePolicy"] == {"deadLetterTargetArn": {"Fn::GetAtt": ["UrgentDeadLetterQueue", "Arn"]}, "maxReceiveCount": 10}
    # Lambda requires the visibility timeout to cover the function's timeout; a failed step is back within a minute.
    assert props(resources, "UrgentFunction")["Timeout"] <= queue["VisibilityTimeout"] <= 60
    # Every step is delivered long before the queue forgets it: the longest delay and all its retries.
    assert queue["MessageRetentionPeriod"] > MAX_DELAY_SECONDS + 10 * queue["VisibilityTimeout"]
    (statement,) = props(resources, "UrgentPagesQueuePolicy")["PolicyDocument"]["Statement"]
    assert (statement["Effect"], statement["Resource"]) == ("Deny", {"Fn::GetAtt": ["UrgentPagesQueue", "Arn"]})
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    # Only notify (the first step) and urgent (the rest) put steps on it; only urgent takes them.
    senders = {name for name in ROWS if "UrgentPagesQueue.Arn" in grants(resources, f"{name}Role").get("sqs:SendMessage", set())}
    assert senders == {"Notify", "Urgent"}
    takers = {name for name in ROWS if "UrgentPagesQueue.Arn" in grants(resources, f"{name}Role").get("sqs:ReceiveMessage", set())}
    assert takers == {"Urgent"}


def test_the_page_queue_invokes_the_urgent_live_alias_one_step_at_a_time(resources: Resources) -> None:
    p = event_source_mapping(resources, {"Fn::GetAtt": ["UrgentPagesQueue", "Arn"]})["Properties"]
    assert p["FunctionName"] == {"Ref": "UrgentFunctionAliaslive"}
    assert (p["BatchSize"], p["FunctionResponseTypes"]) == (1, ["ReportBatchItemFailures"])
    assert p.get("Enabled", True) is True


def test_the_urgent_role_writes_only_the_paging_attributes_of_a_lead(resources: Resources) -> None:
    (update,) = [
        s
        for s in statements(resources, "UrgentRole")
        if "dynamodb:UpdateItem" in as_list(s["Action"]) and target(s["Resource"]) == "LeadsTable.Arn"
    ]
    assert as_list(update["Action"]) == ["dynamodb:UpdateItem"]
    written = {"page_count", "paged_at", "last_paged_at", "page_scheduled", "page_escalated_at"}
    assert set(update["Condition"]["ForAllValues:StringEquals"]["dynamodb:Attributes"]) == written | {"id", "status", "acknowledged_at"}


def test_an_urgent_lead_nobody_has_after_its_last_page_raises_an_alarm_to_the_alarm_topic(resources: Resources) -> None:
    alarm = props(resources, "UrgentUnacknowledgedAlarm")
    assert (alarm["Namespace"], alarm["MetricName"], alarm["Statistic"]) == ("LeadCapture", "UrgentUnacknowledged", "Sum")
    assert (alarm["ComparisonOperator"], alarm["Threshold"], alarm["EvaluationPeriods"]) == ("GreaterThanOrEqualToThreshold", 1, 1)
    assert alarm["AlarmActions"] == {"Fn::If": ["HasAlarmEmail", [{"Ref": "AlarmTopic"}], NO_VALUE]}
    assert props(resources, "UrgentPageFailedAlarm")["MetricName"] == "UrgentPageFailed"


def test_the_paging_parameters_are_what_the_code_and_sqs_accept(transformed: dict[str, Any]) -> None:
    from pydantic import ValidationError

    from leadcapture.kernel.paging import MAX_DELAY_SECONDS
    from leadcapture.urgent.settings import UrgentSettings
    from tests.settings import make_settings

    parameters = transformed["Parameters"]
    minutes, repages = parameters["UrgentRepageMinutes"], parameters["UrgentRepageMax"]
    assert (minutes["Default"], repages["Default"], parameters["UrgentPhones"]["Default"]) == (10, 3, "")
    assert minutes["MaxValue"] * 60 <= MAX_DELAY_SECONDS
    for value in (minutes["MinValue"], minutes["MaxValue"]):
        make_settings(UrgentSettings, {"URGENT_REPAGE_MINUTES": str(value)})
    make_settings(UrgentSettings, {"URGENT_REPAGE_MAX": str(repages["MaxValue"])})
    with pytest.raises(ValidationError):
        make_settings(UrgentSettings, {"URGENT_REPAGE_MAX": str(repages["MaxValue"] + 1)})
    phones = parameters["UrgentPhones"]
    for good in ("", "+12135550100", "+12135550100,+447911123456", "+12135550100 , +12135550101"):
        assert accepted(phones, good), good
        make_settings(UrgentSettings, {"URGENT_PHONES": good})
    for bad in ("2135550100", "+1 213 555 0100", "+12135550100;+12135550101", ",".join(["+12135550100"] * 6), "+0123456789"):
        assert not accepted(phones, bad), bad


def test_paging_is_off_by_default(resources: Resources) -> None:
    for name in ("NotifyFunction", "UrgentFunction"):
        assert env_of(resources, name)["URGENT_PHONES"] == {"Ref": "UrgentPhones"}
        assert env_of(resources, name)["URGENT_PAGES_QUEUE_URL"] == {"Ref": "UrgentPagesQueue"}


LEAD_EMAILERS = ("NotifyFunction", "FollowupsFunction", "SesEventsFunction", "UrgentFunction")


def test_every_email_and_text_about_a_lead_links_to_the_desk_the_stack_names(transformed: dict[str, Any], resources: Resources) -> None:
    # The DeskUrl output is where a coordinator signs in: a link to any other host would sign them in again.
    desk = transformed["Outputs"]["DeskUrl"]["Value"]
    for name in LEAD_EMAILERS:
        assert env_of(resources, name)["DESK_URL"] == desk, name


def test_the_email_is_a_notice_unless_the_practice_chooses_more(transformed: dict[str, Any], resources: Resources) -> None:
    parameters = transformed["Parameters"]
    assert parameters["EmailDetail"]["Default"] == "minimal"
    assert parameters["EmailDetail"]["AllowedValues"] == ["minimal", "contact", "full"]
    assert "EmailIncludeMessage" not in parameters
    for name in LEAD_EMAILERS:
        env = env_of(resources, name)
        assert env["EMAIL_DETAIL"] == {"Ref": "EmailDetail"}, name
        assert "EMAIL_INCLUDE_MESSAGE" not in env, name
        # Each email says by when the lead was promised an answer: the practice's calendar.
        calendar = {env[v]["Ref"] for v in ("BUSINESS_DAYS", "BUSINESS_HOURS", "HOLIDAYS")}
        assert calendar == {"BusinessDays", "BusinessHours", "Holidays"}, name
