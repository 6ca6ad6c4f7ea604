"""The desk function under moto: Cognito's sign-in (moto's cognito-idp with TOTP checked), sessions,
CSRF, the inbox's index reads, a lead's page, notes and statuses.

A `Browser` here is a cookie jar that sends payload-2.0 events (built by the local gateway) to the
handler. The pool's signing keys are moto's own (its public JWKS, read from moto's package, as its
server serves them at /<pool>/.well-known/jwks.json).
"""

from __future__ import annotations

import dataclasses
import json
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import boto3
import pytest
from infra.local.runtime import LambdaContext as _Context
from infra.local.users import FIRST_PASSWORD, PASSWORD, add_enrolled_user, create_pool, totp_code

from leadcapture.adapters.leads_table import LeadStore
from leadcapture.desk import handler as desk
from leadcapture.desk import wiring
from leadcapture.desk.adapters.tokens import JwtVerifier
from leadcapture.kernel.lead import Consent, Lead
from leadcapture.kernel.lookup import lookup_keys
from tests import personal_data
from tests.conftest import ENV, http_event

FORM = "application/x-www-form-urlencoded"
LOOKUP_SECRET = "desk-test/lookup-key"
LOOKUP_KEY = "lookup-key-for-tests"


def moto_resource(name: str) -> dict[str, Any]:
    """moto's Cognito signing key set (public or private), as its package ships it (gzipped)."""
    import gzip

    import moto.cognitoidp

    return dict(json.loads(gzip.decompress((Path(moto.cognitoidp.__file__).parent / "resources" / f"{name}.json.gz").read_bytes())))


def moto_jwks(url: str) -> dict[str, Any]:
    return moto_resource("jwks-public")


@dataclass
class People:
    pool: str
    client: str
    coordinator: Any
    manager: Any


@pytest.fixture
def people(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[People]:
    monkeypatch.setenv("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "true")
    cognito = boto3.client("cognito-idp")
    pool, client = create_pool(cognito)
    coordinator = add_enrolled_user(cognito, pool, client, ("casey@practice.example", "coordinator", "Casey Coordinator"))
    manager = add_enrolled_user(cognito, pool, client, ("morgan@practice.example", "manager", "Morgan Manager"))
    boto3.client("secretsmanager").create_secret(Name=LOOKUP_SECRET, SecretString=LOOKUP_KEY)
    for name, value in {"DESK_USER_POOL_ID": pool, "DESK_CLIENT_ID": client, "LOOKUP_KEY_SECRET": LOOKUP_SECRET}.items():
        monkeypatch.setenv(name, value)
    w = wiring.current()
    w.__dict__["verifier"] = JwtVerifier(issuer=w.settings.issuer, client_id=client, keys_url="moto", fetch=moto_jwks)
    yield People(pool, client, coordinator, manager)


@dataclass
class Browser:
    """Cookies in, cookies out, as a browser keeps them (by name; Max-Age=0 removes one)."""

    cookies: dict[str, str] = field(default_factory=dict)
    last: dict[str, Any] = field(default_factory=dict)

    def send(self, method: str, path: str, form: dict[str, str] | None = None, query: str = "") -> dict[str, Any]:
        body = urlencode(form).encode() if form is not None else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        event = http_event(body, content_type=FORM if body else None, accept="text/html", method=method, path=path, query=query,
                           headers=headers, remember=body is not None)  # fmt: skip
        answer: dict[str, Any] = desk.handler(event, _Context(function_name="desk", region="us-east-1"))
        for cookie in answer.get("cookies", []):
            pair = cookie.split(";", 1)[0]
            name, _, value = pair.partition("=")
            if "Max-Age=0" in cookie:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        self.last = answer
        return answer

    def get(self, path: str, query: str = "") -> dict[str, Any]:
        return self.send("GET", path, query=query)

    def post(self, path: str, form: dict[str, str]) -> dict[str, Any]:
        return self.send("POST", path, form)

    def csrf(self) -> str:
        found = re.search(r'name="csrf" value="([^"]+)"', self.last["body"])
        assert found, self.last["body"][:500]
        return found.group(1)


def sign_in(person: Any, browser: Browser | None = None, *, lands: str = "/desk/inbox") -> Browser:
    browser = browser or Browser()
    browser.get("/desk/sign-in")
    answer = browser.post("/desk/sign-in", {"csrf": browser.csrf(), "email": person.email, "password": person.password})
    assert answer["statusCode"] == 303, answer["body"][:300]
    assert browser.get("/desk/sign-in")["statusCode"] == 200
    answer = browser.post("/desk/sign-in/code", {"csrf": browser.csrf(), "code": totp_code(person.totp_secret)})
    assert (answer["statusCode"], answer["headers"]["Location"]) == (303, lands), answer["body"][:300]
    return browser


def a_lead(**overrides: Any) -> Lead:
    values: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "created_at": "2026-12-07T17:00:00.000Z",
        "status": "notified",
        "first_name": "Jordan",
        "last_name": "Blake",
        "preferred_contact": "email",
        "consent": Consent("2026-11-01", "2026-12-07T17:00:00.000Z"),
        "urgent": False,
        "expires_at": 2_000_000_000,
        "email": "jordan.blake@example.com",
        "phone": "+12135550117",
        "message": "Anxious about starting therapy, evenings are best.",
    }
    values.update(overrides)
    personal_data.remember_values(values["first_name"] + " " + values["last_name"], values["email"] or "", values["message"] or "")
    return Lead(**values)


def store() -> LeadStore:
    return LeadStore(ENV["LEADS_TABLE_NAME"], boto3.client("dynamodb"))


# --- sign-in --------------------------------------------------------------------------------------------


def test_a_coordinator_signs_in_with_password_and_code_and_the_cookie_is_the_strict_kind(people: People) -> None:
    browser = Browser()
    browser.get("/desk/sign-in")
    answer = browser.post("/desk/sign-in", {"csrf": browser.csrf(), "email": people.coordinator.email, "password": PASSWORD})
    (session_cookie,) = [c for c in answer["cookies"] if c.startswith("__Host-desk=")]
    assert {"HttpOnly", "Secure", "SameSite=Lax", "Path=/"} <= {p.strip() for p in session_cookie.split(";")}
    browser.get("/desk/sign-in")
    assert "Enter your code" in browser.last["body"]
    browser.post("/desk/sign-in/code", {"csrf": browser.csrf(), "code": totp_code(people.coordinator.totp_secret)})
    # A new id once signed in: the pending sign-in's id is never the session's.
    assert browser.cookies["__Host-desk"] != session_cookie.split(";")[0].split("=", 1)[1]
    page = browser.get("/desk/inbox")
    assert page["statusCode"] == 200 and "Signed in as Casey Coordinator" in page["body"]
    for name, value in {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"}.items():
        assert page["headers"][name] == value
    csp = page["headers"]["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp and "default-src 'none'" in csp


def test_a_wrong_code_keeps_the_step_and_a_wrong_password_says_nothing_of_which(people: People) -> None:
    browser = Browser()
    browser.get("/desk/sign-in")
    wrong = browser.post("/desk/sign-in", {"csrf": browser.csrf(), "email": people.coordinator.email, "password": "Wrong-password-9!"})
    assert wrong["statusCode"] == 401 and "do not match" in wrong["body"]
    unknown = browser.post("/desk/sign-in", {"csrf": browser.csrf(), "email": "nobody@practice.example", "password": "Wrong-password-9!"})
    assert unknown["statusCode"] == 401 and "do not match" in unknown["body"]
    browser.post("/desk/sign-in", {"csrf": browser.csrf(), "email": people.coordinator.email, "password": PASSWORD})
    browser.get("/desk/sign-in")
    answer = browser.post("/desk/sign-in/code", {"csrf": browser.csrf(), "code": "000000"})
    assert answer["statusCode"] == 401 and "That code did not work" in answer["body"]
    answer = browser.post("/desk/sign-in/code", {"csrf": browser.csrf(), "code": totp_code(people.coordinator.totp_secret)})
    assert answer["headers"]["Location"] == "/desk/inbox"


def test_a_first_sign_in_sets_a_password_and_enrols_the_authenticator(people: People) -> None:
    """NEW_PASSWORD_REQUIRED then MFA_SETUP, as moto 5.2.5 answers them (the session flow AWS documents)."""
    cognito = boto3.client("cognito-idp")
    email = "new.coordinator@practice.example"
    cognito.admin_create_user(UserPoolId=people.pool, Username=email, TemporaryPassword=FIRST_PASSWORD, MessageAction="SUPPRESS",
                              UserAttributes=[{"Name": "email", "Value": email}, {"Name": "name", "Value": "Nico New"}])  # fmt: skip
    cognito.admin_add_user_to_group(UserPoolId=people.pool, Username=email, GroupName="coordinator")
    browser = Browser()
    browser.get("/desk/sign-in")
    browser.post("/desk/sign-in", {"csrf": browser.csrf(), "email": email, "password": FIRST_PASSWORD})
    assert "Choose your password" in browser.get("/desk/sign-in")["body"]
    weak = browser.post("/desk/sign-in/new-password", {"csrf": browser.csrf(), "password": "short"})
    assert weak["statusCode"] == 401 and "refused that password" in weak["body"]
    browser.post("/desk/sign-in/new-password", {"csrf": browser.csrf(), "password": "A-much-better-pass-7"})
    page = browser.get("/desk/sign-in")["body"]
    assert "Set up your authenticator" in page
    assert 'src="data:image/svg+xml' in page and "asdf asdf asdf" in page
    done = browser.post("/desk/sign-in/authenticator", {"csrf": browser.csrf(), "code": totp_code("asdfasdfasdf")})
    assert done["headers"]["Location"] == "/desk/inbox"
    assert "Signed in as Nico New" in browser.get("/desk/inbox")["body"]


def test_a_user_in_no_desk_group_is_refused_and_signed_out_at_cognito(people: People) -> None:
    cognito = boto3.client("cognito-idp")
    cognito.admin_remove_user_from_group(UserPoolId=people.pool, Username=people.coordinator.email, GroupName="coordinator")
    browser = Browser()
    browser.get("/desk/sign-in")
    browser.post("/desk/sign-in", {"csrf": browser.csrf(), "email": people.coordinator.email, "password": PASSWORD})
    browser.get("/desk/sign-in")
    answer = browser.post("/desk/sign-in/code", {"csrf": browser.csrf(), "code": totp_code(people.coordinator.totp_secret)})
    assert answer["statusCode"] == 401 and "not a coordinator or manager" in answer["body"]
    assert browser.get("/desk/inbox")["statusCode"] == 303


# --- without a session, with a wrong CSRF token ----------------------------------------------------------


def test_every_desk_route_without_a_session_redirects_or_answers_401_and_shows_no_lead(people: People) -> None:
    lead = a_lead()
    store().put_new(lead)
    lead_path = f"/desk/leads/{lead.id}"
    for method, target in [("GET", "/desk/inbox"), ("GET", lead_path), ("GET", "/desk"), ("GET", "/desk/inbox?show=contacted")]:
        path, _, query = target.partition("?")
        answer = Browser().send(method, path, query=query)
        assert answer["statusCode"] == 303 and answer["headers"]["Location"].startswith("/desk/sign-in"), (method, target)
    for path in ["/desk/find", f"{lead_path}/notes", f"{lead_path}/status", "/desk/sign-out"]:
        answer = Browser().post(path, {"csrf": "x", "note": "x", "action": "contacted", "find": lead.email or ""})
        assert answer["statusCode"] == 401, path
        assert "Jordan" not in answer["body"] and "Anxious" not in answer["body"] and "jordan.blake" not in answer["body"]
    # A made-up cookie is no session.
    stranger = Browser(cookies={"__Host-desk": "made-up"})
    assert stranger.get(lead_path)["statusCode"] == 303
    assert store().get(lead.id) == lead


def test_a_desk_link_opened_without_a_session_opens_its_lead_after_sign_in(people: People) -> None:
    # The coordinator email's link (<DESK_URL>/leads/<id>) in a browser that is not signed in.
    lead = a_lead()
    store().put_new(lead)
    lead_path = f"/desk/leads/{lead.id}"
    browser = Browser()
    answer = browser.get(lead_path)
    assert (answer["statusCode"], answer["headers"]["Location"]) == (303, "/desk/sign-in")
    assert "Jordan" not in answer["body"]
    (kept,) = [c for c in answer["cookies"] if c.startswith("__Host-desk-return=")]
    assert kept.split(";")[0] == f"__Host-desk-return={lead_path}"
    assert {"HttpOnly", "Secure", "SameSite=Lax", "Path=/", "Max-Age=600"} <= {p.strip() for p in kept.split(";")}
    sign_in(people.coordinator, browser, lands=lead_path)
    # Used once: the next sign-in lands in the inbox.
    assert "__Host-desk-return" not in browser.cookies
    page = browser.get(lead_path)
    assert page["statusCode"] == 200 and "Jordan" in page["body"]
    browser.post("/desk/sign-out", {"csrf": browser.csrf()})
    sign_in(people.coordinator, browser)


@pytest.mark.parametrize(
    "forged",
    [
        "https://evil.example/desk/inbox",
        "//evil.example/desk/inbox",
        "/\\evil.example/desk/inbox",
        "/desk/../evil",
        "/desk//evil.example",
        "/desk/sign-in",
        "/desk/static/desk.css",
        "/desk/leads/not-a-lead",
        "/desk/inbox?next=https://evil.example",
        "/desk/leads/%2F%2Fevil.example",
        "/consultations",
        "javascript:alert(1)",
    ],
)
def test_a_return_cookie_that_is_not_a_desk_page_lands_in_the_inbox(people: People, forged: str) -> None:
    # No open redirect: whatever the cookie says, sign-in sends the browser only to a desk page.
    browser = Browser(cookies={"__Host-desk-return": forged})
    sign_in(people.coordinator, browser, lands="/desk/inbox")
    assert "__Host-desk-return" not in browser.cookies


def test_only_a_desk_page_behind_sign_in_is_remembered(people: People) -> None:
    # The sign-in page itself, or an unknown path, sets no return cookie.
    for path in ("/desk/sign-in", "/desk/nowhere", "/desk"):
        answer = Browser().get(path)
        assert not [c for c in answer.get("cookies", []) if "desk-return" in c], path
    assert any("desk-return=/desk/inbox" in c for c in Browser().get("/desk/inbox")["cookies"])


def test_a_post_without_or_with_a_wrong_csrf_token_changes_nothing(people: People) -> None:
    lead = a_lead()
    store().put_new(lead)
    browser = sign_in(people.coordinator)
    for form in ({"action": "contacted"}, {"action": "contacted", "csrf": "not-the-token"}, {"note": "sneaky", "csrf": ""}):
        for path in (f"/desk/leads/{lead.id}/status", f"/desk/leads/{lead.id}/notes"):
            assert browser.post(path, form)["statusCode"] == 403
    assert store().get(lead.id) == lead
    # The sign-in form checks its own token (double submit): a post without its cookie is refused.
    assert Browser().post("/desk/sign-in", {"csrf": "x", "email": people.coordinator.email, "password": PASSWORD})["statusCode"] == 403


# --- timeouts, sign-out ---------------------------------------------------------------------------------


def test_the_idle_and_the_absolute_timeouts_end_a_session(people: People) -> None:
    w = wiring.current()
    now = [time.time()]
    w.clock = lambda: now[0]
    browser = sign_in(people.coordinator)
    now[0] += 29 * 60
    assert browser.get("/desk/inbox")["statusCode"] == 200
    now[0] += 31 * 60  # idle for 31 minutes
    answer = browser.get("/desk/inbox")
    assert (answer["statusCode"], answer["headers"]["Location"]) == (303, "/desk/sign-in?ended=idle")
    assert "__Host-desk" not in browser.cookies

    browser = sign_in(people.coordinator)
    for _ in range(12 * 3 + 1):  # used every 20 minutes, for 12 hours and 20 minutes
        now[0] += 20 * 60
        answer = browser.get("/desk/inbox")
    assert (answer["statusCode"], answer["headers"]["Location"]) == (303, "/desk/sign-in?ended=absolute")


def test_sign_out_ends_the_session_on_the_server_and_at_cognito(people: People) -> None:
    browser = sign_in(people.coordinator)
    old = dict(browser.cookies)
    session = w_session(old["__Host-desk"])
    assert session is not None
    browser.get("/desk/inbox")
    answer = browser.post("/desk/sign-out", {"csrf": browser.csrf()})
    assert answer["headers"]["Location"] == "/desk/sign-in?out=1"
    assert w_session(old["__Host-desk"]) is None
    assert Browser(cookies=old).get("/desk/inbox")["statusCode"] == 303
    # Cognito's tokens are over too (global sign-out): the access token no longer works.
    with pytest.raises(Exception, match="NotAuthorized"):
        boto3.client("cognito-idp").get_user(AccessToken=session.access_token)


def w_session(raw: str) -> Any:
    from leadcapture.desk.domain.sessions import hash_id

    return wiring.current().sessions.get(hash_id(raw))


# --- working a lead ---------------------------------------------------------------------------------------


def test_opening_reads_a_lead_and_notes_and_statuses_keep_who_and_when(people: People) -> None:
    lead = a_lead()
    store().put_new(lead)
    browser = sign_in(people.coordinator)
    assert "Unread" in browser.get("/desk/inbox")["body"]
    page = browser.get(f"/desk/leads/{lead.id}")["body"]
    assert "Anxious about starting therapy, evenings are best." in page and "jordan.blake@example.com" in page
    assert "Unread" not in browser.get("/desk/inbox")["body"]
    stored = store().get(lead.id)
    assert stored is not None and stored.opened_by == "Casey Coordinator"

    browser.get(f"/desk/leads/{lead.id}")
    assert browser.post(f"/desk/leads/{lead.id}/notes", {"csrf": browser.csrf(), "note": "Left a voicemail Tuesday."})["statusCode"] == 303
    browser.get(f"/desk/leads/{lead.id}")
    too_long = browser.post(f"/desk/leads/{lead.id}/notes", {"csrf": browser.csrf(), "note": "x" * 2001})
    assert too_long["headers"]["Location"].endswith("done=invalid")
    browser.get(f"/desk/leads/{lead.id}")
    browser.post(f"/desk/leads/{lead.id}/status", {"csrf": browser.csrf(), "action": "contacted"})
    stored = store().get(lead.id)
    assert stored is not None and stored.status == "contacted"
    assert [(n.by_name, n.text) for n in stored.notes] == [("Casey Coordinator", "Left a voicemail Tuesday.")]
    assert (stored.history[-1].status, stored.history[-1].by, stored.history[-1].who) == ("contacted", "desk", "Casey Coordinator")
    # A correction, then reopen: the same rules as the links and the CLI (kernel/status_changes).
    browser.get(f"/desk/leads/{lead.id}")
    browser.post(f"/desk/leads/{lead.id}/status", {"csrf": browser.csrf(), "action": "booked"})
    browser.get(f"/desk/leads/{lead.id}")
    browser.post(f"/desk/leads/{lead.id}/status", {"csrf": browser.csrf(), "action": "reopen"})
    stored = store().get(lead.id)
    assert stored is not None and [c.status for c in stored.history][-3:] == ["contacted", "booked", "notified"]


def test_spam_and_not_spam_and_the_trapped_urgent_lead(people: People) -> None:
    quarantined = a_lead(status="spam", expires_at=1_800_000_000)
    trapped = a_lead(urgent=True, trapped=True, first_name="Taylor")
    for lead in (quarantined, trapped):
        store().put_new(lead)
    browser = sign_in(people.manager)
    inbox = browser.get("/desk/inbox")["body"]
    assert "caught by the spam trap" in inbox and "Taylor B." in inbox
    browser.get(f"/desk/leads/{quarantined.id}")
    browser.post(f"/desk/leads/{quarantined.id}/status", {"csrf": browser.csrf(), "action": "not_spam"})
    promoted = store().get(quarantined.id)
    assert promoted is not None and promoted.status == "new" and promoted.expires_at > 1_800_000_000
    assert (promoted.history[-1].by, promoted.history[-1].who) == ("desk", "Morgan Manager")
    browser.get(f"/desk/leads/{quarantined.id}")
    browser.post(f"/desk/leads/{quarantined.id}/status", {"csrf": browser.csrf(), "action": "spam"})
    again = store().get(quarantined.id)
    assert again is not None and again.status == "spam"


def test_find_is_a_post_and_reads_the_lookup_index(people: People) -> None:
    lead = a_lead()
    store().put_new(lead, lookup=lookup_keys(lead, LOOKUP_KEY.encode()))
    browser = sign_in(people.coordinator)
    browser.get("/desk/inbox")
    found = browser.post("/desk/find", {"csrf": browser.csrf(), "find": "JORDAN.BLAKE@example.com"})["body"]
    assert "Jordan B." in found
    browser.get("/desk/inbox")
    by_phone = browser.post("/desk/find", {"csrf": browser.csrf(), "find": "(213) 555-0117"})["body"]
    assert "Jordan B." in by_phone
    browser.get("/desk/inbox")
    assert browser.post("/desk/find", {"csrf": browser.csrf(), "find": "not a phone"})["statusCode"] == 400


# --- scale: 10,000 leads, index reads only ------------------------------------------------------------------


@pytest.mark.slow
def test_with_10000_leads_the_inbox_a_filter_and_a_find_read_only_indexes(people: People) -> None:
    statuses = ["contacted", "booked", "not_a_fit", "no_response", "closed", "spam", "notified", "delivered"]
    key = LOOKUP_KEY.encode()
    target = a_lead(email="needle@example.com")
    leads = [target] + [
        a_lead(
            status=statuses[i % len(statuses)],
            created_at=f"2026-{1 + i % 11:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:00.000Z",
            urgent=i % 97 == 0,
            email=f"person{i}@example.com",
        )
        for i in range(9_999)
    ]
    plain_store = store()
    for lead in leads:
        plain_store.put_new(lead, lookup=lookup_keys(lead, key))
    browser = sign_in(people.coordinator)
    calls: list[tuple[str, dict[str, Any]]] = []
    dynamodb = wiring.current().inbox.client

    def count(params: dict[str, Any], model: Any, **_: Any) -> None:
        calls.append((model.name, params))

    dynamodb.meta.events.register("provide-client-params.dynamodb.*", count)
    try:
        first = browser.get("/desk/inbox")
        assert first["statusCode"] == 200 and first["body"].count('<tr class="') == 50 + first["body"].count("urgent-tag")
        assert "Next page" in first["body"]
        assert browser.get("/desk/inbox", "show=contacted&from=2026-03-01&to=2026-06-30")["statusCode"] == 200
        browser.post("/desk/find", {"csrf": browser.csrf(), "find": "needle@example.com"})
        assert "Jordan B." in browser.last["body"]
    finally:
        dynamodb.meta.events.unregister("provide-client-params.dynamodb.*", count)
    operations = {name for name, _ in calls}
    assert "Scan" not in operations
    assert operations <= {"Query", "BatchGetItem", "GetItem", "UpdateItem", "PutItem"}
    # The one write besides the session's: the find's audit record (issue 22).
    assert [p["TableName"] for name, p in calls if name == "PutItem"] == [ENV["AUDIT_TABLE_NAME"]]
    assert all(params.get("IndexName") for name, params in calls if name == "Query")
    leads_reads = [p for name, p in calls if name == "GetItem" and p["TableName"] == ENV["LEADS_TABLE_NAME"]]
    assert leads_reads == []  # a list never reads a whole lead


# --- "I'm on it", the close note, how to reach them (issues 23 and 24 at the desk) -------------------------


def metric_values(out: str, name: str) -> list[float]:
    """The values of one metric in the EMF documents printed by the handler (one per invocation)."""
    values: list[float] = []
    for line in out.splitlines():
        if line.startswith("{") and '"_aws"' in line:
            document = json.loads(line)
            if name in document:
                found = document[name]
                values += found if isinstance(found, list) else [found]
    return values


def no_personal_data(out: str, lead: Lead) -> None:
    for value in (lead.first_name + " " + lead.last_name, lead.email, lead.phone, lead.message, "Casey Coordinator"):
        assert not value or value not in out, value


def test_im_on_it_at_the_desk_stops_an_urgent_leads_pages_once(people: People, capsys: pytest.CaptureFixture[str]) -> None:
    lead = a_lead(urgent=True, paged_at="2026-12-07T17:00:02.000Z", last_paged_at="2026-12-07T17:00:02.000Z", page_count=1)
    store().put_new(lead)
    browser = sign_in(people.coordinator)
    inbox = browser.get("/desk/inbox")["body"]
    assert "URGENT · nobody has it yet" in inbox
    page = browser.get(f"/desk/leads/{lead.id}")["body"]
    assert "Texted to the on-call phones once" in page and "Nobody has it yet." in page and ">I'm on it</button>" in page
    assert f'action="/desk/leads/{lead.id}/on-it"' in page
    capsys.readouterr()
    pressed = browser.post(f"/desk/leads/{lead.id}/on-it", {"csrf": browser.csrf()})
    assert (pressed["statusCode"], pressed["headers"]["Location"]) == (303, f"/desk/leads/{lead.id}?done=on_it")
    out = capsys.readouterr().out
    assert len(metric_values(out, "TimeToAcknowledge")) == 1
    no_personal_data(out, lead)
    stored = store().get(lead.id)
    assert stored is not None and stored.acknowledged_by == "Casey Coordinator" and stored.status == "notified"
    # The next paging step's claim (the urgent function's conditional write) now finds someone has it.
    assert store().claim_page(lead.id, 2, at="2026-12-07T17:10:02.000Z") is False
    page = browser.get(f"/desk/leads/{lead.id}", query="done=on_it")["body"]
    assert "pressed by Casey Coordinator at the desk" in page and "/on-it" not in page
    assert "Recorded: you have it. Its text messages to the on-call phones have stopped." in page
    assert "nobody has it yet" not in browser.get("/desk/inbox")["body"]
    # Pressed again (an old page, a second coordinator): "already", nothing written, no second metric.
    browser.get(f"/desk/leads/{lead.id}")
    capsys.readouterr()
    again = browser.post(f"/desk/leads/{lead.id}/on-it", {"csrf": browser.csrf()})
    assert again["headers"]["Location"].endswith("done=had")
    assert metric_values(capsys.readouterr().out, "TimeToAcknowledge") == []
    assert store().get(lead.id) == stored


def test_the_first_outcome_on_an_unacknowledged_urgent_lead_ends_its_pages_and_counts_once(
    people: People, capsys: pytest.CaptureFixture[str]
) -> None:
    lead = a_lead(urgent=True, paged_at="2026-12-07T17:00:02.000Z", page_count=1)
    store().put_new(lead)
    browser = sign_in(people.manager)  # a manager inherits the coordinator's buttons
    page = browser.get(f"/desk/leads/{lead.id}")["body"]
    assert "Recording an outcome below (Contacted, Booked, Not a fit, No response) stops them too." in page
    capsys.readouterr()
    browser.post(f"/desk/leads/{lead.id}/status", {"csrf": browser.csrf(), "action": "contacted"})
    out = capsys.readouterr().out
    assert len(metric_values(out, "TimeToAcknowledge")) == 1 and len(metric_values(out, "TimeToContact")) == 1
    assert store().claim_page(lead.id, 2, at="2026-12-07T17:10:02.000Z") is False
    page = browser.get(f"/desk/leads/{lead.id}")["body"]
    assert "Its text messages stopped when an outcome was recorded" in page and "by Morgan Manager (the desk)" in page
    assert "/on-it" not in page
    browser.post(f"/desk/leads/{lead.id}/status", {"csrf": browser.csrf(), "action": "booked"})
    assert metric_values(capsys.readouterr().out, "TimeToAcknowledge") == []
    # Escalated, nobody having it: the texts have ended, and "I'm on it" still says who has it now.
    escalated = a_lead(urgent=True, paged_at="2026-12-07T17:00:02.000Z", page_count=4, page_escalated_at="2026-12-07T17:40:02.000Z")
    store().put_new(escalated)
    page = browser.get(f"/desk/leads/{escalated.id}")["body"]
    assert "Nobody had it after the last text: escalated" in page and "The text messages have ended and it was escalated" in page
    assert f'action="/desk/leads/{escalated.id}/on-it"' in page


def test_not_a_fit_offers_the_referral_note_and_pressing_it_records_the_request_by_the_user(
    people: People, capsys: pytest.CaptureFixture[str]
) -> None:
    lead = a_lead()
    store().put_new(lead)
    browser = sign_in(people.coordinator)
    browser.get(f"/desk/leads/{lead.id}")
    assert "Send them the referral note" not in browser.last["body"]  # open: no note offered
    browser.post(f"/desk/leads/{lead.id}/status", {"csrf": browser.csrf(), "action": "not_a_fit"})
    page = browser.get(f"/desk/leads/{lead.id}")["body"]
    assert ">Send them the referral note</button>" in page and f'action="/desk/leads/{lead.id}/close-note"' in page
    assert "1-800-662-4357" in page
    capsys.readouterr()
    asked = browser.post(f"/desk/leads/{lead.id}/close-note", {"csrf": browser.csrf()})
    assert asked["headers"]["Location"] == f"/desk/leads/{lead.id}?done=note_requested"
    out = capsys.readouterr().out
    assert metric_values(out, "CloseNoteRequested") == [1.0]
    no_personal_data(out, lead)
    stored = store().get(lead.id)
    assert stored is not None and (stored.close_note, stored.status) == ("not_a_fit", "not_a_fit")
    assert (stored.history[-1].event, stored.history[-1].by, stored.history[-1].who) == (
        "close_note_requested",
        "desk",
        "Casey Coordinator",
    )
    page = browser.get(f"/desk/leads/{lead.id}")["body"]
    assert "it goes once, within a minute" in page and "close-note" not in page.split('id="close-note"', 1)[1].split("</section>", 1)[0]
    assert re.search(r"Note to them asked for, [^<]+, by Casey Coordinator \(the desk\)", page)
    again = browser.post(f"/desk/leads/{lead.id}/close-note", {"csrf": browser.csrf()})
    assert again["headers"]["Location"].endswith("done=note_already")
    assert store().get(lead.id) == stored


def test_no_note_for_a_person_who_said_no_email_and_the_page_says_why(people: People) -> None:
    lead = a_lead(status="no_response", email_ok=False, preferred_contact="text", voicemail_ok=False, best_time=("evening",))
    store().put_new(lead)
    browser = sign_in(people.coordinator)
    page = browser.get(f"/desk/leads/{lead.id}")["body"]
    assert "They asked not to be emailed, so no note can be sent to them." in page and "/close-note" not in page
    refused = browser.post(f"/desk/leads/{lead.id}/close-note", {"csrf": browser.csrf()})
    assert refused["headers"]["Location"].endswith("done=note_refused")
    assert store().get(lead.id) == dataclasses.replace(lead, opened_at=store().get(lead.id).opened_at, opened_by="Casey Coordinator")  # type: ignore[union-attr]
    # How to reach them, in plain words, in the box with the phone and email at the top of the page.
    reach = page.split('<section aria-labelledby="reach"', 1)[1].split("</section>", 1)[0]
    assert "Prefers text · no voicemail · no email · evenings" in reach and "+12135550117" in reach
    assert page.index("no voicemail") < page.index("The request, as submitted")
    # Every field as submitted: several times of day are words, not a Python tuple; the yes/no answers too.
    assert "<dt>Best time</dt><dd>evening</dd>" in page and "(&#39;evening&#39;,)" not in page
    assert "<dt>Voicemail OK</dt><dd>no</dd>" in page and "<dt>Email OK</dt><dd>no</dd>" in page


def test_the_page_shows_the_acknowledgement_and_what_ses_said(people: People) -> None:
    sent, bounced = "2026-12-07T17:00:30.000Z", "2026-12-07T17:01:00.000Z"
    lead = a_lead(
        acknowledge=True, acknowledgement_sent_at=sent, acknowledgement_bounced_at=bounced, acknowledgement_bounce_type="Permanent"
    )
    store().put_new(lead)
    page = sign_in(people.coordinator).get(f"/desk/leads/{lead.id}")["body"]
    ack = page.split('id="acknowledgement"', 1)[1].split("</section>", 1)[0]
    assert "Asked for, and sent Mon 7 Dec 2026, 09:00." in ack and "Bounced Mon 7 Dec 2026, 09:01 (Permanent)" in ack


def test_the_page_says_when_the_second_look_flagged_the_lead(people: People) -> None:
    from leadcapture.kernel.status import StatusChange

    marked = "2026-12-07T17:00:02.000Z"
    by_model = a_lead(
        urgent=True,
        urgent_by="second_look",
        history=(
            StatusChange("new", "2026-12-07T17:00:00.000Z", "form"),
            StatusChange("new", marked, "second_look", event="urgent_on_second_look"),
        ),
    )
    by_lists = a_lead(urgent=True, first_name="Robin")
    for lead in (by_model, by_lists):
        store().put_new(lead)
    browser = sign_in(people.coordinator)
    page = browser.get(f"/desk/leads/{by_model.id}")["body"]
    assert "reads like a crisis (flagged on a second look, after it was sent)." in page
    assert re.search(r"Marked urgent on a second look.*?Mon 7 Dec 2026, 09:00.*?crisis recognition", page, re.DOTALL)
    assert "second look" not in browser.get(f"/desk/leads/{by_lists.id}")["body"]


@pytest.mark.parametrize("button", ["on-it", "close-note"])
def test_the_new_buttons_refuse_without_a_session_a_forged_cookie_or_a_wrong_csrf_token(people: People, button: str) -> None:
    lead = a_lead(urgent=True, status="not_a_fit" if button == "close-note" else "notified")
    store().put_new(lead)
    path = f"/desk/leads/{lead.id}/{button}"
    for browser in (Browser(), Browser(cookies={"__Host-desk": "made-up"}), Browser(cookies={"__Host-desk": "x" * 101})):
        answer = browser.post(path, {"csrf": "x"})
        assert answer["statusCode"] == 401 and "Jordan" not in answer["body"] and "jordan.blake" not in answer["body"]
    assert Browser().send("GET", path)["statusCode"] == 405  # a POST only
    browser = sign_in(people.coordinator)
    browser.get(f"/desk/leads/{lead.id}")
    token = browser.csrf()
    for form in ({}, {"csrf": ""}, {"csrf": "not-the-token"}, {"csrf": token[:-1]}):
        assert browser.post(path, form)["statusCode"] == 403
    # Another user's token is not this session's.
    other = sign_in(people.manager)
    other.get("/desk/inbox")
    assert browser.post(path, {"csrf": other.csrf()})["statusCode"] == 403
    # A session whose groups hold no desk role (a user removed from the coordinators meanwhile): refused, right token or not.
    from leadcapture.desk.domain.sessions import Session, hash_id

    now = time.time()
    roleless = Session(hash_id("roleless-session"), "active", "its-token", now, now, sub="s", name="Nobody", groups=("other",))
    wiring.current().sessions.put(roleless, int(now) + 3600)
    refused = Browser(cookies={"__Host-desk": "roleless-session"}).post(path, {"csrf": "its-token"})
    assert refused["statusCode"] == 403 and "Not for your role" in refused["body"]
    stored = store().get(lead.id)
    assert stored is not None and stored.acknowledged_at is None and stored.close_note_requested_at is None
    # A made-up lead id: the lead is gone, nothing is written.
    missing = browser.post(f"/desk/leads/{uuid.uuid4()}/{button}", {"csrf": token})
    assert missing["headers"]["Location"].endswith("done=gone")
