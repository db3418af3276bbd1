"""Reading and validating organization models: every error located, all at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from maturity.errors import ModelError
from maturity.model import Limits, load_model, validate_data
from maturity.model.vocabulary import Vocabulary

MINIMAL = """
[organization]
name = "Acme"

[[roles]]
id = "sales"
kind = "sales"

[[roles]]
id = "product"
kind = "product"

[[flows]]
from = "sales"
to = "product"
kind = "bug_report"
"""


def write(tmp_path: Path, text: str, name: str = "org.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def messages(exc: pytest.ExceptionInfo[ModelError]) -> list[str]:
    return [str(p) for p in exc.value.problems]


def test_minimal_model_loads(tmp_path: Path) -> None:
    model = load_model(write(tmp_path, MINIMAL))
    assert model.organization["name"] == "Acme"
    assert [r["id"] for r in model.roles] == ["sales", "product"]
    assert model.flows[0]["kind"] == "bug_report"


def test_json_and_toml_carry_the_same_structure(tmp_path: Path) -> None:
    toml_model = load_model(write(tmp_path, MINIMAL))
    json_path = write(tmp_path, json.dumps(dict(toml_model.data)), "org.json")
    assert load_model(json_path).data == toml_model.data


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[organization]\nname = "x"\n[[roles]\nid = "a"\n')
    with pytest.raises(ModelError) as exc:
        load_model(path)
    (problem,) = exc.value.problems
    assert problem.source == str(path)
    assert problem.line == 3
    assert "invalid TOML" in problem.message


def test_json_syntax_error_names_line(tmp_path: Path) -> None:
    path = write(tmp_path, '{\n  "organization": {"name": "x"},\n  oops\n}', "org.json")
    with pytest.raises(ModelError) as exc:
        load_model(path)
    assert exc.value.problems[0].line == 3


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "empty file"),
        ("   \n\n", "empty file"),
        (b"\x00\x01\x02garbage", "binary data"),
        (b"\xff\xfe\xfa not utf-8", "not UTF-8"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: str | bytes, expected: str) -> None:
    path = tmp_path / "org.toml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    with pytest.raises(ModelError, match=expected):
        load_model(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no such file"):
        load_model(tmp_path / "absent.toml")
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    with pytest.raises(ModelError, match="is a directory"):
        load_model(folder)


def test_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"unknown file type '\.yaml'"):
        load_model(write(tmp_path, "x: 1", "org.yaml"))


def test_top_level_must_be_a_table(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="expected a table"):
        load_model(write(tmp_path, "[1, 2]", "org.json"))


def test_every_error_at_once_with_location_and_line(tmp_path: Path) -> None:
    text = """[organization]
name = "x"
colour = "red"

[[roles]]
id = "s"
kind = "salse"

[[roles]]
id = "s"
kind = "product"
headcount = "six"

[[flows]]
from = "s"
to = "nobody"
kind = "trainning"
content = ["valu"]
"""
    with pytest.raises(ModelError) as exc:
        load_model(write(tmp_path, text))
    found = messages(exc)
    expected = [
        ":3: organization.colour: unknown field 'colour'",
        ":7: roles[0].kind: unknown role kind \"salse\" (did you mean 'sales'?)",
        ":10: roles[1].id: duplicate role id 's' (first defined at roles[0])",
        ':12: roles[1].headcount: expected an integer, got string "six"',
        ":16: flows[0].to: unknown role 'nobody'",
        ":17: flows[0].kind: unknown flow kind \"trainning\" (did you mean 'training'?)",
        ":18: flows[0].content[0]: unknown content tag \"valu\" (did you mean 'value'?)",
    ]
    for fragment in expected:
        assert any(fragment in line for line in found), (fragment, found)
    assert len(found) == len(expected)


def test_missing_required_fields() -> None:
    data = {
        "organization": {},
        "roles": [{"id": "a"}],
        "flows": [{"from": "a", "kind": "training"}],
    }
    with pytest.raises(ModelError) as exc:
        validate_data(data)
    locations = {p.location for p in exc.value.problems}
    assert {"organization.name", "roles[0].kind", "flows[0].to"} <= locations


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        (
            [{"id": "a", "kind": "rnd", "parent": "b"}, {"id": "b", "kind": "rnd", "parent": "a"}],
            "parent cycle: a → b → a",
        ),
        ([{"id": "a", "kind": "rnd", "parent": "a"}], "parent cycle: a → a"),
        ([{"id": "a", "kind": "rnd", "parent": "ghost"}], "unknown role 'ghost'"),
        (
            [
                {"id": "t1", "kind": "virtual_team", "members": ["t2"]},
                {"id": "t2", "kind": "virtual_team", "members": ["t1"]},
            ],
            "members cycle: t1 → t2 → t1",
        ),
        ([{"id": "s", "kind": "sales", "members": []}], "only a virtual_team role has members"),
        ([{"id": "a b", "kind": "sales"}], "is not a valid id"),
    ],
)
def test_reference_problems(roles: list[dict[str, object]], message: str) -> None:
    with pytest.raises(ModelError, match=message):
        validate_data({"organization": {"name": "x"}, "roles": roles})


def test_flow_to_itself_and_unknown_visible_to() -> None:
    data = {
        "organization": {"name": "x"},
        "roles": [{"id": "s", "kind": "sales"}],
        "flows": [{"from": "s", "to": "s", "kind": "training"}],
        "practices": {"issue_tracker": {"visible_to": ["s", "sles"]}},
    }
    with pytest.raises(ModelError) as exc:
        validate_data(data)
    found = [p.message for p in exc.value.problems]
    assert "a flow from role 's' to itself" in found
    assert any(m.startswith("unknown role 'sles'") for m in found)


def test_plugin_vocabulary_extends_kinds() -> None:
    data = {"organization": {"name": "x"}, "roles": [{"id": "p", "kind": "partner_manager"}]}
    with pytest.raises(ModelError):
        validate_data(data)
    vocabulary = Vocabulary().extended(role_kinds=["partner_manager"], practices={"nps": {}})
    model = validate_data({**data, "practices": {"nps": 42}}, vocabulary=vocabulary)
    assert model.roles[0]["kind"] == "partner_manager"


def test_limits(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL)
    with pytest.raises(ModelError, match="the limit is 10 bytes"):
        load_model(path, limits=Limits(max_bytes=10))
    with pytest.raises(ModelError, match="2 roles; the limit is 1"):
        load_model(path, limits=Limits(max_roles=1))
    deep: dict[str, object] = {"organization": {"name": "x", "notes": "n"}}
    nested: dict[str, object] = {}
    cursor = nested
    for _ in range(40):
        cursor["a"] = {}
        cursor = cursor["a"]  # type: ignore[assignment]
    deep["practices"] = nested
    with pytest.raises(ModelError, match="nested deeper than 32"):
        validate_data(deep)


def test_validated_model_is_a_copy() -> None:
    data = {"organization": {"name": "x"}, "roles": [{"id": "s", "kind": "sales"}]}
    model = validate_data(data)
    data["roles"][0]["kind"] = "product"  # type: ignore[index]
    assert model.roles[0]["kind"] == "sales"
