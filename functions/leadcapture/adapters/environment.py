"""A function's settings from its environment, or one log line naming what is missing.

A function deployed without a value it cannot do without (its table, its sender, its
coordinators) must not start and send from a placeholder: its first invocation fails here, with
one error line that names each variable and what is wrong with it. Settings are configuration,
never personal data, so naming a bad value is safe.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import ValidationError

from leadcapture.kernel.settings.base import RETIRED, FunctionSettings
from leadcapture.observability import logger

S = TypeVar("S", bound=FunctionSettings)


class SettingsError(RuntimeError):
    """The function cannot start: a variable is missing or invalid (the message names each one)."""


def load(model: type[S], environ: Mapping[str, str] | None = None) -> S:
    """`model` read from the environment (default: this process's); SettingsError naming each bad variable."""
    env = os.environ if environ is None else environ
    problems = _retired(model, env)
    if not problems:
        try:
            return model.from_env(env)
        except ValidationError as err:
            problems = [_problem(error) for error in err.errors(include_url=False, include_input=False)]
    message = "; ".join(f"{variable}: {reason}" for variable, reason in problems)
    logger.error("function settings missing or invalid", settings=model.__name__, variables=[v for v, _ in problems], problems=message)
    raise SettingsError(message) from None


def _retired(model: type[FunctionSettings], env: Mapping[str, str]) -> list[tuple[str, str]]:
    """A variable this function no longer reads, still set: the stack was made for the old setting and
    must choose the new one (EMAIL_INCLUDE_MESSAGE -> EMAIL_DETAIL), rather than start with a default
    that would change what its emails say without anyone deciding it."""
    read = model.variables()
    return [
        (old, f'no longer read: remove it and set {new} instead (docs/deploy.md "Changes for existing stacks")')
        for old, new in RETIRED.items()
        if old in env and new in read
    ]


def _problem(error: Mapping[str, Any]) -> tuple[str, str]:
    loc = error.get("loc") or ()
    # A rule across several settings (a model validator) has no location: its message names them.
    variable = str(loc[0]) if loc else "settings"
    if error["type"] == "missing":
        return variable, "required, not set"
    if error["type"] == "string_too_short":
        return variable, "required, set but empty"
    return variable, str(error["msg"]).removeprefix("Value error, ")
