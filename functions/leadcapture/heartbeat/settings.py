"""What the heartbeat function reads from its environment (template.yaml's HeartbeatFunction)."""

from __future__ import annotations

from pydantic import Field, SecretStr

from leadcapture.kernel.settings.base import FunctionSettings, Required


class HeartbeatSettings(FunctionSettings):
    """Daily: one signed synthetic submission through the stack's own public API."""

    # Where the heartbeat posts: the stack's own public POST /consultations.
    heartbeat_url: Required = Field(alias="HEARTBEAT_URL")
    # Secrets Manager name/ARN of the signing key; CANARY_KEY is the local fallback.
    canary_key_secret: str = Field("", alias="CANARY_KEY_SECRET")
    canary_key: SecretStr = Field(SecretStr(""), alias="CANARY_KEY")
