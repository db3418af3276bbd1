"""Every hook in maturity/hookspecs.py is documented, tested and exemplified (as datasette does).

- docs/plugins.md has a ``### name(arg, ...)`` section with the hook's exact
  signature, and documents no hook that does not exist;
- some test file (other than this one) uses the hook's name;
- the hook's docstring in hookspecs.py carries an ``Example``.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from maturity import hookspecs

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "plugins.md"
TESTS = ROOT / "tests"

#: Hooks whose docstring lacks an Example, reported to the core's owner; an
#: entry here turns the failure into an xfail until hookspecs.py is fixed.
WITHOUT_EXAMPLE: frozenset[str] = frozenset(
    {
        "maturity_register_loaders",
        "maturity_register_reporters",
        "maturity_register_commands",
        "maturity_prepare_graph",
    }
)
#: Hooks no core test exercises yet, reported to the core's owner.
WITHOUT_TEST: frozenset[str] = frozenset(
    {"maturity_register_loaders", "maturity_register_commands"}
)


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
