"""Build the Lambda artifact (infra/build/lambda_build.py) and measure it.

    python3 -m infra.build.artifact        # build into test-output/lambda, print what is in it and its zipped size

The same measurement backs tests/template/test_build.py and the benchmark's artifact figures. The
zip is made the way `sam deploy` (its package step) makes it (deflate, every file), so the figure
is what Lambda receives.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from infra.build import lambda_build

ROOT = Path(__file__).resolve().parents[2]


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


def measure(artifact: Path) -> Measure:
    """Zip the artifact folder as SAM CLI's make_zip does (deflate, every file) and size it."""
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
    built = lambda_build.build(ROOT / "test-output" / "lambda")
    m = measure(built.out)
    bytecode = f"{built.compiled} .pyc files ({lambda_build.CACHE_TAG})" if built.python313 else "no bytecode"
    print(f"{built.out}: {len(m.files)} files, {bytecode}, {m.unzipped_bytes / 1e6:.2f} MB unzipped, {m.zipped_bytes / 1e6:.2f} MB zipped")
    for top, (zipped, size) in sorted(m.entries.items(), key=lambda item: -item[1][0]):
        print(f"  {zipped / 1e6:7.2f} MB zipped {size / 1e6:7.2f} MB unzipped  {top}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
