"""The what-if scenario: the model as edited, the fixes switched on, and the way back.

A scenario is the model the studio was started on plus the user's edits
(``data``, always a valid model) and the recommended fixes switched on
(``fixes``, rule ids). What the page shows is ``data`` with those fixes
applied, in the order the recommendations list them, each to the result of
the one before — by :func:`~maturity.fixes.apply.apply_fix`, the same
interpreter ``maturity plan`` uses. Every change pushes the previous state on
the undo stack; nothing here touches a file.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from maturity.assess.session import Assessment, Session
from maturity.errors import MaturityError, ModelError, Problem
from maturity.fixes.apply import apply_fix
from maturity.i18n import t as catalog_t
from maturity.model.validate import Model, validate_data

#: How many steps back "undo" can go.
UNDO_DEPTH = 100


@dataclass(frozen=True)
class State:
    """One point in the scenario's history."""

    data: Mapping[str, Any]
    fixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class View:
    """What the page shows: the edited model's assessment (whose recommendations are
    the fixes one may switch on) and the assessment with the fixes applied."""

    base: Assessment
    current: Assessment
    applied: tuple[str, ...]
    failed: tuple[str, ...]


@dataclass
class Scenario:
    """The studio's one scenario, for the one model it was started on."""

    session: Session
    original: Model
    state: State = field(init=False)
    history: list[State] = field(default_factory=list)
    _view: View | None = field(default=None, repr=False)
    #: The last edited model's assessment and recommendations: a fix switched on or
    #: off leaves the edited model as it is, so neither is computed again.
    _base: tuple[Mapping[str, Any], Assessment] | None = field(default=None, repr=False)
    _recs: dict[str, list[dict[str, Any]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.state = State(self.original.data)

    @property
    def model(self) -> Model:
        """The edited model, without the fixes."""
        return Model(self.state.data, self.original.source)

    @property
    def changed(self) -> bool:
        return self.state.data != self.original.data or bool(self.state.fixes)

    def view(self) -> View:
        if self._view is None:
            self._view = self._compute()
        return self._view

    def base(self) -> Assessment:
        """The edited model's assessment (cached while the edits stay the same)."""
        if self._base is None or self._base[0] is not self.state.data:
            self._base = (self.state.data, self.session.assess(self.model))
            self._recs = {}
        return self._base[1]

    def recommendations(self, lang: str) -> list[dict[str, Any]]:
        """The edited model's recommendations in ``lang``: the fixes one may switch on."""
        from maturity.report.contract import recommendations

        base = self.base()
        if lang not in self._recs:
            self._recs[lang] = recommendations(base, lang)
        return self._recs[lang]

    def _compute(self) -> View:
        base = self.base()
        if not self.state.fixes:
            return View(base, base, (), ())
        model, applied, failed = self._with_fixes(base)
        current = self.session.assess(model) if applied else base
        return View(base, current, applied, failed)

    def _with_fixes(self, base: Assessment) -> tuple[Model, tuple[str, ...], tuple[str, ...]]:
        wanted = set(self.state.fixes)
        order = [r for r in base.rules if r in wanted]
        order.sort(key=lambda r: self.state.fixes.index(r))
        model: Model = self.model
        applied, failed = [], []
        for rule_id in order:
            try:
                model = apply_fix(model, base.rules[rule_id], self.session.language).model
            except MaturityError:
                failed.append(rule_id)
                continue
            applied.append(rule_id)
        return model, tuple(applied), tuple(failed)

    def scenario_model(self) -> Model:
        """The model the page shows: the edits with the fixes switched on applied."""
        view = self.view()
        return view.current.model

    # ------------------------------------------------------------ changes

    def _push(self, state: State) -> None:
        if state == self.state:
            return
        self.history.append(self.state)
        del self.history[:-UNDO_DEPTH]
        self.state = state
        self._view = None

    def toggle(self, rule: str, on: bool | None = None) -> None:
        """Switch a recommended fix on or off (``on`` None: the other way)."""
        fixes = list(self.state.fixes)
        now = rule in fixes
        want = (not now) if on is None else on
        if want and not now:
            fixes.append(rule)
        elif now and not want:
            fixes.remove(rule)
        self._push(State(self.state.data, tuple(fixes)))

    def set_fixes(self, rules: tuple[str, ...]) -> None:
        self._push(State(self.state.data, tuple(dict.fromkeys(rules))))

    def edit(self, change: Callable[[dict[str, Any]], None]) -> None:
        """Apply ``change`` to a copy of the data; keep it only when the model stays valid.

        Raises :class:`~maturity.errors.ModelError` with located problems otherwise.
        """
        data = copy.deepcopy(dict(self.state.data))
        change(data)
        validate_data(data, self.original.source, self.session.registry.vocabulary)
        self._push(State(data, self.state.fixes))

    def replace(self, data: Mapping[str, Any]) -> None:
        """Take ``data`` (already a valid model) as the edited model, the fixes folded in."""
        self._push(State(data, ()))

    def saved_over_original(self, data: Mapping[str, Any]) -> None:
        """The original file now holds ``data``: it is the new baseline, nothing switched on."""
        self.original = Model(data, self.original.source)
        self._push(State(data, ()))

    def undo(self) -> bool:
        if not self.history:
            return False
        self.state = self.history.pop()
        self._view = None
        return True


def problems_by_field(error: ModelError, prefix: str, lang: str = "en") -> dict[str, list[str]]:
    """The problems under ``prefix`` (``roles[2]``), by the field they are at, each said in
    ``lang`` when the catalog has its words; the problems elsewhere under ``""``."""
    out: dict[str, list[str]] = {}
    for problem in error.problems:
        out.setdefault(_field(problem, prefix), []).append(problem_text(problem, lang))
    return out


def problem_text(problem: Problem, lang: str) -> str:
    """A model problem as the studio's reader is told it (its English message without
    the catalog's words)."""
    if not problem.words:
        return problem.message
    return "".join(catalog_t(key, lang, **values) for key, values in problem.words)


def _field(problem: Problem, prefix: str) -> str:
    location = problem.location
    if prefix and location.startswith(prefix + "."):
        return location[len(prefix) + 1 :].split(".")[0].split("[")[0]
    if prefix and location.startswith(prefix + "["):
        return ""
    if not prefix and location and "[" not in location:
        return location.split(".")[-1]
    return ""
