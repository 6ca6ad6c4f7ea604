"""The desk's open pages and sign-in: `/desk`, the style sheet, each sign-in step (password, new
password, authenticator set-up, code), sign-out, and the words of each refusal.

Apart from the coordinator's pages because none of these but sign-out needs a session of a role (a
half-done sign-in carries a pending session) and each sign-in step checks its own CSRF token: the
sign-in form's cookie, or the pending session's. Every sign-in and every refused
one adds an audit record; a refusal never says which of email or password was wrong.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from aws_lambda_powertools.metrics import MetricUnit

from leadcapture.desk.domain.sessions import Session, csrf_ok, new_csrf
from leadcapture.desk.web import pages
from leadcapture.desk.web.http import Answer, redirect
from leadcapture.desk.web.routing import INBOX, SIGN_IN, Context, return_path, route
from leadcapture.kernel import audit
from leadcapture.observability import logger, metrics

if TYPE_CHECKING:
    from leadcapture.desk.domain.sign_in import Outcome

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
