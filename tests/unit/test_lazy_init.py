"""The build's lazy package __init__ (infra/build/lazy_init.py): same names, only the imports used."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from infra.build import lambda_build
from infra.build.lazy_init import make_lazy

EAGER = '''"""A package that re-exports."""

from pkg_lazy_test.light import Light
from .heavy import Heavy as Renamed, helper

__all__ = ["Light", "Renamed", "helper"]
'''


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path / "pkg_lazy_test"
    root.mkdir()
    (root / "light.py").write_text("class Light: ...\n")
    (root / "heavy.py").write_text("class Heavy: ...\n\ndef helper() -> int:\n    return 7\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield root
    for name in [m for m in sys.modules if m.startswith("pkg_lazy_test")]:
        del sys.modules[name]


def test_names_load_their_module_only_when_used(package: Path) -> None:
    lazy = make_lazy(EAGER, "pkg_lazy_test")
    assert lazy is not None
    (package / "__init__.py").write_text(lazy)
    pkg = importlib.import_module("pkg_lazy_test")
    assert "pkg_lazy_test.heavy" not in sys.modules and "pkg_lazy_test.light" not in sys.modules
    light = pkg.Light  # what `from pkg_lazy_test import Light` asks the module for

    assert light is sys.modules["pkg_lazy_test.light"].Light
    assert "pkg_lazy_test.heavy" not in sys.modules
    assert pkg.Renamed is sys.modules["pkg_lazy_test.heavy"].Heavy and pkg.helper() == 7
    assert pkg.__all__ == ["Light", "Renamed", "helper"] and {"Light", "Renamed", "helper"} <= set(dir(pkg))
    with pytest.raises(AttributeError):
        _ = pkg.Missing


@pytest.mark.parametrize(
    "source",
    [
        "import os\nfrom pkg_lazy_test.light import Light\n",  # a plain import: maybe a side effect
        "from pkg_lazy_test.light import Light\nprint('side effect')\n",
        "from os.path import join\n",  # a name from another package
        "from pkg_lazy_test.light import *\n",
        '"""Only a docstring."""\n',
    ],
)
def test_an_init_that_does_more_than_re_export_is_left_alone(source: str) -> None:
    assert make_lazy(source, "pkg_lazy_test") is None


@pytest.mark.parametrize(("path", "package"), sorted(lambda_build.LAZY_INITS.items()))
def test_each_pinned_powertools_init_is_rewritten_with_every_name(path: str, package: str) -> None:
    eager = importlib.import_module(package)
    assert eager.__file__ is not None and Path(eager.__file__).as_posix().endswith(path)
    lazy = make_lazy(Path(eager.__file__).read_text(encoding="utf-8"), package)
    assert lazy is not None, f"{path} changed shape: see infra/build/lazy_init.py"
    namespace: dict[str, object] = {"__name__": package}
    exec(compile(lazy, "lazy_init", "exec"), namespace)
    assert namespace["__all__"] == eager.__all__
    for name in eager.__all__:
        assert namespace["__getattr__"](name) is getattr(eager, name), name  # type: ignore[operator]
