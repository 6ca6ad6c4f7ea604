"""What the submit function reads from its environment (template.yaml's SubmitFunction)."""

from __future__ import annotations

from typing import Annotated, get_args
from urllib.parse import urlsplit

from pydantic import BeforeValidator, Field, SecretStr, field_validator, model_validator

from leadcapture.intake.website import form_fields
from leadcapture.intake.website.origins import normal_origin
from leadcapture.kernel.messages import Language
from leadcapture.kernel.settings.base import CsvList, Required
from leadcapture.kernel.settings.tables import IdempotencyTable, LeadsTable, Retention


def _aliases(value: object) -> object:
    return form_fields.parse_aliases(value) if isinstance(value, str) else value


def _pairs(value: object, setting: str) -> object:
    if not isinstance(value, str):
        return value
    pairs: dict[str, str] = {}
    for entry in filter(None, (part.strip() for part in value.split(","))):
        key, sep, url = (side.strip() for side in entry.partition("="))
        if not sep or key not in get_args(Language) or not url:
            raise ValueError(f"{setting}: {entry!r} is not language=url with a language of {', '.join(get_args(Language))}")
        pairs[key] = url
    return pairs


class SubmitSettings(LeadsTable, IdempotencyTable, Retention):
    """POST /consultations: the form's contract, the person's answer and the defences (docs/defences.md)."""

    # The page a plain HTML form post is redirected to after success.
    thank_you_url: Required = Field(alias="THANK_YOU_URL")
    # The answers' language when the person's is unknown.
    practice_language: Language = Field("en", alias="PRACTICE_LANGUAGE")
    # The thank-you page per language ("es=https://practice.example/es/gracias"); others: THANK_YOU_URL.
    thank_you_urls: Annotated[dict[str, str], BeforeValidator(lambda v: _pairs(v, "THANK_YOU_URLS"))] = Field({}, alias="THANK_YOU_URLS")
    # A website's own field names: a preset by name (form_fields.PRESETS) and/or "site_name=our_name,...".
    form_preset: str = Field("", alias="FORM_PRESET")
    field_aliases: Annotated[dict[str, str], BeforeValidator(_aliases)] = Field({}, alias="FIELD_ALIASES")
    allowed_origins: CsvList = Field((), alias="ALLOWED_ORIGINS")
    # Version of the consent wording the form shows; stored with each lead's consent record.
    consent_version: str = Field("2026-11-01", alias="CONSENT_VERSION")
    # Seconds a client is told to wait after a 503.
    retry_after_seconds: int = Field(5, ge=1, le=3600, alias="RETRY_AFTER_SECONDS")
    # --- defences against spam, abuse and double submits (docs/defences.md) ---
    idempotency_expiry_seconds: int = Field(600, ge=10, le=86400, alias="IDEMPOTENCY_EXPIRY_SECONDS")
    rate_limit_table_name: str = Field("", alias="RATE_LIMIT_TABLE_NAME")
    # Posts per source per hour; 0 turns the limit off. No person sends 20 requests in an hour.
    rate_limit_per_hour: int = Field(20, ge=0, le=100000, alias="RATE_LIMIT_PER_HOUR")
    # Secrets Manager name/ARN of the HMAC key for source IPs; RATE_LIMIT_KEY is the local fallback.
    rate_limit_key_secret: str = Field("", alias="RATE_LIMIT_KEY_SECRET")
    rate_limit_key: SecretStr = Field(SecretStr(""), alias="RATE_LIMIT_KEY")
    # Secrets Manager name/ARN of the HMAC key of the lookup index (email and phone hashes, `kernel/lookup.py`);
    # empty: leads are stored unindexed. Never rotated: the stored hashes would stop matching.
    lookup_key_secret: str = Field("", alias="LOOKUP_KEY_SECRET")
    # SSM SecureString parameter holding the Turnstile secret; empty turns Turnstile off.
    turnstile_secret_parameter: str = Field("", alias="TURNSTILE_SECRET_PARAMETER")
    turnstile_verify_url: str = Field("https://challenges.cloudflare.com/turnstile/v0/siteverify", alias="TURNSTILE_VERIFY_URL")
    # Empty: the hostnames of ALLOWED_ORIGINS.
    turnstile_hostnames: CsvList = Field((), alias="TURNSTILE_HOSTNAMES")
    turnstile_action: str = Field("consultation", alias="TURNSTILE_ACTION")
    turnstile_timeout_seconds: float = Field(3, gt=0, le=20, alias="TURNSTILE_TIMEOUT_SECONDS")
    # --- the heartbeat (docs/reliability.md "Heartbeat"): the key that tells a signed canary from a person's post ---
    # Secrets Manager name/ARN; CANARY_KEY is the local fallback. Neither set: no post is ever taken for a heartbeat.
    canary_key_secret: str = Field("", alias="CANARY_KEY_SECRET")
    canary_key: SecretStr = Field(SecretStr(""), alias="CANARY_KEY")

    @field_validator("allowed_origins")
    @classmethod
    def _origins(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        """Each origin in the form browsers send (`origins.py`), or a start-up error naming it."""
        normal: list[str] = []
        for origin in value:
            try:
                normal.append(normal_origin(origin))
            except ValueError as err:
                raise ValueError(f"ALLOWED_ORIGINS: {origin!r}: {err}") from None
        return tuple(dict.fromkeys(normal))

    @field_validator("form_preset")
    @classmethod
    def _known_preset(cls, value: str) -> str:
        value = value.strip().lower()
        if value and value not in form_fields.PRESETS:
            raise ValueError(f"FORM_PRESET: unknown preset {value!r} (known: {', '.join(form_fields.PRESETS)})")
        return value

    @model_validator(mode="after")
    def _rate_limit_has_a_table(self) -> SubmitSettings:
        if self.rate_limit_per_hour > 0 and not self.rate_limit_table_name.strip():
            raise ValueError("RATE_LIMIT_TABLE_NAME is required while RATE_LIMIT_PER_HOUR is above 0")
        return self

    @property
    def field_map(self) -> form_fields.FieldMap:
        return form_fields.FieldMap.build(self.form_preset, self.field_aliases)

    def thank_you_for(self, language: str) -> str:
        return self.thank_you_urls.get(language, self.thank_you_url)

    @property
    def turnstile_expected_hostnames(self) -> tuple[str, ...]:
        if self.turnstile_hostnames:
            return tuple(h.lower() for h in self.turnstile_hostnames)
        return tuple(host.lower() for origin in self.allowed_origins if (host := urlsplit(origin).hostname))
