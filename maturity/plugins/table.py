"""The plugin table of ``maturity plugins``: what each plugin supplies, and its problems."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from maturity.assess.session import Session


def plugin_table(session: Session) -> list[dict[str, Any]]:
    """Every plugin: distribution, version, hooks, packs and rules supplied, and problems."""
    packs_by_source: dict[str, list[dict[str, Any]]] = {}
    for pack in session.all_packs:
        packs_by_source.setdefault(pack.source, []).append(
            {"id": pack.id, "version": pack.version, "rules": [r.id for r in pack.rules]}
        )
    errors: dict[str, list[str]] = {}
    for source, message in session.errors:
        if not message.startswith("failed to load"):  # already the plugin's own error
            errors.setdefault(source, []).append(message)
    out = []
    for info in sorted(session.plugins, key=lambda i: (not i.builtin, i.name)):
        is_pack_home = info.builtin and info.name == "maturity.builtin.packs"
        owned = (
            packs_by_source.get(info.distribution, []) if not info.builtin or is_pack_home else []
        )
        blocked = info.error == "blocked"
        problems = ([info.error] if info.error and not blocked else []) + (
            errors.get(info.distribution, []) if not info.builtin else []
        )
        out.append(
            {
                "name": info.name,
                "distribution": info.distribution,
                "version": info.version,
                "builtin": info.builtin,
                "blocked": blocked,
                "hooks": list(info.hooks),
                "packs": owned,
                "error": "; ".join(problems) or None,
            }
        )
    return out
