"""The deployment artifact: built fresh with `sam build`, zipped the way `sam package` zips it.

The build goes to a scratch directory (never the shared .aws-sam/), from the template and
functions/Makefile exactly as a deploy runs them. Without the SAM CLI (.venv-tools/, created by
`python3 infra/dev.py test` or `setup`) the Makefile target that `sam build` would run is run
directly; when neither can build, the report says "not built" and why.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from infra.build import artifact
from infra.build.template import ROOT, TEMPLATE

from .lambda_env import FUNCTIONS

MAKEFILE = ROOT / "functions" / "Makefile"


def _build_with_sam(scratch: Path) -> str:
    result = artifact.sam_build(scratch / "build", scratch / "cache")
    if result.returncode != 0:
        raise RuntimeError(f"sam build failed:\n{(result.stdout + result.stderr)[-2000:]}")
    return "sam build (template.yaml, BuildMethod: makefile)"


def _build_with_make(build_dir: Path) -> str:
    for logical_id in FUNCTIONS.values():
        target = build_dir / logical_id
        target.mkdir(parents=True)
        result = subprocess.run(
            ["make", "-f", str(MAKEFILE), f"build-{logical_id}", f"ARTIFACTS_DIR={target}", f"PYTHON={sys.executable}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"make build-{logical_id} failed:\n{(result.stdout + result.stderr)[-2000:]}")
    return "functions/Makefile (the target sam build runs)"


def measure(mode: str = "build") -> dict[str, Any]:
    """Build (mode "build") or read the last `sam build` in .aws-sam/build (mode "existing")."""
    scratch = Path(tempfile.mkdtemp(prefix="leadcapture-bench-build-"))
    try:
        if mode == "existing":
            build_dir, how = ROOT / ".aws-sam" / "build", "the existing .aws-sam/build (not rebuilt)"
        elif artifact.SAM.exists() and TEMPLATE.exists() and shutil.which("make"):
            build_dir, how = scratch / "build", _build_with_sam(scratch)
        elif MAKEFILE.exists() and shutil.which("make"):
            build_dir, how = scratch, _build_with_make(scratch)
        else:
            return {"built": False, "reason": "no SAM CLI (.venv-tools) and no functions/Makefile with make on PATH"}
        functions: dict[str, Any] = {}
        for name, logical_id in FUNCTIONS.items():
            directory = build_dir / logical_id
            if not directory.is_dir():
                return {"built": False, "reason": f"{directory} does not exist"}
            m = artifact.measure(directory)
            functions[name] = {
                "zipped_bytes": m.zipped_bytes,
                "unzipped_bytes": m.unzipped_bytes,
                "entries": {k: {"zipped_bytes": z, "unzipped_bytes": u} for k, (z, u) in sorted(m.entries.items(), key=lambda e: -e[1][0])},
            }
        return {"built": True, "how": how, "functions": functions}
    except (RuntimeError, OSError) as err:
        return {"built": False, "reason": str(err)}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
