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
    plain: dict[str, Any] = json.loads(json.dumps(_Transform()._walk(template, {}, lookups)))
    transforms = plain.get("Transform", [])
    remaining = [t for t in (transforms if isinstance(transforms, list) else [transforms]) if t != TRANSFORM]
    plain["Transform"] = remaining[0] if len(remaining) == 1 else remaining
    return plain


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "template.yaml"
    json.dump(expanded(path), sys.stdout, indent=1)


if __name__ == "__main__":
    main()
