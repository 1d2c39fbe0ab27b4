"""A YAML mapping that names one key twice: YAML says a mapping's keys are unique, and PyYAML
keeps the last without a word, so a file whose second ``currency:`` (an edit pasted below
the first) silently wins was read as if nothing were wrong. Found on the composed nodes, with
the lines of both, before anything is built. A merge (``<<: *defaults``) is no repeat: the
mapping's own keys are meant to win over what it merges."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

MERGE = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class Repeated:
    key: str
    first: int
    """The line the key is first given on, from 1."""
    again: int
    """The line it is given on again."""

    def __str__(self) -> str:
        return f"{self.key!r} given twice in one mapping (first on line {self.first}): keep one"


def repeated_keys(root: yaml.Node | None) -> list[Repeated]:
    """Each key a mapping of the document gives more than once, at its second place."""
    found: list[Repeated] = []
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:  # an alias: the node it names is read once
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.tag != MERGE:
                    line = key.start_mark.line + 1
                    if key.value in first:
                        found.append(Repeated(key.value, first[key.value], line))
                    else:
                        first[key.value] = line
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return sorted(found, key=lambda repeated: repeated.again)
