"""The deployment artifact: built fresh with `sam build`, zipped the way `sam package` zips it.

The build goes to a scratch directory (never the shared .aws-sam/), from the template and
functions/Makefile exactly as a deploy runs them. Without the SAM CLI (.venv-tools/, created by
`python3 infra/dev.py test` or `setup`) the Makefile target that `sam build` would run is run
directly; when neither can build, the report says "not built" and why.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from .lambda_env import FUNCTIONS, ROOT, TEMPLATE

SAM = ROOT / ".venv-tools" / "bin" / "sam"
MAKEFILE = ROOT / "functions" / "Makefile"


def zipped(directory: Path) -> tuple[int, int, dict[str, tuple[int, int]]]:
    """Zipped size, unzipped size and per top-level entry (zipped, unzipped) of a build directory.

    Deflate at the default level, every file, as SAM CLI's make_zip does before uploading.
    """
    buffer = io.BytesIO()
    entries: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(directory).as_posix())
        for info in archive.infolist():
            top = info.filename.split("/", 1)[0]
            entries[top][0] += info.compress_size
            entries[top][1] += info.file_size
    unzipped = sum(u for _, u in entries.values())
    return len(buffer.getvalue()), unzipped, {k: (v[0], v[1]) for k, v in entries.items()}


def _build_with_sam(build_dir: Path) -> str:
    env = {**os.environ, "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "us-east-1"), "SAM_CLI_TELEMETRY": "0"}
    result = subprocess.run(
        [str(SAM), "build", "--template-file", str(TEMPLATE), "--build-dir", str(build_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
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
        elif SAM.exists() and TEMPLATE.exists() and shutil.which("make"):
            build_dir, how = scratch, _build_with_sam(scratch)
        elif MAKEFILE.exists() and shutil.which("make"):
            build_dir, how = scratch, _build_with_make(scratch)
        else:
            return {"built": False, "reason": "no SAM CLI (.venv-tools) and no functions/Makefile with make on PATH"}
        functions: dict[str, Any] = {}
        for name, logical_id in FUNCTIONS.items():
            directory = build_dir / logical_id
            if not directory.is_dir():
                return {"built": False, "reason": f"{directory} does not exist"}
            size, unzipped, entries = zipped(directory)
            functions[name] = {
                "zipped_bytes": size,
                "unzipped_bytes": unzipped,
                "entries": {k: {"zipped_bytes": z, "unzipped_bytes": u} for k, (z, u) in sorted(entries.items(), key=lambda e: -e[1][0])},
            }
        return {"built": True, "how": how, "functions": functions}
    except (RuntimeError, OSError) as err:
        return {"built": False, "reason": str(err)}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
