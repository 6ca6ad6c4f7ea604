"""The build works without GNU tools or make, and the artifact holds what the functions import, nothing more.

infra/build/lambda_build.py runs with a `cp`, a `find` and a `make` first on the PATH that refuse
any use (they stand in for macOS, whose cp/find lack GNU options, and for Windows, which has no
make). Bytecode comes from CPython 3.13, for our package, pydantic and Powertools only.

Downloads the pinned arm64 wheels from PyPI (pip's cache makes reruns quick); marked slow. Needs a
CPython 3.13 (pyenv: PYENV_VERSION=3.11.7:3.12.1:3.13.0); without one the bytecode tests skip off
CI and fail in CI, while the no-3.13 build is tested either way.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from infra.build import artifact, lambda_build
from infra.build.runtime_requirements import requirements

from tests.template.conftest import ROOT

ZIPPED_LIMIT = 8_000_000  # bytes: the 8 MB per function (both deploy this one folder)
BYTECODE_PACKAGES = set(lambda_build.BYTECODE_SKIPS)
# What the functions import on their first answer, and so must never compile from source.
LOADED_ON_FIRST_ANSWER = {
    "leadcapture",
    "pydantic",
    "aws_lambda_powertools",
    "phonenumbers",
    "email_validator",
    "jmespath",
    "typing_extensions",  # a module, not a package
    # The desk's (issue 21).
    "jinja2",
    "markupsafe",
    "jwt",
    "rsa",
}
assert LOADED_ON_FIRST_ANSWER <= BYTECODE_PACKAGES
REFUSING_TOOLS = ("cp", "find", "make")

NEVER_SHIPPED = {
    "boto3",
    "botocore",
    "s3transfer",
    "aws_xray_sdk",
    "wrapt",
    "moto",
    "pytest",
    "_pytest",
    "hypothesis",
    "tests",
    "infra",
    "bin",
    "mypy",
    "ruff",
    "samtranslator",
}

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name == "nt", reason="the refusing cp/find/make are POSIX shell scripts")]


def _refusing_tools(folder: Path) -> Path:
    """A folder of cp, find and make that log their call and fail, whatever the arguments."""
    folder.mkdir()
    log = folder / "calls.log"
    for name in REFUSING_TOOLS:
        script = folder / name
        script.write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\necho "{name}: refused (stand-in for a non-GNU system)" >&2\nexit 97\n')
        script.chmod(0o755)
    return log


def _build(out: Path, path: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PATH"] = path
    return subprocess.run(
        [sys.executable, str(ROOT / "infra" / "build" / "lambda_build.py"), "--out", str(out)],
        cwd=out.parent,  # not the repository root: the script finds it from its own path
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def _source_files() -> set[str]:
    package = ROOT / "functions" / "leadcapture"
    return {
        p.relative_to(package.parent).as_posix()
        for p in package.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in {".pyc", ".pyo"}
    }


def _owner(bytecode: str) -> str:
    """The package (or top-level module, like typing_extensions) a .pyc belongs to."""
    top, rest = bytecode.split("/", 1)
    return rest.split(".", 1)[0] if top == "__pycache__" else top


def _bytecode(files: tuple[str, ...]) -> list[str]:
    return [f for f in files if "__pycache__" in f or f.endswith((".pyc", ".pyo"))]


@pytest.fixture(scope="module")
def python313() -> tuple[str, ...]:
    found = lambda_build.find_python313()
    if found is None:
        message = "no CPython 3.13 on PATH (pyenv: PYENV_VERSION=3.11.7:3.12.1:3.13.0)"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory, python313: tuple[str, ...]) -> Path:
    scratch = tmp_path_factory.mktemp("build")
    log = _refusing_tools(scratch / "refusing-bin")
    path = f"{scratch / 'refusing-bin'}{os.pathsep}{os.environ['PATH']}"
    assert all(shutil.which(tool, path=path) == str(scratch / "refusing-bin" / tool) for tool in REFUSING_TOOLS)
    result = _build(scratch / "lambda", path)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert not log.exists(), f"the build called GNU tools: {log.read_text()}"
    assert lambda_build.NO_PYTHON313_WARNING not in result.stderr
    return scratch / "lambda"


def _dist_name(dist_info: str) -> str:
    return re.sub(r"[-_.]+", "-", dist_info.removesuffix(".dist-info").rsplit("-", 1)[0]).lower()


def test_artifact_holds_our_package_and_the_pinned_runtime_dependencies_only(build: Path) -> None:
    m = artifact.measure(build)
    # Every file of our package (data files included) and no other of its files but bytecode.
    shipped_ours = {f for f in m.files if f.startswith("leadcapture/") and f not in _bytecode(m.files)}
    assert shipped_ours == _source_files()

    assert not (m.top_level & NEVER_SHIPPED), sorted(m.top_level & NEVER_SHIPPED)
    # Pulled in by a pin, never imported by a function: removed (lambda_build.NEVER_IMPORTED says why).
    assert not [f for f in m.files for path in lambda_build.NEVER_IMPORTED if f.startswith(f"{path}/")]
    # Files no function reads (Swagger UI's assets, type stubs): removed too.
    assert not [f for f in m.files if f in lambda_build.NEVER_READ or f.endswith(lambda_build.NEVER_READ_SUFFIXES)]

    pinned = {re.split(r"[=<>!~\[]", r, maxsplit=1)[0].replace("_", "-").lower(): r.split("==")[1] for r in requirements()}
    installed = {_dist_name(d): d.removesuffix(".dist-info").rsplit("-", 1)[1] for d in m.top_level if d.endswith(".dist-info")}
    for name, version in pinned.items():
        assert installed.get(name) == version, f"{name}: pinned {version}, shipped {installed.get(name)}"
    # Only what the pins pull in: no dependency drags boto3/botocore or a second copy of anything.
    assert set(installed) <= set(pinned) | {
        "pydantic-core",
        "annotated-types",
        "typing-extensions",
        "typing-inspection",
        "idna",
        "jmespath",
    }


def test_bytecode_is_cpython313_unchecked_hash_for_the_packages_the_functions_load_only(build: Path, python313: tuple[str, ...]) -> None:
    files = artifact.measure(build).files
    bytecode = _bytecode(files)
    assert {_owner(f) for f in bytecode} == BYTECODE_PACKAGES
    wrong = [f for f in bytecode if not re.fullmatch(r"(?:.+/)?__pycache__/[^/]+\.cpython-313\.pyc", f)]
    assert not wrong, wrong[:10]
    # Every module of our package has its bytecode next to it, as 3.13 looks for it.
    ours = {f for f in _source_files() if f.endswith(".py")}
    assert {f"{Path(f).parent.as_posix()}/__pycache__/{Path(f).stem}.cpython-313.pyc" for f in ours} <= set(bytecode)

    magic = subprocess.run([*python313, "-c", "import importlib.util, sys; sys.stdout.write(importlib.util.MAGIC_NUMBER.hex())"],
                           capture_output=True, text=True, check=True).stdout  # fmt: skip
    for name in bytecode:
        header = (build / name).read_bytes()[:8]
        assert header[:4].hex() == magic, name
        # PEP 552 flags: 0b01 = hash-based and unchecked, so the zip's timestamps do not matter.
        assert int.from_bytes(header[4:8], "little") == 0b01, name


def test_the_event_handler_package_loads_only_the_resolver_used(build: Path) -> None:
    # lambda_build.LAZY_INITS: Powertools' event_handler/__init__ no longer imports every resolver.
    for path in lambda_build.LAZY_INITS:
        assert "Made lazy by lead-capture's build" in (build / path).read_text(encoding="utf-8"), path
    # lambda_build.LAZY_PATTERNS: email-validator's wide patterns are compiled when an address needs them.
    for path in lambda_build.LAZY_PATTERNS:
        assert "Made lazy by lead-capture's build" in (build / path).read_text(encoding="utf-8"), path


def test_native_code_is_built_for_lambda_on_arm64_python313(build: Path) -> None:
    native = [p.name for p in build.rglob("*.so")]
    assert native, "pydantic-core ships a compiled extension"
    assert all("cpython-313-aarch64-linux-gnu" in name for name in native), native


def test_zipped_artifact_is_at_most_8_mb(build: Path, record_property: Callable[[str, object], None]) -> None:
    m = artifact.measure(build)
    record_property("zipped_bytes", m.zipped_bytes)
    print(f"{m.zipped_bytes} bytes zipped, {m.unzipped_bytes} unzipped, {len(m.files)} files")
    assert m.zipped_bytes <= ZIPPED_LIMIT, f"{m.zipped_bytes / 1e6:.2f} MB zipped"


def test_template_deploys_the_built_folder_for_both_functions() -> None:
    code_uris = re.findall(r"^\s+CodeUri:\s*(\S+)", (ROOT / "template.yaml").read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert code_uris == [f"{lambda_build.OUT.relative_to(ROOT).as_posix()}/"]  # Globals only: both functions


def test_without_python313_the_build_warns_once_and_ships_no_bytecode(tmp_path: Path) -> None:
    log = _refusing_tools(tmp_path / "refusing-bin")
    # This interpreter's folder and the system's, none of which holds a python3.13 on these machines.
    path = os.pathsep.join([str(tmp_path / "refusing-bin"), str(Path(sys.executable).parent), "/usr/bin", "/bin"])
    if sys.implementation.cache_tag == lambda_build.CACHE_TAG or any(Path(d, "python3.13").exists() for d in path.split(os.pathsep)):
        pytest.skip("a CPython 3.13 is on the reduced PATH; the no-3.13 case cannot be staged here")
    result = _build(tmp_path / "lambda", path)
    assert result.returncode == 0, result.stderr[-4000:]
    assert not log.exists(), log.read_text()
    warnings = [line for line in result.stderr.splitlines() if "CPython 3.13" in line]
    assert warnings == [lambda_build.NO_PYTHON313_WARNING]
    m = artifact.measure(tmp_path / "lambda")
    assert not _bytecode(m.files)
    assert {f for f in m.files if f.startswith("leadcapture/")} == _source_files()
    assert "pydantic" in m.top_level and "aws_lambda_powertools" in m.top_level


def test_a_successful_build_prints_no_pip_error_about_packages_outside_the_build(tmp_path: Path) -> None:
    # Issue 25, defect 13: run by a Python whose own environment pins other versions (the deploy
    # tools' venv: SAM's translator pins pydantic), pip's check of that environment printed an
    # ERROR line on a build that succeeded. The build's pip looks at the build only.
    from tests.template.conftest import tool

    python = tool("python")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [str(python), str(ROOT / "infra" / "build" / "lambda_build.py"), "--out", str(tmp_path / "lambda")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-4000:]
    assert not [line for line in result.stderr.splitlines() if line.startswith("ERROR")], result.stderr[-4000:]
