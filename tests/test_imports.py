"""The project's modules import each other in one direction: no cycle, counting the imports
written inside functions too (one there only to dodge a cycle is still a cycle).

A small walk of the source with `ast`: no database, no Django setup.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["config", "offers", "alerts", "mail", "organisations", "throttles"]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                modules[module_name(path)] = path
    return modules


def imported(node: ast.AST, module: str, is_package: bool) -> list[str]:
    """The names an import statement brings in, absolute ("offers.board", "offers.models.X")."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        base = module.split(".")
        if not is_package:
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module or ""
    return [prefix] + [f"{prefix}.{alias.name}" for alias in node.names]


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    graph = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets = set()
        for node in ast.walk(tree):
            for name in imported(node, module, path.name == "__init__.py"):
                # The longest project module the name starts with ("offers.models.Offer" is
                # offers.models); a package alone counts only when its __init__ holds code.
                parts = name.split(".")
                while parts and ".".join(parts) not in modules:
                    parts.pop()
                target = ".".join(parts)
                if target and target != module and modules[target].stat().st_size:
                    targets.add(target)
        graph[module] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_walk_sees_the_imports_it_must():
    graph = import_graph()
    assert "offers.models" in graph["offers.board_index"]
    # Relative and function-level imports alike.
    assert "offers.board" in graph["offers.views"]
    assert graph["offers.views"] and "offers.views" not in graph["offers.views"]


def test_no_import_cycle():
    assert cycles(import_graph()) == []


def test_a_cycle_is_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_nothing_imports_a_view_but_the_urls():
    for module, targets in import_graph().items():
        views = {target for target in targets if target.endswith(".views")}
        if module.endswith("urls") or module.startswith("config.urls"):
            continue
        assert not views, f"{module} imports {sorted(views)}"
