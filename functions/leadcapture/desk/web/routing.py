"""The desk's route table: the `route` decorator, what a view is given (`Context`), and `return_path`.

Apart from app.py so the page modules can add their routes without importing the module that
answers requests (app.py imports them; they import this, never app.py). `return_path` is here
because it reads the table: a path is one to come back to only if a GET route behind sign-in has it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from leadcapture.desk.domain import lead_work
from leadcapture.desk.web.http import Answer, CookieJar, Request
from leadcapture.kernel import audit

if TYPE_CHECKING:
    from leadcapture.desk.domain.sessions import Role, Session
    from leadcapture.desk.wiring import Wiring

SIGN_IN = "/desk/sign-in"
INBOX = "/desk/inbox"


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
