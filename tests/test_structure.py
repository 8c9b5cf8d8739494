"""The code's shape: no import cycles among the bot's modules, late imports included
(imports only for the type checker, under `if TYPE_CHECKING:`, never run and are left out)."""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

import bot

ROOT = Path(bot.__file__).parent


def module_names() -> dict[str, Path]:
    names = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The bot modules a module imports anywhere in it (in functions too), resolved."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in _executed(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {module for module in found if module in known and module != name}


def _executed(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node but those under `if TYPE_CHECKING:`."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            yield from (n for child in node.orelse for n in _executed_with(child))
            continue
        yield from _executed_with(node)


def _executed_with(node: ast.AST) -> Iterator[ast.AST]:
    yield node
    yield from _executed(node)


def graph() -> dict[str, set[str]]:
    names = module_names()
    return {name: imports_of(name, path, set(names)) for name, path in names.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_scan_sees_the_imports_it_must() -> None:
    edges = graph()
    assert "bot.ui" in edges["bot.screens"]
    assert "bot.symptom_check" in edges["bot.navigation"]
    assert "bot.reminders.routes" in edges["bot.reminders.handlers"]  # `from bot.reminders import`
    assert "bot.emulator.transport" in edges["bot.emulator.api"]  # a late import, inside start()
    assert "bot.emulator.api" not in edges["bot.emulator.transport"]  # for the type checker
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_imports_itself_back_through_others() -> None:
    assert cycles(graph()) == []


def test_no_module_uses_another_modules_private_names() -> None:
    names = module_names()
    for name, path in names.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bot"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{name} imports {private} from {node.module}"


def test_every_module_imports_on_its_own() -> None:
    for name in sorted(module_names()):
        if name.endswith("__main__"):
            continue
        importlib.import_module(name)


def test_the_readme_map_names_every_module() -> None:
    readme = (ROOT.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("## How it is built")
    block = readme[readme.index("```", start) : readme.index("```", readme.index("```", start) + 3)]
    missing = []
    for path in ROOT.rglob("*.py"):
        if path.name == "__init__.py":
            continue
        relative = path.relative_to(ROOT.parent).as_posix()
        shown = relative if path.parent == ROOT else path.name
        if shown not in block:
            missing.append(relative)
    assert missing == [], "add a line to README.md's map (How it is built)"
