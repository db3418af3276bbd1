"""Turn a rule's ``match`` / ``when`` data into compiled conditions, checking as it goes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from maturity.engine.conditions import (
    AllOf,
    AnyOf,
    CompileProblems,
    Condition,
    Count,
    FactTest,
    FlowExists,
    Not,
    RoleExists,
)
from maturity.engine.graphconds import SUBSET_METRICS, MetricFn, MetricTest, PathExists, Scope
from maturity.engine.operators import Operator
from maturity.engine.selectors import LIST_ATTRS, FlowSelector, Path, Predicate, RoleSelector
from maturity.model.vocabulary import Vocabulary, did_you_mean
from maturity.resources import schema

#: Marks selectors evaluated once for the whole graph, where no variable is bound.
UNBOUND: frozenset[str] = frozenset({"\0unbound"})

CONDITION_KEYS = (
    "all",
    "any",
    "not",
    "role",
    "flow",
    "path",
    "count",
    "metric",
    "practice",
    "organization",
    "scope",
)


class Compiler:
    """Compiles conditions for one pack; collects ``(path, message)`` problems."""

    def __init__(
        self,
        operators: Mapping[str, Operator],
        metrics: Mapping[str, MetricFn],
        params: Mapping[str, Any],
        vocabulary: Vocabulary,
    ):
        self.operators = operators
        self.metrics = metrics
        self.params = params
        self.vocabulary = vocabulary
        self.problems: list[tuple[Path, str]] = []

    def problem(self, path: Path, message: str) -> None:
        self.problems.append((path, message))

    def compile(self, data: Any, path: Path, bound: frozenset[str] = frozenset()) -> Condition:
        """Compile one condition; raise :class:`CompileProblems` if anything was wrong."""
        condition = self.condition(data, path, bound)
        if self.problems:
            raise CompileProblems(self.problems)
        return condition

    # ------------------------------------------------------------ conditions

    def condition(self, data: Any, path: Path, bound: frozenset[str]) -> Condition:
        if not isinstance(data, Mapping) or len(data) != 1:
            keys = ", ".join(CONDITION_KEYS)
            self.problem(path, f"a condition is a table with exactly one of: {keys}")
            return AllOf(())
        ((key, body),) = data.items()
        handler = getattr(self, f"_c_{key}", None)
        if handler is None:
            self.problem(path, f"unknown condition '{key}'{did_you_mean(key, CONDITION_KEYS)}")
            return AllOf(())
        result: Condition = handler(body, (*path, key), bound)
        return result

    def _c_all(self, body: Any, path: Path, bound: frozenset[str]) -> Condition:
        return AllOf(tuple(self.condition(c, (*path, i), bound) for i, c in enumerate(body)))

    def _c_any(self, body: Any, path: Path, bound: frozenset[str]) -> Condition:
        return AnyOf(tuple(self.condition(c, (*path, i), bound) for i, c in enumerate(body)))

    def _c_not(self, body: Any, path: Path, bound: frozenset[str]) -> Condition:
        return Not(self.condition(body, path, bound))

    def _c_role(self, body: Any, path: Path, bound: frozenset[str]) -> Condition:
        return RoleExists(self.role_selector(body, path, bound))

    def _c_flow(self, body: Any, path: Path, bound: frozenset[str]) -> Condition:
        return FlowExists(self.flow_selector(body, path, bound))

    def _c_practice(self, body: Any, path: Path, bound: frozenset[str]) -> Condition:
        name = body["name"]
        root = name.split(".")[0]
        known = set(self.vocabulary.practices) | builtin_practices()
        if root not in known:
            self.problem((*path, "name"), f"unknown practice '{root}'{did_you_mean(root, known)}")
        return FactTest(f"practices.{name}", self.predicate(body, path, name.split(".")[-1]))

    def _c_organization(self, body: Any, path: Path, bound: frozenset[str]) -> Condition:
        field = body["field"]
        known = schema("organization")["properties"]["organization"]["properties"]
        if field not in known:
            hint = did_you_mean(field, known)
            self.problem((*path, "field"), f"unknown organization field '{field}'{hint}")
        return FactTest(f"organization.{field}", self.predicate(body, path, field))

    def _c_count(self, body: Any, path: Path, bound: frozenset[str]) -> Condition:
        flows = roles = None
        if "flows" in body:
            flows = self.flow_selector(body["flows"], (*path, "flows"), bound)
        else:
            roles = self.role_selector(body["roles"], (*path, "roles"), bound)
        of_roles = flows is None or body.get("distinct") in ("from.kind", "to.kind")
        groups = tuple(
            frozenset(self.kinds(g, (*path, "groups", i), "role" if of_roles else "flow"))
            for i, g in enumerate(body.get("groups", ()))
        )
        predicate = self.predicate(body, path, "count")
        return Count(roles, flows, body.get("distinct"), groups, predicate)

    def _c_path(self, body: Any, path: Path, bound: frozenset[str]) -> Condition:
        flows = self.flow_selector(body.get("flows", {}), (*path, "flows"), UNBOUND)
        hops = body.get("max_hops")
        if isinstance(hops, Mapping):
            hops = self.param(hops.get("param"), (*path, "max_hops"))
        return PathExists(
            self.end(body["from"], (*path, "from"), bound),
            self.end(body["to"], (*path, "to"), bound),
            flows,
            hops,
            bool(body.get("both_ways", False)),
        )

    def _c_metric(self, body: Any, path: Path, bound: frozenset[str]) -> Condition:
        name = body["algorithm"]
        fn = self.metrics.get(name)
        if fn is None:
            self.problem(
                (*path, "algorithm"), f"unknown metric '{name}'{did_you_mean(name, self.metrics)}"
            )
            fn = self.metrics.get("degree_centrality") or (lambda g, **_: {})
        projection = body.get("projection", "simple")
        if name.startswith(("in_degree", "out_degree")) and projection == "undirected":
            self.problem((*path, "projection"), f"metric '{name}' needs a directed projection")
        sources = targets = None
        if name in SUBSET_METRICS:
            if "sources" not in body or "targets" not in body:
                self.problem(path, f"metric '{name}' needs 'sources' and 'targets'")
            else:
                sources = self.role_selector(body["sources"], (*path, "sources"), UNBOUND)
                targets = self.role_selector(body["targets"], (*path, "targets"), UNBOUND)
        highest = subject = predicate = None
        if "highest" in body:
            highest = self.role_selector(body["highest"], (*path, "highest"), bound)
        else:
            subject = self.role_selector(body.get("role", {}), (*path, "role"), bound)
            predicate = self.predicate(body, path, name)
        return MetricTest(
            name,
            fn,
            body.get("projection", "simple"),
            self.role_selector(body.get("roles", {}), (*path, "roles"), UNBOUND),
            self.flow_selector(body.get("flows", {}), (*path, "flows"), UNBOUND),
            sources,
            targets,
            highest,
            subject,
            predicate,
        )

    def _c_scope(self, body: Any, path: Path, bound: frozenset[str]) -> Condition:
        name = body["as"]
        if name in bound:
            self.problem((*path, "as"), f"variable ${name} is already bound by an outer scope")
        roles = self.role_selector(body["roles"], (*path, "roles"), bound)
        inner = self.condition(body["match"], (*path, "match"), bound | {name})
        return Scope(roles, name, body.get("quantifier", "any"), inner)

    # ------------------------------------------------------------ pieces

    def param(self, name: Any, path: Path) -> Any:
        if name not in self.params:
            hint = did_you_mean(str(name), self.params)
            self.problem(path, f"unknown parameter '{name}'{hint}")
            return None
        return self.params[name]

    def predicate(self, body: Mapping[str, Any], path: Path, attr: str) -> Predicate:
        name = body.get("op", "exists")
        operator = self.operators.get(name)
        if operator is None:
            hint = did_you_mean(name, self.operators)
            self.problem((*path, "op"), f"unknown operator '{name}'{hint}")
            operator = self.operators["exists"]
        value = body.get("value")
        if "param" in body:
            value = self.param(body["param"], (*path, "param"))
        given = any(k in body for k in ("value", "param", "ref"))
        if operator.takes_value and not given:
            self.problem(path, f"operator '{name}' needs 'value', 'param' or 'ref'")
        if name == "between" and "ref" not in body and not _is_range(value):
            self.problem((*path, "value"), "'between' needs value = [low, high], two numbers")
        quantifier = body.get("quantifier")
        if operator.scalar and attr in LIST_ATTRS and quantifier is None:
            self.problem(
                path,
                f"'{attr}' is a list and '{name}' compares one value: "
                'add quantifier = "any" or "all"',
            )
        return Predicate(attr, operator, value, body.get("ref"), quantifier)

    def where(self, items: Any, path: Path, entity: str) -> tuple[Predicate, ...]:
        known = model_attributes(entity)
        for i, item in enumerate(items or ()):
            root = item["attr"].split(".")[0]
            if root not in known and not root.startswith("x_"):
                hint = did_you_mean(root, known)
                self.problem((*path, i, "attr"), f"unknown {entity} attribute '{root}'{hint} "
                             "(attributes a plugin derives must start with x_)")  # fmt: skip
        return tuple(self.predicate(p, (*path, i), p["attr"]) for i, p in enumerate(items or ()))

    def kinds(self, value: Any, path: Path, what: str) -> list[str]:
        names = [value] if isinstance(value, str) else list(value)
        known = self.vocabulary.role_kinds if what == "role" else self.vocabulary.flow_kinds
        for name in names:
            if name not in known:
                self.problem(path, f"unknown {what} kind '{name}'{did_you_mean(name, known)}")
        return names

    def variable(self, name: str, path: Path, bound: frozenset[str]) -> str:
        var = name.removeprefix("$")
        if bound is UNBOUND:
            self.problem(
                path,
                f"${var}: variables cannot be used here (a path's flows and a "
                "metric's roles, flows, sources and targets describe the whole graph)",
            )
        elif var not in bound:
            self.problem(path, f"variable ${var} is not bound by an enclosing scope")
        return var

    def end(self, value: Any, path: Path, bound: frozenset[str]) -> RoleSelector:
        """A flow or path end: a kind, a list of kinds, ``$var``, or a role selector table."""
        if isinstance(value, str) and value.startswith("$"):
            return RoleSelector(var=self.variable(value, path, bound))
        if isinstance(value, (str, list)):
            return RoleSelector(kinds=frozenset(self.kinds(value, path, "role")))
        return self.role_selector(value, path, bound)

    def role_selector(self, body: Any, path: Path, bound: frozenset[str]) -> RoleSelector:
        if isinstance(body, (str, list)):
            return self.end(body, path, bound)
        kinds = body.get("kind")
        ids = body.get("id")
        var = body.get("is")
        return RoleSelector(
            kinds=None if kinds is None else frozenset(self.kinds(kinds, (*path, "kind"), "role")),
            not_kinds=frozenset(self.kinds(body.get("not_kind", []), (*path, "not_kind"), "role")),
            ids=None if ids is None else frozenset([ids] if isinstance(ids, str) else ids),
            var=None if var is None else self.variable(var, (*path, "is"), bound),
            parent=self._optional_end(body, "parent", path, bound),
            under=self._optional_end(body, "under", path, bound),
            member_of=self._optional_end(body, "member_of", path, bound),
            where=self.where(body.get("where"), (*path, "where"), "role"),
        )

    def _optional_end(
        self, body: Mapping[str, Any], key: str, path: Path, bound: frozenset[str]
    ) -> RoleSelector | None:
        return self.end(body[key], (*path, key), bound) if key in body else None

    def flow_selector(self, body: Any, path: Path, bound: frozenset[str]) -> FlowSelector:
        kinds = body.get("kind")
        source, target = body.get("from"), body.get("to")
        either = "between" in body
        ends = ((*path, "from"), (*path, "to"))
        if either:
            if "from" in body or "to" in body:
                self.problem(path, "'between' replaces 'from' and 'to': give one or the other")
            source, target = body["between"]
            ends = ((*path, "between", 0), (*path, "between", 1))
        return FlowSelector(
            kinds=None if kinds is None else frozenset(self.kinds(kinds, (*path, "kind"), "flow")),
            not_kinds=frozenset(self.kinds(body.get("not_kind", []), (*path, "not_kind"), "flow")),
            source=None if source is None else self.end(source, ends[0], bound),
            target=None if target is None else self.end(target, ends[1], bound),
            either_way=either,
            where=self.where(body.get("where"), (*path, "where"), "flow"),
        )


def builtin_practices() -> set[str]:
    """The practice names the organization schema defines."""
    return set(schema("organization")["$defs"]["practices"]["properties"])


def _is_range(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
    )


def model_attributes(entity: str) -> set[str]:
    """The fields a role or flow of the model may have (``index`` too, for flows)."""
    fields = set(schema("organization")["$defs"][entity]["properties"])
    return fields | {"index"} if entity == "flow" else fields
