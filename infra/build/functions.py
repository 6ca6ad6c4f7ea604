"""The functions template.yaml defines, read from it: each one's handler, feature and settings model.

One place for the dev tools and the tests to learn which functions exist, so that a new function
is a new template entry (and a folder under functions/leadcapture/), never a new list to keep.
A handler is `leadcapture.<feature>.handler.handler`; the feature's `settings.py` defines the one
settings model the function reads.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from infra.build.template import TEMPLATE, load

if TYPE_CHECKING:
    from leadcapture.kernel.settings.base import FunctionSettings


@dataclass(frozen=True, slots=True)
class Function:
    logical_id: str
    handler: str

    @property
    def module(self) -> str:
        return self.handler.rsplit(".", 1)[0]

    @property
    def attribute(self) -> str:
        return self.handler.rsplit(".", 1)[1]

    @property
    def package(self) -> str:
        """The top-level package its handler lives in (`leadcapture`)."""
        return self.handler.split(".", 1)[0]

    @property
    def feature(self) -> str:
        """The feature package: `leadcapture.intake` for `leadcapture.intake.handler.handler`."""
        return self.handler.rsplit(".", 2)[0]

    @property
    def name(self) -> str:
        """The short name the tools use: `submit` for SubmitFunction, `ses-events` for SesEventsFunction."""
        return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", self.logical_id.removesuffix("Function")).lower()

    def settings_model(self) -> type[FunctionSettings]:
        """The settings model the feature's `settings.py` defines (exactly one)."""
        from leadcapture.kernel.settings.base import FunctionSettings

        module = importlib.import_module(f"{self.feature}.settings")
        models = [
            value
            for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, FunctionSettings) and value.__module__ == module.__name__
        ]
        if len(models) != 1:
            raise LookupError(f"{module.__name__} defines {len(models)} settings models, not one")
        return models[0]


@cache
def functions(path: Path = TEMPLATE) -> tuple[Function, ...]:
    """Every AWS::Serverless::Function of the template with its Handler (its own, or Globals'), in the template's order."""
    document = load(path)
    default_handler = ((document.get("Globals") or {}).get("Function") or {}).get("Handler")
    found: list[Function] = []
    for logical_id, resource in (document.get("Resources") or {}).items():
        if not isinstance(resource, dict) or resource.get("Type") != "AWS::Serverless::Function":
            continue
        handler = (resource.get("Properties") or {}).get("Handler", default_handler)
        if not isinstance(handler, str) or "." not in handler:
            raise ValueError(f"{logical_id}: a function needs a plain Handler (module.attribute), not {handler!r}")
        found.append(Function(logical_id, handler))
    return tuple(found)


def by_name(path: Path = TEMPLATE) -> dict[str, Function]:
    """The functions by their short name."""
    return {function.name: function for function in functions(path)}
