"""The package's shape: the rules of issue 11 that keep the house following its data flow.

These read the source with `ast`; nothing is imported or run. Imports inside functions count like
module-level ones: a lazy import still ties two modules together.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "quotes"
MAX_MODULE_LINES = 700
LONG_FUNCTION = 80
MAX_LONG_FUNCTIONS = 2
# Only these may reach into `quotes.train`: training consumes inference, never the reverse.
MAY_IMPORT_TRAIN = ("quotes.train", "quotes.commands", "quotes.cli")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package modules `name` imports, resolved to module names (a package counts as its __init__)."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # "from quotes.x import y" names the module quotes.x.y when y is a module, else quotes.x.
            targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in known else module for a in node.names]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target.startswith("quotes") and target != name:
                found.add(target)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def _functions(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out.append((f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.name}", node.end_lineno - node.lineno + 1))
    return out


def test_architecture_no_import_cycle():
    cycle = _find_cycle(_graph())
    assert cycle is None, " -> ".join(cycle or [])


def test_architecture_inference_never_imports_training():
    offenders = sorted(
        f"{name} -> {dep}"
        for name, deps in _graph().items()
        for dep in deps
        if dep.startswith("quotes.train") and not name.startswith(MAY_IMPORT_TRAIN)
    )
    assert offenders == []


@pytest.mark.parametrize("name,path", sorted(_modules().items()))
def test_architecture_module_size(name, path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{name} has {lines} lines"


def test_architecture_few_long_functions():
    long = sorted(
        (f for path in PACKAGE.rglob("*.py") for f in _functions(path) if f[1] > LONG_FUNCTION),
        key=lambda f: -f[1],
    )
    assert len(long) <= MAX_LONG_FUNCTIONS, long


def test_package_and_cli_import_without_spacy():
    # `import quotes` and the command line's entry module stay light: `quotes extract --workers N` starts the
    # workers' fork server before this process imports spaCy (quotes.cli._prestart_workers).
    import subprocess
    import sys

    code = "import sys, quotes, quotes.cli; print('spacy' in sys.modules, quotes.QuoteKind.DIRECT.value)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "direct"]
