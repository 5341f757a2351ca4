"""The package's import graph, read from the source (every import, also those inside functions): no module imports
itself back through others, and `core/` (pure: no I/O) imports nothing of the package but `core/` itself."""
import ast
from pathlib import Path
from typing import Dict, List, Set

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "azext_smtp"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted((ROOT / PACKAGE).rglob("*.py"))}


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _resolve(module: str, level: int, target: str) -> str:
    """The absolute name `from <level dots><target>` means inside `module`."""
    if not level:
        return target
    base = module.split(".") if _is_package(module) else module.split(".")[:-1]
    base = base[:len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def _imports(module: str) -> Set[str]:
    """The package modules `module` imports anywhere in its source: `from x import y` names module x.y when y is a
    module, else x."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(module, node.level, node.module or "")
            found.update(f"{source}.{a.name}" if f"{source}.{a.name}" in MODULES else source for a in node.names)
    return {name for name in found if name in MODULES and name != module}


GRAPH: Dict[str, Set[str]] = {m: _imports(m) for m in MODULES}


def _cycles() -> List[List[str]]:
    """Every import circle (one per strongly connected group of modules, Tarjan), as the modules it passes."""
    index: Dict[str, int] = {}
    low: Dict[str, int] = {}
    stack: List[str] = []
    found: List[List[str]] = []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(GRAPH[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))
    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    return found


def test_the_graph_sees_local_imports():
    """Imports inside functions count: the cycle check would otherwise miss the lazy ones."""
    assert "azext_smtp.scan" in GRAPH["azext_smtp.custom"]  # imported only inside custom's functions
    assert "azext_smtp.collect.reads" in GRAPH["azext_smtp.collect.reader"]


def test_no_import_circle_in_the_package():
    assert _cycles() == []


def test_a_circle_would_be_found(monkeypatch):
    monkeypatch.setitem(GRAPH, "azext_smtp.collect.pager", GRAPH["azext_smtp.collect.pager"] |
                        {"azext_smtp.collect.reader"})
    assert any("azext_smtp.collect.pager" in c and "azext_smtp.collect.reader" in c for c in _cycles())


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith(f"{PACKAGE}.core")))
def test_core_imports_only_core(module):
    outside = {m for m in GRAPH[module] if not m.startswith(f"{PACKAGE}.core")}
    assert outside == set(), f"{module} imports {outside}: core/ is pure, it reads nothing"
