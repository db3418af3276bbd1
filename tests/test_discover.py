"""`maturity discover`: networks equal to pm4py's, the observed model, drift report, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.discover_logs import jira_issue, random_log, zendesk_export
from tests.helpers import EXAMPLES, run

duckdb = pytest.importorskip("duckdb", reason="the discover extra (duckdb) is not installed")

EXAMPLE = EXAMPLES / "discover"
LOG, MAPPING, DECLARED = (
    EXAMPLE / "tickets.csv",
    EXAMPLE / "mapping.toml",
    EXAMPLE / "declared.toml",
)


def _network(*args: str) -> dict:
    result = run("discover", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _edges(document: dict) -> dict[tuple[str, str], float]:
    return {(e["source"], e["target"]): e["value"] for e in document["edges"]}


def _pm4py_frame(path: Path):  # the oracle's input: the log in time order, ties in file order
    pd = pytest.importorskip("pandas", reason="pandas comes with pm4py, the test oracle")
    frame = pd.read_csv(path, dtype=str)
    frame["timestamp"] = pd.to_datetime(frame["timestamp"], utc=True)
    return frame.sort_values(["case", "timestamp"], kind="stable").reset_index(drop=True)


def _pm4py():
    return pytest.importorskip(
        "pm4py", reason="pm4py (AGPL) is the test oracle only; CI installs it (.ci/run)"
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_handover_equals_pm4py_beta_0(tmp_path: Path, seed: int) -> None:
    pm4py = _pm4py()
    log = random_log(tmp_path / "log.csv", seed)
    ours = _edges(_network(str(log), "--handover"))
    theirs = pm4py.discover_handover_of_work_network(
        _pm4py_frame(log),
        beta=0,
        resource_key="resource",
        timestamp_key="timestamp",
        case_id_key="case",
    ).connections
    assert set(ours) == set(theirs)
    assert max(abs(ours[k] - theirs[k]) for k in ours) <= 1e-9


def test_working_together_equals_pm4py(tmp_path: Path) -> None:
    pm4py = _pm4py()
    log = random_log(tmp_path / "log.csv", 7)
    ours = _edges(_network(str(log), "--working-together"))
    theirs = pm4py.discover_working_together_network(
        _pm4py_frame(log), resource_key="resource", timestamp_key="timestamp", case_id_key="case"
    ).connections
    assert set(ours) == set(theirs)
    assert max(abs(ours[k] - theirs[k]) for k in ours) <= 1e-9


def test_ties_are_broken_by_input_order(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text(
        "case,activity,resource,timestamp\n"
        "1,a,ann,2024-01-01T10:00:00Z\n"
        "1,b,bob,2024-01-01T09:00:00Z\n"
        "1,c,cid,2024-01-01T10:00:00Z\n"
        "1,d,ann,2024-01-01T10:00:00Z\n",
        encoding="utf-8",
    )
    result = run("discover", str(log), "--handover")
    assert result.stdout.splitlines() == [
        "source,target,count,value",
        "ann,cid,1,0.3333333333333333",
        "bob,ann,1,0.3333333333333333",
        "cid,ann,1,0.3333333333333333",
    ]


def test_xes_names_csv_parquet_and_json_lines_agree(tmp_path: Path) -> None:
    header = ["case:concept:name", "concept:name", "org:resource", "time:timestamp"]
    log = random_log(tmp_path / "log.csv", 5, header=header)
    con = duckdb.connect()
    scan = f"read_csv('{log}', all_varchar = true)"
    con.execute(f"COPY (SELECT * FROM {scan}) TO '{tmp_path / 'log.parquet'}' (FORMAT parquet)")
    con.execute(f"COPY (SELECT * FROM {scan}) TO '{tmp_path / 'log.jsonl'}' (FORMAT json)")
    outputs = {
        name: _network(str(tmp_path / name), "--handover")
        for name in ("log.csv", "log.parquet", "log.jsonl")
    }
    assert outputs["log.csv"] == outputs["log.parquet"] == outputs["log.jsonl"]
    assert outputs["log.csv"]["total"] > 0


def test_columns_named_in_the_mapping(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text("ticket,who,when\nT1,ann,2024-01-01\nT1,bob,2024-01-02\n", encoding="utf-8")
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\ncase = "ticket"\nresource = "who"\ntimestamp = "when"\n')
    document = _network(str(log), "--handover", "--mapping", str(mapping))
    assert _edges(document) == {("ann", "bob"): 1.0}


def test_the_example_becomes_a_model_that_assess_accepts(tmp_path: Path) -> None:
    out = tmp_path / "observed.toml"
    result = run("discover", str(LOG), "--mapping", str(MAPPING), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "jira-automation (18)" in result.stderr  # unmapped resources, with counts
    assert "match no flow kind" in result.stderr
    assert run("validate", str(out)).exit_code == 0
    assessed = run("assess", str(out), "--format", "json")
    assert assessed.exit_code == 0, assessed.output
    import tomllib

    flows = tomllib.loads(out.read_text(encoding="utf-8"))["flows"]
    straight = [
        f for f in flows if (f["from"], f["to"], f["kind"]) == ("sales", "rnd", "bug_report")
    ]
    assert sum(f["observed"]["handovers"] for f in straight) == 30
    assert all(0 < f["observed"]["share"] <= 1 for f in flows)
    json_out = run("discover", str(LOG), "--mapping", str(MAPPING), "--format", "json")
    assert json.loads(json_out.stdout)["flows"] == flows


def test_min_count_and_min_share_keep_noise_out(tmp_path: Path) -> None:
    result = run(
        "discover",
        str(LOG),
        "--mapping",
        str(MAPPING),
        "--format",
        "json",
        "--min-count",
        "10",
        "--min-share",
        "0.3",
    )
    flows = json.loads(result.stdout)["flows"]
    assert flows
    assert all(f["observed"]["handovers"] >= 10 and f["observed"]["share"] >= 0.3 for f in flows)


def test_drift_report_names_the_contradictions() -> None:
    args = ("discover", str(LOG), "--mapping", str(MAPPING), "--compare", str(DECLARED))
    data = json.loads(run(*args, "--format", "json").stdout)
    from jsonschema import validate

    from maturity.resources import schema

    validate(data, schema("drift"))
    routes = [c for c in data["contradictions"] if c["type"] == "route"]
    assert [(c["from"], c["to"], c["declared_to"]) for c in routes] == [
        ("sales", "rnd", ["hotline"])
    ]
    assert routes[0]["share"] == 0.625
    flags = {(c["from"], c["to"], c["flag"]) for c in data["contradictions"] if c["type"] == "flag"}
    assert flags == {("hotline", "rnd", "reproduced"), ("sales", "hotline", "urgent")}
    assert data["not_observed"] == [{"from": "hotline", "to": "product", "kind": "feature_request"}]
    assert [(f["from"], f["to"]) for f in data["not_declared"]] == [("product", "rnd")]
    assert data["assessments"]["differing_rules"]
    text = run(*args).stdout
    assert "62% of the bug report hand-overs from 销售部 go straight to 研发部" in text
    assert "the model says they go through 热线客服" in text
    assert "18 events by resources that match no role: jira-automation (18)" in text
    assert "bug_report" not in text and "feature_request" not in text
    assert "22% of the observed hand-overs are not reproduced (4 of 18)" in text
    assert "22% of the observed hand-overs are urgent (4 of 18)" in text  # not "are not"
    zh = run(*args, "--lang", "zh").stdout
    assert "销售部的Bug反馈中有 62% 直接交给研发部" in zh
    assert "有 22% 是未复现的" in zh and "非已复现" not in zh
    markdown = run(*args, "--format", "markdown").stdout
    assert markdown.startswith("# Declared and observed organization")
    html = run(*args, "--format", "html", "--lang", "zh").stdout
    assert "<h2>矛盾之处</h2>" in html and "<script" not in html


def test_by_role_network_and_unmapped_note() -> None:
    result = run("discover", str(LOG), "--mapping", str(MAPPING), "--handover", "--by", "role")
    assert result.exit_code == 0, result.output
    assert "sales,rnd,30," in result.stdout
    assert "match no role" in result.stderr


def test_jira_changelog_adapter(tmp_path: Path) -> None:
    export = tmp_path / "jira.json"
    export.write_text(json.dumps({"issues": [jira_issue("SUP-1", "Bug", "High")]}))
    document = _network(str(export), "--handover")
    assert [(e["source"], e["target"], e["count"]) for e in document["edges"]] == [
        ("Chen Gang", "Chen Gang", 1),
        ("Li Na", "Zhao Min", 1),
        ("Zhao Min", "Chen Gang", 1),
    ]
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[[roles]]\nid = "sales"\nkind = "sales"\nresources = ["Li Na"]\n'
        '[[roles]]\nid = "hotline"\nkind = "support"\nresources = ["Zhao Min"]\n'
        '[[roles]]\nid = "rnd"\nkind = "rnd"\npatterns = ["Chen *"]\n'
        '[[kinds]]\nkind = "bug_report"\nwhen = { issue_type = ["Bug"] }\n'
        '[[flags]]\nflag = "reproduced"\nbefore = { activity = ["Reproduced"] }\n',
        encoding="utf-8",
    )
    model = json.loads(run("discover", str(export), "-m", str(mapping), "-f", "json").stdout)
    flows = {(f["from"], f["to"]): f.get("reproduced") for f in model["flows"]}
    assert flows == {("sales", "hotline"): False, ("hotline", "rnd"): True}


def test_zendesk_ticket_events_adapter(tmp_path: Path) -> None:
    export = tmp_path / "zendesk.json"
    export.write_text(json.dumps(zendesk_export()))
    document = _network(str(export), "--handover")
    assert [(e["source"], e["target"]) for e in document["edges"]] == [
        ("800", "900"),
        ("900", "900"),
        ("900", "901"),
        ("901", "901"),
    ]
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[columns]\nrole = "group"\n'
        '[[roles]]\nid = "tier1"\nkind = "support"\nvalues = ["10"]\n'
        '[[roles]]\nid = "eng"\nkind = "rnd"\nvalues = ["20"]\n',
        encoding="utf-8",
    )
    by_role = _network(str(export), "--handover", "--by", "role", "-m", str(mapping))
    assert _edges(by_role)[("tier1", "eng")] == 0.25


def _fails(tmp_path: Path, *args: str) -> str:
    out = tmp_path / "out.toml"
    result = run("discover", *args, "-o", str(out))
    assert result.exit_code == 2, result.output
    assert not out.exists()
    assert "Traceback" not in result.output
    return result.stderr


def test_missing_columns_are_located(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text("case,activity,who\n1,a,ann\n", encoding="utf-8")
    message = _fails(tmp_path, str(log), "--handover")
    assert f"{log}: columns: missing column for resource" in message
    assert (
        "missing column for timestamp" in message and "the file has: case, activity, who" in message
    )


def test_unparsable_timestamps_name_the_line(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text("case,activity,resource,timestamp\n1,a,ann,2024-01-01\n1,b,bob,yesterday\n")
    message = _fails(tmp_path, str(log), "--handover")
    assert f"{log}:3: timestamp: cannot read 'yesterday' as a date and time" in message


def test_empty_logs(tmp_path: Path) -> None:
    header_only = tmp_path / "log.csv"
    header_only.write_text("case,activity,resource,timestamp\n", encoding="utf-8")
    assert "the log has no events" in _fails(tmp_path, str(header_only), "--handover")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert "empty" in _fails(tmp_path, str(empty), "--handover")


def test_mapping_with_unknown_kinds_is_located(tmp_path: Path) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[[roles]]\nid = "sales"\nkind = "salez"\n\n'
        '[[kinds]]\nkind = "bug"\n\n[[flags]]\nflag = "urgnet"\nwhen = { priority = ["P1"] }\n',
        encoding="utf-8",
    )
    message = _fails(tmp_path, str(LOG), "--mapping", str(mapping))
    assert (
        f"{mapping}:3: roles[0].kind: unknown role kind \"salez\" (did you mean 'sales'?)"
        in message
    )
    assert f'{mapping}:6: kinds[0].kind: unknown flow kind "bug"' in message
    assert (
        f"{mapping}:9: flags[0].flag: unknown flag \"urgnet\" (did you mean 'urgent'?)" in message
    )


def test_mapping_schema_errors_and_missing_attribute_columns(tmp_path: Path) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text('[[roles]]\nid = "s"\nkind = "sales"\nresource = ["x"]\n')
    assert "roles[0].resource: unknown field 'resource' (did you mean 'resources'?)" in _fails(
        tmp_path, str(LOG), "--mapping", str(mapping)
    )
    mapping.write_text(
        '[[roles]]\nid = "s"\nkind = "sales"\n[[kinds]]\nkind = "bug_report"\n'
        'when = { severity = ["S1"] }\n'
    )
    assert "missing column for severity" in _fails(tmp_path, str(LOG), "--mapping", str(mapping))


def test_output_never_replaces_an_input(tmp_path: Path) -> None:
    log = random_log(tmp_path / "log.csv", 1)
    before = log.read_text(encoding="utf-8")
    result = run("discover", str(log), "--handover", "-o", str(log))
    assert result.exit_code == 2 and log.read_text(encoding="utf-8") == before


def test_the_mapping_in_the_docs_is_valid() -> None:
    from maturity.discover.mapping import load_mapping
    from tests.test_docs_model import code_blocks

    doc = (EXAMPLES.parent / "docs" / "discover.md").read_text(encoding="utf-8")
    blocks = [body for _, body, _ in code_blocks(doc, "toml")]
    assert len(blocks) == 1
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "map.toml"
        path.write_text(blocks[0], encoding="utf-8")
        mapping = load_mapping(str(path))
    assert [r["id"] for r in mapping.roles] == ["sales", "rnd"]
    assert mapping.attributes() == ("issue_type", "priority")


def test_findings_on_a_discovered_model_cite_the_counts(tmp_path: Path) -> None:
    out = tmp_path / "observed.toml"
    assert run("discover", str(LOG), "--mapping", str(MAPPING), "-o", str(out)).exit_code == 0
    report = json.loads(run("assess", str(out), "--format", "json").stdout)
    flows = [e for f in report["findings"] for e in f["evidence"] if e["type"] == "flow"]
    assert flows and all(e["observed"]["handovers"] >= 1 for e in flows)
    text = run("assess", str(out)).stdout
    assert "(observed: 23 hand-overs in 23 cases, 48% of the sender's)" in text


def test_the_walkthrough_commands_in_the_docs_run(tmp_path: Path, monkeypatch) -> None:
    import shlex

    doc = (EXAMPLES.parent / "docs" / "discover.md").read_text(encoding="utf-8")
    walkthrough = doc.split("## From an export to a drift report")[1].split("```sh")[1]
    script = walkthrough.split("```")[0].replace("\\\n", " ")
    commands = [line for line in script.splitlines() if line.startswith("maturity ")]
    assert len(commands) == 3
    (tmp_path / "examples").symlink_to(EXAMPLES)
    monkeypatch.chdir(tmp_path)
    for command in commands:
        result = run(*shlex.split(command)[1:])
        assert result.exit_code == 0, (command, result.output)
    assert "62% of the bug report hand-overs" in (tmp_path / "drift.html").read_text("utf-8")


def test_without_the_extra_the_message_says_what_to_install(monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "duckdb", None)  # as if the extra were not installed
    result = run("discover", str(LOG), "--handover")
    assert result.exit_code == 2
    assert "pip install 'maturity[discover]'" in result.stderr


def test_a_flag_restricted_to_kinds_leaves_the_others_unstated(tmp_path: Path) -> None:
    flows = json.loads(
        run("discover", str(LOG), "--mapping", str(MAPPING), "--format", "json").stdout
    )["flows"]
    bugs = [f for f in flows if f["kind"] == "bug_report"]
    requests = [f for f in flows if f["kind"] == "feature_request"]
    assert bugs and requests
    assert all("reproduced" in f for f in bugs)
    assert not any("reproduced" in f for f in requests)  # never "reproduced = false"
    assert all("urgent" in f for f in requests)  # an unrestricted flag: every kind
    bad = tmp_path / "bad.toml"
    bad.write_text(
        MAPPING.read_text("utf-8").replace('kinds = ["bug_report"]', 'kinds = ["bug_reprot"]'),
        "utf-8",
    )
    result = run("discover", str(LOG), "--mapping", str(bad))
    assert result.exit_code == 2
    assert "flags[1].kinds[0]" in result.stderr and "did you mean 'bug_report'" in result.stderr


def test_contradiction_share_is_an_option() -> None:
    args = ("discover", str(LOG), "--mapping", str(MAPPING), "--compare", str(DECLARED))
    default = json.loads(run(*args, "--format", "json").stdout)
    assert default["contradiction_share"] == 0.2
    strict = json.loads(run(*args, "--format", "json", "--contradiction-share", "0.7").stdout)
    assert strict["contradiction_share"] == 0.7
    assert not [c for c in strict["contradictions"] if c["type"] == "route"]  # 62.5 % < 70 %
    assert len(strict["contradictions"]) < len(default["contradictions"])
    assert run(*args, "--contradiction-share", "0").exit_code == 2


def test_a_chinese_session_reads_chinese_notes_and_punctuation() -> None:
    args = ("discover", str(LOG), "--mapping", str(MAPPING), "--compare", str(DECLARED))
    result = run(*args, "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert "提示：18 个事件的执行人不属于任何角色：jira-automation（18）" in result.stderr
    assert "正在读取" in result.stderr and "reading" not in result.stderr
    assert "note:" not in result.stderr and "observed" not in result.stderr
    text = result.stdout
    assert "日志能反映的流程类型：Bug反馈、功能需求" in text
    assert "声明的模型 通过，日志中观察到的组织 未通过" in text
    assert ", " not in text and " (" not in text  # Chinese punctuation throughout
    english = run(*args)
    assert "note: 18 events by resources that match no role: jira-automation (18)" in english.stderr
