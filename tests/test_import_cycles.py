"""No import cycle inside articles/ (imports inside functions count too); tests share helpers, not each other."""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "articles"


def module_name(path):
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules():
    return {module_name(path): path for path in APP.rglob("*.py") if "migrations" not in path.parts}


def imported(name, path, known):
    """The modules of `known` that the module `name` imports, wherever the import statement is."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            # `from package import module` imports the module; `from module import name`, the module.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def cycles(graph):
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while not group or node not in group:
                group.add(stack.pop())
            on_stack.difference_update(group)
            if len(group) > 1:
                groups.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return groups


def test_no_module_of_articles_imports_itself_back_through_others():
    known = modules()
    graph = {name: imported(name, path, known) for name, path in known.items()}
    assert cycles(graph) == []


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        # a → b at the top, b → a inside a function: still a cycle.
        (
            {"a": "from articles import b\n", "b": "def f():\n    from articles.a import x\n"},
            [["articles.a", "articles.b"]],
        ),
        ({"a": "from articles import b\n", "b": "import json\n"}, []),
        ({"a": "from . import b\n", "b": "from .a import x\n"}, [["articles.a", "articles.b"]]),
    ],
)
def test_the_check_sees_cycles_even_inside_functions(tmp_path, sources, expected):
    app = tmp_path / "articles"
    app.mkdir()
    (app / "__init__.py").write_text("")
    for name, text in sources.items():
        (app / f"{name}.py").write_text(text)
    known = {f"articles.{name}": app / f"{name}.py" for name in sources}
    graph = {name: imported(name, path, known) for name, path in known.items()}
    assert cycles(graph) == expected


def test_test_modules_take_shared_helpers_from_helper_modules_not_from_each_other():
    tests = Path(__file__).resolve().parent
    offenders = []
    for path in sorted(tests.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                module = ("." * node.level) + (node.module or "")
                name = module.rpartition(".")[2]
                if name.startswith("test_") or name == "conftest":
                    offenders.append(f"{path.name}: from {module} import …")
    assert offenders == []
