"""What every function's settings are built on: read from variables by alias, frozen, failing loudly.

The pieces (tables, practice, links, mail, paging) each build on `FunctionSettings`; a function's
own model (`<feature>/settings.py`) imports only the pieces it reads, so its cold start builds no
other function's settings classes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Self
from urllib.parse import urlsplit

from pydantic import BaseModel, BeforeValidator, ConfigDict, SecretStr, StringConstraints


def split_csv(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _flag(value: object) -> object:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return value


CsvList = Annotated[tuple[str, ...], BeforeValidator(split_csv)]
Flag = Annotated[bool, BeforeValidator(_flag)]


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


# A value that must be given: an empty variable is as missing as an absent one.
Required = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


# The switch EMAIL_DETAIL replaced: a stack that still sets it must choose again, so it is refused.
RETIRED = {"EMAIL_INCLUDE_MESSAGE": "EMAIL_DETAIL"}


class FunctionSettings(BaseModel):
    """The base of every function's settings: read from variables by alias, frozen, unknown variables ignored."""

    # The pieces are never validated on their own, only the one model each function reads: their schemas
    # are built for that model, on its first use, not for every piece at import (cold-start time).
    model_config = ConfigDict(frozen=True, extra="ignore", defer_build=True)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Self:
        env = os.environ if environ is None else environ
        return cls.model_validate({k: v for k, v in env.items() if k in cls.variables()})

    @classmethod
    def variables(cls) -> frozenset[str]:
        """The variables these settings read."""
        return frozenset(field.alias for field in cls.model_fields.values() if field.alias)

    @classmethod
    def required(cls) -> frozenset[str]:
        """The variables without which these settings cannot be made."""
        return frozenset(field.alias for field in cls.model_fields.values() if field.alias and field.is_required())

    def environment(self, *, exclude: frozenset[str] = frozenset()) -> dict[str, str]:
        """These settings as the environment variables that give them: `from_env` reads them back equal.

        Secrets (SecretStr) are left out; `exclude` names other variables to leave out.
        """
        out: dict[str, str] = {}
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            if not field.alias or field.alias in exclude or isinstance(value, SecretStr):
                continue
            out[field.alias] = _as_variable(name, value)
        return out


def _as_variable(name: str, value: object) -> str:
    """One setting as its variable spells it (the inverse of the field's validator)."""
    if name == "business_days":
        return ",".join(WEEKDAYS[day] for day in value)  # type: ignore[attr-defined]
    if name == "business_hours":
        return "-".join(t.strftime("%H:%M") for t in value)  # type: ignore[attr-defined]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):  # THANK_YOU_URLS, FIELD_ALIASES: key=value,...
        return ",".join(f"{key}={item}" for key, item in value.items())
    if isinstance(value, tuple | list):
        return ",".join(v.isoformat() if isinstance(v, date) else str(v) for v in value)
    return str(value)


def http_base(variable: str, value: str) -> str:
    """http(s)://host[:port][/path], no query, fragment or user: links append their own path to it."""
    value = value.strip().rstrip("/")
    if not value:
        return value
    parts = urlsplit(value)
    if parts.scheme not in {"https", "http"} or not parts.netloc or parts.query or parts.fragment or "@" in parts.netloc:
        raise ValueError(f"{variable} must be http(s)://host[:port][/path], got {value!r}")
    return value
