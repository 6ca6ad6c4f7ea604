"""The desk's sessions: what a signed-in browser is, when it ends, and who may do what.

A session lives on the server (the sessions table). The browser holds only a random id in an
HttpOnly cookie; the table is keyed by the id's SHA-256, so a copy of the table holds no usable
cookie. Two kinds of row share the table:

- *pending*: a sign-in half done (Cognito asked for a new password, an authenticator or its code).
  It holds Cognito's own session string for the next step and ends 5 minutes after it began.
- *active*: a signed-in user: the Cognito user's id (`sub`), name, email and groups, the access
  token (to sign out at Cognito), a CSRF token for every form, when it began and when it was last used.

A session ends when it was idle longer than the idle timeout (default 30 minutes), or began longer
ago than the absolute timeout (default 12 hours), or at sign-out; an ended session is deleted, and
a new sign-in always gets a new id (no fixation). The clock is passed in: tests move it.

Roles (issue 22 builds on this): the Cognito groups `coordinator` and `manager`; a user in neither
cannot sign in to the desk. `allows(role, needs)` is the one place that says what a role may do.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field, replace
from typing import Literal

Kind = Literal["pending", "active"]
Role = Literal["coordinator", "manager"]
Ended = Literal["idle", "absolute"]
# What each role may do, widest last: a manager may do everything a coordinator may.
ROLES: tuple[Role, ...] = ("coordinator", "manager")
# A half-done sign-in: Cognito's own session for a challenge lasts 3 minutes by default.
PENDING_SECONDS = 5 * 60
# A used session's last_seen is written again at most this often (a write per page is not needed).
TOUCH_EVERY_SECONDS = 60


@dataclass(frozen=True, slots=True)
class Timeouts:
    idle_seconds: int
    absolute_seconds: int


@dataclass(frozen=True, slots=True)
class Session:
    id_hash: str
    kind: Kind
    csrf: str
    created_at: float
    last_seen: float
    # active
    sub: str = ""
    name: str = ""
    email: str = ""
    groups: tuple[str, ...] = ()
    access_token: str = field(default="", repr=False)
    # pending: the challenge Cognito asked for, its session string, the user's sign-in name,
    # and (while an authenticator is being set up) the secret to show once.
    challenge: str = ""
    cognito_session: str = field(default="", repr=False)
    username: str = field(default="", repr=False)
    secret: str = field(default="", repr=False)

    @property
    def role(self) -> Role | None:
        return role_of(self.groups)

    def expires_at(self, timeouts: Timeouts) -> int:
        """When the table may forget the row (its TTL): the latest moment it could still be valid."""
        if self.kind == "pending":
            return int(self.created_at + PENDING_SECONDS)
        return int(self.created_at + timeouts.absolute_seconds)


def new_id() -> str:
    """A session id for a cookie: 256 random bits."""
    return secrets.token_urlsafe(32)


def new_csrf() -> str:
    return secrets.token_urlsafe(32)


def hash_id(raw: str) -> str:
    """The table's key for a cookie's id."""
    return hashlib.sha256(b"lead-capture desk session\x00" + raw.encode("utf-8")).hexdigest()


def ended(session: Session, now: float, timeouts: Timeouts) -> Ended | None:
    """Why the session is over at `now`, or None while it is live."""
    if session.kind == "pending":
        return "absolute" if now - session.created_at > PENDING_SECONDS else None
    if now - session.created_at > timeouts.absolute_seconds:
        return "absolute"
    if now - session.last_seen > timeouts.idle_seconds:
        return "idle"
    return None


def needs_touch(session: Session, now: float) -> bool:
    return session.kind == "active" and now - session.last_seen >= TOUCH_EVERY_SECONDS


def touched(session: Session, now: float) -> Session:
    return replace(session, last_seen=now)


def csrf_ok(session: Session | None, sent: str | None) -> bool:
    """The form's token is this session's (constant time); no session or no token never passes."""
    return bool(session is not None and sent and hmac.compare_digest(session.csrf.encode(), sent.encode()))


def role_of(groups: tuple[str, ...]) -> Role | None:
    """The widest desk role among the user's Cognito groups; None: not a desk user."""
    found = [role for role in ROLES if role in groups]
    return found[-1] if found else None


def allows(role: Role | None, needs: Role) -> bool:
    """Whether `role` may do what needs `needs` (a manager may do everything a coordinator may)."""
    return role is not None and ROLES.index(role) >= ROLES.index(needs)
