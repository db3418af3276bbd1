"""What ``maturity assess`` says on standard error, whatever the report went to.

A report written to a file must not hide why the run failed: errors (a plugin
that did not load, a rule that raised) and the reason for a ``--fail-under``
exit are summarised on stderr. ``-o FILE`` without ``--format`` picks the
format from the file's suffix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import click

from maturity.cli.terminal import visible
from maturity.model.vocabulary import LEVELS
from maturity.rules.rule import rule_key


def pick_format(fmt: str | None, output: str | None, reporters: Mapping[str, Any]) -> str:
    """``--format`` when given; else the format whose suffix ``output`` has; else text."""
    if fmt:
        return fmt
    if output and output != "-":
        suffix = Path(output).suffix.lower()
        aliases = {".htm": "html", ".markdown": "markdown"}
        if suffix in aliases and aliases[suffix] in reporters:
            return aliases[suffix]
        for name in sorted(reporters):
            if suffix and reporters[name].suffix.lower() == suffix:
                return str(name)
    return "text"


def problem_lines(report: Mapping[str, Any], label: str = "") -> list[str]:
    """Load errors, plugin errors and rule errors of one report, one line each."""
    where = f"{label}: " if label else ""
    lines = [f"error: {where}{e['source']}: {e['message']}" for e in report.get("errors", [])]
    failed = [f for f in report.get("findings", []) if f["status"] == "error"]
    for finding in sorted(failed, key=lambda f: rule_key(f["rule"])):
        lines.append(f"error: {where}rule {finding['rule']}: {finding.get('error', 'error')}")
    return lines


def below_lines(report: Mapping[str, Any], fail_under: str, label: str = "") -> list[str]:
    """Why the level is below ``fail_under``: the level reached, what blocks each level."""
    achieved = report["level"]["achieved"]
    if LEVELS.index(achieved) >= LEVELS.index(fail_under):
        return []
    where = f"{label}: " if label else ""
    lines = [f"fail-under: {where}level {achieved} reached, {fail_under} required"]
    for level in LEVELS[LEVELS.index(achieved) + 1 : LEVELS.index(fail_under) + 1]:
        info = report["level"]["levels"].get(level, {})
        required = sorted(info.get("required_failed", []), key=rule_key)
        others = [r for r in sorted(info.get("blockers", []), key=rule_key) if r not in required]
        score = info.get("score", 0.0)
        threshold = report["level"].get("threshold", 0.0)
        lines.append(
            f"  {level}: score {score:.0%} (threshold {threshold:.0%}); "
            f"required failing: {', '.join(required) or 'none'}"
            + (f"; other failing: {', '.join(others)}" if others else "")
        )
    return lines


def tell(lines: Iterable[str]) -> None:
    for line in lines:
        click.echo(visible(line), err=True)
