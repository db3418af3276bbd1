"""``maturity rules test``: run the rule tests of pack files, folders or loaded packs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from maturity.assess.session import Session
from maturity.errors import PackError, Problem, UsageError
from maturity.rules.packs import PackSkipped, load_pack_file
from maturity.rules.rule import Pack
from maturity.testing import RuleTestResult, run_pack_tests


def resolve_packs(session: Session, targets: Iterable[str]) -> list[Pack]:
    """Each target is a pack file, a folder of ``*.toml`` packs, or the id of a loaded pack."""
    packs: list[Pack] = []
    by_id = {p.id: p for p in session.all_packs}
    for target in targets:
        path = Path(target)
        if path.is_dir():
            files = sorted(path.glob("*.toml"))
            if not files:
                raise UsageError(f"{target}: no *.toml rule packs in this folder")
            packs += [_load(session, f) for f in files]
        elif path.is_file():
            packs.append(_load(session, path))
        elif target in by_id:
            packs.append(by_id[target])
        else:
            known = ", ".join(sorted(by_id))
            message = f"{target}: not a pack file, folder or loaded pack (loaded: {known})"
            raise UsageError(session.explain_unknown(message))
    return packs


def _load(session: Session, path: Path) -> Pack:
    try:
        return load_pack_file(path, session.language, session.options.all_params, "local")
    except PackSkipped as exc:
        raise PackError([Problem(str(path), "", exc.message)]) from None
    except PackError as exc:
        raise PackError(
            [replace(p, message=p.message + session.cause(p.message)) for p in exc.problems]
        ) from None


def run_tests(session: Session, packs: Iterable[Pack]) -> list[tuple[Pack, RuleTestResult]]:
    overrides, timeout = session.options.all_params, session.options.rule_timeout
    return [
        (pack, result)
        for pack in packs
        for result in run_pack_tests(pack, session.language, overrides, timeout)
    ]


def load_errors(session: Session, packs: Iterable[Pack]) -> list[str]:
    """What failed to load (a clashing rule id included), and clashes of the packs tested.

    A pack file under test clashes with a loaded pack of another id that supplies
    one of its rule ids (a loaded pack of its own id is the same pack, installed).
    """
    from maturity.assess.session import clash_message

    lines = [f"{source}: {message}" for source, message in session.errors]
    claimed = {r.id: r for p in session.all_packs for r in p.rules}
    for pack in packs:
        for rule in pack.rules:
            first = claimed.get(rule.id)
            if first is not None and first.pack != pack.id:
                lines.append(f"{pack.path or pack.source}: {clash_message(first, rule)}")
    return lines


def untested(packs: Iterable[Pack]) -> list[str]:
    """Rules without both a passing and a failing test."""
    out = []
    for pack in packs:
        for rule in pack.rules:
            expects = {t.expect for t in rule.tests}
            if not {"pass", "fail"} <= expects:
                out.append(rule.id)
    return out
