"""Signing in at the desk: email and password, then the challenges Cognito asks for, then a session.

    email + password ──> NEW_PASSWORD_REQUIRED (first sign-in) ──> MFA_SETUP (enrol an authenticator)
                    └──> SOFTWARE_TOKEN_MFA (the authenticator's code) ──────────────┴──> signed in

Cognito's user pool requires the authenticator (MFA on, TOTP only), so tokens are accepted only
right after a second factor was answered (the code, or the enrolment's first code); tokens
straight after a password are refused. The tokens are verified (signature, issuer, client, use,
expiry) before anything is believed of them; a user in neither desk group is refused and signed
out at Cognito. Every step that goes on gets a new session id: a pending sign-in's id never
becomes a signed-in one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from leadcapture.desk.domain.ports import CHALLENGES, Asked, Refused, TokenRefused, Tokens
from leadcapture.desk.domain.sessions import Session, hash_id, new_csrf, new_id, role_of

if TYPE_CHECKING:
    from leadcapture.desk.domain.ports import Authenticator, Refusal, Sessions, Step, TokenVerifier
    from leadcapture.desk.domain.sessions import Timeouts


@dataclass(frozen=True, slots=True)
class Outcome:
    """Where the sign-in is: a session to keep (pending: another step; active: signed in) with the raw id
    for the cookie, or why it was refused (the pending session, if any, kept for another try)."""

    session: Session | None
    raw_id: str = ""
    refused: Refusal | None = None


@dataclass(frozen=True, slots=True)
class SignIn:
    auth: Authenticator
    verifier: TokenVerifier
    sessions: Sessions
    timeouts: Timeouts

    def start(self, email: str, password: str, *, now: float) -> Outcome:
        username = email.strip()
        if not username or not password:
            return Outcome(None, refused="wrong")
        return self._next(self.auth.start(username, password), username, None, now=now, second_factor=False)

    def new_password(self, pending: Session, password: str, *, now: float) -> Outcome:
        if pending.challenge != "NEW_PASSWORD_REQUIRED":
            return Outcome(pending, refused="expired")
        step = self.auth.new_password(pending.username, pending.cognito_session, password)
        return self._next(step, pending.username, pending, now=now, second_factor=False)

    def enrol(self, pending: Session, code: str, *, now: float) -> Outcome:
        if pending.challenge != "MFA_SETUP":
            return Outcome(pending, refused="expired")
        step = self.auth.verify_setup(pending.username, pending.cognito_session, code.strip())
        return self._next(step, pending.username, pending, now=now, second_factor=True)

    def code(self, pending: Session, code: str, *, now: float) -> Outcome:
        if pending.challenge != "SOFTWARE_TOKEN_MFA":
            return Outcome(pending, refused="expired")
        step = self.auth.code(pending.username, pending.cognito_session, code.strip())
        return self._next(step, pending.username, pending, now=now, second_factor=True)

    def _next(self, step: Step, username: str, pending: Session | None, *, now: float, second_factor: bool) -> Outcome:
        if isinstance(step, Refused):
            if step.reason in {"wrong_code", "password_rules"} and pending is not None:
                return Outcome(pending, refused=step.reason)  # the same step again
            self._forget(pending)
            return Outcome(None, refused=step.reason)
        if isinstance(step, Asked):
            return self._pending(step, username, pending, now=now)
        if not second_factor:
            # The pool requires an authenticator: tokens after a password alone mean it does not.
            self.auth.sign_out(step.access_token)
            self._forget(pending)
            return Outcome(None, refused="unsupported")
        return self._signed_in(step, pending, now=now)

    def _pending(self, asked: Asked, username: str, before: Session | None, *, now: float) -> Outcome:
        if asked.challenge not in CHALLENGES:
            self._forget(before)
            return Outcome(None, refused="unsupported")
        secret, session = "", asked.session
        if asked.challenge == "MFA_SETUP":
            associated = self.auth.associate(asked.session)
            if isinstance(associated, Refused):
                self._forget(before)
                return Outcome(None, refused=associated.reason)
            secret, session = associated
        raw = new_id()
        pending = Session(
            id_hash=hash_id(raw),
            kind="pending",
            csrf=new_csrf(),
            created_at=now,
            last_seen=now,
            challenge=asked.challenge,
            cognito_session=session,
            username=asked.username or username,
            secret=secret,
        )
        self._forget(before)
        self.sessions.put(pending, pending.expires_at(self.timeouts))
        return Outcome(pending, raw)

    def _signed_in(self, tokens: Tokens, pending: Session | None, *, now: float) -> Outcome:
        try:
            identity = self.verifier.identity(tokens)
        except TokenRefused:
            self._forget(pending)
            return Outcome(None, refused="unsupported")
        if role_of(identity.groups) is None:
            self.auth.sign_out(tokens.access_token)
            self._forget(pending)
            return Outcome(None, refused="not_a_desk_user")
        name, email = self.auth.profile(tokens.access_token)
        raw = new_id()
        session = Session(
            id_hash=hash_id(raw),
            kind="active",
            csrf=new_csrf(),
            created_at=now,
            last_seen=now,
            sub=identity.sub,
            name=name or email or identity.username,
            email=email,
            groups=identity.groups,
            access_token=tokens.access_token,
        )
        self._forget(pending)
        self.sessions.put(session, session.expires_at(self.timeouts))
        return Outcome(session, raw)

    def sign_out(self, session: Session) -> None:
        """End the session here and at Cognito (its refresh tokens with it)."""
        self.sessions.delete(session.id_hash)
        if session.kind == "active" and session.access_token:
            self.auth.sign_out(session.access_token)

    def _forget(self, pending: Session | None) -> None:
        if pending is not None:
            self.sessions.delete(pending.id_hash)


def without_secret(session: Session) -> Session:
    """The pending session once its authenticator's secret has been shown."""
    return replace(session, secret="")
