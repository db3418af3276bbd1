"""A portfolio: many models assessed in one run, in parallel, with a summary per model.

``maturity assess DIR_OR_FILES…`` expands directories (every model file inside,
sorted by name), assesses the models across processes (``--jobs``), and keeps
the input order, so the output is the same whatever the number of jobs. A
model with bad input does not stop the others: its error is reported in the
summary and the run exits 2 at the end.

Workers are forked from the command's process, so they inherit its session —
plugins loaded and packs compiled once, not once per model or per worker.
Where fork is not available, the models are assessed one after another.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from maturity import __version__
from maturity.errors import MaturityError, UsageError
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
    """One model of a portfolio: its report and rendered document, or why it has none."""

    file: str
    row: Mapping[str, Any]
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
    import multiprocessing  # here, not at the top: one model needs no pool
    from concurrent.futures import ProcessPoolExecutor

    jobs = default_jobs() if jobs is None else max(1, jobs)
    jobs = min(jobs, len(files))
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    if jobs <= 1 or not can_fork:
        return [assess_file(run, name) for name in files]
    _RUN["run"] = run
    try:
        context = multiprocessing.get_context("fork")
        chunk = max(1, len(files) // (jobs * 4))
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            return list(pool.map(_work, files, chunksize=chunk))
    finally:
        _RUN.pop("run", None)


def _work(name: str) -> Item:
    return assess_file(_RUN["run"], name)


def assess_file(run: Run, name: str) -> Item:
    """Load, assess, report and render one model; bad input becomes an Item, not a raise."""
    from maturity.report.contract import build_report

    session = run.session
    try:
        model = session.load(name)
        result = session.assess(model)
        reporter = session.registry.reporters[run.fmt] if run.render else None
        report = build_report(
            result, run.lang, bool(reporter and reporter.needs_graph), date=run.date
        )
        document = reporter.render(report, run.lang) if reporter else None
    except MaturityError as exc:
        lines = tuple(exc.lines())
        return Item(name, error_row(name, lines[0] if lines else str(exc)), problems=lines,
                    code=exc.exit_code)  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - one model's bug must not stop the portfolio
        message = f"internal error: {type(exc).__name__}: {exc}"
        return Item(name, error_row(name, message), problems=(message,), code=4)
    code = 3 if result.has_errors else 0
    return Item(name, summary_row(name, report), report, document, code=code,
                level=result.scores.levels.achieved)  # fmt: skip


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
        "assessed": sum(1 for i in items if i.report is not None),
        "invalid": sum(1 for i in items if i.report is None),
        "levels": levels,
    }


def portfolio_document(items: Sequence[Item], lang: str) -> dict[str, Any]:
    """The ``--format json`` output for several models (schemas/portfolio.schema.json)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "maturity", "version": __version__},
        "lang": lang,
        "reports": [i.report for i in items if i.report is not None],
        "summary": [dict(i.row) for i in items],
        "totals": totals(items),
    }


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


def _cells(row: Mapping[str, Any]) -> list[str]:
    if row["error"] is not None:
        return [clean(row["file"]), "-", "invalid", *("-" for _ in STAGES), "-", str(row["errors"])]
    stages = [_score(row["stages"][s]) for s in STAGES]
    return [clean(row["file"]), _clip(clean(row["organization"]), 32), row["level"], *stages,
            str(row["failed"]), str(row["errors"])]  # fmt: skip


def summary_table(items: Sequence[Item]) -> str:
    """The text summary printed after the reports: one line per model, then its errors."""
    header = ["file", "organization", "level", *STAGES, "failures", "errors"]
    rows = [_cells(i.row) for i in items]
    widths = [max(_width(r[c]) for r in [header, *rows]) for c in range(len(header))]
    numeric = set(range(3, len(header)))
    lines = ["  ".join(_cell(v, widths[c], c in numeric) for c, v in enumerate(r)).rstrip()
             for r in [header, *rows]]  # fmt: skip
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines += [visible(i.row["error"]) for i in items if i.row["error"] is not None]
    count = totals(items)
    lines.append(f"{count['models']} models: {count['assessed']} assessed, "
                 f"{count['invalid']} with bad input")  # fmt: skip
    return "\n".join(lines) + "\n"


def problems(items: Iterable[Item]) -> Iterator[str]:
    """Every bad-input message, in input order."""
    for item in items:
        yield from item.problems


def exit_code(items: Sequence[Item], fail_under: str | None) -> int:
    """2 (or 4) for bad input, else 3 for rule errors, else 1 below ``fail_under``, else 0."""
    worst = max((i.code for i in items if i.report is None), default=0)
    if worst:
        return worst
    if any(i.code == 3 for i in items):
        return 3
    if fail_under is not None:
        floor = LEVELS.index(fail_under)
        if any(i.level is not None and LEVELS.index(i.level) < floor for i in items):
            return 1
    return 0
