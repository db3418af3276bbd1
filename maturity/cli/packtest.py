"""``maturity rules test``: run the rule tests of pack files, folders or loaded packs."""

from __future__ import annotations

from collections.abc import Iterable
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
            raise UsageError(f"{target}: not a pack file, folder or loaded pack (loaded: {known})")
    return packs


def _load(session: Session, path: Path) -> Pack:
    try:
        return load_pack_file(path, session.language, session.options.all_params, "local")
    except PackSkipped as exc:
        raise PackError([Problem(str(path), "", exc.message)]) from None


def run_tests(session: Session, packs: Iterable[Pack]) -> list[tuple[Pack, RuleTestResult]]:
    overrides = session.options.all_params
    return [
        (pack, result)
        for pack in packs
        for result in run_pack_tests(pack, session.language, overrides)
    ]


def untested(packs: Iterable[Pack]) -> list[str]:
    """Rules without both a passing and a failing test."""
    out = []
    for pack in packs:
        for rule in pack.rules:
            expects = {t.expect for t in rule.tests}
            if not {"pass", "fail"} <= expects:
                out.append(rule.id)
    return out
