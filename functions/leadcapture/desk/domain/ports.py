"""What the desk's rules need from outside: Cognito, the token check, the sessions table and the leads table."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from leadcapture.kernel.close_note import CloseNoteStore
from leadcapture.kernel.ports import AcknowledgeStore

if TYPE_CHECKING:
    from leadcapture.desk.domain.sessions import Session
    from leadcapture.kernel.figures import Record
    from leadcapture.kernel.lead import Lead, Note
    from leadcapture.kernel.lookup import LookupKeys
    from leadcapture.kernel.status import By, Status

# The challenges the desk answers: a first sign-in's new password and authenticator, then the code.
Challenge = Literal["NEW_PASSWORD_REQUIRED", "MFA_SETUP", "SOFTWARE_TOKEN_MFA"]
CHALLENGES: frozenset[str] = frozenset({"NEW_PASSWORD_REQUIRED", "MFA_SETUP", "SOFTWARE_TOKEN_MFA"})
# Why a step did not go on. `wrong`: the email or password (never said which); `password_rules`: a
# new password Cognito refused; `wrong_code`: the authenticator's code; `expired`: the half-done
# sign-in is too old; `reset`: ops must reset the password; `unsupported`: a challenge the desk does
# not answer, or tokens without any second factor (the pool requires one: never accepted).
Refusal = Literal["wrong", "password_rules", "wrong_code", "expired", "reset", "unsupported", "not_a_desk_user", "unavailable"]


@dataclass(frozen=True, slots=True)
class Asked:
    """Cognito asks for a challenge: its name and its session string for the answer."""

    challenge: str
    session: str = field(repr=False)
    # The user's name as Cognito knows it (USER_ID_FOR_SRP), for the answer; "" when it did not say.
    username: str = field(default="", repr=False)


@dataclass(frozen=True, slots=True)
class Tokens:
    id_token: str = field(repr=False)
    access_token: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class Refused:
    reason: Refusal


Step = Asked | Tokens | Refused


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a verified token says signed in."""

    sub: str
    groups: tuple[str, ...]
    username: str


class Authenticator(Protocol):
    """The user pool (Cognito's API: USER_PASSWORD_AUTH and the challenges)."""

    def start(self, username: str, password: str) -> Step: ...
    def new_password(self, username: str, session: str, password: str) -> Step: ...
    def associate(self, session: str) -> tuple[str, str] | Refused:
        """An authenticator's secret for a first sign-in, and Cognito's next session string."""

    def verify_setup(self, username: str, session: str, code: str) -> Step: ...
    def code(self, username: str, session: str, code: str) -> Step: ...
    def profile(self, access_token: str) -> tuple[str, str]:
        """The user's name (as set in Cognito; else their email) and email."""

    def sign_out(self, access_token: str) -> None:
        """End the user's Cognito tokens (refresh tokens included); never raises."""


class TokenRefused(Exception):
    """A token that is not the pool's, not this client's, not of its use, or expired."""


class TokenVerifier(Protocol):
    def identity(self, tokens: Tokens) -> Identity:
        """The verified ID and access tokens' user; TokenRefused otherwise."""


class Sessions(Protocol):
    """The sessions table. `get` is a consistent read."""

    def get(self, id_hash: str) -> Session | None: ...
    def put(self, session: Session, expires_at: int) -> None: ...
    def delete(self, id_hash: str) -> None: ...
    def touch(self, id_hash: str, last_seen: float) -> None: ...


@dataclass(frozen=True, slots=True)
class Summary:
    """What an inbox row shows of a lead (read by key after the index said which leads)."""

    id: str
    created_at: str
    status: Status
    first_name: str = ""
    last_name: str = ""
    urgent: bool = False
    language: str | None = None
    opened_at: str | None = None
    trapped: bool = False
    # Someone has it ("I'm on it", or an outcome recorded even if reopened since): kernel/paging.py `acknowledged`.
    acknowledged: bool = False


# A page of an index: the leads' ids in order, and where the next page starts (None: the last page).
Cursor = dict[str, str]


@dataclass(frozen=True, slots=True)
class IndexPage:
    ids: tuple[str, ...]
    next: Cursor | None = None


class Inbox(AcknowledgeStore, CloseNoteStore, Protocol):
    """The leads table as the desk reads and writes it: index queries, reads by key, conditional writes;
    "I'm on it" (kernel/paging.py) and the close note asked for (kernel/close_note.py) as the links record them."""

    def open_page(self, *, urgent: bool, since: str, until: str, after: Cursor | None, limit: int) -> IndexPage:
        """Open leads (the open-leads index), urgent or not, oldest first."""

    def status_page(self, status: Status, *, since: str, until: str, after: Cursor | None, limit: int) -> IndexPage:
        """One status's leads (the by-status index), newest first."""

    def summaries(self, ids: Collection[str]) -> dict[str, Summary]: ...
    def find(self, lookup: LookupKeys) -> list[str]: ...
    def get(self, lead_id: str) -> Lead | None: ...
    def mark_opened(self, lead_id: str, *, at: str, by: str) -> bool: ...
    def add_note(self, lead_id: str, note: Note, *, cap: int) -> bool: ...
    def change_status(self, lead_id: str, to: Status, *, at: str, by: By, from_statuses: Collection[Status] | None = None) -> bool: ...
    def release_from_quarantine(self, lead_id: str, *, expires_at: int, at: str, status: Status = "new", by: By = "promotion") -> bool: ...


class LeadRecords(Protocol):
    """The figures page's reads (issue 22): the by-status index for a time range, then a projection by key."""

    def records(self, *, since: str, until: str) -> list[Record]:
        """Every lead but the canary received in [since, until] (stored stamps), without personal data."""
