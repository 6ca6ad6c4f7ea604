"""A module's top-level `re.compile(...)` patterns, compiled when first used rather than at import.

email-validator's `rfc_constants` compiles, at import, four patterns whose character classes run
from U+0080 to U+10FFFF (the internationalised forms of RFC 6531). Each costs about 9 ms to compile
on CPython 3.13, about 36 ms of submit's cold start; an ASCII address, which most are, uses one of
them. The build rewrites each `NAME = re.compile(ARGS)` at the module's top level into
`NAME = _LazyPattern(ARGS)`: the same pattern, compiled on the first attribute asked of it
(`.match`, `.search`, ...), after which that attribute is served from the instance.

Only a module whose every `re.compile` call is such a top-level assignment, and which imports `re`
at its top level, is rewritten; anything else leaves it as it is, and the build says so. Standard
library only, like the build.
"""

from __future__ import annotations

import ast

MARK = "Made lazy by lead-capture's build (infra/build/lazy_patterns.py)"

LAZY_PATTERN = f'''

class _LazyPattern:
    """re.compile(*args), deferred to the pattern's first use. {MARK}."""

    def __init__(self, *args):
        self._args = args

    def __getattr__(self, name):
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self.__dict__["_compiled"] = re.compile(*self._args)
        value = getattr(compiled, name)
        setattr(self, name, value)
        return value

'''


def _is_re_compile(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "compile"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "re"
    )


def make_lazy_patterns(source: str) -> str | None:
    """`source` with its top-level patterns compiled on first use, or None when its shape is other."""
    tree = ast.parse(source)
    imports_re = [
        node for node in tree.body if isinstance(node, ast.Import) and [a.name for a in node.names] == ["re"] and not node.names[0].asname
    ]
    if len(imports_re) != 1:
        return None
    top_level = [
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Call)
        and _is_re_compile(node.value)
    ]
    every = [node for node in ast.walk(tree) if _is_re_compile(node)]
    if not top_level or len(every) != len(top_level):
        return None  # a pattern compiled inside a function, or passed along: not this shape
    lines = source.splitlines(keepends=True)
    for call in sorted(top_level, key=lambda c: (c.lineno, c.col_offset), reverse=True):
        func = call.func
        assert isinstance(func, ast.Attribute) and func.end_col_offset is not None
        row = func.lineno - 1
        line = lines[row]
        # Offsets are in UTF-8 bytes; `re.compile` itself is ASCII, so slicing the encoded line is exact.
        raw = line.encode("utf-8")
        lines[row] = (raw[: func.col_offset] + b"_LazyPattern" + raw[func.end_col_offset :]).decode("utf-8")
    after_import = imports_re[0].end_lineno or imports_re[0].lineno
    return "".join(lines[:after_import]) + LAZY_PATTERN + "".join(lines[after_import:])
