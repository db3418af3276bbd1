"""The steps of ``maturity discover``: each reads, computes and renders one kind of output."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import click

from maturity.cli.terminal import emit
from maturity.discover.mapping import Mapping_, load_mapping
from maturity.discover.readers import Request
from maturity.discover.run import Job, load, network, progress
from maturity.discover.words import language, words

__all__ = ["Choice", "emit", "refuse_overwrite"]


@dataclass(frozen=True)
class Choice:
    """The --format asked for, checked against what this mode writes."""

    asked: str | None
    allowed: tuple[str, ...]
    default: str

    @property
    def value(self) -> str:
        if self.asked is None:
            return self.default
        if self.asked not in self.allowed:
            raise click.BadParameter(
                f"'{self.asked}' is not one of {', '.join(self.allowed)} for this output",
                param_hint="--format",
            )
        return self.asked


def refuse_overwrite(output: str | None, inputs: Sequence[str]) -> str | None:
    """The path to write (None: standard output), checked by maturity.outpaths: never a
    file the run reads, by any name, nor a device or a pipe."""
    from maturity.outpaths import Outputs

    return Outputs(inputs).claim(output, "the output")


def _mapping(path: str | None, session: Any = None) -> Mapping_ | None:
    if path is None:
        return None
    vocabulary = session.registry.vocabulary if session is not None else None
    return load_mapping(path, vocabulary)


def _needs_roles(mapping: Mapping_, what: str) -> None:
    if not mapping.roles:
        raise mapping_error(mapping, ("roles",), f"{what} needs at least one [[roles]] entry")


def mapping_error(mapping: Mapping_, path: tuple[str | int, ...], message: str) -> Exception:
    from maturity.discover.mapping import MappingError

    return MappingError([mapping.problem(path, message)])


def _job(
    logs: Sequence[str], mapping: Mapping_ | None, by: str, kind: str, with_attributes: bool = False
) -> Job:
    from maturity.discover.observe import RoleRules

    request = Request(
        columns=mapping.columns if mapping else {},
        attributes=mapping.attributes() if mapping and with_attributes else (),
        need_activity=with_attributes,
    )
    roles = (
        RoleRules(tuple(mapping.roles)) if mapping and (by == "role" or with_attributes) else None
    )
    return Job(tuple(logs), request, by, kind, roles)


def network_document(
    options: dict[str, Any],
    logs: Sequence[str],
    mapping_path: str | None,
    fmt: Choice,
    by: str,
    kind: str,
    scheduler: str | None,
    workers: int | None,
) -> str:
    """The handover-of-work (or working-together) network as CSV or JSON."""
    from maturity.discover.network_io import render_network

    chosen = fmt.value
    session = None
    if mapping_path is not None:
        from maturity.cli.options import make_session

        session = make_session(options, (mapping_path,))  # plugins may add role kinds
    mapping = _mapping(mapping_path, session)
    if by == "role":
        if mapping is None:
            raise click.UsageError("--by role needs --mapping (which resource is in which role)")
        _needs_roles(mapping, "--by role")
    result = network(_job(logs, mapping, by, kind), scheduler, workers)
    if result.skipped:
        progress(words("note", text=words("skipped", count=result.skipped)))
    return render_network(result, chosen)


def observed_model(
    logs: Sequence[str], mapping_path: str, thresholds: tuple[int, float], session: Any
) -> Any:
    """Read, map, observe and build: the observed organization as a valid Model."""
    from maturity.discover.build import build_model
    from maturity.discover.observe import Observed, observe
    from maturity.discover.render import unmapped_sentences

    mapping = _mapping(mapping_path, session)
    assert mapping is not None
    _needs_roles(mapping, "a model")
    build_model(mapping, Observed(), logs, thresholds, session.registry.vocabulary)  # fail fast
    log = load(_job(logs, mapping, "role", "handover", with_attributes=True))
    observed = observe(log.con, mapping)
    lines = unmapped_sentences(
        observed.unmapped_resources, observed.unmapped_activities, language()
    )
    for line in lines:
        progress(words("note", text=line))
    model = build_model(mapping, observed, logs, thresholds, session.registry.vocabulary)
    flows = len(model.flows)
    progress(words("observed", handovers=observed.handovers, cases=observed.cases, flows=flows))
    return model, observed


def model_document(
    logs: Sequence[str],
    mapping_path: str,
    fmt: Choice,
    thresholds: tuple[int, float],
    options: dict[str, Any],
) -> str:
    """The observed organization as a TOML or JSON model."""
    from maturity.cli.options import make_session
    from maturity.model.writer import dumps_model

    chosen = fmt.value
    session = make_session(options, (mapping_path,))
    model, _ = observed_model(logs, mapping_path, thresholds, session)
    if chosen == "json":
        return json.dumps(model.data, ensure_ascii=False, indent=2) + "\n"
    header = [
        "The observed organization: discovered from event logs by `maturity discover`.",
        "Each flow's [flows.observed] table holds the counts behind it.",
    ]
    return dumps_model(model.data, header)


def drift_document(
    logs: Sequence[str],
    mapping_path: str,
    declared_path: str,
    fmt: Choice,
    lang: str,
    thresholds: tuple[int, float, float],
    options: dict[str, Any],
) -> str:
    """The drift report: the declared model against the observed one, assessed side by side.

    ``thresholds``: the minimum count and share of an observed flow, and the share
    at or above which the log contradicts the declared model.
    """
    from maturity.cli.options import make_session
    from maturity.discover.drift import compare
    from maturity.discover.render import render_drift

    chosen = fmt.value
    session = make_session(options, (declared_path,))
    declared = session.load(declared_path)
    mapping = _mapping(mapping_path, session)
    assert mapping is not None
    min_count, min_share, contradiction = thresholds
    observed, counts = observed_model(logs, mapping_path, (min_count, min_share), session)
    report = compare(session, declared, observed, mapping, counts, logs, lang, contradiction)
    return render_drift(report, chosen, lang)
