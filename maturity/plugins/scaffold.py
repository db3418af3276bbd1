"""``maturity plugin new NAME``: write a working plugin distribution to start from.

It holds a TOML pack with rule tests, a Python rule with its tests, a sample
model, and a pytest file that uses :mod:`maturity.testing`; its tests pass as
written, and once installed (``pip install -e .``) ``maturity plugins`` lists it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from maturity.errors import UsageError


@dataclass(frozen=True)
class Names:
    """The names a plugin called ``short`` uses everywhere."""

    short: str  # entry-point name and pack id: okr
    distribution: str  # maturity-okr
    module: str  # maturity_okr
    prefix: str  # rule ids: OKR-1

    @classmethod
    def of(cls, name: str) -> Names:
        short = re.sub(r"^maturity[-_]", "", name.strip().lower()).replace("-", "_")
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,40}", short):
            raise UsageError(
                f"'{name}': a plugin name starts with a letter and has letters, digits, "
                "'-' or '_' (for example: okr, or maturity-okr)"
            )
        prefix = re.sub(r"[^A-Z0-9]", "", short.upper()) or "X"
        return cls(short, f"maturity-{short.replace('_', '-')}", f"maturity_{short}", prefix)


def plugin_files(names: Names) -> dict[str, str]:
    """Every file of the new plugin: relative path → text."""
    m = names.module
    files = {
        "pyproject.toml": PYPROJECT,
        "README.md": README,
        "org.toml": MODEL,
        f"{m}/__init__.py": INIT,
        f"{m}/pack.toml": PACK,
        f"{m}/rules.py": PYTHON_RULE,
        f"tests/test_{names.short}.py": TESTS,
    }
    return {path: _fill(text, names) for path, text in files.items()}


def _fill(text: str, names: Names) -> str:
    from maturity import __version__

    for token, value in (
        ("__DIST__", names.distribution),
        ("__MODULE__", names.module),
        ("__SHORT__", names.short),
        ("__PREFIX__", names.prefix),
        ("__MATURITY__", __version__),
    ):
        text = text.replace(token, value)
    return text.lstrip("\n")


def write_plugin(names: Names, folder: Path) -> list[Path]:
    """Write the plugin into ``folder`` (new, or empty); never overwrite a file."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(f"{folder}: already exists and is not an empty folder; choose another")
    written = []
    for relative, text in plugin_files(names).items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


PYPROJECT = """
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "__DIST__"
version = "0.1.0"
description = "House rules for maturity"
requires-python = ">=3.11"
dependencies = ["maturity>=__MATURITY__"]

[project.optional-dependencies]
test = ["pytest"]

# What makes this a maturity plugin: in the entry-point group "maturity", the
# name "__SHORT__" (for --plugin and --block-plugin) points at the module whose
# @hookimpl functions maturity calls.
[project.entry-points.maturity]
__SHORT__ = "__MODULE__"

[tool.hatch.build.targets.wheel]
packages = ["__MODULE__"]

[tool.pytest.ini_options]
pythonpath = ["."]   # the tests run before the plugin is installed, too
"""

README = """
# __DIST__

House rules for [maturity](https://pypi.org/project/maturity/): a TOML rule
pack (`__MODULE__/pack.toml`, rule __PREFIX__-1) and a Python rule
(`__MODULE__/rules.py`, rule __PREFIX__-2), each with its own tests.

```sh
pip install -e '.[test]'
python -m pytest                      # the plugin's tests
maturity plugins                      # lists __SHORT__ and what it contributes
maturity rules test __SHORT__ __SHORT___py     # the rules' own tests
maturity assess org.toml --pack __SHORT__ --pack __SHORT___py
```

Without installing: `maturity assess org.toml --plugin-file __MODULE__/__init__.py`.
Writing rules: docs/rule-packs.md; hooks and Python rules: docs/plugins.md.
"""

MODEL = """
# A small organization to try the rules on: maturity assess org.toml
organization = { name = "Example Co" }

roles = [
  { id = "product", kind = "product" },
  { id = "rnd", kind = "rnd" },
  { id = "support", kind = "support" },
  { id = "sales", kind = "sales" },
]

flows = [
  { from = "support", to = "rnd", kind = "bug_report", tracked = true },
  { from = "sales", to = "product", kind = "feature_request", tracked = true },
]
"""

INIT = '''
"""__DIST__: house rules for maturity."""

from pathlib import Path

from maturity.api import hookimpl

from __MODULE__.rules import PACK


@hookimpl
def maturity_register_packs(register):
    register(Path(__file__).with_name("pack.toml"))
    register(PACK)
'''

PACK = """
[pack]
id = "__SHORT__"
version = "0.1.0"

[pack.en]
name = "__SHORT__ house rules"

[[rules]]
id = "__PREFIX__-1"
stage = "deliver"
type = "anti_pattern"   # fails when the match holds
severity = "medium"
match = { flow = { kind = "bug_report", where = [{ attr = "tracked", op = "is_false" }] } }

[[rules.fix]]
op = "set_flow"
match = { kind = "bug_report" }
set = { tracked = true }

[rules.en]
title = "Every bug report is tracked"
summary = "Fails on a bug_report flow whose tracked is not true."
rationale = "A bug nobody tracks is a bug nobody fixes."
recommendation = "Log every bug report in the tracker."
fail = "A bug report is not tracked."
pass = "Every bug report is tracked."

[[rules.tests]]
name = "tracked"
expect = "pass"
[rules.tests.model]
organization = { name = "t" }
roles = [{ id = "s", kind = "support" }, { id = "r", kind = "rnd" }]
flows = [{ from = "s", to = "r", kind = "bug_report", tracked = true }]

[[rules.tests]]
name = "not stated counts as untracked"
expect = "fail"
[rules.tests.model]
organization = { name = "t" }
roles = [{ id = "s", kind = "support" }, { id = "r", kind = "rnd" }]
flows = [{ from = "s", to = "r", kind = "bug_report" }]
"""

PYTHON_RULE = '''
"""__PREFIX__-2, a Python rule: product hears from enough departments."""

from maturity.api import Fact, Pack, RuleTest, python_rule


def feedback_sources(graph, params):
    """Product gets flows from at least ``min_sources`` roles other than itself."""
    products = [r for r, a in graph.nodes(data=True) if a["kind"] == "product"]
    senders = {s for p in products for s, _ in graph.in_edges(p) if s not in products}
    return len(senders) >= params["min_sources"], [Fact("feedback sources", len(senders))]


def _model(*senders):
    roles = [{"id": "p", "kind": "product"}] + [{"id": s, "kind": s} for s in senders]
    flows = [{"from": s, "to": "p", "kind": "feature_request"} for s in senders]
    return {"organization": {"name": "t"}, "roles": roles, "flows": flows}


__PREFIX___2 = python_rule(
    "__PREFIX__-2",
    "refine",
    feedback_sources,
    {
        "en": {
            "title": "Product hears from several departments",
            "summary": "Product gets requests or feedback from at least min_sources roles.",
            "rationale": "A product that listens to one department builds for that department.",
            "recommendation": "Open a feedback channel from sales, support and success to product.",
            "fail": "Product hears from too few departments.",
        }
    },
    severity="low",
    effort=2,
    tests=(
        RuleTest("pass", _model("sales", "support"), "two sources"),
        RuleTest("fail", _model("sales"), "one source"),
    ),
)

PACK = Pack("__SHORT___py", "0.1.0", (__PREFIX___2,), params={"min_sources": 2})
'''

TESTS = '''
"""The plugin's tests: every rule's own tests pass, and the Python rule by hand."""

import pytest

from maturity.assess import Options, Session
from maturity.testing import assert_status, run_pack_tests

from __MODULE__.rules import __PREFIX___2


@pytest.fixture(scope="module")
def session():
    """maturity with this plugin alone (installed, or named by path)."""
    from pathlib import Path

    here = Path(__file__).resolve().parents[1] / "__MODULE__" / "__init__.py"
    installed = Session(Options(only=("__SHORT__",)))
    if {"__SHORT__", "__SHORT___py"} <= {p.id for p in installed.packs}:
        return installed
    return Session(Options(only=("__SHORT__",), plugin_files=(str(here),)))


def test_the_plugin_loads_cleanly(session):
    assert session.errors == []
    assert {"__SHORT__", "__SHORT___py"} <= {p.id for p in session.packs}


@pytest.mark.parametrize("pack_id", ["__SHORT__", "__SHORT___py"])
def test_every_rule_test_passes(session, pack_id):
    pack = next(p for p in session.packs if p.id == pack_id)
    results = run_pack_tests(pack, session.language)
    assert results, "the pack has rule tests"
    for result in results:
        assert result.ok, f"{result.rule} {result.name}: got {result.actual} ({result.detail})"


def test_the_python_rule_by_hand(session):
    rule = session.rules["__PREFIX__-2"]  # with the pack's params applied
    model = {
        "organization": {"name": "t"},
        "roles": [{"id": "p", "kind": "product"}, {"id": "s", "kind": "sales"}],
        "flows": [{"from": "s", "to": "p", "kind": "feature_request"}],
    }
    finding = assert_status(rule, model, "fail")
    assert "feedback sources" in str(finding.evidence)
'''
