"""The functions template.yaml defines, read from it: each one's handler, feature and settings model.

One place for the dev tools and the tests to learn which functions exist, so that a new function
is a new template entry (and a folder under functions/leadcapture/), never a new list to keep.
A handler is `leadcapture.<feature>.handler.handler`; the feature's `settings.py` defines the one
settings model the function reads.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from infra.build.template import TEMPLATE, load

if TYPE_CHECKING:
    from leadcapture.kernel.settings import FunctionSettings


@dataclass(frozen=True, slots=True)
class Function:
    logical_id: str
    handler: str

    @property
    def feature(self) -> str:
        """The feature package: `leadcapture.intake` for `leadcapture.intake.handler.handler`."""
        return self.handler.rsplit(".", 2)[0]

    @property
    def name(self) -> str:
        """The short name the tools use: `submit` for SubmitFunction."""
        return _snake(self.logical_id.removesuffix("Function"))

    def settings_model(self) -> type[FunctionSettings]:
        """The settings model the feature's `settings.py` defines (exactly one)."""
        from leadcapture.kernel.settings import FunctionSettings

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
    """Every AWS::Serverless::Function of the template, in the template's order."""
    resources = load(path)["Resources"]
    return tuple(
        Function(logical_id, str(resource["Properties"]["Handler"]))
        for logical_id, resource in resources.items()
        if isinstance(resource, dict) and resource.get("Type") == "AWS::Serverless::Function"
    )


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() and i else c.lower() for i, c in enumerate(name))
