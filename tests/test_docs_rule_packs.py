"""docs/rule-packs.md stays true: pack authors copy from it.

Every ```toml block that starts with ``[pack]`` is a complete pack: it must
load, its own rule tests must pass, and each rule's fix must make it pass on
its failing tests. Other ```toml blocks are fragments of a pack; each is
completed with a default pack and rule and must load too.
The doc must name every operator, condition, metric and schema key, and its
operator table must agree with the code.

Markers (an HTML comment on the line before a fence):

- ``<!-- invalid: NAME -->``: a deliberately broken pack; loading it must
  fail with exactly the lines of the block marked ``<!-- errors: NAME -->``.
- ``<!-- rules-test: PACK_ID -->``: the output of ``maturity rules test -v``
  on that pack.
- ``<!-- not a pack: … -->``: TOML that is not part of a pack.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from maturity.engine.compiler import CONDITION_KEYS
from maturity.engine.graphconds import BUILTIN_METRICS
from maturity.engine.operators import BUILTIN_OPERATORS
from maturity.engine.selectors import LIST_ATTRS
from maturity.errors import PackError
from maturity.fixes import apply_fix
from maturity.model import validate_data
from maturity.resources import schema
from maturity.rules.packs import load_pack, load_pack_file
from maturity.testing import RuleTestResult, run_pack_tests, run_rule
from tests.helpers import run

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "rule-packs.md"

_FENCE = re.compile(r"^```(\w*)\s*$")
_MARKER = re.compile(r"^<!--\s*([\w -]+?)\s*(?::\s*(.*?))?\s*-->$")

#: Parameters the fragments may use (the built-in packs' names).
FRAGMENT_PARAMS = {
    "small_company_arr": 50_000_000,
    "quick_deal_acv": 40_000,
    "max_feedback_hops": 3,
}
DEFAULT_RULE: dict[str, Any] = {
    "id": "DOC-1",
    "stage": "deliver",
    "match": {"role": {}},
    "en": {key: "x" for key in ("title", "summary", "rationale", "recommendation", "fail")},
}


@dataclass(frozen=True)
class Block:
    line: int
    language: str
    body: str
    marker: str = ""
    argument: str = ""

    @property
    def is_pack(self) -> bool:
        return self.language == "toml" and self.body.startswith("[pack]")


def blocks() -> list[Block]:
    """Every fenced block with a language, with the marker comment above it, if any."""
    lines = DOC.read_text("utf-8").splitlines()
    found, index = [], 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if not match or not match.group(1):
            index += 1
            continue
        end = next(j for j in range(index + 1, len(lines)) if lines[j].startswith("```"))
        above = next((ln.strip() for ln in reversed(lines[:index]) if ln.strip()), "")
        marker = _MARKER.match(above)
        found.append(
            Block(
                line=index + 1,
                language=match.group(1),
                body="\n".join(lines[index + 1 : end]) + "\n",
                marker=marker.group(1) if marker else "",
                argument=(marker.group(2) or "") if marker else "",
            )
        )
        index = end + 1
    return found


def toml_blocks(kind: str) -> list[Any]:
    selected = [
        b
        for b in blocks()
        if b.language == "toml"
        and {
            "pack": b.is_pack,
            "fragment": not b.is_pack and not b.marker,
            "invalid": b.marker == "invalid",
        }[kind]
    ]
    return [pytest.param(b, id=f"line{b.line}") for b in selected]


def complete_packs() -> dict[str, str]:
    return {tomllib.loads(b.body)["pack"]["id"]: b.body for b in blocks() if b.is_pack}


def pack_file(body: str, folder: Path) -> Path:
    # A rule test with `params` reloads its pack from the pack's file, so the
    # tests run on a copy on disk: a pack from `load_pack(data, ...)` has none.
    path = folder / f"{tomllib.loads(body)['pack']['id']}.toml"
    path.write_text(body, encoding="utf-8")
    return path


def result_line(result: RuleTestResult) -> str:
    detail = f" ({result.detail})" if result.detail else ""
    return f"{result.rule} {result.name}: expected {result.expected}, got {result.actual}{detail}"


# ---------------------------------------------------------------- complete packs


def test_doc_has_complete_packs_with_a_worked_example() -> None:
    packs = complete_packs()
    assert len(packs) >= 2
    example = max(packs.values(), key=lambda body: len(tomllib.loads(body)["rules"]))
    rules = tomllib.loads(example)["rules"]
    assert len(rules) >= 3
    assert all(rule.get("tests") and rule.get("fix") for rule in rules)


@pytest.mark.parametrize("block", toml_blocks("pack"))
def test_complete_pack_loads_and_its_tests_pass(block: Block, tmp_path: Path) -> None:
    where = f"docs/rule-packs.md:{block.line}"
    try:
        pack = load_pack(tomllib.loads(block.body), "docs")
    except PackError as exc:
        pytest.fail(f"{where}: not a valid pack:\n" + "\n".join(exc.lines()))
    assert pack.rules
    results = run_pack_tests(load_pack_file(pack_file(block.body, tmp_path)))
    assert results, f"{where}: a complete pack in the docs carries rule tests"
    failed = [result_line(r) for r in results if not r.ok]
    assert not failed, f"{where}: rule tests failed:\n" + "\n".join(failed)


@pytest.mark.parametrize("block", toml_blocks("pack"))
def test_complete_pack_fixes_make_failing_tests_pass(block: Block, tmp_path: Path) -> None:
    path = pack_file(block.body, tmp_path)
    pack = load_pack_file(path)
    checked = 0
    for rule in pack.rules:
        assert rule.fix, f"docs/rule-packs.md:{block.line}: {rule.id} has no fix"
        for test in rule.tests:
            if test.expect != "fail":
                continue
            variant = load_pack_file(path, overrides=test.params) if test.params else pack
            compiled = next(r for r in variant.rules if r.id == rule.id)
            fixed = apply_fix(validate_data(dict(test.model), "<test>"), compiled)
            finding = run_rule(compiled, fixed.data)
            changes = "; ".join(change.text for change in fixed.changes)
            assert finding.status == "pass", (
                f"docs/rule-packs.md:{block.line}: {rule.id} '{test.name}': the fix leaves it "
                f"{finding.status} ({'; '.join(finding.unmet)}) after: {changes}"
            )
            checked += 1
    assert checked, f"docs/rule-packs.md:{block.line}: no failing test to check the fixes on"


def test_shown_rules_test_output_is_real(tmp_path: Path) -> None:
    packs = complete_packs()
    shown = [b for b in blocks() if b.marker == "rules-test"]
    assert shown
    for block in shown:
        assert block.argument in packs, f"line {block.line}: no pack '{block.argument}'"
        result = run("rules", "test", "-v", str(pack_file(packs[block.argument], tmp_path)))
        assert result.exit_code == 0, result.output
        assert result.output.splitlines() == block.body.splitlines(), (
            f"docs/rule-packs.md:{block.line}"
        )


# ---------------------------------------------------------------- broken packs


@pytest.mark.parametrize("block", toml_blocks("invalid"))
def test_broken_pack_gives_the_errors_shown(block: Block) -> None:
    shown = [b for b in blocks() if b.marker == "errors" and b.argument == block.argument]
    assert len(shown) == 1, f"line {block.line}: one <!-- errors: {block.argument} --> block"
    with pytest.raises(PackError) as caught:
        load_pack(tomllib.loads(block.body), block.argument, text=block.body)
    assert caught.value.lines() == shown[0].body.splitlines()


# ---------------------------------------------------------------- fragments


def as_pack(fragment: dict[str, Any]) -> dict[str, Any]:
    """Complete a fragment (rule keys, `[rules…]` tables or `[pack…]` tables) into a pack."""
    rule_keys = set(schema("rulepack")["$defs"]["rule"]["properties"])
    unknown = set(fragment) - rule_keys - {"pack", "rules"}
    assert not unknown, f"not a pack fragment (keys {sorted(unknown)}); mark it <!-- not a pack -->"
    meta = {"id": "doc_fragment", "version": "1.0", **fragment.get("pack", {})}
    meta["params"] = {**FRAGMENT_PARAMS, **meta.get("params", {})}
    rules = fragment.get("rules", {})
    items = rules if isinstance(rules, list) else [rules]
    own = {key: value for key, value in fragment.items() if key in rule_keys}
    bodies = [{**DEFAULT_RULE, "id": f"DOC-{i + 1}", **own, **item} for i, item in enumerate(items)]
    return {"pack": meta, "rules": bodies}


@pytest.mark.parametrize("block", toml_blocks("fragment"))
def test_fragment_compiles(block: Block) -> None:
    where = f"docs/rule-packs.md:{block.line}"
    try:
        load_pack(as_pack(tomllib.loads(block.body)), where)
    except PackError as exc:
        pytest.fail(f"{where}: fragment does not compile:\n" + "\n".join(exc.lines()))


def test_every_toml_block_parses() -> None:
    for block in blocks():
        if block.language == "toml":
            tomllib.loads(block.body)


# ---------------------------------------------------------------- the doc keeps up


def _named(names: Any) -> list[str]:
    text = DOC.read_text("utf-8")
    return sorted(name for name in names if f"`{name}`" not in text)


def _schema_keys(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                found |= set(value)
            found |= _schema_keys(value)
    elif isinstance(node, list):
        for value in node:
            found |= _schema_keys(value)
    return found


def test_doc_names_every_operator_and_condition() -> None:
    assert not _named(BUILTIN_OPERATORS), "operators missing from docs/rule-packs.md"
    assert not _named(CONDITION_KEYS), "condition keys missing from docs/rule-packs.md"


def test_doc_names_every_metric_list_attribute_and_schema_key() -> None:
    document = schema("rulepack")
    fix_ops = document["$defs"]["fixOp"]["properties"]["op"]["enum"]
    projections = document["$defs"]["condition"]["properties"]["metric"]["properties"]
    names = [
        *BUILTIN_METRICS,
        *LIST_ATTRS,
        *fix_ops,
        *projections["projection"]["enum"],
        *_schema_keys(document),
    ]
    assert not _named(names), "names missing from docs/rule-packs.md"


def operator_rows() -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    text = DOC.read_text("utf-8")
    table = text.split("| operator | meaning | value | compares | not stated |", 1)[1]
    for line in table.splitlines()[2:]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows[cells[0].strip("`")] = cells[1:]
    return rows


def test_operator_table_matches_the_code() -> None:
    rows = operator_rows()
    assert list(rows) == list(BUILTIN_OPERATORS)
    for name, (meaning, value, compares, missing) in rows.items():
        operator = BUILTIN_OPERATORS[name]
        assert meaning == operator.doc, name
        assert (value == "—") == (not operator.takes_value), name
        assert compares == ("one value" if operator.scalar else "whole value"), name
        assert missing == str(operator.on_missing).lower(), name


def test_metric_table_matches_the_code() -> None:
    text = DOC.read_text("utf-8")
    table = text.split("| metric | networkx function | value of a role |", 1)[1]
    names = []
    for line in table.splitlines()[2:]:
        if not line.startswith("|"):
            break
        names.append(line.strip("|").split("|")[0].strip().strip("`"))
    assert names == list(BUILTIN_METRICS)


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_internal_links_resolve() -> None:
    text = DOC.read_text("utf-8")
    anchors = {_slug(m) for m in re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE)}
    links = set(re.findall(r"\]\(#([^)]+)\)", text))
    assert not sorted(links - anchors), "links to missing headings"
