"""What the desk function reads from its environment (template.yaml's DeskFunction)."""

from __future__ import annotations

from pydantic import Field

from leadcapture.kernel.settings.base import Flag, Required
from leadcapture.kernel.settings.practice import BusinessCalendar
from leadcapture.kernel.settings.tables import AuditTrail, IdempotencyTable, LeadsTable, Retention


class DeskSettings(LeadsTable, BusinessCalendar, Retention, AuditTrail, IdempotencyTable):
    """GET/POST /desk/...: the user pool people sign in with, the sessions table and its timeouts, the
    lookup key (find a person), the calendar (a lead's promise) and the retention a promoted lead gets;
    for managers (issue 22) the audit table, and what a forget removes besides the leads."""

    sessions_table_name: Required = Field(alias="DESK_SESSIONS_TABLE_NAME")
    # The Cognito user pool and its app client (no secret: the desk's own sign-in page calls Cognito's API).
    user_pool_id: Required = Field(alias="DESK_USER_POOL_ID")
    client_id: Required = Field(alias="DESK_CLIENT_ID")
    # Where the pool's signing keys are published; empty: Cognito's own address for the pool (the local
    # stack points it at the embedded moto's).
    jwks_url: str = Field("", alias="DESK_JWKS_URL")
    # A session ends after this long without a request, and this long after sign-in whatever happens.
    idle_minutes: int = Field(30, ge=1, le=720, alias="DESK_IDLE_MINUTES")
    absolute_hours: int = Field(12, ge=1, le=24, alias="DESK_ABSOLUTE_HOURS")
    # Secure (and so the __Host- prefix) on the cookies: off only on the local stack's plain HTTP.
    secure_cookies: Flag = Field(True, alias="DESK_SECURE_COOKIES")
    # Secrets Manager name/ARN of the lookup index's key (find a person by email or phone); empty: no find.
    lookup_key_secret: str = Field("", alias="LOOKUP_KEY_SECRET")
    # A manager's forget (issue 22) also removes the SES events function's dead letters that name the
    # person's leads; empty: not searched (the receipt says to run `leads forget` for them).
    ses_events_dead_letter_queue_url: str = Field("", alias="SES_EVENTS_DEAD_LETTER_QUEUE_URL")

    @property
    def region(self) -> str:
        """The pool's region: its id starts with it (`us-east-1_AbC123`)."""
        return self.user_pool_id.partition("_")[0]

    @property
    def issuer(self) -> str:
        """What Cognito writes in `iss` of the pool's tokens (moto writes the same)."""
        return f"https://cognito-idp.{self.region}.amazonaws.com/{self.user_pool_id}"

    @property
    def keys_url(self) -> str:
        return self.jwks_url or f"{self.issuer}/.well-known/jwks.json"
