"""The desk's routes: one table of (method, path, view, role), and the checks every route passes first.

One place decides, for every request: which route it is (anything else is a 404 page), whose
session it carries (the cookie's row in the sessions table, ended when idle or too old), whether
that session's role may use the route (`sessions.allows`: issue 22's roles add rows, not checks),
and, for every POST, whether the form's CSRF token is the session's. Without a session a page
answers a redirect to the sign-in page (which sends the user back to that page once signed in:
`return_path`) and a POST a 401; neither reads a lead. A POST whose token
is missing or wrong answers 403 and changes nothing.

Every sign-in (and every refused one), lead opened, status pressed, note, find, export and forget
adds one record to the audit trail (kernel/audit.py): who, what, which lead; never a value.

Log lines name the route (`GET /desk/leads/{id}`), the lead id, the outcome and the user's Cognito
id: never a field of a lead, a note, a name, an email or a code.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from aws_lambda_powertools.metrics import MetricUnit

from leadcapture.desk.domain import figures as figures_rules
from leadcapture.desk.domain import inbox as inbox_rules
from leadcapture.desk.domain import lead_work
from leadcapture.desk.domain.sessions import Session, allows, csrf_ok, ended, hash_id, needs_touch, new_csrf
from leadcapture.desk.web import lead_facts, pages
from leadcapture.desk.web.http import Answer, CookieJar, Request, redirect
from leadcapture.kernel import audit, paging, preferences
from leadcapture.kernel.errors import InvalidSubmission
from leadcapture.kernel.figures import table as figure_lines
from leadcapture.kernel.lookup import person_keys
from leadcapture.kernel.status import ACTIONS, TIME_TO_CONTACT_METRIC, is_open, seconds_to_contact
from leadcapture.kernel.timestamps import parse_stamp
from leadcapture.observability import logger, metrics

if TYPE_CHECKING:
    from leadcapture.desk.domain.sessions import Role
    from leadcapture.desk.domain.sign_in import Outcome
    from leadcapture.desk.wiring import Wiring
    from leadcapture.kernel.lead import Lead

SIGN_IN = "/desk/sign-in"
INBOX = "/desk/inbox"
_UUID = r"(?P<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
# What the sign-in page says for each refusal (never which of email or password was wrong).
REFUSALS = {
    "wrong": "That email and password do not match an account of this desk.",
    "password_rules": "Cognito refused that password: at least 14 characters, with upper- and lower-case letters, a digit and a symbol.",
    "wrong_code": "That code did not work. Codes change every 30 seconds: try the one your app shows now.",
    "expired": "That sign-in took too long. Start again.",
    "reset": "Your password must be reset: ask the practice manager.",
    "unsupported": "This account cannot sign in to the desk: ask the practice manager.",
    "not_a_desk_user": "This account is not a coordinator or manager of this desk: ask the practice manager.",
    "unavailable": "Sign-in is unavailable for a moment. Try again in a minute.",
}
ENDED = {"idle": "Your session ended after a while without use. Sign in again.", "absolute": "Your session ended. Sign in again."}
DONE = {"changed": "Recorded.", "unchanged": "It already was.", "refused": "Not recorded: the lead's status does not allow it.",
        "gone": "That lead is no longer there.", "invalid": "Not recorded: that was empty or too long.",
        "full": "Not recorded: this lead has as many notes as it can hold.",
        "on_it": "Recorded: you have it. Its text messages to the on-call phones have stopped.",
        "had": "Someone already has it: its text messages had stopped.",
        "note_requested": "The note to them is on its way: it goes once, within a minute.",
        "note_already": "Nothing changed: the note to them was asked for already (it goes once).",
        "note_refused": "No note was sent: see why below."}  # fmt: skip
BY_WORDS = {"form": "the form", "notifier": "the email", "ses": "the email service", "coordinator": "an email link",
            "cli": "the leads tool", "promotion": "a promotion", "redrive": "a redrive", "desk": "the desk",
            "second_look": "crisis recognition"}  # fmt: skip


@dataclass
class Context:
    request: Request
    wiring: Wiring
    session: Session | None
    now: float
    params: dict[str, str]
    jar: CookieJar

    @property
    def practice(self) -> str:
        return self.wiring.settings.practice_name

    @property
    def at(self) -> datetime:
        return datetime.fromtimestamp(self.now, UTC)

    @property
    def desk(self) -> lead_work.Desk:
        assert self.session is not None
        return lead_work.Desk(self.wiring.inbox, self.session, self.at)

    def record(self, action: audit.Action, *, lead_id: str | None = None, detail: audit.Detail | None = None) -> None:
        """One audit record of what the signed-in user just did."""
        assert self.session is not None
        who = audit.Who(self.session.sub, self.session.name)
        self.wiring.audit.add(audit.entry(who, action, lead_id=lead_id, detail=detail, at=self.at))


View = Callable[[Context], Answer]


@dataclass(frozen=True)
class Route:
    method: str
    path: re.Pattern[str]
    view: View
    # The least role that may use it; None: open to anyone (the sign-in pages, the style sheet).
    needs: Role | None
    name: str


def route(method: str, path: str, needs: Role | None, name: str) -> Callable[[View], View]:
    def add(view: View) -> View:
        ROUTES.append(Route(method, re.compile(path), view, needs, f"{method} {name}"))
        return view

    return add


ROUTES: list[Route] = []


def answer(event: dict[str, object], wiring: Wiring) -> tuple[Answer, str]:
    """The answer to one request, and the route's name for the log line."""
    request = Request.from_event(event)
    jar = CookieJar(wiring.settings.secure_cookies)
    found, known_path = None, False
    for candidate in ROUTES:
        matched = candidate.path.fullmatch(request.path)
        if matched:
            known_path = True
            if candidate.method == request.method:
                found = (candidate, matched.groupdict())
                break
    if found is None:
        status, title = (405, "Not allowed") if known_path else (404, "Not found")
        return pages.message(status, title, "There is no such page on the desk.", practice=wiring.settings.practice_name), "unknown"
    chosen, params = found
    now = wiring.clock()
    session, why_ended = _session(request, wiring, jar, now)
    context = Context(request, wiring, session, now, params, jar)
    if chosen.needs is not None:
        refused = _refusal(context, chosen.needs, why_ended)
        if refused is not None:
            return refused, chosen.name
    if session is not None and needs_touch(session, now):
        wiring.sessions.touch(session.id_hash, now)
    return chosen.view(context), chosen.name


def _session(request: Request, wiring: Wiring, jar: CookieJar, now: float) -> tuple[Session | None, str | None]:
    raw = request.cookies.get(jar.session)
    if not raw or len(raw) > 100:
        return None, None
    session = wiring.sessions.get(hash_id(raw))
    if session is None:
        return None, None
    why = ended(session, now, wiring.timeouts)
    if why is not None:
        wiring.sessions.delete(session.id_hash)
        logger.info("desk session ended", reason=why, kind=session.kind)
        return None, why
    return session, None


def _refusal(context: Context, needs: Role, why_ended: str | None) -> Answer | None:
    session, request = context.session, context.request
    if session is None or session.kind != "active":
        if request.method == "GET":
            target = f"{SIGN_IN}?ended={why_ended}" if why_ended in ENDED else SIGN_IN
            cookies = [context.jar.clear(context.jar.session)] if why_ended else []
            if return_path(request.path):  # an email's desk link: back to it after sign-in
                cookies.append(context.jar.set(context.jar.return_to, request.path, max_age=RETURN_SECONDS))
            return redirect(target, cookies=cookies)
        message = ENDED.get(why_ended or "", "You are not signed in. Sign in, then do it again.")
        return pages.message(401, "Not signed in", message, practice=context.practice, link=SIGN_IN, link_text="Sign in")
    if not allows(session.role, needs):
        return pages.message(403, "Not for your role", "Your role cannot use this page.", practice=context.practice, user=session)
    if request.method == "POST" and not csrf_ok(session, request.form.get("csrf")):
        metrics.add_metric(name="DeskCsrfRefused", unit=MetricUnit.Count, value=1)
        return pages.message(
            403, "Not recorded", "That form was out of date, so nothing was changed. Go back, reload the page and try again.",
            practice=context.practice, user=session, link=INBOX, link_text="Back to the inbox",
        )  # fmt: skip
    return None


# A sign-in takes a few minutes at most (a pending one ends after 5): the page asked for is kept 10.
RETURN_SECONDS = 600
# What a desk path is made of: letters, digits, "/", "-", "_", "."; never "//", "\\", ":", "?" or "%".
_PATH = re.compile(r"/desk(?:/[A-Za-z0-9_.-]+)+")


def return_path(value: str) -> str | None:
    """`value` when it is a desk page a signed-in user may be sent back to after sign-in, else None.

    Only a path (no scheme, host, query or "//"), and one of the desk's own pages behind sign-in
    (a GET route that needs a role): never the sign-in pages, never another site. The cookie that
    carries it is checked here again when it is used, so a forged one can only name a desk page.
    """
    if len(value) > 200 or not _PATH.fullmatch(value) or ".." in value:
        return None
    if any(r.method == "GET" and r.needs is not None and r.path.fullmatch(value) for r in ROUTES):
        return value
    return None


# --- sign-in ---------------------------------------------------------------------------------------

STEPS = {"NEW_PASSWORD_REQUIRED": "new_password", "MFA_SETUP": "mfa_setup", "SOFTWARE_TOKEN_MFA": "code"}
TITLES = {
    "password": "Sign in",
    "new_password": "Choose your password",
    "mfa_setup": "Set up your authenticator",
    "code": "Enter your code",
}


@route("GET", r"/desk/?", None, "/desk")
def home(context: Context) -> Answer:
    return redirect(INBOX if context.session and context.session.kind == "active" else SIGN_IN)


@route("GET", r"/desk/static/desk\.css", None, "/desk/static/desk.css")
def stylesheet(context: Context) -> Answer:
    return pages.stylesheet()


@route("GET", r"/desk/sign-in", None, "/desk/sign-in")
def sign_in_page(context: Context) -> Answer:
    session, query = context.session, context.request.query
    if session is not None and session.kind == "active":
        return redirect(INBOX)
    if session is not None and query.get("again"):
        context.wiring.sessions.delete(session.id_hash)
        session = None
    if session is not None:
        return _step_page(context, session)
    message = ENDED.get(query.get("ended", ""), "You are signed out." if query.get("out") else "")
    return _password_page(context, message, 200)


def _password_page(context: Context, message: str, status: int, *, extra_cookies: list[str] | None = None) -> Answer:
    token = new_csrf()
    page = pages.render("sign_in.html", status, title=TITLES["password"], step="password", csrf=token, practice=context.practice,
                        message=message)  # fmt: skip
    page.cookies += [*(extra_cookies or []), context.jar.set(context.jar.sign_in, token, max_age=3600)]
    return page


def _step_page(context: Context, pending: Session, message: str = "", status: int = 200) -> Answer:
    step = STEPS.get(pending.challenge, "password")
    values: dict[str, object] = {}
    if step == "mfa_setup":
        issuer = f"{context.practice} desk"
        uri = (
            "otpauth://totp/"
            + urlencode({"": f"{issuer}:{pending.username}"})[1:]
            + "?"
            + urlencode({"secret": pending.secret, "issuer": issuer})
        )
        values["qr"], values["qr_size"] = pages.qr_code(uri)
        values["key"] = " ".join(pending.secret[i : i + 4] for i in range(0, len(pending.secret), 4))
    return pages.render("sign_in.html", status, title=TITLES[step], step=step, csrf=pending.csrf, practice=context.practice,
                        message=message, **values)  # fmt: skip


@route("POST", r"/desk/sign-in", None, "/desk/sign-in")
def sign_in_post(context: Context) -> Answer:
    form, cookies = context.request.form, context.request.cookies
    sent, expected = form.get("csrf", ""), cookies.get(context.jar.sign_in, "")
    if not sent or not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        metrics.add_metric(name="DeskCsrfRefused", unit=MetricUnit.Count, value=1)
        return _password_page(context, "The sign-in form was out of date. Try again.", 403)
    outcome = context.wiring.sign_in.start(form.get("email", ""), form.get("password", ""), now=context.now)
    return _after(context, outcome, "password", audit.UNKNOWN)


@route("POST", r"/desk/sign-in/new-password", None, "/desk/sign-in/new-password")
def new_password(context: Context) -> Answer:
    return _challenge(
        context, lambda pending: context.wiring.sign_in.new_password(pending, context.request.form.get("password", ""), now=context.now)
    )


@route("POST", r"/desk/sign-in/authenticator", None, "/desk/sign-in/authenticator")
def enrol(context: Context) -> Answer:
    return _challenge(context, lambda pending: context.wiring.sign_in.enrol(pending, context.request.form.get("code", ""), now=context.now))


@route("POST", r"/desk/sign-in/code", None, "/desk/sign-in/code")
def code(context: Context) -> Answer:
    return _challenge(context, lambda pending: context.wiring.sign_in.code(pending, context.request.form.get("code", ""), now=context.now))


def _challenge(context: Context, step: Callable[[Session], Outcome]) -> Answer:
    pending = context.session
    if pending is None or pending.kind != "pending":
        return _password_page(context, REFUSALS["expired"], 401)
    if not csrf_ok(pending, context.request.form.get("csrf")):
        metrics.add_metric(name="DeskCsrfRefused", unit=MetricUnit.Count, value=1)
        return _step_page(context, pending, "That form was out of date. Try again.", 403)
    return _after(context, step(pending), STEPS.get(pending.challenge, "password"), _pending_user(pending))


def _pending_user(pending: Session) -> audit.Who:
    """Who a half-done sign-in is, for a refusal's record: the pool's username is the user's id (`sub`,
    the pool signs in by email alias) once the password was right; never the typed email."""
    return audit.Who(pending.username) if audit.UUID.fullmatch(pending.username) else audit.UNKNOWN


def _after(context: Context, outcome: Outcome, step: str, who: audit.Who) -> Answer:
    jar = context.jar
    if outcome.refused is not None:
        if outcome.refused in {"wrong", "wrong_code"}:
            metrics.add_metric(name="DeskSignInFailed", unit=MetricUnit.Count, value=1)
        logger.info("desk sign-in refused", step=step, refusal=outcome.refused)
        detail: audit.Detail = {"step": step, "reason": outcome.refused}
        context.wiring.audit.add(audit.entry(who, "sign_in_refused", detail=detail, at=context.at))
        if outcome.session is not None:
            return _step_page(context, outcome.session, REFUSALS[outcome.refused], 401)
        return _password_page(context, REFUSALS[outcome.refused], 401, extra_cookies=[jar.clear(jar.session)])
    assert outcome.session is not None
    cookies = [jar.clear(jar.sign_in), jar.set(jar.session, outcome.raw_id)]
    if outcome.session.kind == "pending":
        logger.info("desk sign-in step", step=step, next=STEPS.get(outcome.session.challenge))
        return redirect(SIGN_IN, cookies=cookies)
    metrics.add_metric(name="DeskSignIn", unit=MetricUnit.Count, value=1)
    logger.info("desk signed in", user=outcome.session.sub, role=outcome.session.role)
    signed_in = audit.Who(outcome.session.sub, outcome.session.name)
    context.wiring.audit.add(audit.entry(signed_in, "sign_in", detail={"role": outcome.session.role or ""}, at=context.at))
    # Back to the page asked for (an email's link to a lead), else the inbox.
    asked = context.request.cookies.get(jar.return_to, "")
    if asked:
        cookies.append(jar.clear(jar.return_to))
    return redirect(return_path(asked) or INBOX, cookies=cookies)


@route("POST", r"/desk/sign-out", "coordinator", "/desk/sign-out")
def sign_out(context: Context) -> Answer:
    assert context.session is not None
    context.wiring.sign_in.sign_out(context.session)
    logger.info("desk signed out", user=context.session.sub)
    return redirect(f"{SIGN_IN}?out=1", cookies=[context.jar.clear(context.jar.session)])


# --- the inbox ----------------------------------------------------------------------------------------


@route("GET", r"/desk/inbox", "coordinator", "/desk/inbox")
def inbox(context: Context) -> Answer:
    query = context.request.query
    view = query.get("show", "open")
    view = view if view in inbox_rules.VIEWS else "open"
    since, until = inbox_rules.parse_day(query.get("from")), inbox_rules.parse_day(query.get("to"))
    asked = inbox_rules.Query(view, since, until, inbox_rules.decode_cursor(query.get("after")))
    listing = inbox_rules.list_leads(asked, inbox=context.wiring.inbox, calendar=context.wiring.calendar, now=context.at)
    following = None
    if listing.next:
        following = urlencode({k: v for k, v in {"show": view, "from": query.get("from", ""), "to": query.get("to", ""),
                                                  "after": listing.next}.items() if v})  # fmt: skip
    caption = "Open, longest waiting first" if view == "open" else f"{inbox_rules.VIEW_WORDS[view]}, newest first"
    if view == "urgent":
        caption = "Urgent and open, longest waiting first"
    return _inbox_page(context, view=view, since=since.isoformat() if since else "", until=until.isoformat() if until else "",
                       urgent=listing.urgent, rows=listing.rows, next=following, caption=caption, found=None)  # fmt: skip


def _inbox_page(context: Context, **values: object) -> Answer:
    views = [(v, inbox_rules.VIEW_WORDS[v]) for v in inbox_rules.VIEWS]
    values.setdefault("message", "")
    status = int(values.pop("status", 200))  # type: ignore[call-overload]
    return pages.render("inbox.html", status, title="Inbox", practice=context.practice, user=context.session, views=views, **values)


@route("POST", r"/desk/find", "coordinator", "/desk/find")
def find(context: Context) -> Answer:
    term = context.request.form.get("find", "").strip()
    blank = {"view": "open", "since": "", "until": "", "urgent": (), "rows": (), "next": None, "caption": ""}
    source = context.wiring.lookup_key
    key = source() if source is not None else None
    if key is None:
        return _inbox_page(context, **blank, found=None, message="Find is unavailable for a moment.", status=503)
    try:
        keys = person_keys(email=term, phone=None, key=key) if "@" in term else person_keys(email=None, phone=term, key=key)
    except InvalidSubmission:
        return _inbox_page(context, **blank, found=None, message="That is not an email address or a phone number.", status=400)
    ids = context.wiring.inbox.find(keys)
    rows = inbox_rules.rows_of(ids, inbox=context.wiring.inbox, calendar=context.wiring.calendar, now=context.at)
    logger.info("desk find", found=len(rows))
    context.record("find", detail={"by": "email" if "@" in term else "phone", "found": len(rows)})
    return _inbox_page(context, **blank, found=rows)


# --- a lead ---------------------------------------------------------------------------------------------


@route("GET", rf"/desk/leads/{_UUID}", "coordinator", "/desk/leads/{id}")
def lead_page(context: Context) -> Answer:
    assert context.session is not None
    lead = lead_work.open_lead(context.params["id"], context.desk)
    if lead is None:
        return pages.message(404, "Not found", "That lead is no longer there.", practice=context.practice, user=context.session,
                             link=INBOX, link_text="Back to the inbox")  # fmt: skip
    query = context.request.query
    message = DONE.get(query.get("done", ""), "")
    logger.info("desk lead opened", lead_id=lead.id)
    context.record("lead_viewed", lead_id=lead.id)
    return _lead_page(context, lead, message)


def _lead_page(context: Context, lead: Lead, message: str) -> Answer:
    calendar = context.wiring.calendar
    received = parse_stamp(lead.created_at)
    promise = calendar.promise(received) if is_open(lead.status) else None

    def local(stamp: str | None) -> str:
        return inbox_rules.local(parse_stamp(stamp), calendar) if stamp else ""

    name = lead.full_name or f"{lead.first_name} {lead.last_name}".strip()
    history = [
        {"words": lead_facts.EVENT_WORDS[c.event] if c.event else pages.STATUS_WORDS[c.status], "at": local(c.at),
         "by": f"{c.who} (the desk)" if c.who else BY_WORDS.get(c.by, c.by)}
        for c in lead.history
    ]  # fmt: skip
    language = context.wiring.settings.practice_language
    notes = [{"text": n.text, "by": n.by_name, "at": local(n.at)} for n in lead.notes]
    return pages.render(
        "lead.html",
        title=f"Lead ref {lead.reference}",
        practice=context.practice,
        user=context.session,
        lead=lead,
        name=name,
        message=message,
        received=local(lead.created_at),
        promise=inbox_rules.local(promise, calendar) if promise else "",
        overdue=bool(promise and context.at > promise),
        opened=local(lead.opened_at),
        presses=lead_work.presses(lead),
        press_words=lead_work.PRESS_WORDS,
        fields=fields(lead),
        consent_at=local(lead.consent.given_at),
        sms_at=local(lead.sms_consent.given_at) if lead.sms_consent else "",
        notes=notes,
        note_max=lead_work.NOTE_MAX_CHARACTERS,
        history=history,
        reach_heading=preferences.heading(language),
        reach=preferences.how_to_reach(lead, language),
        acknowledgement=lead_facts.acknowledgement(lead, local),
        close_note=lead_facts.close_note(lead, local),
        paging=lead_facts.paging(lead, local, BY_WORDS) if lead.urgent else None,
        unclaimed=paging.needs_paging(lead),
    )


def fields(lead: Lead) -> list[tuple[str, str]]:
    """Every field as the person submitted it, labelled (the page escapes each one)."""
    shown = [
        ("Name as typed", lead.full_name),
        ("First name", lead.first_name),
        ("Last name", lead.last_name),
        ("Email", lead.email),
        ("Phone", lead.phone),
        ("Preferred contact", lead.preferred_contact),
        # Several times of day since issue 23 (a tuple): shown as the words they chose.
        ("Best time", ", ".join(lead.best_time)),
        ("Voicemail OK", _yes_no(lead.voicemail_ok)),
        ("Email OK", _yes_no(lead.email_ok)),
        ("Asked for an acknowledgement", "yes" if lead.acknowledge else ""),
        ("Session for", lead.session_for),
        ("Message", lead.message),
        ("Language", lead.language),
        *((f"Attribution: {name}", value) for name, value in sorted(lead.attribution.items())),
    ]
    return [(label, str(value)) for label, value in shown if value]


def _yes_no(answer: bool | None) -> str:
    """A yes/no question's answer; "" when they did not answer it (the row is left out)."""
    return "" if answer is None else ("yes" if answer else "no")


@route("POST", rf"/desk/leads/{_UUID}/status", "coordinator", "/desk/leads/{id}/status")
def record(context: Context) -> Answer:
    assert context.session is not None
    lead_id, what = context.params["id"], context.request.form.get("action", "")
    w = context.wiring
    done = lead_work.press(lead_id, what, context.desk, retention_days=w.settings.retention_days)
    metrics.add_metric(name="DeskStatusRecorded" if done.outcome == "changed" else "DeskStatusNotRecorded", unit=MetricUnit.Count, value=1)
    lead = w.inbox.get(lead_id) if done.outcome == "changed" and what in ACTIONS else None
    if lead is not None and what == "contacted":
        seconds = seconds_to_contact(lead.created_at, lead.history[-1].at if lead.history else lead.created_at)
        metrics.add_metric(name=TIME_TO_CONTACT_METRIC, unit=MetricUnit.Seconds, value=seconds)
    first = lead_work.acknowledged_by_outcome(lead, context.at) if lead is not None else None
    if first is not None:
        # An urgent lead nobody had: this outcome ends its pages, its first acknowledgement (as the links count it).
        metrics.add_metric(name=paging.TIME_TO_ACKNOWLEDGE_METRIC, unit=MetricUnit.Seconds, value=first)
        logger.info("urgent lead acknowledged: its pages stop", lead_id=lead_id, action=what, user=context.session.sub)
    pressed = what if what in lead_work.PRESSES else "unknown"
    logger.info("desk status", lead_id=lead_id, action=pressed, outcome=done.outcome, user=context.session.sub)
    context.record("status_changed", lead_id=lead_id, detail={"press": pressed, "outcome": done.outcome, "status": done.status or ""})
    return redirect(f"/desk/leads/{lead_id}?done={done.outcome}")


@route("POST", rf"/desk/leads/{_UUID}/notes", "coordinator", "/desk/leads/{id}/notes")
def note(context: Context) -> Answer:
    assert context.session is not None
    lead_id = context.params["id"]
    done = lead_work.add_note(lead_id, context.request.form.get("note", ""), context.desk)
    logger.info("desk note", lead_id=lead_id, outcome=done.outcome, user=context.session.sub)
    context.record("note_added", lead_id=lead_id, detail={"outcome": done.outcome})
    return redirect(f"/desk/leads/{lead_id}?done={done.outcome}")


@route("POST", rf"/desk/leads/{_UUID}/on-it", "coordinator", "/desk/leads/{id}/on-it")
def on_it(context: Context) -> Answer:
    """ "I'm on it": the urgent lead's pages stop (`paging.acknowledge`, as the signed link records it)."""
    assert context.session is not None
    lead_id = context.params["id"]
    done = lead_work.im_on_it(lead_id, store=context.wiring.inbox, by=context.desk.by, now=context.at)
    if done.seconds is not None:
        metrics.add_metric(name=paging.TIME_TO_ACKNOWLEDGE_METRIC, unit=MetricUnit.Seconds, value=done.seconds)
        logger.info("urgent lead acknowledged: its pages stop", lead_id=lead_id, action="on_it", user=context.session.sub)
    logger.info("desk on it", lead_id=lead_id, outcome=done.outcome, user=context.session.sub)
    outcome = {"recorded": "on_it", "already": "had", "gone": "gone"}[done.outcome]
    return redirect(f"/desk/leads/{lead_id}?done={outcome}")


@route("POST", rf"/desk/leads/{_UUID}/close-note", "coordinator", "/desk/leads/{id}/close-note")
def send_close_note(context: Context) -> Answer:
    """The kind close's note to the person, asked for (`close_note.request_close_note`); the person function sends it."""
    assert context.session is not None
    lead_id = context.params["id"]
    asked = lead_work.ask_for_close_note(lead_id, store=context.wiring.inbox, by=context.desk.by, now=context.at)
    if asked is not None and asked.outcome == "requested":
        metrics.add_metric(name="CloseNoteRequested", unit=MetricUnit.Count, value=1)
    logger.info("desk close note", lead_id=lead_id, outcome=asked.outcome if asked else "gone", offer=asked.offer if asked else None,
                user=context.session.sub)  # fmt: skip
    return redirect(f"/desk/leads/{lead_id}?done={f'note_{asked.outcome}' if asked else 'gone'}")


# --- the practice's figures (managers; issue 22) ------------------------------------------------------


@route("GET", r"/desk/figures", "manager", "/desk/figures")
def figures_page(context: Context) -> Answer:
    assert context.session is not None
    calendar = context.wiring.calendar
    result = figures_rules.read(context.wiring.figures, calendar, context.at)
    logger.info("desk figures", user=context.session.sub)
    return pages.render("figures.html", title="Figures", practice=context.practice, user=context.session,
                        zone=context.wiring.settings.practice_timezone, this_month=result.this_month.name,
                        last_month=result.last_month.name, rows=figure_lines(result), chart=figures_rules.chart(result),
                        hours=figures_rules.opening_hours(calendar))  # fmt: skip
