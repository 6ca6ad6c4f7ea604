#!/usr/bin/env python3
"""Print the functions' run-time requirements, one per line, from pyproject.toml.

`[project].dependencies` is the one list of what the Lambda functions import at run time; the
build (functions/Makefile) installs exactly this, so there is no second list to drift. Standard
library only: it runs under whatever python3 `sam build` finds, before anything is installed.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def requirements(pyproject: Path = PYPROJECT) -> list[str]:
    with pyproject.open("rb") as handle:
        dependencies: list[str] = tomllib.load(handle)["project"]["dependencies"]
    unpinned = [d for d in dependencies if "==" not in d]
    if unpinned:
        raise SystemExit(f"run-time dependencies must be pinned exactly (name==x.y.z): {', '.join(unpinned)}")
    return dependencies


def main() -> None:
    sys.stdout.write("".join(f"{line}\n" for line in requirements()))


if __name__ == "__main__":
    main()
