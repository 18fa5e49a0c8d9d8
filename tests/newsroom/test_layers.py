"""Dependencies point one way (docs/conventions.md, "Dependencies point one way").

Drawn from the source with `ast`, not by importing it: every import statement of every module
of our apps, checked against the layers below. A knot (an app importing one above it, two
modules importing each other, a function-level import that dodges a cycle) fails here.
"""

import ast
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

# Each app and what it may import. An app imports only the apps below it; when a lower app
# must react to something a higher one does, the higher one listens (a signal, a task, a
# registry such as outbox.kinds or the page cache's lifetime limits), or the project wires
# them together.
LAYERS = {
    # The ground floor: the project's shared plumbing (settings, client IP and rate limits,
    # the page cache, signals, task helpers), and the email outbox every app sends through.
    "newsroom": set(),
    "outbox": {"newsroom"},
    # Each domain on its own.
    "articles": {"newsroom"},
    "accounts": {"newsroom", "outbox"},
    "donations": {"newsroom", "outbox"},
    # The discussion is about articles.
    "comments": {"newsroom", "outbox", "articles"},
    # On top of what they touch; nothing imports them.
    "privacy": {"newsroom", "outbox", "accounts", "articles", "comments", "donations"},
    "imports": {"newsroom", "outbox", "accounts", "articles", "comments"},
    "moderation": {"newsroom", "outbox", "accounts", "articles", "comments"},
}

# The project's wiring: the modules of newsroom that put the apps together (root URLs, the
# site-wide context and pages, the demo loader, the entry points). They may import any app;
# no app imports them. The rest of newsroom is the ground floor and imports no app.
WIRING = (
    "newsroom.urls",
    "newsroom.views",
    "newsroom.context_processors",
    "newsroom.management",
    "newsroom.settings",
    "newsroom.wsgi",
    "newsroom.asgi",
)


def is_wiring(module):
    return any(module == w or module.startswith(f"{w}.") for w in WIRING)


def our_apps():
    """Our apps: INSTALLED_APPS that live in this checkout."""
    return sorted(
        name for name in settings.INSTALLED_APPS if (ROOT / name / "__init__.py").exists()
    )


@cache
def modules():
    """{dotted name: path} of every module of our apps."""
    found = {}
    for app in our_apps():
        for path in (ROOT / app).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _resolve(module, node):
    """The dotted names an import statement of `module` refers to."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:  # relative: from the module's package, `level - 1` packages up
        package = module.split(".")
        is_package = modules()[module].name == "__init__.py"
        package = package if is_package else package[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join([*package, *([node.module] if node.module else [])])
    else:
        base = node.module
    # `from a import b` names module a.b when there is one, else a name in a.
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def _ours(name):
    """The module of ours a dotted name is, or is in (None for Django and the like)."""
    while name:
        if name in modules():
            return name
        name = name.rpartition(".")[0]
    return None


@cache
def imports():
    """[(module, imported module of ours, line, inside a function or not)] for every import."""
    found = []
    for module, path in modules().items():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node, in_function in _walk(tree, path):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in {_ours(n) for n in _resolve(module, node)} - {None}:
                    if target != module:
                        found.append((module, target, node.lineno, in_function))
    return found


def _walk(tree, path):
    """Every node with whether it sits in a function other than an AppConfig's ready() (the
    place Django gives for imports that need the models loaded)."""
    stack = [(tree, False)]
    while stack:
        node, in_function = stack.pop()
        yield node, in_function
        for child in ast.iter_child_nodes(node):
            inside = in_function
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inside = inside or not (path.name == "apps.py" and child.name == "ready")
            stack.append((child, inside))


def app_of(module):
    return module.split(".", 1)[0]


def test_every_app_has_its_place_in_the_layers():
    assert set(our_apps()) <= set(LAYERS), "give the new app its place in LAYERS"


def test_the_checker_sees_the_code():
    assert {"articles.models", "comments.views", "outbox.services"} <= set(modules())
    assert ("comments.services.moderating", "articles.models") in {
        (m, t) for m, t, _, _ in imports()
    }


def test_each_app_imports_only_the_apps_below_it():
    wrong = [
        f"{module}:{line} imports {target}"
        for module, target, line, _ in imports()
        if app_of(module) != app_of(target)
        and not is_wiring(module)
        and app_of(target) not in LAYERS[app_of(module)]
    ]
    assert not wrong, "\n".join(wrong)


def test_the_ground_floor_imports_no_app_and_only_the_wiring_imports_the_wiring():
    wrong = []
    for module, target, line, _ in imports():
        ground = app_of(module) == "newsroom" and not is_wiring(module)
        if (ground and app_of(target) != "newsroom") or (
            not is_wiring(module) and is_wiring(target)
        ):
            wrong.append(f"{module}:{line} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_no_function_level_import_of_our_code():
    """An import inside a function hides a cycle: untie it instead. Only AppConfig.ready()
    imports there, as Django asks."""
    hidden = [
        f"{module}:{line} imports {target}"
        for module, target, line, in_function in imports()
        if in_function
    ]
    assert not hidden, "\n".join(hidden)


def test_no_two_modules_import_each_other():
    graph = {}
    for module, target, _, _ in imports():
        graph.setdefault(module, set()).add(target)
    cycles = _cycles(graph)
    assert not cycles, "\n".join(" -> ".join([*c, c[0]]) for c in cycles)


def _cycles(graph):
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index, low, on_stack, stack, groups = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from comments.models import Comment", ["comments.models"]),
        ("from . import services", ["privacy", "privacy.services"]),
        ("from .models import PrivacyRequest", ["privacy.models"]),
        ("import articles.models", ["articles.models"]),
        ("from django.db import models", []),
    ],
)
def test_imports_are_read_as_python_reads_them(source, expected):
    node = ast.parse(source).body[0]
    found = {_ours(name) for name in _resolve("privacy.admin", node)} - {None}
    assert sorted(found) == expected
