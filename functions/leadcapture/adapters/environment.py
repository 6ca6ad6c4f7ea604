"""A function's settings from its environment, or one log line naming what is missing.

A function deployed without a value it cannot do without (its table, its sender, its
coordinators) must not start and send from a placeholder: its first invocation fails here, with
one error line that names each variable and what is wrong with it. Settings are configuration,
never personal data, so naming a bad value is safe.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import ValidationError

from leadcapture.kernel.settings import FunctionSettings
from leadcapture.observability import logger

S = TypeVar("S", bound=FunctionSettings)


class SettingsError(RuntimeError):
    """The function cannot start: a variable is missing or invalid (the message names each one)."""


def load(model: type[S], environ: Mapping[str, str] | None = None) -> S:
    """`model` read from the environment (default: this process's); SettingsError naming each bad variable."""
    try:
        return model.from_env(environ)
    except ValidationError as err:
        problems = [_problem(error) for error in err.errors(include_url=False, include_input=False)]
        message = "; ".join(f"{variable}: {reason}" for variable, reason in problems)
        logger.error("function settings missing or invalid", settings=model.__name__, variables=[v for v, _ in problems], problems=message)
        raise SettingsError(message) from None


def _problem(error: Mapping[str, Any]) -> tuple[str, str]:
    loc = error.get("loc") or ()
    # A rule across several settings (a model validator) has no location: its message names them.
    variable = str(loc[0]) if loc else "settings"
    if error["type"] == "missing":
        return variable, "required, not set"
    if error["type"] == "string_too_short":
        return variable, "required, set but empty"
    return variable, str(error["msg"]).removeprefix("Value error, ")
