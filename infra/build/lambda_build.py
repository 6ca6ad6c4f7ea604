#!/usr/bin/env python3
"""Build the Lambda artifact: the one folder both functions deploy (template.yaml's CodeUri).

    python3 infra/build/lambda_build.py            # Linux, macOS  -> build/lambda/
    py infra\\build\\lambda_build.py                 # Windows       -> build\\lambda\\

Then `sam deploy` zips and uploads build/lambda/ as it is; there is no `sam build` step.

What it needs: Python 3.11+ with pip, and network access to PyPI. No make, no cp/find, no
container, no Docker. pip downloads the Lambda platform's wheels (arm64, CPython 3.13) for exactly
the pins of `[project].dependencies` (infra/build/runtime_requirements.py), and our `leadcapture`
package is copied in whole (every file but bytecode). Never boto3/botocore (the runtime has them),
tests, infra or dev tools.

Bytecode: /var/task is read-only, so a module shipped without a .pyc is compiled from source on
every cold start. When a CPython 3.13 (the runtime's version) is found, the modules the functions
load from our package, pydantic and Powertools are compiled with it in `unchecked-hash` mode (the
zip's timestamps do not matter), and no other bytecode is shipped. Without one, the build says so
in one warning line and ships a valid artifact without bytecode.

Standard library only, so it runs on any machine before anything is installed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
OUT = ROOT / "build" / "lambda"
PACKAGE = ROOT / "functions" / "leadcapture"

LAMBDA_PYTHON = "3.13"
CACHE_TAG = "cpython-313"
LAMBDA_PLATFORM = "manylinux2014_aarch64"
# Where Lambda unpacks the zip: compiled file names point there, so the bytecode does not depend
# on the folder it was built in (same input, same artifact, on any machine).
TASK_ROOT = "/var/task"

# Bytecode for the packages the functions load, and only those: our package, pydantic and
# Powertools (the ~300 modules whose compilation the cold start paid first), then the smaller
# dependencies the first answer loads (phone numbers, email addresses, JMESPath for idempotency).
# Inside them, the parts neither function imports are left out (the bench's as-deployed run lists
# any module of the artifact that the functions load without bytecode: it should say none). Never
# boto3/botocore: the runtime's own.
BYTECODE_SKIPS: dict[str, tuple[str, ...]] = {
    "leadcapture": (),
    "pydantic": ("v1", "deprecated", "experimental", "mypy.py"),
    "aws_lambda_powertools": tuple(
        f"utilities/{name}"
        for name in (
            "auth_alpha",
            "circuit_breaker",
            "data_masking",
            "feature_flags",
            "kafka",
            "metadata",
            "streaming",
            "validation",
            "serialization.py",
        )
    ),
    "pydantic_core": (),
    "annotated_types": (),
    "typing_inspection": (),
    # A single module, not a package: pydantic's and Powertools' own dependency, loaded by both.
    "typing_extensions": (),
    "email_validator": ("__main__.py", "deliverability.py"),  # DNS checks: never made (check_deliverability=False)
    "idna": (),
    "jmespath": (),
    # The region metadata (data/, shortdata/) is one module per region, loaded as numbers from that
    # region are parsed: all of it, so a +44 number does not compile its region's module either.
    "phonenumbers": (),
    # The desk (issue 21): its pages (Jinja2, MarkupSafe) and its token check (PyJWT, python-rsa) load
    # on its first answer. segno (the authenticator's QR code) only at a first sign-in: no bytecode.
    "jinja2": ("nativetypes.py", "sandbox.py", "debug.py", "ext.py", "meta.py", "constants.py"),
    "markupsafe": (),
    "jwt": ("help.py",),
    "rsa": ("cli.py", "util.py", "parallel.py", "asn1.py", "pkcs1_v2.py"),
}

# Packages a pin pulls in that no function ever imports: removed after pip, each with the reason (the
# artifact's 8 MB budget; tests/template/test_build.py checks they stay out and the bench's
# as-deployed run that the functions still start from the artifact).
NEVER_IMPORTED: dict[str, str] = {
    "dns": "dnspython: email-validator's deliverability check (DNS lookups), never made (check_deliverability=False)",
    "pyasn1": "python-rsa's key files (PEM/DER); the desk's keys come from the pool's JWKS as numbers",
    # Powertools' utilities BYTECODE_SKIPS names as never imported, each needing a package we do not ship.
    **{
        f"aws_lambda_powertools/utilities/{name}": "a Powertools utility no function uses"
        for name in ("auth_alpha", "circuit_breaker", "data_masking", "feature_flags", "kafka", "metadata", "streaming", "validation")
    },
}

# Files a pin ships that no function reads: Powertools' Swagger UI (we never call enable_swagger; the
# API's description is /openapi.json) and type stubs (read by type checkers only).
NEVER_READ: dict[str, str] = {
    "aws_lambda_powertools/event_handler/openapi/swagger_ui/swagger-ui-bundle.min.js": "Swagger UI, never served",
    "aws_lambda_powertools/event_handler/openapi/swagger_ui/swagger-ui.min.css": "Swagger UI, never served",
}
NEVER_READ_SUFFIXES = (".pyi",)

# Package __init__ files that only re-export their submodules' names, made lazy (infra/build/lazy_init.py):
# Powertools' event handler imports every resolver (AppSync's imports asyncio) for the one we use, and
# its data classes every event's class (about 40 modules) for the one or two a function reads.
LAZY_INITS: dict[str, str] = {
    "aws_lambda_powertools/event_handler/__init__.py": "aws_lambda_powertools.event_handler",
    "aws_lambda_powertools/utilities/data_classes/__init__.py": "aws_lambda_powertools.utilities.data_classes",
}
# Modules whose top-level patterns are compiled on first use (infra/build/lazy_patterns.py): email-validator
# compiles four patterns with classes up to U+10FFFF at import, about 9 ms each, three of them for
# internationalised addresses only.
LAZY_PATTERNS = ("email_validator/rfc_constants.py",)

NO_PYTHON313_WARNING = (
    "WARNING: no CPython 3.13 found (python3.13 on PATH, `py -3.13` on Windows, or --python313): "
    "the artifact ships without bytecode, so every cold start compiles pydantic, Powertools and our package from source."
)


@dataclass(frozen=True)
class Built:
    out: Path
    platform: str
    python313: tuple[str, ...] | None  # the interpreter that compiled the bytecode, None when none was found
    compiled: int  # .pyc files written


def _identify(command: list[str]) -> tuple[str, str] | None:
    """The cache tag of the Python `command` runs, and that interpreter's own path (not a launcher's or shim's)."""
    try:
        result = subprocess.run(
            [*command, "-c", "import sys; print(sys.implementation.cache_tag); print(sys.executable)"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except OSError:
        return None
    lines = result.stdout.splitlines()
    return (lines[0], lines[1]) if result.returncode == 0 and len(lines) == 2 else None


def find_python313(explicit: str | None = None) -> tuple[str, ...] | None:
    """A CPython 3.13 to compile with: --python313, this interpreter, python3.13 on PATH, or Windows' `py -3.13`."""
    if not explicit and sys.implementation.cache_tag == CACHE_TAG:
        return (sys.executable,)
    candidates: list[list[str]] = []
    if explicit:
        candidates.append([explicit])
    else:
        if found := shutil.which("python3.13"):
            candidates.append([found])
        if os.name == "nt" and (launcher := shutil.which("py")):
            candidates.append([launcher, "-3.13"])
    for command in candidates:
        identity = _identify(command)
        if identity and identity[0] == CACHE_TAG:
            return (identity[1],)
    if explicit:
        raise SystemExit(f"--python313 {explicit} is not CPython {LAMBDA_PYTHON}")
    return None


def _fresh(out: Path) -> None:
    # Refuse to empty a folder that is not a previous build (a mistyped --out must not cost a home directory).
    if out.exists() and any(out.iterdir()) and not (out / "leadcapture").is_dir():
        raise SystemExit(f"{out} is not empty and holds no previous build: refusing to delete it")
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)


def _install_dependencies(out: Path, platform: str, python_version: str = LAMBDA_PYTHON) -> None:
    from infra.build.runtime_requirements import requirements

    with tempfile.TemporaryDirectory(prefix="leadcapture-build-") as scratch:
        pins = Path(scratch) / "requirements.txt"
        pins.write_text("".join(f"{line}\n" for line in requirements()), encoding="utf-8")
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                # The build is its own environment: the packages of the Python running the build (the
                # deploy tools' pin other versions) are not checked against it, so a good build prints
                # no "ERROR ... requires" line. (The machine's pip configuration, a proxy say, still applies.)
                "--no-warn-conflicts",
                "--no-compile",
                "--platform",
                platform,
                "--only-binary=:all:",
                "--python-version",
                python_version,
                "--implementation",
                "cp",
                "--target",
                str(out),
                "-r",
                str(pins),
            ],
            check=False,
        )
    if result.returncode != 0:
        raise SystemExit(f"pip could not install the run-time dependencies (exit {result.returncode}); is PyPI reachable?")
    # Console scripts pip writes for the build machine: nothing in Lambda runs them.
    shutil.rmtree(out / "bin", ignore_errors=True)


def _remove_never_imported(out: Path) -> None:
    for path in NEVER_IMPORTED:
        shutil.rmtree(out / path, ignore_errors=True)
    for file in NEVER_READ:
        (out / file).unlink(missing_ok=True)
    for stub in [p for suffix in NEVER_READ_SUFFIXES for p in out.rglob(f"*{suffix}")]:
        stub.unlink()
    distributions = {"dns": "dnspython"}
    for package in (path for path in NEVER_IMPORTED if "/" not in path):  # a whole distribution: its metadata too
        for info in out.glob(f"{distributions.get(package, package)}-*.dist-info"):
            shutil.rmtree(info)


def _make_lazy(out: Path) -> None:
    from infra.build.lazy_init import make_lazy

    for path, package in LAZY_INITS.items():
        init = out / path
        lazy = make_lazy(init.read_text(encoding="utf-8"), package) if init.exists() else None
        if lazy is None:
            print(f"WARNING: {path} is not a plain re-export any more: shipped as it is (eager)", file=sys.stderr, flush=True)
            continue
        init.write_text(lazy, encoding="utf-8")
    from infra.build.lazy_patterns import make_lazy_patterns

    for path in LAZY_PATTERNS:
        module = out / path
        lazy = make_lazy_patterns(module.read_text(encoding="utf-8")) if module.exists() else None
        if lazy is None:
            print(f"WARNING: {path} no longer compiles its patterns only at its top level: shipped as it is", file=sys.stderr, flush=True)
            continue
        module.write_text(lazy, encoding="utf-8")


def _copy_package(out: Path) -> None:
    # Every file of the package (data files too), never bytecode of this machine's Python.
    shutil.copytree(PACKAGE, out / PACKAGE.name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo"))


def _remove_bytecode(out: Path) -> None:
    for cache in [p for p in out.rglob("__pycache__") if p.is_dir()]:
        shutil.rmtree(cache)
    for stray in [*out.rglob("*.pyc"), *out.rglob("*.pyo")]:
        stray.unlink()


def modules_to_compile(out: Path) -> list[Path]:
    """The .py files of BYTECODE_SKIPS' packages in `out`, minus the parts the functions never import."""
    sources = []
    for package, skips in BYTECODE_SKIPS.items():
        if (module := out / f"{package}.py").is_file():
            sources.append(module)
            continue
        root = out / package
        for source in sorted(root.rglob("*.py")):
            relative = source.relative_to(root).as_posix()
            if not any(relative == skip or relative.startswith(f"{skip}/") for skip in skips):
                sources.append(source)
    return sources


def _compile(out: Path, python313: tuple[str, ...]) -> int:
    sources = modules_to_compile(out)
    result = subprocess.run(
        [
            *python313,
            "-m",
            "compileall",
            "-q",
            "--invalidation-mode",
            "unchecked-hash",
            "-s",
            str(out),
            "-p",
            TASK_ROOT,
            "-i",
            "-",  # the file list on stdin: no command-line length limit (Windows)
        ],
        input="".join(f"{source}\n" for source in sources),
        text=True,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"compileall failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    compiled = [p for p in out.rglob(f"*.{CACHE_TAG}.pyc")]
    if len(compiled) != len(sources):
        raise SystemExit(f"compileall wrote {len(compiled)} .pyc files for {len(sources)} modules")
    return len(compiled)


def build(
    out: Path = OUT,
    *,
    platform: str = LAMBDA_PLATFORM,
    python313: str | None = None,
    warn: bool = True,
    python_version: str = LAMBDA_PYTHON,
) -> Built:
    """Build the artifact into `out` (emptied first). `platform` is pip's wheel platform tag.

    `python_version` is the wheels' Python: the runtime's, except for the benchmark, which runs the
    artifact on a machine without a CPython 3.13 under its own Python (and so without bytecode).
    """
    out = out.resolve()
    interpreter = find_python313(python313) if python_version == LAMBDA_PYTHON else None
    _fresh(out)
    _install_dependencies(out, platform, python_version)
    _remove_never_imported(out)
    _make_lazy(out)
    _copy_package(out)
    _remove_bytecode(out)
    if interpreter is None:
        if warn:
            print(NO_PYTHON313_WARNING, file=sys.stderr, flush=True)
        return Built(out, platform, None, 0)
    return Built(out, platform, interpreter, _compile(out, interpreter))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT, help=f"the artifact folder (default {OUT.relative_to(ROOT)}; emptied first)")
    parser.add_argument("--platform", default=LAMBDA_PLATFORM, help=f"pip's wheel platform (default {LAMBDA_PLATFORM}, Lambda arm64)")
    parser.add_argument("--python313", help="a CPython 3.13 to compile bytecode with (default: found on PATH)")
    args = parser.parse_args(argv)
    built = build(args.out, platform=args.platform, python313=args.python313)
    bytecode = f"{built.compiled} modules compiled by {' '.join(built.python313)}" if built.python313 else "no bytecode"
    print(f"built {built.out} ({built.platform}; {bytecode})")
    return 0


if __name__ == "__main__":
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs under whatever python3 is first
        sys.exit("Python 3.11 or newer is required (tomllib)")
    sys.path.insert(0, str(ROOT))  # run as a script: make `infra` importable from any directory
    sys.exit(main())
