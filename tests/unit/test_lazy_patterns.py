"""The build's lazy patterns (infra/build/lazy_patterns.py): the same answers, compiled only when used."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import email_validator
import pytest
from infra.build import lambda_build
from infra.build.lazy_patterns import MARK, make_lazy_patterns

TOY = '''"""Patterns."""

import re

WORD = re.compile(r"[a-z]+")
WIDE = re.compile("[\\u0080-\\U0010FFFF]", re.IGNORECASE)  # a comment stays
PLAIN = "not a pattern"
'''

ADDRESSES = [
    "person@example.com",
    "first.last+tag@sub.example.org",
    "josé@example.com",
    "用户@例子.广告",
    "person@xn--bcher-kva.example",
    "bad..dots@example.com",
    "no-at-sign.example.com",
    "space in@example.com",
    '"quoted"@example.com',
    "person@[192.0.2.1]",
    "person@localhost",
    "person@-bad-.com",
    "a" * 65 + "@example.com",
    "émoji😀@example.com",
]

VALIDATE = """
import json, sys
from email_validator import EmailNotValidError, validate_email
from email_validator import rfc_constants
out = []
for address in json.load(sys.stdin):
    try:
        out.append(validate_email(address, check_deliverability=False, allow_domain_literal=True).normalized)
    except EmailNotValidError as err:
        out.append("invalid: " + str(err))
compiled = sorted(n for n, v in vars(rfc_constants).items() if "_compiled" in getattr(v, "__dict__", {}))
print(json.dumps({"answers": out, "compiled": compiled}))
"""


def test_top_level_patterns_become_lazy_and_behave_the_same() -> None:
    lazy = make_lazy_patterns(TOY)
    assert lazy is not None and MARK in lazy
    namespace: dict[str, object] = {}
    exec(compile(lazy, "lazy_patterns", "exec"), namespace)
    word, wide = namespace["WORD"], namespace["WIDE"]
    assert "_compiled" not in vars(word) and "_compiled" not in vars(wide)
    assert word.fullmatch("abc") and not word.fullmatch("ab1")  # type: ignore[attr-defined]
    assert "_compiled" in vars(word) and "_compiled" not in vars(wide)  # only the pattern used
    assert wide.pattern == "[\u0080-\U0010ffff]" and wide.flags & 2  # type: ignore[attr-defined]
    assert namespace["PLAIN"] == "not a pattern"


@pytest.mark.parametrize(
    "source",
    [
        "import re\n\ndef f():\n    return re.compile('x')\n",  # compiled inside a function
        "import re\n\nP = [re.compile('x')]\n",  # not a plain assignment
        "from re import compile\n\nP = compile('x')\n",  # no `import re`
        "X = 1\n",  # no pattern at all
    ],
)
def test_a_module_of_another_shape_is_left_alone(source: str) -> None:
    assert make_lazy_patterns(source) is None


def _validate(package_root: Path) -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", VALIDATE],
        input=json.dumps(ADDRESSES),
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(package_root), "PATH": "/usr/bin:/bin"},
    )
    answer: dict[str, list[str]] = json.loads(done.stdout)
    return answer


def test_the_pinned_email_validator_answers_alike_and_compiles_only_what_an_address_needs(tmp_path: Path) -> None:
    assert lambda_build.LAZY_PATTERNS == ("email_validator/rfc_constants.py",)
    installed = Path(email_validator.__file__).parent
    for name in ("eager", "lazy"):
        shutil.copytree(installed.parent / "idna", tmp_path / name / "idna")
        shutil.copytree(installed, tmp_path / name / "email_validator", ignore=shutil.ignore_patterns("__pycache__"))
    constants = tmp_path / "lazy" / "email_validator" / "rfc_constants.py"
    lazy = make_lazy_patterns(constants.read_text(encoding="utf-8"))
    assert lazy is not None, "email_validator/rfc_constants.py changed shape: see infra/build/lazy_patterns.py"
    constants.write_text(lazy, encoding="utf-8")

    eager, made_lazy = _validate(tmp_path / "eager"), _validate(tmp_path / "lazy")
    assert made_lazy["answers"] == eager["answers"]
    assert sum(a.startswith("invalid") for a in eager["answers"]) >= 6
    # After every kind of address, each pattern used was compiled once, on demand; an ASCII address alone leaves the wide ones be.
    ascii_only = subprocess.run(
        [sys.executable, "-c", VALIDATE],
        input=json.dumps(["person@example.com"]),
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(tmp_path / "lazy"), "PATH": "/usr/bin:/bin"},
    )
    compiled = json.loads(ascii_only.stdout)["compiled"]
    assert "DOT_ATOM_TEXT" in compiled
    assert not {"ATEXT_INTL_DOT_RE", "DOT_ATOM_TEXT_INTL", "QTEXT_INTL"} & set(compiled), compiled
