"""A package `__init__` that only re-exports its submodules' names, made lazy (PEP 562).

Powertools' `event_handler/__init__.py` imports every resolver it has (AppSync, whose module
imports asyncio; Bedrock; VPC Lattice; ...) so that `from aws_lambda_powertools.event_handler
import APIGatewayHttpResolver` works; Python runs that `__init__` before any submodule, so the
submit, actions and desk functions paid for all of them on every cold start (about 25 ms of
imports, measured with `-X importtime`). The build rewrites such an `__init__` into a table of
which submodule holds each name and a module `__getattr__` that imports it when first asked for:
the same names, the same objects, only the imports that are used.

Only an `__init__` made of a docstring, `from <submodule> import <names>` lines and `__all__` is
rewritten; anything else (a statement with side effects) leaves it as it is, and the build says
so. Standard library only, like the build.
"""

from __future__ import annotations

import ast

TEMPLATE = '''"""{doc}

Made lazy by lead-capture's build (infra/build/lazy_init.py): each name's module is imported when
the name is first used, not when the package is.
"""

import importlib as _importlib

_FROM = {table!r}
__all__ = {names!r}


def __getattr__(name):
    where = _FROM.get(name)
    if where is None:
        raise AttributeError(f"module {{__name__!r}} has no attribute {{name!r}}")
    value = getattr(_importlib.import_module(where[0]), where[1])
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_FROM))
'''


def make_lazy(source: str, package: str) -> str | None:
    """The lazy form of `package`'s `__init__` source, or None when it does more than re-export."""
    tree = ast.parse(source)
    table: dict[str, tuple[str, str]] = {}  # the name it exports: (its module, its name there)
    names: list[str] | None = None
    for i, node in enumerate(tree.body):
        if i == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            continue  # the docstring
        if isinstance(node, ast.ImportFrom) and node.module:
            module = node.module if node.level == 0 else f"{package}.{node.module}" if node.level == 1 else None
            if module is None or not module.startswith(f"{package}."):
                return None  # an import from elsewhere may be there for its side effects
            for alias in node.names:
                if alias.name == "*":
                    return None
                table[alias.asname or alias.name] = (module, alias.name)
            continue
        if (
            isinstance(node, ast.Assign)
            and [getattr(t, "id", None) for t in node.targets] == ["__all__"]
            and isinstance(node.value, ast.List | ast.Tuple)
            and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.value.elts)
        ):
            names = [str(e.value) for e in node.value.elts if isinstance(e, ast.Constant)]
            continue
        return None
    if not table:
        return None
    doc = (ast.get_docstring(tree) or f"{package}").strip().replace('"""', "'''")
    return TEMPLATE.format(doc=doc, table=table, names=names if names is not None else sorted(table))
