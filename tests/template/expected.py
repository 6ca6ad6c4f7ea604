"""What each function in template.yaml must be and may do: one row per function.

The template tests find the functions in the template and hold each one against its row here, so
a new function is one new row (a function without a row, or a row without a function, fails).
A row's grants are everything the function's role may do besides what every function gets: its
own log group, X-Ray's write actions when tracing is on, and (for a function that touches a
table) the tables' customer-managed key when one is set. Anything not listed is not granted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

LEADS = "LeadsTable.Arn"
AUDIT = "AuditTable.Arn"
AUDIT_INDEXES = "${AuditTable.Arn}/index/*"
# The desk's user pool by its ARN's shape (moto's rehearsal has no Cognito resources to GetAtt).
DESK_POOL = "arn:${AWS::Partition}:cognito-idp:${AWS::Region}:${AWS::AccountId}:userpool/${DeskUserPool}"
IDEMPOTENCY = "IdempotencyTable.Arn"
# The queue of urgent leads' paging steps (notify puts the first on it, urgent takes and puts the rest).
PAGES = "UrgentPagesQueue.Arn"
# Powertools idempotency records (submissions; sent emails): read, write, complete, release.
RECORDS = {
    "dynamodb:GetItem": {IDEMPOTENCY},
    "dynamodb:PutItem": {IDEMPOTENCY},
    "dynamodb:UpdateItem": {IDEMPOTENCY},
    "dynamodb:DeleteItem": {IDEMPOTENCY},
}
# SES v2 SendEmail with Raw content is authorized as ses:SendRawEmail (Simple as ses:SendEmail), on
# the sender's identity and the configuration set; in the sandbox on each recipient's identity too.
SES_TARGETS = {
    "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${SesIdentity}",
    "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/${EmailConfigurationSet}",
    "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${Recipient}",
}
SEND = {"ses:SendEmail": SES_TARGETS, "ses:SendRawEmail": SES_TARGETS}
XRAY = {"xray:PutTraceSegments": {"*"}, "xray:PutTelemetryRecords": {"*"}}
TABLE_KEY = {action: {"TableKmsKeyArn"} for action in ("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey")}

# Every function's environment holds these (Globals).
COMMON_ENV = {
    "LEADS_TABLE_NAME",
    "POWERTOOLS_SERVICE_NAME",
    "POWERTOOLS_METRICS_NAMESPACE",
    "POWERTOOLS_LOG_LEVEL",
    "POWERTOOLS_TRACE_DISABLED",
    "PYDANTIC_DISABLE_PLUGINS",  # read by pydantic: no plugin scan on a cold start
}
# What a function that emails a lead reads to compose and send it.
EMAIL_ENV = {
    "SENDER_EMAIL",
    "SES_CONFIGURATION_SET",
    "PRACTICE_NAME",
    "PRACTICE_TIMEZONE",
    "PRACTICE_LANGUAGE",
    "EMAIL_DETAIL",  # how much of the lead the email carries (minimal by default)
    "DESK_URL",  # the email's link to the lead in the desk
    "BUSINESS_DAYS",  # the practice's calendar: every email says by when the lead was promised an answer
    "BUSINESS_HOURS",
    "HOLIDAYS",
    "IDEMPOTENCY_TABLE_NAME",  # the sent-email ledger: a redelivery never sends twice
    "ACTIONS_BASE_URL",  # the email's action links point at this API ...
    "ACTION_LINK_KEY_SECRET",  # ... signed with this key
}


def merged(*grants: Mapping[str, set[str]]) -> dict[str, set[str]]:
    """action -> targets, the union of the given grants."""
    union: dict[str, set[str]] = {}
    for grant in grants:
        for action, targets in grant.items():
            union.setdefault(action, set()).update(targets)
    return union


@dataclass(frozen=True)
class Function:
    """One function: what it runs, reads, may do and how it is watched."""

    handler: str
    # Its environment beyond COMMON_ENV: the settings its code reads.
    env: set[str]
    # action -> logical ids (or ARN shapes) it may do it on, besides every function's own grants.
    grants: dict[str, set[str]]
    memory: int = 256
    # low < Timeout <= high, in seconds.
    timeout: tuple[int, int] = (0, 15)
    # Reads or writes a table: it gets the tables' customer-managed key when TableKmsKeyArn is set.
    tables: bool = True
    # An alarm on its Lambda Errors metric.
    errors_alarm: bool = False
    # A dead-letter queue of its own (TLS-only, alarmed on its first message) for what it gives up on.
    dead_letters: bool = False
    # HTTP API routes that invoke it (method, path).
    routes: tuple[tuple[str, str], ...] = ()
    # An EventBridge schedule that invokes it.
    schedule: str | None = None
    # The parameters naming whom it may email (ses:Recipients); it sends as SenderEmail only.
    sends_to: frozenset[str] = frozenset()
    # It emails the person, whoever that is: as SenderEmail only, with no ses:Recipients condition (issue 23).
    sends_to_anyone: bool = False

    def all_grants(self, name: str) -> dict[str, set[str]]:
        """Everything its role may do: its row's grants and what every function gets."""
        own_logs = {"logs:CreateLogStream": {f"{name}LogGroup.Arn"}, "logs:PutLogEvents": {f"{name}LogGroup.Arn"}}
        return merged(own_logs, XRAY, TABLE_KEY if self.tables else {}, self.grants)


# The person's emails: the identity and their own configuration set (in the sandbox, the recipients' identities).
PERSON_SES_TARGETS = {
    "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${SesIdentity}",
    "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/${PersonEmailConfigurationSet}",
    "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${Recipient}",
}

FUNCTIONS: dict[str, Function] = {
    # POST /consultations: validates and stores a lead; a person waits on it.
    "Submit": Function(
        handler="leadcapture.intake.handler.handler",
        env={
            "IDEMPOTENCY_TABLE_NAME",
            "IDEMPOTENCY_EXPIRY_SECONDS",
            "RATE_LIMIT_TABLE_NAME",
            "RATE_LIMIT_PER_HOUR",
            "RATE_LIMIT_KEY_SECRET",
            "LOOKUP_KEY_SECRET",
            "RETENTION_DAYS",
            "SPAM_RETENTION_DAYS",
            "THANK_YOU_URL",
            "ALLOWED_ORIGINS",
            "CONSENT_VERSION",
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
        },
        grants=merged(
            RECORDS,
            {
                "dynamodb:PutItem": {LEADS},  # never a read of a lead: submit only writes them
                "dynamodb:UpdateItem": {"RateLimitTable.Arn"},
                "secretsmanager:GetSecretValue": {"RateLimitKeySecret", "CanaryKeySecret", "LookupKeySecret"},
                "ssm:GetParameter": {
                    "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${TurnstileSecretParameter}",
                    "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${TurnstileSecretParameter}",
                },
                "kms:Decrypt": {"TurnstileKmsKeyArn"},  # through SSM only, when that key is named
            },
        ),
        # A person waits on its cold start, and CPU comes with memory.
        memory=512,
        errors_alarm=True,
        # The preflight too: CORS is submit's own answer, so the action links have none (issue 25).
        routes=(("post", "/consultations"), ("options", "/consultations")),
    ),
    # The leads stream (INSERT): one email per new lead, at most once.
    "Notify": Function(
        handler="leadcapture.notify.handler.handler",
        # RETENTION_DAYS: a quarantined lead the second look flags is released with the normal retention.
        env=EMAIL_ENV | {"COORDINATOR_EMAILS", "URGENT_EMAILS", "URGENT_PHONES", "URGENT_PAGES_QUEUE_URL", "RETENTION_DAYS"},
        grants=merged(
            RECORDS,
            SEND,
            {
                "dynamodb:DescribeStream": {"LeadsTable.StreamArn"},
                "dynamodb:GetRecords": {"LeadsTable.StreamArn"},
                "dynamodb:GetShardIterator": {"LeadsTable.StreamArn"},
                "dynamodb:ListStreams": {"${LeadsTable.Arn}/stream/*"},
                "dynamodb:GetItem": {LEADS},
                "dynamodb:UpdateItem": {LEADS},
                "sqs:SendMessage": {"NotifyDeadLetterQueue.Arn", PAGES},  # its dead letters; an urgent lead's first page
                "secretsmanager:GetSecretValue": {"ActionLinkKeySecret"},  # to sign the email's links
            },
        ),
        # Bounded by its worst case, computed from the clients' settings (test_template).
        timeout=(0, 900),
        errors_alarm=True,
        dead_letters=True,
        # The coordinator email; an urgent lead's copy at once.
        sends_to=frozenset({"CoordinatorEmails", "UrgentEmails"}),
    ),
    # GET/POST /actions/{token}: the email's links; a coordinator waits on the page.
    "Actions": Function(
        handler="leadcapture.actions.handler.handler",
        env={"ACTION_LINK_KEY_SECRET", "PRACTICE_TIMEZONE", "RETRY_AFTER_SECONDS"},
        grants={
            "dynamodb:GetItem": {LEADS},
            "dynamodb:UpdateItem": {LEADS},
            "secretsmanager:GetSecretValue": {"ActionLinkKeySecret"},
        },
        routes=(("get", "/actions/{token}"), ("post", "/actions/{token}")),
    ),
    # Every 15 minutes: reminders and escalations of leads still open at their promise.
    "Followups": Function(
        handler="leadcapture.followups.handler.handler",
        env=EMAIL_ENV | {"COORDINATOR_EMAILS", "ESCALATION_EMAILS", "BUSINESS_DAYS", "BUSINESS_HOURS", "HOLIDAYS"},
        grants=merged(
            RECORDS,
            SEND,
            {
                "dynamodb:Query": {"${LeadsTable.Arn}/index/open-leads"},  # the index, never the table: no scan
                "dynamodb:GetItem": {LEADS},
                "dynamodb:UpdateItem": {LEADS},
                "secretsmanager:GetSecretValue": {"ActionLinkKeySecret"},
            },
        ),
        timeout=(0, 120),
        errors_alarm=True,
        schedule="rate(15 minutes)",
        # Reminders to the coordinators, escalations to the escalation addresses.
        sends_to=frozenset({"CoordinatorEmails", "EscalationEmails"}),
    ),
    # SES delivery events (EventBridge): recorded on the lead; a bounce is escalated.
    "SesEvents": Function(
        handler="leadcapture.delivery.handler.handler",
        env=EMAIL_ENV | {"ESCALATION_EMAILS"},
        grants=merged(
            RECORDS,
            SEND,
            {
                "dynamodb:GetItem": {LEADS},
                "dynamodb:UpdateItem": {LEADS},
                "sqs:SendMessage": {"SesEventsDeadLetterQueue.Arn"},
                "secretsmanager:GetSecretValue": {"ActionLinkKeySecret"},  # to sign the escalation copy's links
            },
        ),
        timeout=(0, 60),
        errors_alarm=True,
        dead_letters=True,
        # The bounced email's copy, to the escalation addresses.
        sends_to=frozenset({"EscalationEmails"}),
    ),
    # The page queue (SQS, one step at a time): a text to each on-call phone, the next step, the escalation.
    "Urgent": Function(
        handler="leadcapture.urgent.handler.handler",
        env=EMAIL_ENV
        | {"ESCALATION_EMAILS", "URGENT_PHONES", "URGENT_PAGES_QUEUE_URL", "URGENT_REPAGE_MINUTES", "URGENT_REPAGE_MAX", "DESK_URL"},
        grants=merged(
            RECORDS,
            SEND,
            {
                # The event source mapping's reads of its queue, and the next step put on it.
                "sqs:ReceiveMessage": {PAGES},
                "sqs:DeleteMessage": {PAGES},
                "sqs:GetQueueAttributes": {PAGES},
                "sqs:SendMessage": {PAGES},
                "dynamodb:GetItem": {LEADS},
                "dynamodb:UpdateItem": {LEADS},  # only the paging attributes (test_template)
                "secretsmanager:GetSecretValue": {"ActionLinkKeySecret"},  # to sign the page's "I'm on it" link
                # A text to a phone number has no ARN; every SNS ARN is denied (test_template): phone numbers only.
                "sns:Publish": {"*"},
            },
        ),
        timeout=(0, 60),
        errors_alarm=True,
        dead_letters=True,
        # The escalation of an urgent lead nobody had after its last page.
        sends_to=frozenset({"EscalationEmails"}),
    ),
    # Daily: one signed synthetic submission through the public API.
    "Heartbeat": Function(
        handler="leadcapture.heartbeat.handler.handler",
        env={"HEARTBEAT_URL", "CANARY_KEY_SECRET"},
        grants={"secretsmanager:GetSecretValue": {"CanaryKeySecret"}},
        # It waits up to 15 s for the API (wiring.heartbeat_poster), and needs room to log and count.
        timeout=(15, 30),
        tables=False,
        schedule="rate(1 day)",
    ),
    # GET/POST /desk/...: the signed-in desk (issue 21); a coordinator waits on each page.
    "Desk": Function(
        handler="leadcapture.desk.handler.handler",
        env={
            "DESK_SESSIONS_TABLE_NAME",
            "AUDIT_TABLE_NAME",
            "AUDIT_RETENTION_DAYS",
            "IDEMPOTENCY_TABLE_NAME",  # a manager's forget removes the person's records there
            "SES_EVENTS_DEAD_LETTER_QUEUE_URL",  # ... and their SES events' dead letters
            "DESK_USER_POOL_ID",
            "DESK_CLIENT_ID",
            "DESK_IDLE_MINUTES",
            "DESK_ABSOLUTE_HOURS",
            "LOOKUP_KEY_SECRET",
            "PRACTICE_NAME",
            "PRACTICE_TIMEZONE",
            "PRACTICE_LANGUAGE",
            "BUSINESS_DAYS",
            "BUSINESS_HOURS",
            "HOLIDAYS",
            "RETENTION_DAYS",
            "SPAM_RETENTION_DAYS",
        },
        grants={
            # Leads by key and by index, never a Scan of the table.
            "dynamodb:GetItem": {LEADS, "DeskSessionsTable.Arn", IDEMPOTENCY},
            "dynamodb:BatchGetItem": {LEADS},
            "dynamodb:Query": {
                *(f"${{LeadsTable.Arn}}/index/{index}" for index in ("open-leads", "by-status", "by_email_hash", "by_phone_hash")),
                AUDIT_INDEXES,
            },
            "dynamodb:UpdateItem": {LEADS, "DeskSessionsTable.Arn"},
            # The audit trail: add only (tests/template test_no_role_may_change_or_remove_an_audit_record).
            "dynamodb:PutItem": {"DeskSessionsTable.Arn", AUDIT},
            # A manager's forget (adapters/forget.py, as `leads forget`): the leads, their records, their dead letters.
            "dynamodb:DeleteItem": {"DeskSessionsTable.Arn", LEADS, IDEMPOTENCY},
            "dynamodb:Scan": {IDEMPOTENCY},
            "sqs:ReceiveMessage": {"SesEventsDeadLetterQueue.Arn"},
            "sqs:DeleteMessage": {"SesEventsDeadLetterQueue.Arn"},
            "sqs:ChangeMessageVisibility": {"SesEventsDeadLetterQueue.Arn"},
            "cognito-idp:ListUsers": {DESK_POOL},
            "cognito-idp:ListUsersInGroup": {DESK_POOL},
            "secretsmanager:GetSecretValue": {"LookupKeySecret"},
        },
        errors_alarm=True,
        routes=(("get", "/desk"), ("get", "/desk/{proxy+}"), ("post", "/desk/{proxy+}")),
    ),
    # The leads stream (INSERT, MODIFY): the person's acknowledgement and close note, each once (issue 23).
    "Person": Function(
        handler="leadcapture.person.handler.handler",
        env={
            "SENDER_EMAIL",
            "COORDINATOR_EMAILS",  # Reply-To: the first coordinator
            "PERSON_EMAIL_CONFIGURATION_SET",
            "PRACTICE_TIMEZONE",
            "PRACTICE_LANGUAGE",
            "BUSINESS_DAYS",
            "BUSINESS_HOURS",
            "HOLIDAYS",
            "IDEMPOTENCY_TABLE_NAME",
            "RATE_LIMIT_TABLE_NAME",
            "RATE_LIMIT_KEY_SECRET",
            "ACKNOWLEDGEMENT_SUBJECT",
            "REFERRALS",
        },
        grants=merged(
            RECORDS,
            {"ses:SendEmail": PERSON_SES_TARGETS, "ses:SendRawEmail": PERSON_SES_TARGETS},
            {
                "dynamodb:DescribeStream": {"LeadsTable.StreamArn"},
                "dynamodb:GetRecords": {"LeadsTable.StreamArn"},
                "dynamodb:GetShardIterator": {"LeadsTable.StreamArn"},
                "dynamodb:ListStreams": {"${LeadsTable.Arn}/stream/*"},
                "dynamodb:GetItem": {LEADS},
                "dynamodb:UpdateItem": {LEADS},  # only its own emails' attributes (test_template)
                "dynamodb:PutItem": {"RateLimitTable.Arn"},  # the per-address window
                "secretsmanager:GetSecretValue": {"RateLimitKeySecret"},  # the window's HMAC key
                "sqs:SendMessage": {"PersonDeadLetterQueue.Arn"},
            },
        ),
        timeout=(114, 900),
        errors_alarm=True,
        dead_letters=True,
        sends_to_anyone=True,
    ),
}
