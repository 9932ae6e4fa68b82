"""Imports point one way: tasks.py -> tooling/ -> plugins/ (kact_core lowest); tests/ on top.

Each module's imports are read as Python reads them (ast, relative imports
resolved), never run. A plugin that imports tooling/, anything outside tests/
that imports tests/, kact_core importing another package of the project, or
plugins importing each other (two, or more in a circle), each fail with file and line.
"""
import ast
import os
from pathlib import Path

from tests.site import ROOT

# Never the project's own code: installed packages, fixture sites, what builds write.
NOT_CODE = {".venv", "node_modules", ".git", "output", "cache", ".publish", ".build-staging", "fixtures"}
CORE = "kact_core"


def python_files(root):
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name not in NOT_CODE)
        yield from (Path(folder) / name for name in sorted(files) if name.endswith(".py"))


def module_name(relative):
    """tooling/build/build.py -> tooling.build.build; plugins/kact_gate/gate.py -> kact_gate.gate."""
    parts = list(relative.with_suffix("").parts)
    if parts[0] == "plugins":
        parts = parts[1:]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports_of(path, root):
    """(line, dotted name) for every import in the file, relative ones made absolute."""
    relative = path.relative_to(root)
    package = module_name(relative).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            yield node.lineno, module


def layer_problems(root):
    problems, plugin_edges = [], {}
    for path in python_files(root):
        relative = path.relative_to(root)
        top = relative.parts[0]
        plugin = relative.parts[1] if top == "plugins" and len(relative.parts) > 2 else None
        for line, name in imports_of(path, root):
            first = name.split(".")[0]
            where = f"{relative.as_posix()}:{line}"
            if first == "tests" and top != "tests":
                problems.append(f"{where} imports {name}: only tests/ may import tests/")
            if plugin and first == "tooling":
                problems.append(f"{where} imports {name}: plugins/ must not import tooling/ (move what both need to kact_core)")
            if plugin == CORE and first != CORE and (first == "tooling" or first.startswith("kact_")):
                problems.append(f"{where} imports {name}: kact_core is the lowest layer and imports no other package")
            if plugin and first.startswith("kact_") and first != plugin:
                plugin_edges.setdefault((plugin, first), where)
    for (importer, imported), where in sorted(plugin_edges.items()):
        if (imported, importer) in plugin_edges and importer < imported:
            problems.append(f"{where} ({importer} imports {imported}) and {plugin_edges[(imported, importer)]} "
                            f"({imported} imports {importer}): two plugins import each other")
    for circle in circles(plugin_edges):
        steps = list(zip(circle, [*circle[1:], circle[0]]))
        problems.append(" -> ".join([*circle, circle[0]]) + ": plugins import each other in a circle ("
                        + ", ".join(plugin_edges[step] for step in steps) + ")")
    return problems


def circles(edges):
    """Each circle of three or more plugins importing one another, once, from its first name."""
    graph = {}
    for importer, imported in edges:
        graph.setdefault(importer, set()).add(imported)
    found = []

    def walk(path):
        for following in sorted(graph.get(path[-1], ())):
            if following == path[0] and len(path) > 2:
                found.append(path)
            elif following not in path and following > path[0]:
                walk([*path, following])

    for start in sorted(graph):
        walk([start])
    return found


def test_imports_point_one_way():
    assert layer_problems(ROOT) == []


def test_the_check_sees_a_plugin_importing_tooling_and_a_tool_importing_tests(tmp_path):
    (tmp_path / "plugins" / "kact_x").mkdir(parents=True)
    (tmp_path / "plugins" / "kact_x" / "__init__.py").write_text("from tooling.build.build import ROOT\n")
    (tmp_path / "tooling").mkdir()
    (tmp_path / "tooling" / "shots.py").write_text("import os\nfrom tests.browser.conftest import PHONE\n")
    assert layer_problems(Path(tmp_path)) == [
        "plugins/kact_x/__init__.py:1 imports tooling.build.build: plugins/ must not import tooling/ "
        "(move what both need to kact_core)",
        "tooling/shots.py:2 imports tests.browser.conftest: only tests/ may import tests/",
    ]


def test_the_check_sees_two_plugins_importing_each_other_and_reads_relative_imports(tmp_path):
    write_plugins(tmp_path, {"kact_a/__init__.py": "", "kact_a/one.py": "from kact_b.two import X\n",
                             "kact_b/__init__.py": "", "kact_b/two.py": "X = 1\n", "kact_b/sub/__init__.py": "",
                             "kact_b/sub/three.py": "from ..two import X\nfrom kact_a.one import Y\n"})
    assert layer_problems(Path(tmp_path)) == [
        "plugins/kact_a/one.py:1 (kact_a imports kact_b) and plugins/kact_b/sub/three.py:2 "
        "(kact_b imports kact_a): two plugins import each other",
    ]


def test_the_check_sees_plugins_importing_each_other_in_a_circle(tmp_path):
    write_plugins(tmp_path, {"kact_a/__init__.py": "from kact_b import X\n",
                             "kact_b/__init__.py": "from kact_c import X\n",
                             "kact_c/__init__.py": "import os\nfrom kact_a import Y\n"})
    assert layer_problems(Path(tmp_path)) == [
        "kact_a -> kact_b -> kact_c -> kact_a: plugins import each other in a circle (plugins/kact_a/__init__.py:1, "
        "plugins/kact_b/__init__.py:1, plugins/kact_c/__init__.py:2)",
    ]


def write_plugins(root, files):
    """{path under plugins/: its code}, written under `root`."""
    for name, code in files.items():
        (root / "plugins" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "plugins" / name).write_text(code)
