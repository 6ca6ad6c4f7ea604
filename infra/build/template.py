"""template.yaml read as plain data, CloudFormation's short-form tags (!Ref, !Sub, ...) included.

One reader for the dev tools that take their numbers from the template (the benchmarks' Lambda
environment, the local stream poller's batch size and retries). PyYAML comes with the dev venv.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yaml"


class Tag:
    """A short-form intrinsic (`!GetAtt LeadsTable.StreamArn`), kept as its name and argument."""

    def __init__(self, name: str, value: Any) -> None:
        self.name = name
        self.value = value


def load(path: Path = TEMPLATE) -> dict[str, Any]:
    """The template as dicts and lists; a tagged node becomes a `Tag`."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tag:
        value: Any
        if isinstance(node, yaml.ScalarNode):
            value = loader.construct_scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        elif isinstance(node, yaml.MappingNode):
            value = loader.construct_mapping(node, deep=True)
        else:
            raise yaml.constructor.ConstructorError(None, None, f"unexpected node for !{suffix}", node.start_mark)
        return Tag(suffix, value)

    Loader.add_multi_constructor("!", tagged)
    document: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 - a SafeLoader subclass
    return document
