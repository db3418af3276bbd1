"""docs/model.md and examples/ stay valid models: consultants copy from both."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from maturity.model import load_model, validate_data
from maturity.model.vocabulary import CADENCES, CONTENT, FLOW_KINDS, ROLE_KINDS
from maturity.resources import schema

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "model.md"
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))

FRAGMENT = "<!-- fragment -->"
_FENCE = re.compile(r"^```(\w*)\s*$")


def code_blocks(text: str, language: str) -> list[tuple[int, str, bool]]:
    """``(line, body, is_fragment)`` for each fenced block of ``language``.

    A block is a fragment when the nearest non-blank line above its opening
    fence is ``<!-- fragment -->``.
    """
    lines = text.splitlines()
    blocks, index = [], 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if not match or not match.group(1):
            index += 1
            continue
        above = next((ln.strip() for ln in reversed(lines[:index]) if ln.strip()), "")
        end = next(j for j in range(index + 1, len(lines)) if lines[j].startswith("```"))
        if match.group(1) == language:
            blocks.append((index + 1, "\n".join(lines[index + 1 : end]), above == FRAGMENT))
        index = end + 1
    return blocks


def complete_blocks(language: str) -> list[tuple[int, str]]:
    blocks = code_blocks(DOC.read_text("utf-8"), language)
    return [(line, body) for line, body, fragment in blocks if not fragment]


def params(language: str) -> list[object]:
    return [pytest.param(line, body, id=f"line{line}") for line, body in complete_blocks(language)]


def test_doc_has_complete_toml_examples() -> None:
    assert len(complete_blocks("toml")) >= 3


@pytest.mark.parametrize(("line", "body"), params("toml"))
def test_toml_block_is_a_valid_model(line: int, body: str) -> None:
    assert body.lstrip().startswith("[organization]"), (
        f"docs/model.md:{line}: a complete example starts with [organization]; "
        f"mark partial ones with {FRAGMENT} on the line before the fence"
    )
    validate_data(tomllib.loads(body), f"docs/model.md:{line}")


@pytest.mark.parametrize(("line", "body"), params("json"))
def test_json_block_is_a_valid_model(line: int, body: str) -> None:
    validate_data(json.loads(body), f"docs/model.md:{line}")


def test_json_form_equals_first_toml_example() -> None:
    first_toml = tomllib.loads(complete_blocks("toml")[0][1])
    first_json = json.loads(complete_blocks("json")[0][1])
    assert first_json == first_toml


def test_fragments_parse_as_toml() -> None:
    for line, body, fragment in code_blocks(DOC.read_text("utf-8"), "toml"):
        if not fragment:
            continue
        try:
            tomllib.loads(body)  # a fragment is partial, never broken
        except tomllib.TOMLDecodeError as exc:
            pytest.fail(f"docs/model.md:{line}: fragment is not valid TOML: {exc}")


def test_doc_names_every_kind_tag_cadence_and_practice() -> None:
    text = DOC.read_text("utf-8")
    practices = schema("organization")["$defs"]["practices"]["properties"]
    names = [*ROLE_KINDS, *FLOW_KINDS, *CONTENT, *CADENCES, *practices]
    missing = [name for name in names if f"`{name}`" not in text]
    assert not missing, f"docs/model.md does not document: {missing}"


def test_there_are_examples() -> None:
    assert {p.stem for p in EXAMPLES} >= {"beginner", "intermediate", "advanced"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_loads(path: Path) -> None:
    model = load_model(path)
    assert model.roles and model.flows
