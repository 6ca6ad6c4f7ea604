"""Start and stop the whole local stack: settings, the AWS to use, the functions, the poller, the server.

The embedded AWS is moto's ThreadedMotoServer on a free loopback port, reached through
AWS_ENDPOINT_URL with fake credentials, so the functions take the same "any endpoint" code path
they take against real AWS. When the environment already names an AWS (an endpoint, a profile,
keys, or LEAD_CAPTURE_AWS=real), that one is used and nothing is started or created in it.

With moto, the stack also creates the lookup index's key in moto's Secrets Manager (as the
template does in AWS) and describes its AWS at `/_local/aws` on its own port: the endpoint, the
region and the functions' settings with the table names. That is how `leads --local` finds it
(infra/ops/leads): the endpoint's port is random, the stack's own port is known.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import secrets
import threading
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field, replace
from email.utils import parseaddr
from typing import TYPE_CHECKING, Any

from infra.build import tables

from .gateway import Cors, Gateway, Response, Route
from .outbox import Outbox
from .runtime import ACCOUNT_ID, LambdaContext, invoke
from .server import ACTIONS_PATH, API_PATH, LocalServer, Site, make_server
from .urgent import LOCAL_PHONE, QUEUE_NAME, SmsOutbox

if TYPE_CHECKING:
    from leadcapture.kernel.settings.base import FunctionSettings

# Settings the stack gives the functions unless the environment sets them.
LOCAL_DEFAULTS = {
    "SENDER_EMAIL": "Care Coordinator form <forms@practice.example>",
    "COORDINATOR_EMAILS": "coordinator@practice.example",
    # A bounced coordinator email goes here (COORDINATOR_EMAILS=bounce@simulator.amazonses.com shows it).
    "ESCALATION_EMAILS": "manager@practice.example",
    "PRACTICE_NAME": "Lakeside Counseling",
    "THANK_YOU_URL": "/thank-you",
    "THANK_YOU_URLS": "es=/es/thank-you",
    "POWERTOOLS_SERVICE_NAME": "lead-capture-local",
    "POWERTOOLS_TRACE_DISABLED": "true",
    # One EMF blob per request drowns the console; POWERTOOLS_METRICS_DISABLED=false shows them.
    "POWERTOOLS_METRICS_DISABLED": "true",
    # botocore >= 1.44 sends DynamoDB Streams calls to an account-id endpoint moto does not serve.
    "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
}
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local"}
# The desk over the stack's plain HTTP: cookies without Secure (and so without the __Host- prefix), only here.
DESK_DEFAULTS = {"DESK_SECURE_COOKIES": "false"}
# The action links' key in the embedded moto: a secret like the template's, made at each start.
LOCAL_LINK_KEY_SECRET = "lead-capture-local/action-link-key"  # noqa: S105 - the secret's name, not a key
LOOKUP_KEY_SECRET = "lead-capture-local/lookup-key"  # noqa: S105 - the name of a secret, not its value


def external_aws(env: MutableMapping[str, str]) -> str | None:
    """The variable that names an AWS to use instead of moto, or None for moto."""
    choice = env.get("LEAD_CAPTURE_AWS", "").strip().lower()
    if choice == "moto":
        return None
    if choice == "real":
        return "LEAD_CAPTURE_AWS=real"
    endpoints = sorted(name for name in env if name.startswith("AWS_ENDPOINT_URL"))
    return next((name for name in [*endpoints, "AWS_PROFILE", "AWS_ACCESS_KEY_ID"] if env.get(name)), None)


def sender_domain(sender: str) -> str:
    return parseaddr(sender)[1].rpartition("@")[2]


@dataclass
class Stack:
    port: int = 3000
    notify: bool = True
    create_tables: bool = False
    say: Callable[[str], None] = print
    env: MutableMapping[str, str] = field(default_factory=lambda: os.environ)

    server: LocalServer | None = None
    moto: Any = None
    poller: Any = None
    # Urgent pages: the page queue's poller (the urgent function), and moto's texts.
    page_poller: Any = None
    sms: SmsOutbox | None = None
    # The stream's second reader (issue 23): the person's acknowledgement and close note.
    person_poller: Any = None
    ses_events: Any = None
    aws_source: str | None = None
    desk_users: list[Any] = field(default_factory=list)
    _serving: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> None:
        # Bind first: the real port (PORT=0 picks one) goes into ALLOWED_ORIGINS before the functions read it.
        self.server = make_server(self.port)
        port = self.server.server_address[1]
        per_start = {
            "ALLOWED_ORIGINS": f"http://127.0.0.1:{port},http://localhost:{port}",
            # The heartbeat posts to this stack's own API, signed with a key made for this run.
            "HEARTBEAT_URL": f"http://127.0.0.1:{port}{API_PATH}",
            "CANARY_KEY": secrets.token_hex(32),
        }
        for key, value in {**LOCAL_DEFAULTS, **DESK_DEFAULTS, **per_start}.items():
            self.env.setdefault(key, value)
        # The coordinator email's action links open this stack's pages; its desk link, and a text's, this desk.
        self.env.setdefault("ACTIONS_BASE_URL", f"http://127.0.0.1:{port}")
        self.env.setdefault("DESK_URL", f"http://127.0.0.1:{port}/desk")
        self.aws_source = external_aws(self.env)
        if self.aws_source is None:
            self._start_moto()
            self.env.setdefault("ACTION_LINK_KEY_SECRET", LOCAL_LINK_KEY_SECRET)
            # Urgent pages on, to a fictional on-call number: the texts show in /_local/sms.
            self.env.setdefault("URGENT_PHONES", LOCAL_PHONE)
            # SES publishes events only for sends through a configuration set (ses_events.py makes
            # them under moto, which ignores the name); a real AWS needs one that exists.
            self.env.setdefault("SES_CONFIGURATION_SET", "lead-capture-local")
            self._start_desk_users()
            self.env.setdefault("PERSON_EMAIL_CONFIGURATION_SET", "lead-capture-person-local")
        else:  # another AWS: its own pool when the environment names one, else a desk nobody can sign in to
            self.env.setdefault("DESK_USER_POOL_ID", "us-east-1_notConfigured")
            self.env.setdefault("DESK_CLIENT_ID", "not-configured")
        names = {spec.env_var: self.env.setdefault(spec.env_var, spec.default_name) for spec in tables.ALL}
        from infra.build.functions import functions
        from leadcapture.adapters import aws
        from leadcapture.adapters.environment import load
        from leadcapture.intake.settings import SubmitSettings
        from leadcapture.notify.settings import NotifySettings

        aws.reset()
        # Every function's settings from this environment, as each function reads them: a bad or
        # missing setting stops the start here, naming the variable.
        settings = {function.name: load(function.settings_model(), self.env) for function in functions() if self._runs(function.name)}
        submit, notify = settings["submit"], settings["notify"]
        assert isinstance(submit, SubmitSettings) and isinstance(notify, NotifySettings)
        if self.aws_source is None or self.create_tables:
            self._create_tables(names)
        if self.aws_source is None and notify.action_link_key_secret == LOCAL_LINK_KEY_SECRET:
            secret = secrets.token_urlsafe(48)
            aws.clients().secretsmanager().create_secret(Name=LOCAL_LINK_KEY_SECRET, SecretString=secret)  # type: ignore[attr-defined]
        region = aws_region()
        if self.aws_source is None:
            ses = aws.clients().sesv2()
            ses.create_email_identity(EmailIdentity=sender_domain(notify.sender_email))
            self.ses_events = self._ses_event_publisher(ses, region)
        outbox = Outbox(ACCOUNT_ID, region) if self.aws_source is None else None
        self.server.site = self._site(submit.allowed_origins, outbox, region)
        if self.aws_source is None:
            self.server.site.aws = lambda: self.describe_aws(settings, names, region)
            self.sms = self.server.site.sms = SmsOutbox(ACCOUNT_ID, region)
            from .users import as_json

            self.server.site.users = lambda: as_json(self.desk_users)
        if self.notify:
            self._start_poller(notify.leads_table_name, outbox, region)
            if notify.urgent_pages_queue_url:
                self._start_page_poller(notify.urgent_pages_queue_url, region)
        self._serving = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.2}, name="http", daemon=True)
        self._serving.start()

    def _runs(self, function: str) -> bool:
        """Whether the stack runs this function here: all of them, but the urgent function on another AWS
        without URGENT_PAGES_QUEUE_URL (no queue to take its steps from: urgent pages are off)."""
        return function != "urgent" or bool(self.env.get("URGENT_PAGES_QUEUE_URL"))

    def stop(self) -> None:
        """Stop serving, then the poller, then moto; safe to call more than once."""
        if self.server is not None and self._serving is not None:
            self.server.shutdown()
            self._serving.join(5)
        if self.server is not None:
            self.server.server_close()
        if self.poller is not None:
            self.poller.stop()
            self.poller = None
        if self.page_poller is not None:
            self.page_poller.stop()
            self.page_poller = None
        if self.person_poller is not None:
            self.person_poller.stop()
            self.person_poller = None
        if self.moto is not None:
            self.moto.stop()
            self.moto = None
        self.server = self._serving = None

    def _start_moto(self) -> None:
        from moto.server import ThreadedMotoServer

        for name in ("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
            self.env.pop(name, None)
        self.env.update(FAKE_CREDENTIALS)
        self.env.setdefault("AWS_DEFAULT_REGION", "us-east-1")
        # moto's werkzeug logs every AWS call; the console is for the product's own lines.
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self.moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        with contextlib.redirect_stdout(io.StringIO()):
            self.moto.start()
        host, port = self.moto.get_host_and_port()
        self.env["AWS_ENDPOINT_URL"] = f"http://{host}:{port}"
        import boto3

        # What the template's LookupKeySecret is in AWS: a random key nobody types.
        name = self.env.setdefault("LOOKUP_KEY_SECRET", LOOKUP_KEY_SECRET)
        boto3.client("secretsmanager", endpoint_url=self.env["AWS_ENDPOINT_URL"], region_name=self.env["AWS_DEFAULT_REGION"],
                     aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
                     aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"]).create_secret(
            Name=name, SecretString=secrets.token_urlsafe(48))  # fmt: skip
        # What the template's UrgentPagesQueue is in AWS: the queue of urgent leads' paging steps.
        if "URGENT_PAGES_QUEUE_URL" not in self.env:
            sqs = boto3.client("sqs", endpoint_url=self.env["AWS_ENDPOINT_URL"], region_name=self.env["AWS_DEFAULT_REGION"],
                               aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
                               aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"])  # fmt: skip
            self.env["URGENT_PAGES_QUEUE_URL"] = sqs.create_queue(QueueName=QUEUE_NAME)["QueueUrl"]

    def _start_desk_users(self) -> None:
        """The desk's user pool in moto, with one coordinator and one manager enrolled (infra/local/users.py)."""
        import boto3

        from .users import create_people

        # moto checks authenticator codes only with this set (read at each call, in this process).
        self.env["MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP"] = "true"
        endpoint = self.env["AWS_ENDPOINT_URL"]
        cognito = boto3.client("cognito-idp", endpoint_url=endpoint, region_name=self.env["AWS_DEFAULT_REGION"],
                               aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
                               aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"])  # fmt: skip
        pool, client, self.desk_users = create_people(cognito)
        self.env["DESK_USER_POOL_ID"] = pool
        self.env["DESK_CLIENT_ID"] = client
        # The pool's signing keys, as moto serves them (Cognito's own address in AWS).
        self.env["DESK_JWKS_URL"] = f"{endpoint}/{pool}/.well-known/jwks.json"

    def describe_aws(self, settings: dict[str, FunctionSettings], names: dict[str, str], region: str) -> dict[str, Any]:
        """The embedded AWS and the settings the functions run with here, for tools on this machine (`leads --local`)."""
        environment = {name: value for model in settings.values() for name, value in model.environment().items()}
        return {"endpoint_url": self.env["AWS_ENDPOINT_URL"], "region": region, "environment": {**environment, **names}}

    def _create_tables(self, names: dict[str, str]) -> None:
        from leadcapture.adapters import aws

        client = aws.clients().dynamodb()
        existing = set(client.list_tables()["TableNames"])
        for spec in tables.ALL:
            if names[spec.env_var] not in existing:
                tables.create_table(client, spec, names[spec.env_var])

    def _site(self, origins: tuple[str, ...], outbox: Outbox | None, region: str) -> Site:
        from leadcapture.actions import handler as actions
        from leadcapture.desk import handler as desk
        from leadcapture.intake import handler as submit

        def call_submit(event: dict[str, Any]) -> Any:
            return invoke(submit.handler, event, function_name="submit", region=region)

        def call_actions(event: dict[str, Any]) -> Any:
            return invoke(actions.handler, event, function_name="actions", region=region)

        def call_desk(event: dict[str, Any]) -> Any:
            return invoke(desk.handler, event, function_name="desk", region=region)

        def function_error(err: Exception) -> None:
            # The type only: an exception's text could hold a submitted value.
            self.say(f"function error ({type(err).__name__}): API Gateway answers 500")

        cors = Cors(origins) if origins else None
        routes = [Route("POST", API_PATH, call_submit), Route("GET", ACTIONS_PATH, call_actions), Route("POST", ACTIONS_PATH, call_actions)]
        # The desk (template.yaml's DeskFunction routes).
        routes += [Route("GET", "/desk", call_desk), Route("GET", "/desk/{proxy+}", call_desk), Route("POST", "/desk/{proxy+}", call_desk)]
        gateway = Gateway(routes=routes, cors=cors, on_error=function_error)
        reason = f"The outbox shows emails sent through the embedded moto only; this stack uses the AWS named by {self.aws_source}."
        return Site(
            gateway=gateway,
            outbox=outbox,
            list_leads=list_leads,
            openapi=openapi_document,
            say=self.say,
            unavailable_reason=reason,
            heartbeat=lambda: run_heartbeat(region),
            tick=self._ticker(outbox, region),
        )

    def _ticker(self, outbox: Outbox | None, region: str) -> Callable[[bytes], Response]:
        """POST /_local/tick: the followups function at the instant asked for, answering what it did."""
        from leadcapture.followups import handler as followups

        from .scheduler import BadTick, parse_tick, scheduled_event

        def tick(body: bytes) -> Response:
            try:
                now = parse_tick(body)
            except BadTick as err:
                return Response.json(400, {"message": str(err)})
            # Urgent pages first: every paging step due by `now`, run as of its due time.
            pages = self.page_poller.release(now, account=ACCOUNT_ID) if self.page_poller is not None else []
            try:
                report = invoke(followups.handler, scheduled_event(now, region), function_name="followups", region=region, timeout=60)
            except Exception as err:  # a function error, as Lambda reports it: the type only
                self.say(f"followups function error ({type(err).__name__})")
                return Response.json(500, {"message": "the followups function failed", "error": type(err).__name__})
            if outbox is not None:
                outbox.refresh()
            if self.ses_events is not None:  # reminders and escalations get their SES events too
                self.ses_events.publish()
            self.say(f"tick {scheduled_event(now, region)['time']}: {report['counts']}, {len(pages)} paging step(s)")
            return Response.json(200, {**report, "pages": pages})

        return tick

    def _ses_event_publisher(self, client: Any, region: str) -> Any:
        from leadcapture.delivery import handler as ses_events

        from .ses_events import SesEventPublisher

        def call_ses_events(event: dict[str, Any]) -> Any:
            return invoke(ses_events.handler, event, function_name="ses-events", region=region, timeout=30)

        publisher = SesEventPublisher(invoke=call_ses_events, say=self.say, region=region, account=ACCOUNT_ID)
        publisher.watch(client)
        return publisher

    def _start_page_poller(self, queue_url: str, region: str) -> None:
        from leadcapture.urgent import handler as urgent

        from .urgent import PageQueuePoller

        def call_urgent(event: dict[str, Any]) -> Any:
            return invoke(urgent.handler, event, function_name="urgent", region=region, timeout=30)

        def after_step() -> None:
            # What SES would report about an escalation email, then the texts (stamped now).
            if self.ses_events is not None:
                self.ses_events.publish()
            if self.sms is not None:
                self.sms.refresh()

        texts = self.sms.total if self.sms is not None else (lambda: 0)
        self.page_poller = PageQueuePoller(queue_url=queue_url, invoke=call_urgent, say=self.say, after_step=after_step, texts=texts)
        self.page_poller.start()

    def _start_poller(self, table_name: str, outbox: Outbox | None, region: str) -> None:
        from leadcapture.notify import handler as notify

        from .streams import StreamPoller, event_source_settings

        def call_notify(event: dict[str, Any]) -> Any:
            return invoke(notify.handler, event, function_name="notify", region=region, timeout=30)

        def after_batch() -> None:
            # What SES would report about the emails just sent (moto reports nothing), then the outbox.
            if self.ses_events is not None:
                self.ses_events.publish()
            if outbox is not None:
                outbox.refresh()

        self.poller = StreamPoller(
            table_name=table_name,
            invoke=call_notify,
            say=self.say,
            after_batch=after_batch,
            # A fresh moto table: read it all. A real one: only what arrives from now on.
            settings=replace(event_source_settings(), start_at="TRIM_HORIZON" if self.aws_source is None else "LATEST"),
        )
        self.poller.start()
        self._start_person_poller(table_name, after_batch, region)

    def _start_person_poller(self, table_name: str, after_batch: Callable[[], None], region: str) -> None:
        """The stream's second reader, as its own mapping: INSERT and MODIFY to the person function."""
        from leadcapture.person import handler as person

        from .streams import PERSON_FUNCTION, StreamPoller, event_source_settings

        def call_person(event: dict[str, Any]) -> Any:
            return invoke(person.handler, event, function_name="person", region=region, timeout=30)

        settings = event_source_settings(function=PERSON_FUNCTION)
        self.person_poller = StreamPoller(
            table_name=table_name,
            invoke=call_person,
            say=self.say,
            after_batch=after_batch,
            settings=replace(settings, start_at="TRIM_HORIZON" if self.aws_source is None else "LATEST"),
        )
        self.person_poller.start()


def run_heartbeat(region: str) -> tuple[int, dict[str, Any]]:
    """The heartbeat function, once, as its daily schedule would run it: (200, its result) or (502, why not).

    Not through `invoke`'s one-at-a-time lock: the heartbeat waits on this stack's API, whose submit
    invocation takes that lock (in AWS they are separate functions).
    """
    from leadcapture.heartbeat import handler as heartbeat
    from leadcapture.kernel.errors import HeartbeatFailed

    event = {"source": "aws.events", "detail-type": "Scheduled Event", "detail": {}}
    try:
        result = heartbeat.handler(event, LambdaContext(function_name="heartbeat", region=region, timeout_seconds=20))
    except HeartbeatFailed as err:
        return 502, {"ok": False, "reason": err.reason}
    return 200, result


def aws_region() -> str:
    import boto3

    return boto3.session.Session().region_name or "us-east-1"


def list_leads() -> list[dict[str, Any]]:
    import os

    from leadcapture.adapters import aws
    from leadcapture.adapters.leads.items import to_plain
    from leadcapture.adapters.leads_table import LeadStore

    store = LeadStore(os.environ["LEADS_TABLE_NAME"], aws.clients().dynamodb())
    leads = [to_plain(lead) for lead in store.scan()]
    return sorted(leads, key=lambda lead: str(lead.get("created_at", "")), reverse=True)


_openapi: dict[str, Any] = {}


def openapi_document() -> dict[str, Any]:
    if not _openapi:
        from leadcapture.intake.web.openapi import document

        _openapi.update(document())
    return _openapi
