"""Where an email or a text about a lead links to: the desk, the signed action links and their key."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator

from leadcapture.kernel.settings.base import FunctionSettings, http_base


class DeskLink(FunctionSettings):
    """Where the desk is: an email or a text about a lead links to <DESK_URL>/leads/<id> (docs/desk.md).
    Empty (a stack without the desk): no desk link; a page then carries the signed "I'm on it" link."""

    desk_url: str = Field("", alias="DESK_URL")

    @field_validator("desk_url")
    @classmethod
    def _desk_url(cls, value: str) -> str:
        return http_base("DESK_URL", value)


class LinkKey(FunctionSettings):
    """The action links' key: signing them (the emails) and verifying them (the actions function)."""

    # Secrets Manager name/ARN of the links' HMAC key; ACTION_LINK_KEY is the local fallback.
    action_link_key_secret: str = Field("", alias="ACTION_LINK_KEY_SECRET")
    action_link_key: SecretStr = Field(SecretStr(""), alias="ACTION_LINK_KEY")


class ActionLinks(LinkKey):
    """The coordinator email's action links (docs/email.md "Action links")."""

    # Where the links point: the HTTP API's URL (the template) or the local stack's. Empty: no links.
    actions_base_url: str = Field("", alias="ACTIONS_BASE_URL")

    @field_validator("actions_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        """Each link appends /actions/<token>."""
        return http_base("ACTIONS_BASE_URL", value)
