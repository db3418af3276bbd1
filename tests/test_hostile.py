"""Hostile content: what a model or a rule pack says is shown as text, never obeyed.

* markup and script in every text field of a model (organization name and notes, role
  names, notes and okrs, flow names and notes; ids cannot carry markup, the schema
  refuses it) come out as text in every format: JSON stays valid JSON with the exact
  strings, HTML/SVG escape them (no live script, event attribute or ``javascript:``
  link), Markdown escapes table pipes, brackets, backticks and HTML, DOT/Mermaid labels
  cannot end early;
* terminal output (the text report, messages on stderr) carries no control sequences
  from user text: no ESC, BEL, carriage return, backspace or C1 codes;
* a rule pack is data: it cannot import, run, or read a file it does not name
  (``ref`` reaches only ``practices.``/``organization.`` facts). A Python audit hook
  records every file opened and every process started while hostile packs run.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import strategies as S

FORMATS = S.reporter_names()
COMMANDS = S.command_names()

#: One payload per attack, each tagged so a leak can be traced to the field it came from.
PAYLOADS = {
    "script": "<script>alert('{tag}')</script>",
    "img": '"><img src=x onerror="alert(\'{tag}\')">',
    "attr": "' onmouseover='alert(\"{tag}\")' x='",
    "jslink": "[{tag}](javascript:alert(1))",
    "jsbare": "javascript:alert('{tag}')",
    "image": "![{tag}](http://evil.invalid/{tag}.png)",
    "pipe": "{tag} | col | col",
    "tick": "`{tag}` ``x``",
    "html": "<b>{tag}</b> <!-- c --> &amp;",
    "ansi": "\x1b[31m{tag}\x1b[0m \x1b]0;{tag} title\x07 car\rret back\b\b \x9b1m",
    "dot": '{tag}"]; evil [label="x',
    "mermaid": "{tag}\nclick r_s call alert(1)\n",
}

#: Control characters that must never reach a terminal from user text.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def hostile_model(payload: str) -> dict[str, Any]:
    """Every text field of a model holds ``payload`` tagged with the field's name."""

    def text(tag: str) -> str:
        return payload.replace("{tag}", tag)

    return {
        "organization": {"name": text("orgname"), "notes": text("orgnotes"), "arr": 30_000_000},
        "roles": [
            {"id": "s", "kind": "sales", "name": text("rolename"), "notes": text("rolenotes"),
             "okrs": [text("okr")]},
            {"id": "p", "kind": "product", "name": text("prodname")},
            {"id": "m", "kind": "marketing", "name": text("mktname")},
            {"id": "cs", "kind": "customer_success"},
            {"id": "vt", "kind": "virtual_team", "name": text("teamname"), "members": ["s", "m"]},
        ],
        "flows": [
            {"from": "s", "to": "p", "kind": "bug_report", "name": text("flowname"),
             "notes": text("flownotes")},
            {"from": "m", "to": "s", "kind": "training", "name": text("training"),
             "content": ["features"]},
        ],
    }  # fmt: skip


@pytest.fixture(scope="module", autouse=True)
def _fast_packs() -> Iterator[None]:
    with S.packs_cached():
        yield


@contextlib.contextmanager
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="maturity-hostile-") as name:
        yield Path(name)


def render(payload: str, fmt: str) -> str:
    with folder() as tmp:
        path = S.write_model(tmp, hostile_model(payload), ".toml")
        result = S.cli("assess", str(path), "--format", fmt)
        S.check_contract(result, path, allowed=(0,))
        return result.stdout


def draw_graph(payload: str, fmt: str) -> str:
    with folder() as tmp:
        path = S.write_model(tmp, hostile_model(payload), ".toml")
        result = S.cli("graph", str(path), "--format", fmt)
        S.check_contract(result, path, allowed=(0,))
        return result.stdout


# ---------------------------------------------------------------- JSON


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_json_is_valid_and_keeps_the_exact_text(name: str) -> None:
    payload = PAYLOADS[name]
    report = S.strict_json(render(payload, "json"))
    assert report["organization"]["name"] == payload.replace("{tag}", "orgname")
    flows = {e.get("name") for f in report["findings"] for e in f["evidence"]
             if e["type"] == "flow"}  # fmt: skip
    assert payload.replace("{tag}", "flowname") in flows, "flow evidence lost its name"
    roles = {e.get("from_name") for f in report["findings"] for e in f["evidence"]
             if e["type"] == "flow"}  # fmt: skip
    assert payload.replace("{tag}", "rolename") in roles, "a role name was changed"


# ---------------------------------------------------------------- HTML and SVG


class _Audit(HTMLParser):
    """Collects what a browser would act on: tags, attributes, script and style text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.code: list[str] = []
        self.text: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag in ("script", "style"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        (self.code if self._in else self.text).append(data)


_MARKERS = ("orgname", "orgnotes", "rolename", "rolenotes", "okr", "prodname", "mktname",
            "teamname", "flowname", "flownotes", "training")  # fmt: skip


def _live(audit: _Audit) -> list[str]:
    """Anything a browser would run or follow that came from the model."""
    problems = []
    for tag, attrs in audit.tags:
        if tag == "script":
            problems.append("a <script> element")
        for key, value in attrs:
            value = (value or "").strip().lower()
            if key.startswith("on"):
                problems.append(f"<{tag} {key}=...>")
            if key in ("href", "src", "xlink:href", "action", "formaction", "data") and (
                value.startswith(("javascript:", "data:text/html", "vbscript:"))
                or "evil.invalid" in value
            ):
                problems.append(f"<{tag} {key}={value!r}>")
        if tag in ("img", "iframe", "object", "embed", "b") and any(
            m in json.dumps(attrs) for m in _MARKERS
        ):
            problems.append(f"a <{tag}> made from user text")
    for code in audit.code:
        if any(m in code for m in _MARKERS) or "alert(" in code:
            problems.append("user text inside script/style")
    return problems


@pytest.mark.skipif("html" not in FORMATS, reason="no html format")
@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_html_renders_markup_as_text(name: str) -> None:
    page = render(PAYLOADS[name], "html")
    audit = _Audit()
    audit.feed(page)
    audit.close()
    assert not _live(audit), _live(audit)
    shown = "".join(audit.text)
    assert "orgname" in shown, "the organization name is not shown"
    for markup in re.findall(r"<[^>]*>", PAYLOADS[name].replace("{tag}", "orgname")):
        assert markup in shown, f"{markup!r} is not shown as text"


def _svg_problems(svg: str) -> list[str]:
    root = ET.fromstring(svg)  # well-formed XML, or this raises
    problems = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in ("script", "foreignObject"):
            problems.append(f"<{tag}>")
        for key, value in element.attrib.items():
            key = key.rsplit("}", 1)[-1]
            if key.startswith("on"):
                problems.append(f"{key}=")
            if key == "href" and value.strip().lower().startswith("javascript:"):
                problems.append(f"href={value!r}")
    return problems


@pytest.mark.skipif("graph" not in COMMANDS, reason="no graph command")
@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_svg_is_well_formed_and_inert(name: str) -> None:
    svg = draw_graph(PAYLOADS[name], "svg")
    assert not _svg_problems(svg)


# ---------------------------------------------------------------- Markdown

_UNESCAPED = r"(?<!\\)"


def _table_problems(text: str) -> list[str]:
    """Each table row has as many unescaped pipes as its header."""
    problems, header = [], None
    for line in text.split("\n"):
        if not line.startswith("|"):
            header = None
            continue
        count = len(re.findall(_UNESCAPED + r"\|", line))
        if header is None:
            header = count
        elif count != header:
            problems.append(line)
    return problems


@pytest.mark.skipif("markdown" not in FORMATS, reason="no markdown format")
@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_markdown_escapes_user_text(name: str) -> None:
    text = render(PAYLOADS[name], "markdown")
    assert not _table_problems(text), _table_problems(text)
    live = [
        (_UNESCAPED + r"<(script|img|b|!--)", "raw HTML"),
        (_UNESCAPED + r"\]\((javascript:|http://evil)", "a link or image"),
        (_UNESCAPED + r"`(orgname|rolename|flowname|okr)", "a code span"),
    ]
    for pattern, what in live:
        found = re.search(pattern, text)
        assert not found, (
            f"{what} from user text: {text[max(0, found.start() - 40) : found.end() + 40]!r}"
        )
    assert not CONTROL.findall(text.replace("\t", "")), "control codes in Markdown"


# ---------------------------------------------------------------- DOT and Mermaid


def _outside_quotes(text: str) -> str:
    """``text`` with every double-quoted string (backslash escapes honoured) removed."""
    out, inside, escaped = [], False, False
    for char in text:
        if inside:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                inside = False
            continue
        if char == '"':
            inside = True
            continue
        out.append(char)
    assert not inside, "a quoted label never ends"
    return "".join(out)


@pytest.mark.skipif("graph" not in COMMANDS, reason="no graph command")
@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_dot_labels_cannot_end_early(name: str) -> None:
    dot = draw_graph(PAYLOADS[name], "dot")
    bare = _outside_quotes(dot)
    for marker in (*_MARKERS, "evil", "alert", "script", "click"):
        assert marker not in bare, f"{marker!r} outside a quoted label:\n{dot}"
    assert "<" not in bare.replace("->", ""), "an HTML-like label"


@pytest.mark.skipif("graph" not in COMMANDS, reason="no graph command")
@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_mermaid_labels_cannot_end_early(name: str) -> None:
    chart = draw_graph(PAYLOADS[name], "mermaid")
    for line in chart.split("\n"):
        bare = _outside_quotes(line)  # a label must open and close on its line
        for marker in (*_MARKERS, "evil", "alert", "script", "click", "javascript"):
            assert marker not in bare, f"{marker!r} outside a label: {line!r}"


# ---------------------------------------------------------------- terminal


def _terminal(result: Any) -> str:
    return result.stdout + result.stderr


@pytest.mark.parametrize("command", ["assess", "validate"])
@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_terminal_report_has_no_control_codes(name: str, command: str) -> None:
    """The text report and every message on a terminal (click's ANSI stripping off, as on
    a real terminal) carry no control code from the model."""
    with folder() as tmp:
        path = S.write_model(tmp, hostile_model(PAYLOADS[name]), ".toml")
        result = S.cli(command, str(path), color=True)
        S.check_contract(result, path, allowed=(0,))
        found = CONTROL.findall(_terminal(result).replace("\t", ""))
        assert not found, f"{command}: control codes {found!r} reach the terminal"


def test_plan_text_has_no_control_codes() -> None:
    if "plan" not in COMMANDS:
        pytest.skip("no plan command")
    with folder() as tmp:
        path = S.write_model(tmp, hostile_model(PAYLOADS["ansi"]), ".toml")
        result = S.cli("plan", str(path), "--target", "intermediate", color=True)
        S.check_contract(result, path, allowed=(0, 1))
        assert not CONTROL.findall(_terminal(result).replace("\t", ""))


@given(text=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_no_user_text_drives_the_terminal(text: str) -> None:
    """Any organization name: no control code in the terminal report."""
    with folder() as tmp:
        path = S.write_model(tmp, {"organization": {"name": text}}, ".json")
        result = S.cli("assess", str(path), color=True)
        S.check_contract(result, path, allowed=(0,))
        assert not CONTROL.findall(_terminal(result).replace("\t", ""))


@pytest.mark.parametrize(
    "data",
    [
        {"organization": {"name": "x", "\x1b[2Jwipe": 1}},
        {"organization": {"name": "x"}, "roles": [{"id": "a", "kind": "sales"}],
         "flows": [{"from": "a", "to": "b\x1b]0;title\x07", "kind": "training"}]},
    ],
    ids=["unknown field", "dangling reference"],
)  # fmt: skip
def test_error_messages_have_no_control_codes(data: Any) -> None:
    with folder() as tmp:
        path = S.write_model(tmp, data, ".json")
        result = S.cli("validate", str(path), color=True)
        S.check_contract(result, path, allowed=(2,))
        assert not CONTROL.findall(result.stderr), result.stderr


def test_portfolio_summary_has_no_control_codes() -> None:
    with folder() as tmp:
        paths = [
            S.write_model(tmp, {"organization": {"name": f"n{i}\x1b]0;t\x07\x1b[31m"}},
                          ".json", f"m{i}")
            for i in range(2)
        ]  # fmt: skip
        result = S.cli("assess", *map(str, paths), "--jobs", "1", color=True)
        S.check_contract(result, paths[0], allowed=(0,))
        assert not CONTROL.findall(_terminal(result).replace("\t", ""))


def test_terminal_strips_whole_escape_sequences() -> None:
    with folder() as tmp:
        name = "\x1b[31mred\x1b[0m \x1b]0;title\x07done"
        path = S.write_model(tmp, {"organization": {"name": name}}, ".json")
        result = S.cli("assess", str(path), color=True)
        first = result.stdout.split("\n")[0]
        assert first.endswith("red done") or first.endswith("red title done"), first


def test_newline_in_a_name_cannot_forge_report_lines() -> None:
    with folder() as tmp:
        name = "Acme\nCollaboration level: ADVANCED"
        path = S.write_model(tmp, {"organization": {"name": name}}, ".json")
        result = S.cli("assess", str(path), color=True)
        S.check_contract(result, path, allowed=(0,))
        assert "\nCollaboration level: ADVANCED" not in result.stdout


# ---------------------------------------------------------------- rule packs are data

_RECORDING: list[tuple[str, str]] = []
_ACTIVE = [False]


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _ACTIVE[0]:
        return
    if event == "open" and args and isinstance(args[0], (str, bytes, Path)):
        _RECORDING.append(("open", str(args[0])))
    elif event in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn"):
        _RECORDING.append((event, repr(args)[:200]))
    elif event in ("exec", "compile") and args and isinstance(args[0], (str, bytes)):
        source = args[0] if isinstance(args[0], str) else args[0].decode("utf-8", "replace")
        if "pwned" in source or "SECRET" in source:
            _RECORDING.append((event, source[:200]))


sys.addaudithook(_audit)


@contextlib.contextmanager
def audited() -> Iterator[list[tuple[str, str]]]:
    _RECORDING.clear()
    _ACTIVE[0] = True
    try:
        yield _RECORDING
    finally:
        _ACTIVE[0] = False


def _hostile_pack(secret: Path) -> dict[str, Any]:
    """A valid pack whose every free string tries to reach ``secret`` or run code."""
    code = "__import__('os').system('touch pwned')"
    texts = {
        "title": f"{{0.__class__}} {code}",
        "summary": f"{{params}} %(x)s ${{HOME}} {secret}",
        "rationale": f"file://{secret}",
        "recommendation": "<script>alert('pack')</script> | `x` [l](javascript:alert(1))",
        "fail": "\x1b[31m{rule.__init__.__globals__}\x1b[0m",
        "pass": "{__import__}",
    }
    where = [
        {"attr": "x_.__class__.__init__.__globals__", "op": "exists"},
        {"attr": "x_secret", "op": "equals", "value": str(secret)},
        {"attr": "name", "op": "equals", "value": code},
        {"attr": "name", "op": "equals", "ref": f"practices.../../{secret}"},
        {"attr": "name", "op": "equals", "ref": "organization.__class__.__init__"},
        {"attr": "name", "op": "within", "ref": f"organization.{secret}"},
    ]
    return {
        "pack": {"id": "zz_hostile", "version": "1.0.0", "seed": str(secret),
                 "en": {"name": code, "description": f"{secret}"},
                 "params": {"path": str(secret), "code": code}},
        "rules": [
            {"id": "ZZ-1", "stage": "refine", "en": texts, "seed": f"{secret}",
             "match": {"any": [{"role": {"where": where[:3]}}, {"flow": {"where": where[3:]}}]},
             "fix": [{"op": "add_role", "kind": "sales", "id": "x", "name": code}],
             "tests": [{"name": code, "expect": "fail",
                        "model": {"organization": {"name": str(secret)}}}]},
            {"id": "ZZ-2", "stage": "deliver", "en": texts,
             "match": {"practice": {"name": "issue_tracker.__class__", "op": "exists"}},
             "when": {"organization": {"field": "name", "op": "not_equals", "value": code}}},
        ],
    }  # fmt: skip


def test_a_hostile_pack_is_inert(tmp_path: Path) -> None:
    """Strings that look like code, paths and format fields stay strings: no file opened
    that the run did not name, no process, no code compiled, and the secret never shown."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    pack = tmp_path / "hostile_pack.toml"
    pack.write_text(S.to_toml(_hostile_pack(secret)), encoding="utf-8")
    model = S.write_model(tmp_path, hostile_model(PAYLOADS["script"]), ".toml")
    outputs = []
    with audited() as events:
        result = S.cli("rules", "test", str(pack))
        S.check_contract(result, pack, allowed=(0,))
        outputs.append(result.output)
        with S.user_packs(pack):
            for fmt in FORMATS:
                result = S.cli("assess", str(model), "--pack", "zz_hostile", "--format", fmt)
                S.check_contract(result, model, allowed=(0,))
                outputs.append(result.stdout)
            if "plan" in COMMANDS:
                target = tmp_path / "target.toml"
                result = S.cli("plan", str(model), "--pack", "zz_hostile", "--target",
                               "intermediate", "--write-model", str(target))  # fmt: skip
                S.check_contract(result, model, allowed=(0, 1))
                outputs.append(result.stdout)
    opened = [path for kind, path in events if kind == "open"]
    assert not [p for p in opened if Path(p).name == "secret.txt"], "the secret was opened"
    assert not [e for e in events if e[0] != "open"], events
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()
    for text in outputs:
        assert "TOPSECRET" not in text
        assert "<class " not in text and "<function " not in text
    report = S.strict_json(outputs[FORMATS.index("json") + 1])
    finding = next(f for f in report["findings"] if f["rule"] == "ZZ-1")
    assert finding["status"] == "fail" and finding["title"].startswith("{0.__class__}")


@pytest.mark.parametrize(
    ("match", "words"),
    [
        ({"flow": {"where": [{"attr": "name", "op": "equals", "ref": "../../etc/passwd"}]}}, "ref"),
        ({"flow": {"where": [{"attr": "name", "op": "equals", "ref": "/etc/passwd"}]}}, "ref"),
        ({"flow": {"where": [{"attr": "name", "op": "__import__", "value": "os"}]}},
         "unknown operator"),
        ({"metric": {"algorithm": "eval", "op": "greater_than", "value": 0}}, "unknown metric"),
        ({"metric": {"algorithm": "os.system", "op": "greater_than", "value": 0}},
         "unknown metric"),
        ({"role": {"where": [{"attr": "__class__", "op": "exists"}]}}, "unknown role attribute"),
        ({"flow": {"where": [{"attr": "__dict__.x", "op": "exists"}]}}, "unknown flow attribute"),
        ({"organization": {"field": "__dict__", "op": "exists"}}, "unknown organization field"),
        ({"__init__": {}}, "ZZ-1"),
        ({"python": "import os"}, "ZZ-1"),
    ],
    ids=["ref-relative", "ref-absolute", "op-import", "metric-eval", "metric-system",
         "dunder-role-attr", "dunder-flow-attr", "dunder-org-field", "dunder-condition",
         "python-condition"],
)  # fmt: skip
def test_code_and_paths_in_a_pack_are_rejected(tmp_path: Path, match: Any, words: str) -> None:
    texts = dict.fromkeys(("title", "summary", "rationale", "recommendation", "fail"), "t")
    pack = {"pack": {"id": "zz_bad", "version": "1.0"},
            "rules": [{"id": "ZZ-1", "stage": "refine", "en": texts, "match": match}]}  # fmt: skip
    path = tmp_path / "bad_pack.toml"
    path.write_text(S.to_toml(pack), encoding="utf-8")
    with audited() as events:
        result = S.cli("rules", "test", str(path))
    S.check_contract(result, path, allowed=(2,))
    assert words in result.stderr, result.stderr
    assert not [e for e in events if e[0] != "open"], events
    assert not [p for kind, p in events if p.startswith("/etc/")]


def _escape_pack(tmp: Path) -> Path:
    """A valid pack whose every text carries terminal control sequences."""
    esc = "\x1b]0;pwned\x07\x1b[31m\r\b"
    texts = {k: f"{k} {esc}" for k in ("title", "summary", "rationale", "recommendation",
                                       "fail", "pass")}  # fmt: skip
    pack = {
        "pack": {"id": "zz_escape", "version": "1.0", "en": {"name": f"N{esc}"}},
        "rules": [{"id": "ZZ-1", "stage": "refine", "en": texts, "match": {"role": {}},
                   "tests": [{"name": f"T{esc}", "expect": "pass",
                              "model": {"organization": {"name": "x"}}}]}],
    }  # fmt: skip
    path = tmp / "escape_pack.toml"
    path.write_text(S.to_toml(pack), encoding="utf-8")
    return path


def test_pack_texts_in_reports_have_no_control_codes(tmp_path: Path) -> None:
    pack = _escape_pack(tmp_path)
    with S.user_packs(pack):
        result = S.cli("assess", str(S.EXAMPLES[0]), "--pack", "zz_escape", color=True)
    S.check_contract(result, None, allowed=(0,))
    assert not CONTROL.findall(_terminal(result).replace("\t", ""))


@pytest.mark.parametrize(
    "args", [("rules", "list"), ("rules", "show", "ZZ-1"), ("rules", "test", "{pack}")]
)
def test_pack_texts_on_the_terminal_have_no_control_codes(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    pack = _escape_pack(tmp_path)
    with S.user_packs(pack):
        result = S.cli(*(str(pack) if a == "{pack}" else a for a in args), color=True)
    S.check_contract(result, None, allowed=(0, 1))
    assert not CONTROL.findall(_terminal(result).replace("\t", ""))
