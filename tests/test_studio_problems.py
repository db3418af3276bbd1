"""The model problems an edit in the studio can cause, said in the page's language
(``Problem.words``, from the catalog)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from maturity.errors import ModelError
from maturity.model import validate_data
from maturity.studio.scenario import problem_text

#: Words of the validator's English sentences, none of which may be left.
ENGLISH = re.compile(
    r"unknown|cycle|missing|duplicate|itself|did you mean|expected|not a valid|"
    r"string|required|field"
)

BASE: dict[str, Any] = {
    "organization": {"name": "O"},
    "roles": [{"id": "sales", "kind": "sales"}, {"id": "product", "kind": "product"}],
    "flows": [{"from": "sales", "to": "product", "kind": "feature_request"}],
}

#: An edit the studio's forms can make, and what the page must say in Chinese.
CASES: dict[str, tuple[dict[str, Any], str]] = {
    "unknown role": ({"flows": [{"from": "sale", "to": "product", "kind": "training"}]},
                     "没有“sale”这个角色（是不是“sales”？）"),
    "flow to itself": ({"flows": [{"from": "sales", "to": "sales", "kind": "training"}]},
                       "流程从角色“sales”指向它自己"),
    "duplicate id": ({"roles": [*BASE["roles"], {"id": "sales", "kind": "marketing"}]},
                     "角色 ID“sales”重复"),
    "parent cycle": ({"roles": [{"id": "sales", "kind": "sales", "parent": "product"},
                                {"id": "product", "kind": "product", "parent": "sales"}]},
                     "上级关系成环：sales → product → sales"),
    "unknown role kind": ({"roles": [*BASE["roles"], {"id": "m", "kind": "marketting"}]},
                          "未知的角色类型：\"marketting\"（是不是“marketing”？）"),
    "unknown flow kind": ({"flows": [{"from": "sales", "to": "product", "kind": "zzz"}]},
                          "未知的流程类型：\"zzz\"（应为其中之一："),
    "missing field": ({"roles": [*BASE["roles"], {"id": "m"}]}, "缺少必填字段“kind”"),
    "bad id": ({"roles": [*BASE["roles"], {"id": "a b", "kind": "sales"}]},
               "\"a b\" 不是有效的 ID"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_edits_problem_is_said_in_chinese(case: str) -> None:
    change, wanted = CASES[case]
    with pytest.raises(ModelError) as caught:
        validate_data({**BASE, **change})
    said = [problem_text(problem, "zh") for problem in caught.value.problems]
    assert any(text.startswith(wanted) for text in said), said
    for problem in caught.value.problems:  # the command line's English is kept as it was
        assert problem.words and problem_text(problem, "en") in problem.message.replace(
            "string ", ""
        )
    for text in said:  # no English sentence left: only ids, kinds and symbols
        assert not ENGLISH.search(text), text


def test_a_problem_without_words_is_shown_as_written() -> None:
    from maturity.errors import Problem

    problem = Problem("m.toml", "roles[0]", "something new went wrong")
    assert problem_text(problem, "zh") == "something new went wrong"
