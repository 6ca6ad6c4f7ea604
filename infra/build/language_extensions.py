#!/usr/bin/env python3
"""template.yaml with CloudFormation's AWS::LanguageExtensions applied, printed as JSON.

    .venv-tools/bin/python infra/build/language_extensions.py [template] > expanded.json

In AWS, CloudFormation runs that transform (`Fn::ForEach` loops, `Fn::FindInMap` with a default)
before SAM's. Offline, sam validate and cfn-lint follow it themselves, but the SAM translator
(sam_transform.py), checkov (it skips a loop's resources without a word) and moto's
CloudFormation do not: they read this expansion instead. It is cfn-lint's own (pinned in
infra/requirements-tools.txt), which leaves every other intrinsic (Ref, Fn::If, Fn::Sub of a
parameter) as written, unlike SAM CLI's local expansion, which resolves them to the defaults.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
TRANSFORM = "AWS::LanguageExtensions"


def expanded(path: Path) -> dict[str, Any]:
    """The template as plain dicts and lists, its loops expanded and the transform taken off the list."""
    from cfnlint.decode import decode_str
    from cfnlint.template import Template
    from cfnlint.template.transforms._language_extensions import _Transform

    template, errors = decode_str(path.read_text(encoding="utf-8"))
    if errors or template is None:
        raise SystemExit(f"{path}: {errors}")
    # cfn-lint's Template reorders what it reads (Fn::Equals' operands): it gets a copy, for the
    # Mappings the loops look up, and the loops are expanded on the template as written.
    lookups = Template(str(path), copy.deepcopy(template), ["us-east-1"])
    plain: dict[str, Any] = _with_defaults(json.loads(json.dumps(_Transform()._walk(template, {}, lookups))), template.get("Mappings", {}))
    transforms = plain.get("Transform", [])
    remaining = [t for t in (transforms if isinstance(transforms, list) else [transforms]) if t != TRANSFORM]
    plain["Transform"] = remaining[0] if len(remaining) == 1 else remaining
    return plain


def _with_defaults(value: Any, mappings: dict[str, Any]) -> Any:
    """Resolve what cfn-lint leaves for its own checks: a literal Fn::FindInMap with a DefaultValue."""
    if isinstance(value, list):
        return [_with_defaults(v, mappings) for v in value]
    if not isinstance(value, dict):
        return value
    found = value.get("Fn::FindInMap")
    if len(value) == 1 and isinstance(found, list) and len(found) == 4 and all(isinstance(k, str) for k in found[:3]):
        name, first, second, default = found
        return mappings.get(name, {}).get(first, {}).get(second, default["DefaultValue"])
    return {k: _with_defaults(v, mappings) for k, v in value.items()}


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "template.yaml"
    json.dump(expanded(path), sys.stdout, indent=1)


if __name__ == "__main__":
    main()
