"""Hook specifications: the plugin author's reference.

Collection hooks take a ``register`` callback, so the core validates what
arrives, rejects duplicates naming both sources, and knows which plugin
supplied what. Hook arguments are only ever added, never renamed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click
import pluggy

if TYPE_CHECKING:
    import networkx as nx

hookspec = pluggy.HookspecMarker("maturity")


@hookspec
def maturity_register_packs(register: Callable[[Any], None]) -> None:
    """Register rule packs.

    :param register: call it with a path to a TOML pack file, the pack's data
        as a dict, or a :class:`maturity.rules.Pack` (Python rules).

    Example::

        @maturity.hookimpl
        def maturity_register_packs(register):
            register(Path(__file__).parent / "my_pack.toml")
    """


@hookspec
def maturity_register_operators(register: Callable[[Any], None]) -> None:
    """Register predicate operators for the declarative language.

    :param register: call it with a :class:`maturity.engine.operators.Operator`.

    Example::

        register(Operator("starts_with", lambda a, b: str(a).startswith(b)))
    """


@hookspec
def maturity_register_metrics(register: Callable[[str, Callable[..., Any]], None]) -> None:
    """Register graph metrics usable in ``metric`` conditions.

    :param register: call it with a name and a function ``fn(graph, **kwargs)``
        returning ``{role_id: number}``; ``graph`` is the projected networkx graph.

    Example::

        register("pagerank_lite", lambda g, **_: {n: g.in_degree(n) for n in g})
    """


@hookspec
def maturity_register_vocabulary(register: Callable[..., None]) -> None:
    """Register extra role kinds, flow kinds, content tags or practices.

    :param register: call it with keyword arguments ``role_kinds``,
        ``flow_kinds``, ``content`` (lists of names), ``practices``
        (``{name: JSON Schema of its value}``) and ``words`` (``{name: {"en":
        text, "zh": text}}``: how reports say the names this call registers).

    Example::

        register(role_kinds=["partner_manager"], practices={"nps": {"type": "number"}},
                 words={"partner_manager": {"en": "partner manager", "zh": "渠道经理"}})
    """


@hookspec
def maturity_register_loaders(register: Callable[[Any], None]) -> None:
    """Register input formats for organization models.

    :param register: call it with a :class:`maturity.model.Loader` (name,
        file suffixes, ``parse(text, source)`` returning the model's data; raise
        :class:`maturity.errors.ModelError` for bad input).

    Example::

        register(Loader("yaml", (".yaml", ".yml"), lambda text, source: yaml.safe_load(text)))
    """


@hookspec
def maturity_register_reporters(register: Callable[[Any], None]) -> None:
    """Register report formats for ``--format``.

    :param register: call it with a :class:`maturity.report.Reporter` (name,
        ``render(report, lang)`` returning text; ``report`` is the JSON report
        contract as a dict; optionally ``render_many(reports, lang)``, several
        models as one document, for a portfolio on standard output).

    Example::

        register(Reporter("csv", lambda report, lang: to_csv(report["findings"]), ".csv"))
    """


@hookspec
def maturity_register_commands(cli: click.Group) -> None:
    """Add subcommands to the ``maturity`` command line.

    :param cli: the click group; call ``cli.add_command(...)``.

    Example::

        @click.command()
        def hello():
            click.echo("hello")

        cli.add_command(hello)
    """


@hookspec
def maturity_prepare_graph(graph: nx.MultiDiGraph) -> None:
    """Enrich the graph in place before rules run (e.g. derive attributes).

    :param graph: the organization's ``networkx.MultiDiGraph``. Name derived
        attributes ``x_…`` so they never clash with the model's fields.

    Example::

        for role_id, data in graph.nodes(data=True):
            data["x_fan_in"] = graph.in_degree(role_id)
    """
