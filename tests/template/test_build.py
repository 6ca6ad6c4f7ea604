"""`sam build` on this machine, no container: the artifact holds what the functions import, nothing more.

Downloads the pinned arm64 wheels from PyPI on first run (about a minute); marked slow.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from infra.build import artifact
from infra.build.runtime_requirements import requirements

from tests.template.conftest import ROOT, tool

ZIPPED_LIMIT = 5 * 2**20

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


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sam = tool("sam")
    out = tmp_path_factory.mktemp("sam")
    result = artifact.sam_build(out / "build", out / "cache", sam=sam)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return out / "build"


def _dist_name(dist_info: str) -> str:
    return re.sub(r"[-_.]+", "-", dist_info.removesuffix(".dist-info").rsplit("-", 1)[0]).lower()


pytestmark = pytest.mark.slow


@pytest.mark.parametrize("function", artifact.FUNCTIONS)
def test_artifact_holds_our_package_and_the_pinned_runtime_dependencies_only(build: Path, function: str) -> None:
    m = artifact.measure(build / function)
    source = {
        p.relative_to(ROOT / "functions").as_posix()
        for p in (ROOT / "functions" / "leadcapture").rglob("*.py")
        if "__pycache__" not in p.parts
    }
    shipped_ours = {f for f in m.files if f.startswith("leadcapture/")}
    assert shipped_ours == source

    assert not (m.top_level & NEVER_SHIPPED), sorted(m.top_level & NEVER_SHIPPED)
    assert not [f for f in m.files if "__pycache__" in f or f.endswith((".pyc", ".pyo"))]
    assert not [f for f in m.files if "/tests/" in f and f.startswith("leadcapture/")]

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
        "dnspython",
        "idna",
        "jmespath",
    }


def test_native_code_is_built_for_lambda_on_arm64_python313(build: Path) -> None:
    native = [p.name for p in (build / "SubmitFunction").rglob("*.so")]
    assert native, "pydantic-core ships a compiled extension"
    assert all("cpython-313-aarch64-linux-gnu" in name for name in native), native


@pytest.mark.parametrize("function", artifact.FUNCTIONS)
def test_zipped_artifact_is_small(build: Path, function: str, record_property: Callable[[str, object], None]) -> None:
    m = artifact.measure(build / function)
    record_property("zipped_bytes", m.zipped_bytes)
    print(f"{function}: {m.zipped_bytes} bytes zipped, {m.unzipped_bytes} unzipped, {len(m.files)} files")
    assert m.zipped_bytes <= ZIPPED_LIMIT, f"{m.zipped_bytes / 2**20:.2f} MiB zipped"


def test_built_template_points_both_functions_at_their_artifacts(build: Path) -> None:
    built = (build / "template.yaml").read_text(encoding="utf-8")
    assert "CodeUri: SubmitFunction" in built
    assert "CodeUri: NotifyFunction" in built
