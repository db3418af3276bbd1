"""Every hook in maturity/hookspecs.py is documented, tested and exemplified (as datasette does).

- docs/plugins.md has a ``### name(arg, ...)`` section with the hook's exact
  signature, and documents no hook that does not exist;
- some test file (other than this one) uses the hook's name;
- the hook's docstring in hookspecs.py carries an ``Example``.
"""

from __future__ import annotations

import inspect
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from maturity.plugins import hookspecs

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "plugins.md"
TESTS = ROOT / "tests"

#: Hooks whose docstring lacks an Example, reported to the core's owner; an
#: entry here turns the failure into an xfail until hookspecs.py is fixed.
WITHOUT_EXAMPLE: frozenset[str] = frozenset()
#: Hooks no core test exercises yet, reported to the core's owner.
WITHOUT_TEST: frozenset[str] = frozenset()


def hook_specs() -> dict[str, Callable[..., Any]]:
    """The functions hookspecs.py marks as hook specifications, by name."""
    marker = f"{hookspecs.hookspec.project_name}_spec"
    return {
        name: fn
        for name, fn in sorted(vars(hookspecs).items())
        if callable(fn) and hasattr(fn, marker)
    }


def signature(name: str, fn: Callable[..., Any]) -> str:
    """``name(arg, ...)`` with the argument names exactly as the spec has them."""
    return f"{name}({', '.join(inspect.signature(fn).parameters)})"


def documented_headings() -> set[str]:
    return set(re.findall(r"^### (maturity_\w+\([^)]*\))\s*$", DOC.read_text("utf-8"), re.M))


def test_there_are_hooks_to_check() -> None:
    assert "maturity_register_packs" in hook_specs()
    assert len(hook_specs()) >= 8


def known_gap(name: str, gaps: frozenset[str], what: str) -> Any:
    marks = [pytest.mark.xfail(reason=f"{what} (reported to the core's owner)")]
    return pytest.param(name, marks=marks if name in gaps else [])


@pytest.mark.parametrize("name", sorted(hook_specs()))
def test_hook_is_documented_with_its_signature(name: str) -> None:
    wanted = signature(name, hook_specs()[name])
    assert wanted in documented_headings(), f"docs/plugins.md needs a section '### {wanted}'"


def test_docs_describe_no_hook_that_does_not_exist() -> None:
    real = {signature(name, fn) for name, fn in hook_specs().items()}
    assert documented_headings() <= real


def _test_files() -> list[Path]:
    this = Path(__file__).resolve()
    return [p for p in sorted(TESTS.rglob("test_*.py")) if p.resolve() != this]


@pytest.mark.parametrize(
    "name", [known_gap(n, WITHOUT_TEST, "no test uses this hook yet") for n in hook_specs()]
)
def test_hook_has_a_test(name: str) -> None:
    pattern = re.compile(rf"\b{name}\b")
    users = [p.name for p in _test_files() if pattern.search(p.read_text("utf-8"))]
    assert users, f"no test under tests/ uses {name}"


@pytest.mark.parametrize(
    "name", [known_gap(n, WITHOUT_EXAMPLE, "docstring lacks an Example") for n in hook_specs()]
)
def test_hook_docstring_has_an_example(name: str) -> None:
    doc = inspect.getdoc(hook_specs()[name]) or ""
    assert doc.strip(), f"{name} has no docstring"
    assert re.search(r"^Example", doc, re.M), f"{name}'s docstring has no 'Example::' section"


# ------------------------------------------------------------------ the tutorial, as written
#
# The tutorial's listings are written out in order (a fence titled with a path
# writes that file, ``append`` extends it) and, at each point, its ``maturity``
# commands run and must print exactly what the page shows. The plugin is laid
# out on sys.path as pip would install it, as the only plugin installed; pip,
# pytest and shell commands are the reader's and are not run here.

FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```\n", re.M | re.S)


def tutorial_steps() -> list[tuple[str, str, str]]:
    """``("file", path, body)``, ``("append", path, body)`` or ``("console", "", body)``."""
    text = DOC.read_text("utf-8").split("\n## Hook reference", 1)[0]
    steps = []
    for match in FENCE.finditer(text):
        info, body = match.group(1), match.group(2)
        title = re.search(r'title="([^"]+)"', info)
        if title:
            steps.append(("append" if info.rstrip().endswith("append") else "file", title[1], body))
        elif info.startswith("console"):
            steps.append(("console", "", body))
    return steps


def console_commands(body: str) -> list[tuple[str, list[str]]]:
    """Each ``$ command`` of a console block with the lines it prints."""
    commands: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        elif commands:
            commands[-1][1].append(line)
    return commands


@pytest.fixture
def acme_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """maturity-acme as ``pip install -e`` lays it out: metadata in site/, code in the project."""
    import sys
    from importlib import metadata

    info = tmp_path / "site" / "maturity_acme-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: maturity-acme\nVersion: 0.1.0\n")
    (info / "entry_points.txt").write_text("[maturity]\nacme = maturity_acme\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    # What `pip install -e .` does: the project folder goes on sys.path.
    monkeypatch.syspath_prepend(str(tmp_path / "maturity-acme"))
    real = metadata.entry_points

    def only_acme(group: str) -> list[metadata.EntryPoint]:
        return [
            e for e in real(group=group) if e.dist is not None and e.dist.name == "maturity-acme"
        ]

    monkeypatch.setattr("maturity.plugins.manager.metadata.entry_points", only_acme)
    for variable in ("MATURITY_NO_PLUGINS", "MATURITY_PLUGINS", "MATURITY_BLOCK_PLUGINS"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    for name in [m for m in sys.modules if m.split(".")[0] == "maturity_acme"]:
        del sys.modules[name]


def _write(root: Path, kind: str, path: str, body: str) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    before = target.read_text("utf-8") + "\n" if kind == "append" else ""
    target.write_text(before + body, encoding="utf-8")


def _run_maturity(command: str) -> list[str]:
    import importlib
    import shlex
    import sys

    from click.testing import CliRunner

    from maturity.cli import cli

    args, _, tail = command.partition(" | tail -n ")
    for name in [m for m in sys.modules if m.split(".")[0] == "maturity_acme"]:
        del sys.modules[name]  # the reader's edits take effect, as with `pip install -e`
    importlib.invalidate_caches()
    result = CliRunner().invoke(cli, shlex.split(args)[1:], prog_name="maturity")
    lines = result.output.splitlines()
    return lines[-int(tail) :] if tail else lines


def test_the_tutorial_runs_as_written(acme_installed: Path) -> None:
    cwd = acme_installed
    ran = 0
    for kind, path, body in tutorial_steps():
        if kind != "console":
            _write(acme_installed, kind, path, body)
            continue
        for command, expected in console_commands(body):
            if command.startswith("cd "):
                cwd = cwd / command[3:]
                cwd.mkdir(exist_ok=True)
                os.chdir(cwd)
            elif command.startswith("maturity "):
                assert _run_maturity(command) == expected, command
                ran += 1
    assert ran >= 10
