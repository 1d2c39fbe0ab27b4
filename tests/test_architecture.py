"""The import rules of ARCHITECTURE.md, enforced: layers, bounded contexts, and no cycles.

Every module of the package and of the contract kit is parsed (nothing is
imported), and each import is resolved to the module it names, relative
imports and imports under ``TYPE_CHECKING`` included: a cycle for the type
checker is a cycle in the design.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("mockserver", "contract_tests")

# A context imports only the kernel and the contexts it builds on; storage follows the same map.
CONTEXTS: Mapping[str, frozenset[str]] = {
    "kernel": frozenset(),
    "slots": frozenset({"kernel"}),
    "calendar": frozenset({"kernel"}),
    "lifecycle": frozenset({"kernel", "calendar"}),
    "reseller": frozenset({"kernel", "slots"}),
}

# Which of our own packages each layer may import (itself included).
LAYERS: Mapping[str, frozenset[str]] = {
    "mockserver.domain": frozenset({"mockserver.domain"}),
    # Where the shipped files are and the formats read whole (specs, HAR): below every layer.
    "mockserver.documents": frozenset({"mockserver.documents"}),
    "mockserver.seeding": frozenset(
        {
            "mockserver.domain",
            "mockserver.seeding",
            "mockserver.documents.resources",
            "mockserver.documents.expansion",
            "mockserver.documents.yaml_keys",
            "mockserver.documents.currencies",
            "mockserver.documents.quoting",
        }
    ),
    "mockserver.storage": frozenset({"mockserver.domain", "mockserver.seeding", "mockserver.storage"}),
    # How deep a request's JSON nests is told as every other reader of JSON tells it, and a media
    # type and a HEAD read as the rule engine reads them.
    "mockserver.http": frozenset(
        {
            "mockserver.domain",
            "mockserver.http",
            "mockserver.documents.json_depth",
            "mockserver.documents.printable",
            "mockserver.documents.media_types",
            "mockserver.documents.methods",
            "mockserver.documents.quoting",
        }
    ),
    # A wire writes a price in a currency's major units and its symbol: the shipped ISO table.
    "mockserver.apis": frozenset(
        {
            "mockserver.domain",
            "mockserver.http",
            "mockserver.storage.tenancy.sandboxes",
            "mockserver.documents.currencies",
            "mockserver.apis",
        }
    ),
    "mockserver.control": frozenset(
        {
            "mockserver.domain",
            "mockserver.http",
            "mockserver.storage",
            "mockserver.seeding",
            "mockserver.apis.instants",
            # The target data speaks the lifecycle API's status words, as a vendor's file would,
            # and names ReserveKit keys in ReserveKit's key format.
            "mockserver.apis.lifecycle.vocabulary",
            "mockserver.apis.reservekit.vocabulary",
            "mockserver.documents.har",
            # Webhook sends trust the CAs the package's HTTPS clients trust.
            "mockserver.integration.tls",
            "mockserver.control",
        }
    ),
    # The dashboard reads what the control API reads, words statuses in each API's vocabulary,
    # and shows entries through the API handlers app.py hands it (it imports none of them).
    "mockserver.dashboard": frozenset(
        {
            "mockserver.domain",
            "mockserver.http",
            "mockserver.storage",
            "mockserver.control",
            "mockserver.apis.instants",
            "mockserver.apis.reservekit.vocabulary",
            "mockserver.apis.merchant.vocabulary",
            "mockserver.apis.lifecycle.vocabulary",
            # How a Bardge answer names an occurrence (ci_<slot>_<day>), to find a card's own.
            "mockserver.apis.bardge.wire",
            # The Coverage tab: the report booking-sandbox coverage prints, of this key's counts.
            "mockserver.coverage.report",
            "mockserver.apis.adapters",
            "mockserver.dashboard",
        }
    ),
    # Coverage counts what the journal writer is handed and reads each API's error words
    # (the vocabularies' COVERAGE, through apis.adapters); its report reads the specs.
    "mockserver.coverage": frozenset(
        {
            "mockserver.coverage",
            "mockserver.control",
            "mockserver.http",
            "mockserver.documents.resources",
            "mockserver.apis.adapters",
        }
    ),
    # The rule engine judges a trace: the specs, the HAR records and the format checks the server
    # validates with. Everything that sees traffic (the proxy, check-har, the kit) shares it.
    "mockserver.rule_engine": frozenset(
        {"mockserver.rule_engine", "mockserver.documents", "mockserver.http.validation.formats"}
    ),
    # Traffic checks read HARs and what a proxy forwards, judged by the rule engine, with each
    # API's error words for the proxy's own 502.
    "mockserver.live_checks": frozenset(
        {
            "mockserver.live_checks",
            "mockserver.rule_engine",
            "mockserver.documents.har",
            "mockserver.documents.methods",
            "mockserver.documents.resources",
            "mockserver.http.validation.formats",
            "mockserver.http.adapter",
            "mockserver.apis.adapters",
            "mockserver.integration.tls",
            "mockserver.integration.proxies",
            "mockserver.http.connection.cut_short",
            # The answer to OPTIONS *, the server's and the proxy's.
            "mockserver.http.connection.server_options",
        }
    ),
    # The kit talks HTTP only: it takes the specs, the HAR writer, the YAML alias bound and text made visible. What it knows of a target
    # beyond its operations comes from the target data, never from rebuilding a seeded world.
    "contract_tests": frozenset(
        {
            "contract_tests",
            "mockserver.rule_engine",
            "mockserver.documents.resources",
            "mockserver.documents.har",
            "mockserver.documents.expansion",
            "mockserver.documents.yaml_keys",
            "mockserver.documents.printable",
            "mockserver.documents.quoting",
            "mockserver.http.validation.formats",
            "mockserver.integration.webhook_receiver",
            "mockserver.integration.tls",
            "mockserver.integration.proxies",
            "mockserver.integration.base_urls",
            # A server starting from cold is waited for as the pytest plugin waits for it.
            "mockserver.integration.sandbox_answers",
        }
    ),
}

# The domain is plain Python: no storage, web framework, HTTP client or file format.
NOT_IN_DOMAIN = frozenset(
    {"sqlalchemy", "connexion", "starlette", "httpx", "uvicorn", "requests", "yaml", "faker", "schemathesis"}
)
SHARED_API_MODULES = frozenset(
    {
        "mockserver.apis.tokens",
        "mockserver.apis.instants",
        "mockserver.apis.registry",
        "mockserver.apis.adapters",
    }
)
# The modules that put the APIs together, and so import every API's package.
API_ASSEMBLERS = frozenset({"mockserver.apis.registry", "mockserver.apis.adapters"})


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(name: str, source: str, *, is_package: bool = False) -> set[str]:
    """Every module (or module attribute) ``source`` imports, resolved to absolute names."""
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def graph(roots: Iterable[str] = PACKAGES) -> dict[str, set[str]]:
    """Our modules and the modules of ours each imports."""
    sources = {
        module_name(path): (path.read_text(encoding="utf-8"), path.name == "__init__.py")
        for root in roots
        for path in (ROOT / root).rglob("*.py")
    }
    return {
        name: {target for target in imports_of(name, text, is_package=package) if target in sources}
        for name, (text, package) in sources.items()
    }


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _context(name: str) -> str | None:
    parts = name.split(".")
    if len(parts) > 2 and parts[:2] in (["mockserver", "domain"], ["mockserver", "storage"]):
        return parts[2] if parts[2] in CONTEXTS else None
    return None


def violations(edges: Mapping[str, set[str]], third_party: Mapping[str, set[str]]) -> list[str]:
    found = []
    for source in sorted(set(edges) | set(third_party)):
        targets = edges.get(source, set())
        layer = max((p for p in LAYERS if _within(source, p)), key=len, default=None)
        for target in sorted(targets):
            if layer is not None and not any(_within(target, allowed) for allowed in LAYERS[layer]):
                found.append(f"{source} imports {target}: {layer} may import only {sorted(LAYERS[layer])}")
            mine, theirs = _context(source), _context(target)
            same_layer = source.split(".")[1:2] == target.split(".")[1:2]
            if mine and theirs and same_layer and theirs != mine and theirs not in CONTEXTS[mine]:
                found.append(
                    f"{source} imports {target}: context {mine} builds only on {sorted(CONTEXTS[mine])}"
                )
            api = source.split(".")[:3]
            if (
                _within(source, "mockserver.apis")
                and _within(target, "mockserver.apis")
                and target != "mockserver.apis"
                and target.split(".")[:3] != api
                and not any(_within(target, shared) for shared in SHARED_API_MODULES)
                and not any(_within(source, assembler) for assembler in API_ASSEMBLERS)
            ):
                found.append(f"{source} imports {target}: an API's adapter keeps to its own vocabulary")
        if _within(source, "mockserver.domain"):
            for package in sorted(third_party.get(source, set()) & NOT_IN_DOMAIN):
                found.append(
                    f"{source} imports {package}: the domain imports no storage, HTTP or framework code"
                )
    return found


def cycles(edges: Mapping[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def _third_party() -> dict[str, set[str]]:
    return {
        module_name(path): {
            name.split(".")[0] for name in imports_of(module_name(path), path.read_text(encoding="utf-8"))
        }
        for path in (ROOT / "mockserver" / "domain").rglob("*.py")
    }


def test_every_import_keeps_to_its_layer_and_context() -> None:
    assert violations(graph(), _third_party()) == []


def test_there_are_no_import_cycles() -> None:
    # Packages import their own modules' names through __init__ rarely; a module and its package
    # are not a cycle worth a name, so only module-to-module groups count.
    assert cycles(graph()) == []


def test_the_top_level_shows_the_design_in_packages() -> None:
    """``mockserver/`` holds packages (the contexts, the layers, the entry points) and at most
    four modules: fifteen loose ones had hidden the command line and the server among helpers.
    ``storage/`` and ``http/`` likewise, each mechanism a package named after it."""
    top = ROOT / "mockserver"
    for folder in (top, top / "storage", top / "http"):  # and one level down, where modules piled up
        modules = sorted(path.name for path in folder.glob("*.py"))
        assert len(modules) <= 4, (folder, modules)
    packages = {path.name for path in top.iterdir() if (path / "__init__.py").exists()}
    assert {"cli", "server", "integration", "documents", "domain", "apis", "rule_engine"} <= packages


def test_no_module_outgrows_three_hundred_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for root in PACKAGES
        for path in (ROOT / root).rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 300
    }
    assert long == {}


@pytest.mark.parametrize(
    ("source", "target", "rule"),
    [
        ("mockserver.domain.slots.bookings", "mockserver.storage.kernel.schema", "may import only"),
        ("mockserver.domain.calendar.events", "mockserver.domain.lifecycle.cases", "builds only on"),
        ("mockserver.storage.slots.ledger", "mockserver.storage.calendar.ledger", "builds only on"),
        ("mockserver.apis.merchant.handlers", "mockserver.apis.bardge.vocabulary", "its own vocabulary"),
        ("contract_tests.kit.run", "mockserver.storage.tenancy.sandboxes", "may import only"),
        ("contract_tests.rules.merchant_shop", "mockserver.seeding.world", "may import only"),
    ],
)
def test_the_rules_catch_a_wrong_import(source: str, target: str, rule: str) -> None:
    found = violations({source: {target}}, {})
    assert len(found) == 1
    assert rule in found[0]


def test_the_rules_catch_a_framework_in_the_domain_and_a_cycle() -> None:
    assert violations({}, {"mockserver.domain.kernel.clock": {"sqlalchemy", "datetime"}}) != []
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_architecture_page_stays_about_the_architecture() -> None:
    """The speed diary lives in docs/performance.md; the page itself stays readable at a sitting."""
    page = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert len(page.splitlines()) <= 350
    assert "docs/performance.md" in page
