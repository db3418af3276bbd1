"""A portfolio: many models assessed in one run, in parallel, with a summary per model.

``maturity assess DIR_OR_FILES…`` expands directories (every model file inside,
sorted by name), assesses the models across processes (``--jobs``), and keeps
the input order, so the output is the same whatever the number of jobs. A
model with bad input does not stop the others: its error is reported in the
summary and the run exits 2 at the end.

Workers are forked from the command's process, so they inherit its session —
plugins loaded and packs compiled once, not once per model or per worker.
Where fork is not available, the models are assessed one after another.
Results stream back in input order (:func:`assess_iter`): a worker sends a
model's rendered document and summary row, never the report's objects, and
the command writes each document as it arrives, so the parent holds no more
than the models still out of order. With ``--scheduler`` the same work runs
on a Dask cluster (:mod:`maturity.report.cluster`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from maturity import __version__
from maturity.errors import MaturityError, UsageError
from maturity.i18n import t
from maturity.model.vocabulary import LEVELS, STAGES
from maturity.terminal import clean, visible
from maturity.terminal import pad as _cell
from maturity.terminal import text_width as _width

if TYPE_CHECKING:
    from maturity.assess.session import Session

SCHEMA_VERSION = 1

#: Configuration files that may sit beside models in a directory: never models.
CONFIG_NAMES = frozenset({"maturity.toml", "pyproject.toml"})


@dataclass(frozen=True)
class Item:
    """One model of a portfolio: its rendered document, or why it has none.

    ``document`` is the report in the run's format; for a JSON portfolio
    document (``Run.nested``) it is the report's JSON text, indented to sit in
    the document's ``reports`` list.
    """

    file: str
    row: Mapping[str, Any]
    #: The report itself, kept only when the run asks for it (``Run.keep_report``).
    report: Mapping[str, Any] | None = None
    document: str | None = None
    #: The bad-input messages that stopped this model (empty when it was assessed).
    problems: tuple[str, ...] = ()
    #: The exit code this model asks for: 0, 2 bad input, 3 rule errors, 4 internal error.
    code: int = 0
    level: str | None = None


@dataclass
class Run:
    """What the workers need: the session and the output settings."""

    session: Session
    fmt: str
    lang: str
    render: bool = True
    #: The assessment date every report shows (``--date``), else each model's own.
    date: str | None = None
    #: Render each report as JSON text nested in the portfolio document.
    nested: bool = False
    #: Keep each report in its item (to record it, or for a format that renders many).
    keep_report: bool = False

    @property
    def assessed_as(self) -> tuple[str, str, bool, bool, bool, str | None]:
        """What a remote worker needs besides the session's options."""
        return self.fmt, self.lang, self.render, self.nested, self.keep_report, self.date


_RUN: dict[str, Run] = {}


# ------------------------------------------------------------------ inputs


def expand(paths: Iterable[str], suffixes: Iterable[str]) -> list[str]:
    """Files as given; a directory becomes its model files (by suffix), sorted by name:
    every entry with a model suffix but folders, whether or not it can be read."""
    known = tuple(s.lower() for s in suffixes)
    files: list[str] = []
    for name in paths:
        path = Path(name)
        if not path.is_dir():
            files.append(name)
            continue
        # Not only regular files: a pipe, a device or a broken link named like a model is
        # listed too, so that loading it reports it (exit 2) instead of skipping it silently.
        inside = sorted(
            p
            for p in path.iterdir()
            if p.suffix.lower() in known and p.name not in CONFIG_NAMES and not p.is_dir()
        )
        if not inside:
            raise UsageError(f"{name}: no model files ({', '.join(known)}) in this directory")
        files += [str(p) for p in inside]
    return files


def default_jobs() -> int:
    return os.cpu_count() or 1


# ------------------------------------------------------------------ assessing


def assess_all(run: Run, files: Sequence[str], jobs: int | None = None) -> list[Item]:
    """Assess ``files`` with up to ``jobs`` processes; results in input order."""
    return list(assess_iter(run, files, jobs))


def assess_iter(run: Run, files: Sequence[str], jobs: int | None = None) -> Iterator[Item]:
    """Assess ``files`` with up to ``jobs`` processes, yielding each result in input order."""
    import gc
    import multiprocessing  # here, not at the top: one model needs no pool
    from concurrent.futures import ProcessPoolExecutor

    jobs = default_jobs() if jobs is None else max(1, jobs)
    jobs = min(jobs, len(files))
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    if jobs <= 1 or not can_fork:
        yield from (assess_file(run, name) for name in files)
        return
    # The first model here: every lazy import and cache it warms is then the workers'
    # too (inherited), instead of each worker paying for it again.
    yield assess_file(run, files[0])
    _RUN["run"] = run
    from maturity.engine.forked import use_processes

    alone = use_processes(1)  # the workers fill the cores: one process per metric
    # The session's objects are shared with the workers copy-on-write: frozen, the
    # cyclic GC of a worker never walks (and so never copies) them.
    gc.collect()
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        rest = files[1:]
        chunk = max(1, min(32, len(rest) // (jobs * 8)))
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            yield from pool.map(_work, rest, chunksize=chunk)
    finally:
        gc.unfreeze()
        use_processes(alone)
        _RUN.pop("run", None)


def _work(name: str) -> Item:
    return assess_file(_RUN["run"], name)


def assess_file(run: Run, name: str) -> Item:
    """Load, assess, report and render one model; bad input becomes an Item, not a raise."""
    from maturity.model.nogc import paused_gc

    with paused_gc():  # one model, start to finish: nothing to collect on the way
        return _assess_file(run, name)


def _assess_file(run: Run, name: str) -> Item:
    from maturity.report.contract import build_report
    from maturity.report.render import render_with

    session = run.session
    try:
        model = session.load(name)
        result = session.assess(model)
        reporter = session.registry.reporters[run.fmt] if run.render else None
        report = build_report(
            result, run.lang, bool(reporter and reporter.needs_graph), date=run.date
        )
        document = render_with(session, reporter, report, run.lang) if reporter else None
        if run.nested:
            document = nest(report)
    except MaturityError as exc:
        lines = tuple(exc.lines())
        lines = lines or (str(exc),)
        return Item(name, error_row(name, lines[0]), problems=lines,
                    code=exc.exit_code)  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - one model's bug must not stop the portfolio
        message = f"internal error: {type(exc).__name__}: {exc}"
        return Item(name, error_row(name, message), problems=(message,), code=4)
    code = 3 if result.has_errors else 0
    kept = report if run.keep_report else None
    return Item(name, summary_row(name, report), kept, document, code=code,
                level=result.scores.levels.achieved)  # fmt: skip


def nest(report: Mapping[str, Any]) -> str:
    """A report's JSON text as it sits in the portfolio document's ``reports`` list."""
    from maturity.report.jsonout import dumps

    return "    " + dumps(report).rstrip("\n").replace("\n", "\n    ")


# ------------------------------------------------------------------ summary


def file_name(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 shown as escapes (``\\xff``)."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def summary_row(name: str, report: Mapping[str, Any]) -> dict[str, Any]:
    """A model's line of the portfolio summary, from its JSON report."""
    counts = report["summary"]
    errors = counts.get("error", 0) + len(report.get("errors", ()))
    return {
        "file": file_name(name),
        "organization": report["organization"]["name"],
        "level": report["level"]["achieved"],
        "next": report["level"]["next"],
        "progress": report["level"]["progress"],
        "stages": {stage: report["stages"][stage]["score"] for stage in STAGES},
        "passed": counts.get("pass", 0),
        "failed": counts.get("fail", 0),
        "errors": errors,
        "error": None,
    }


def error_row(name: str, message: str) -> dict[str, Any]:
    return {
        "file": file_name(name),
        "organization": None,
        "level": None,
        "next": None,
        "progress": None,
        "stages": dict.fromkeys(STAGES),
        "passed": 0,
        "failed": 0,
        "errors": 1,
        "error": message.encode("utf-8", "backslashreplace").decode("utf-8"),
    }


def totals(items: Sequence[Item]) -> dict[str, Any]:
    levels = {level: sum(1 for i in items if i.level == level) for level in LEVELS}
    return {
        "models": len(items),
        "assessed": sum(1 for i in items if not i.problems),
        "invalid": sum(1 for i in items if i.problems),
        "levels": levels,
    }


def write_document(items: Iterable[Item], lang: str, write: Callable[[str], Any]) -> list[Item]:
    """Write the ``--format json`` output for several models (schemas/portfolio.schema.json)
    as the items arrive (each holding its report's nested JSON text); return the items
    without their documents. The text is ``json.dumps(document, indent=2, sort_keys=True,
    ensure_ascii=False)`` of the whole document, written piece by piece."""
    write('{\n  "lang": ' + json.dumps(lang) + ',\n  "reports": [')
    kept: list[Item] = []
    separator = "\n"
    for item in items:
        if item.document is not None:
            write(separator + item.document)
            separator = ",\n"
        kept.append(replace(item, document=None, report=None))
    write("],\n" if separator == "\n" else "\n  ],\n")
    rest = {
        "schema_version": SCHEMA_VERSION,
        "summary": [dict(i.row) for i in kept],
        "tool": {"name": "maturity", "version": __version__},
        "totals": totals(kept),
    }
    write(json.dumps(rest, ensure_ascii=False, indent=2, sort_keys=True)[2:] + "\n")
    return kept


def _clip(text: str, limit: int) -> str:
    if _width(text) <= limit:
        return text
    out = ""
    for char in text:
        if _width(out + char) > limit - 1:
            break
        out += char
    return out + "…"


def _score(value: Any) -> str:
    return "-" if value is None else f"{value:.1f}"


def _cells(row: Mapping[str, Any], lang: str) -> list[str]:
    if row["error"] is not None:
        invalid = t("pf.invalid", lang)
        return [clean(row["file"]), "-", invalid, *("-" for _ in STAGES), "-", str(row["errors"])]
    stages = [_score(row["stages"][s]) for s in STAGES]
    return [clean(row["file"]), _clip(clean(row["organization"]), 32), t(row["level"], lang),
            *stages, str(row["failed"]), str(row["errors"])]  # fmt: skip


def summary_table(items: Sequence[Item], lang: str = "en") -> str:
    """The text summary printed after the reports: one line per model, then its errors;
    headers, levels and the totals line in ``lang``."""
    words = ["pf.file", "pf.organization", "pf.level", *STAGES, "pf.failures", "pf.errors"]
    header = [t(word, lang) for word in words]
    rows = [_cells(i.row, lang) for i in items]
    widths = [max(_width(r[c]) for r in [header, *rows]) for c in range(len(header))]
    numeric = set(range(3, len(header)))
    lines = ["  ".join(_cell(v, widths[c], c in numeric) for c, v in enumerate(r)).rstrip()
             for r in [header, *rows]]  # fmt: skip
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines += [visible(i.row["error"]) for i in items if i.row["error"] is not None]
    count = totals(items)
    lines.append(t("pf.totals", lang, **count))
    return "\n".join(lines) + "\n"


def problems(items: Iterable[Item]) -> Iterator[str]:
    """Every bad-input message, in input order."""
    for item in items:
        yield from item.problems


def exit_code(items: Sequence[Item], fail_under: str | None) -> int:
    """2 (or 4) for bad input, else 3 for rule errors, else 1 below ``fail_under``, else 0."""
    worst = max((i.code for i in items if i.problems), default=0)
    if worst:
        return worst
    if any(i.code == 3 for i in items):
        return 3
    if fail_under is not None:
        floor = LEVELS.index(fail_under)
        if any(i.level is not None and LEVELS.index(i.level) < floor for i in items):
            return 1
    return 0
