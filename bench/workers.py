"""The in-process halves of the benchmarks: each runs in its own subprocess
(``bench/run.py --worker KIND ARGS``) and prints one JSON line of figures."""

from __future__ import annotations

import json
import resource
import statistics
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scale(path: str, max_bytes: str = "0") -> dict[str, Any]:
    """One model through the real pipeline, timed by phase, then the floor of the same work."""
    import maturity.assess.session as assess_module
    from maturity.model.validate import Limits
    from maturity.report.contract import build_report
    from maturity.report.jsonout import dumps_bytes

    per_rule: dict[str, float] = {}
    evaluate = assess_module.evaluate

    def timed(rule: Any, ctx: Any, *args: Any) -> Any:
        start = time.perf_counter()
        finding = evaluate(rule, ctx, *args)
        per_rule[rule.id] = time.perf_counter() - start
        return finding

    assess_module.evaluate = timed  # type: ignore[assignment]
    limits = Limits(max_bytes=int(max_bytes)) if int(max_bytes) else Limits()
    session = assess_module.Session(assess_module.Options(plugins=False, limits=limits))
    import gc

    gc.disable()  # as `maturity assess` runs one model
    marks = [time.perf_counter()]
    model = session.load(path)
    marks.append(time.perf_counter())
    result = session.assess(model)
    marks.append(time.perf_counter())
    report = build_report(result, "en")
    marks.append(time.perf_counter())
    text = dumps_bytes(report)  # as `maturity assess -o FILE` writes a JSON report
    Path(path).with_suffix(".report.json").write_bytes(text)
    marks.append(time.perf_counter())
    slowest = max(per_rule.items(), key=lambda item: item[1])
    rules = sum(per_rule.values())
    timeouts = [
        f.rule for f in result.findings if f.status == "error" and "time" in (f.error or "")
    ]
    figures = {
        "load": marks[1] - marks[0],
        "index": marks[2] - marks[1] - rules,
        "rules": rules,
        "report": marks[3] - marks[2],
        "encode": marks[4] - marks[3],
        "slowest": slowest,
        "timeouts": timeouts,
        "maxrss_mib": _rss_mib(),
    }
    del result, model, report
    gc.enable()
    return {**figures, **floor(path, text)}


def floor(path: str, report_text: bytes) -> dict[str, float]:
    """The least the same job can cost: parse the file, index roles and flows in plain
    dicts, encode a report of the same size (orjson, indented, sorted keys)."""
    import gc

    import orjson

    report = orjson.loads(report_text)
    gc.disable()  # the same terms as the pipeline, which runs without the cyclic GC
    start = time.perf_counter()
    data = orjson.loads(Path(path).read_bytes())
    parsed = time.perf_counter()
    roles = {role["id"]: role for role in data["roles"]}
    by_kind: dict[Any, list[int]] = defaultdict(list)
    for index, flow in enumerate(data["flows"]):
        by_kind[flow["kind"], roles[flow["from"]]["kind"], roles[flow["to"]]["kind"]].append(index)
    indexed = time.perf_counter()
    orjson.dumps(report, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    encoded = time.perf_counter()
    gc.enable()
    return {
        "floor_parse": parsed - start,
        "floor_index": indexed - parsed,
        "floor_encode": encoded - indexed,
    }


def limit(path: str, rounds: str) -> dict[str, Any]:
    """The engine on the collaboration pack's flow rules against a hand-written single pass."""
    import orjson

    from bench import handwritten
    from maturity.assess import Options, Session
    from maturity.engine.context import Context, FlowRef
    from maturity.model import Model
    from maturity.rules import evaluate

    session = Session(Options(plugins=False))
    data = orjson.loads(Path(path).read_bytes())
    rules = [session.rules[r] for r in handwritten.RULES]
    import gc

    gc.disable()  # both sides, as `maturity assess` runs a model (maturity.model.nogc)
    hand, engine, index = [], [], []
    for _ in range(int(rounds)):
        start = time.perf_counter()
        status, offending = handwritten.evaluate(data)
        hand.append(time.perf_counter() - start)
        start = time.perf_counter()
        ctx = Context.from_model(Model(data, path))
        middle = time.perf_counter()
        findings = [evaluate(rule, ctx) for rule in rules]
        engine.append(time.perf_counter() - middle)
        index.append(middle - start)
    i6 = next(f for f in findings if f.rule == "COL-I6")
    flows = sorted(e.index for e in i6.evidence if isinstance(e, FlowRef))
    agree = status == {f.rule: f.status for f in findings} and flows == offending
    return {"hand": hand, "engine": engine, "index": index, "agree": agree, "status": status}


REGO_RULES = ("COL-I2", "COL-I6", "COL-I10", "VAL-D4")
FEEDBACK = ["support_request", "bug_report", "feature_request", "value_feedback",
            "feature_feedback", "market_insight"]  # fmt: skip


def rego(path: str, rounds: str) -> dict[str, Any]:
    """The same rules and input through OPA's Rego (regopy) and through maturity."""
    import regopy

    from maturity.assess import Options, Session
    from maturity.engine.compiler import Compiler
    from maturity.engine.context import Context, FlowRef
    from maturity.model import Model
    from maturity.rules import evaluate

    session = Session(Options(plugins=False))
    lang = session.language
    compiler = Compiler(lang.operators, lang.metrics, {}, lang.vocabulary)
    reach = compiler.compile(
        {"path": {"from": "customer", "to": "product", "flows": {"kind": FEEDBACK}}}, ()
    )
    rules = [session.rules[r] for r in REGO_RULES]
    data = json.loads(Path(path).read_text("utf-8"))
    interpreter = regopy.Interpreter()
    interpreter.add_module("collaboration", (ROOT / "bench/rego/collaboration.rego").read_text())
    times: dict[str, list[float]] = {"maturity": [], "rego": []}
    for _ in range(int(rounds)):
        start = time.perf_counter()
        ctx = Context.from_model(Model(data, path))
        findings = {f.rule: f for f in (evaluate(rule, ctx) for rule in rules)}
        any_hops = "pass" if reach.evaluate(ctx, {}).ok else "fail"
        times["maturity"].append(time.perf_counter() - start)
        start = time.perf_counter()
        interpreter.set_input(data)
        output = interpreter.query("data.maturity.collaboration.result")
        times["rego"].append(time.perf_counter() - start)
    theirs = json.loads(str(output))["expressions"][0]
    ours = {rule: f.status for rule, f in findings.items()} | {"VAL-D4*": any_hops}
    flows = sorted(e.index for e in findings["COL-I6"].evidence if isinstance(e, FlowRef))
    agree = ours == theirs["status"] and flows == sorted(theirs["col_i6"])
    version = getattr(regopy, "__version__", "?")
    return {**times, "agree": agree, "status": ours, "version": version}


def median(values: list[float]) -> float:
    return statistics.median(values)


WORKERS = {"scale": scale, "limit": limit, "rego": rego}
