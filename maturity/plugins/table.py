"""The plugin table of ``maturity plugins``: everything each plugin contributes, and its problems.

Contributions are named as ``maturity plugins --format json`` gives them:
packs, rules, operators, metrics, report and model formats, role and flow
kinds, content tags, practices and commands.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from maturity.plugins.manager import PluginInfo

if TYPE_CHECKING:
    from maturity.assess.session import Session

#: Contribution kinds: the registry's word → the table's key, in listing order.
KINDS = {
    "operator": "operators",
    "metric": "metrics",
    "report format": "report_formats",
    "model format": "model_formats",
    "role kind": "role_kinds",
    "flow kind": "flow_kinds",
    "content tag": "content",
    "practice": "practices",
    "command": "commands",
}
#: The entry for maturity's own commands (they are part of the core, not a hook's).
CORE_COMMANDS = "maturity.cli"


def plugin_table(session: Session, core_commands: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Every plugin: distribution, version, hooks, contributions, and problems."""
    from maturity import __version__

    errors: dict[str, list[str]] = {}
    for source, message in session.errors:
        if not message.startswith("failed to load"):  # already the plugin's own error
            errors.setdefault(source, []).append(message)
    plugins = list(session.plugins)
    # Built-ins by name, then plugins in load order: entry points by name, local files as given.
    ordered = sorted(
        enumerate(plugins),
        key=lambda item: (not item[1].builtin, item[1].name if item[1].builtin else item[0]),
    )
    out = [_entry(session, info, errors, plugins) for _, info in ordered]
    core = sorted(set(core_commands) - set(session.registry.commands))
    if core:
        core_info = PluginInfo(CORE_COMMANDS, "maturity", __version__, True)
        entry = _entry(session, core_info, {}, plugins)
        entry["contributes"]["commands"] = core
        out.insert(0, entry)
    return out


def _packs(session: Session, info: PluginInfo, plugins: list[PluginInfo]) -> list[dict[str, Any]]:
    """The packs of ``info``: its distribution's, if it is the first of it to register packs."""
    homes = [p for p in plugins if p.distribution == info.distribution]
    home = next((p for p in homes if "maturity_register_packs" in p.hooks), None)
    if home is None or home.name != info.name:
        return []
    return [
        {"id": pack.id, "version": pack.version, "rules": [r.id for r in pack.rules]}
        for pack in session.all_packs
        if pack.source == info.distribution
    ]


def _entry(
    session: Session, info: PluginInfo, errors: dict[str, list[str]], plugins: list[PluginInfo]
) -> dict[str, Any]:
    blocked = info.error == "blocked"
    problems = ([info.error] if info.error and not blocked else []) + (
        errors.get(info.distribution, []) if not info.builtin else []
    )
    packs = _packs(session, info, plugins)
    found = session.registry.contributions.get(info.name, {})
    contributes = {
        "packs": [p["id"] for p in packs],
        "rules": [r for p in packs for r in p["rules"]],
        **{key: sorted(found.get(what, ())) for what, key in KINDS.items()},
    }
    return {
        "name": info.name,
        "distribution": info.distribution,
        "version": info.version,
        "builtin": info.builtin,
        "blocked": blocked,
        "hooks": list(info.hooks),
        "packs": packs,
        "contributes": contributes,
        "error": "; ".join(problems) or None,
    }
