"""Build the Lambda artifact with `sam build` (no container) and measure it.

    python3 -m infra.build.artifact        # build into test-output/sam-build, print what is in it and its zipped size

The same measurement backs tests/template/test_build.py. The build uses the pinned SAM CLI of
.venv-tools/ (python3 infra/dev.py setup) and functions/Makefile; the zip is made the way
`sam package` makes it (deflate), so the figure is what Lambda receives.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAM = Path(os.environ.get("LEADCAPTURE_TOOLS_VENV", ROOT / ".venv-tools")) / "bin" / "sam"
FUNCTIONS = ("SubmitFunction", "NotifyFunction")


@dataclass(frozen=True)
class Measure:
    files: tuple[str, ...]  # paths relative to the artifact root
    unzipped_bytes: int
    zipped_bytes: int
    # Each top-level entry (a package, our module folder): (zipped bytes, unzipped bytes).
    entries: dict[str, tuple[int, int]]

    @property
    def top_level(self) -> set[str]:
        return {path.split("/", 1)[0] for path in self.files}


def sam_build(build_dir: Path, cache_dir: Path, *, sam: Path = SAM) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_DEFAULT_REGION="us-east-1", SAM_CLI_TELEMETRY="0")
    return subprocess.run(
        [str(sam), "build", "--template-file", str(ROOT / "template.yaml"), "--build-dir", str(build_dir), "--cache-dir", str(cache_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def measure(artifact: Path) -> Measure:
    """Zip the build directory as SAM CLI's make_zip does (deflate, every file) and size it."""
    files = sorted(p.relative_to(artifact).as_posix() for p in artifact.rglob("*") if p.is_file())
    buffer = io.BytesIO()
    entries: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in files:
            archive.write(artifact / name, name)
        for info in archive.infolist():
            entry = entries[info.filename.split("/", 1)[0]]
            entry[0] += info.compress_size
            entry[1] += info.file_size
    return Measure(tuple(files), sum(u for _, u in entries.values()), len(buffer.getvalue()), {k: (z, u) for k, (z, u) in entries.items()})


def main() -> int:
    out = ROOT / "test-output" / "sam-build"
    result = sam_build(out / "build", out / "cache")
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        return result.returncode
    for function in FUNCTIONS:
        m = measure(out / "build" / function)
        print(f"{function}: {len(m.files)} files, {m.unzipped_bytes / 2**20:.2f} MiB unzipped, {m.zipped_bytes / 2**20:.2f} MiB zipped")
        for top, (_, size) in sorted(m.entries.items(), key=lambda item: -item[1][1]):
            print(f"  {size / 2**20:7.2f} MiB  {top}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
