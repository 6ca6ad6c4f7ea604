"""Roles (issue 22), over the route table itself: every route is answered for the role that may use
it, refused with 403 for the role that may not (never the data), and without a session redirected
to sign-in (a page) or refused with 401 (a form). A route added to routing.py's table, or to the
manager's pages, is in these tests without anyone writing one."""

from __future__ import annotations

import re

import pytest

from leadcapture.desk.domain.sessions import ROLES, allows
from leadcapture.desk.web.routing import ROUTES, Route
from tests.integration.test_desk import Browser, People, a_lead, people, sign_in, store

__all__ = ["people"]
# What each form needs to be a real request (besides its CSRF token); a route not named here posts the token alone.
FORMS = {
    "POST /desk/leads/{id}/status": {"action": "contacted"},
    "POST /desk/leads/{id}/notes": {"note": "Called back, no answer yet."},
    "POST /desk/find": {"find": "jordan.blake@example.com"},
    "POST /desk/export": {"status": "", "from": "", "to": ""},
    "POST /desk/forget": {"find": "nobody-here@example.org"},
    "POST /desk/forget/confirm": {"leads": ""},
}
# What a page of each role-bound GET shows only to whom may see it.
SHOWS = {
    "GET /desk/audit": "Audit trail",
    "GET /desk/export": "Download CSV",
    "GET /desk/users": "Desk accounts",
    "GET /desk/forget": "Their email or phone",
    "GET /desk/leads/{id}": "Anxious about starting therapy",
}
GUARDED = [r for r in ROUTES if r.needs is not None]


def path_of(route: Route, lead_id: str) -> str:
    return route.name.split(" ", 1)[1].replace("{id}", lead_id)


def ask(browser: Browser, route: Route, lead_id: str, *, csrf: bool = True) -> dict[str, object]:
    path = path_of(route, lead_id)
    if route.method == "GET":
        return browser.get(path)
    browser.get("/desk/inbox")
    token = browser.csrf() if csrf and browser.last["statusCode"] == 200 else ""
    return browser.post(path, {"csrf": token, **FORMS.get(route.name, {})})


def test_every_route_of_the_table_is_covered_and_the_manager_pages_need_a_manager() -> None:
    names = {r.name for r in ROUTES}
    assert {"GET /desk/audit", "GET /desk/export", "POST /desk/export", "GET /desk/users", "GET /desk/forget", "POST /desk/forget",
            "POST /desk/forget/confirm"} <= names  # fmt: skip
    for route in GUARDED:
        assert re.fullmatch(route.path, path_of(route, "0b8f5a52-3c44-4b5e-9d3c-1c2f3a4b5c6d")), route.name
        if route.name.startswith(("GET /desk/audit", "GET /desk/export", "POST /desk/export", "GET /desk/users", "GET /desk/forget",
                                  "POST /desk/forget")):  # fmt: skip
            assert route.needs == "manager", route.name


@pytest.mark.parametrize("route", GUARDED, ids=lambda r: r.name)
def test_without_a_session_a_page_redirects_to_sign_in_and_a_form_is_401(people: People, route: Route) -> None:
    lead = a_lead()
    store().put_new(lead)
    answer = ask(Browser(), route, lead.id, csrf=False)
    if route.method == "GET":
        assert (answer["statusCode"], answer["headers"]["Location"]) == (303, "/desk/sign-in")  # type: ignore[index]
    else:
        assert answer["statusCode"] == 401
    assert "Anxious" not in str(answer["body"]) and "jordan" not in str(answer["body"])


@pytest.mark.parametrize("route", GUARDED, ids=lambda r: r.name)
def test_each_role_is_answered_where_it_may_and_refused_with_403_where_it_may_not(people: People, route: Route) -> None:
    assert route.needs is not None
    for role in ROLES:
        lead = a_lead()
        store().put_new(lead)
        browser = sign_in(people.manager if role == "manager" else people.coordinator)
        answer = ask(browser, route, lead.id)
        body = str(answer["body"])
        if allows(role, route.needs):
            assert answer["statusCode"] not in {401, 403, 404, 405, 500}, (role, answer["statusCode"], body[:300])
            location = str(answer.get("headers", {}).get("Location", ""))  # type: ignore[attr-defined]
            assert not location.startswith("/desk/sign-in") or route.name == "POST /desk/sign-out", (role, location)
            if route.name in SHOWS:
                assert SHOWS[route.name] in body, role
        else:
            assert answer["statusCode"] == 403, (role, answer["statusCode"])
            assert "Not for your role" in body
            assert SHOWS.get(route.name, "\0") not in body and "text/csv" not in str(answer["headers"])


@pytest.mark.parametrize("route", [r for r in GUARDED if r.method == "POST"], ids=lambda r: r.name)
def test_a_form_without_its_csrf_token_is_403_for_every_role_that_may(people: People, route: Route) -> None:
    lead = a_lead()
    store().put_new(lead)
    browser = sign_in(people.manager)
    answer = browser.post(path_of(route, lead.id), {"csrf": "forged", **FORMS.get(route.name, {})})
    assert answer["statusCode"] == 403 and "Not recorded" in str(answer["body"])
