"""The desk's answer to a request: the route it is, and the checks every route passes first.

One place decides, for every request: which route it is (anything else is a 404 page), whose
session it carries (the cookie's row in the sessions table, ended when idle or too old), whether
that session's role may use the route (`sessions.allows`: issue 22's roles add rows, not checks),
and, for every POST, whether the form's CSRF token is the session's. Without a session a page
answers a redirect to the sign-in page (which sends the user back to that page once signed in:
`routing.return_path`) and a POST a 401; neither reads a lead. A POST whose token
is missing or wrong answers 403 and changes nothing.

The route table is routing.py's; the pages add their rows (sign_in_pages.py, inbox_pages.py,
lead_pages.py, figures_page.py, manager.py), and importing them here fills it.

Every sign-in (and every refused one), lead opened, status pressed, note, find, export and forget
adds one record to the audit trail (kernel/audit.py): who, what, which lead; never a value.

Log lines name the route (`GET /desk/leads/{id}`), the lead id, the outcome and the user's Cognito
id: never a field of a lead, a note, a name, an email or a code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_lambda_powertools.metrics import MetricUnit

from leadcapture.desk.domain.sessions import Session, allows, csrf_ok, ended, hash_id, needs_touch

# The page modules (all but `pages`) are imported for their routes: each adds its rows to routing.ROUTES.
from leadcapture.desk.web import figures_page, inbox_pages, lead_pages, manager, pages  # noqa: F401
from leadcapture.desk.web.http import Answer, CookieJar, Request, redirect
from leadcapture.desk.web.routing import INBOX, RETURN_SECONDS, ROUTES, SIGN_IN, Context, return_path
from leadcapture.desk.web.sign_in_pages import ENDED
from leadcapture.observability import logger, metrics

if TYPE_CHECKING:
    from leadcapture.desk.domain.sessions import Role
    from leadcapture.desk.wiring import Wiring


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
