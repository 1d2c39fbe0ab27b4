"""What a YAML file's aliases make of it: a few bytes of anchors can stand for a document
too large to build, so the composed nodes are measured before anything is built. A user's
world and scenario files and a vendor's target data are read so."""

from __future__ import annotations

import yaml

# What aliases may make of a file: a world written out by hand holds a few thousand values,
# a vendor's target data a few dozen.
MAX_ALIASES = 1000
MAX_VALUES = 200_000


def expansion_problem(root: yaml.Node | None, kind: str = "a world file") -> str | None:
    """Aliases reuse a node wherever they name it, so a small file can stand for a huge document
    (22 KB of nested aliases kept ``serve --world`` busy for 35 s). The composed nodes are
    counted as the document would hold them, each shared node once a use, before anything is
    built: past ``MAX_ALIASES`` uses of a node already met, or ``MAX_VALUES`` values, the file
    is refused in one line: what is wrong, or None. ``kind`` names such a file in it."""
    sizes: dict[int, int] = {}
    aliases = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)] if root is not None else []
    while stack:
        node, children_done = stack.pop()
        if children_done:
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in _children(node))
            continue
        if id(node) in sizes:
            aliases += 1
            if aliases > MAX_ALIASES:
                break
            continue
        sizes[id(node)] = -1  # on the path: a node that contains itself never finishes
        stack.append((node, True))
        for child in _children(node):
            if sizes.get(id(child)) == -1:
                return f"an alias contains itself; {kind} is a tree"
            stack.append((child, False))
    total = sizes.get(id(root), 0) if root is not None else 0
    if aliases > MAX_ALIASES or total > MAX_VALUES:
        return (
            f"its aliases expand it past what {kind} may hold (at most {MAX_ALIASES} "
            f"aliases and {MAX_VALUES:,} values); write the values out"
        )
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []
