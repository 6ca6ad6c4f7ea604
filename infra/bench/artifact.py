"""The deployment artifact: built fresh by infra/build/lambda_build.py, zipped the way `sam deploy` zips it.

The build goes to a scratch directory (never build/lambda/, which may hold what is about to be
deployed), exactly as a deploy builds it: arm64 wheels, CPython 3.13 bytecode when this machine
has one. When it cannot build (no network to PyPI), the report says "not built" and why.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from infra.build import artifact, lambda_build


def measure(mode: str = "build") -> dict[str, Any]:
    """Build (mode "build") or read the last build in build/lambda (mode "existing")."""
    scratch = Path(tempfile.mkdtemp(prefix="leadcapture-bench-build-"))
    try:
        if mode == "existing":
            folder, how = lambda_build.OUT, "the existing build/lambda (not rebuilt)"
            if not folder.is_dir():
                return {"built": False, "reason": f"{folder} does not exist"}
        else:
            built = lambda_build.build(scratch / "lambda")
            folder = built.out
            bytecode = f"{built.compiled} .pyc files by CPython 3.13" if built.python313 else "no CPython 3.13 here: no bytecode"
            how = f"infra/build/lambda_build.py ({built.platform}; {bytecode})"
        m = artifact.measure(folder)
        return {
            "built": True,
            "how": how,
            "zipped_bytes": m.zipped_bytes,
            "unzipped_bytes": m.unzipped_bytes,
            "bytecode_files": sum(1 for f in m.files if f.endswith(".pyc")),
            "entries": {k: {"zipped_bytes": z, "unzipped_bytes": u} for k, (z, u) in sorted(m.entries.items(), key=lambda e: -e[1][0])},
        }
    except (SystemExit, OSError) as err:
        return {"built": False, "reason": str(err)}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
