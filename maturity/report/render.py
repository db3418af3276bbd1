"""Rendering a report with a format: a plugin's format that fails is that plugin's error."""

from __future__ import annotations

from typing import Any

from maturity.errors import PluginError, origin


def render_with(session: Any, reporter: Any, report: Any, lang: str, encoded: bool = False) -> Any:
    """``reporter.render(report, lang)``; a plugin's format that raises is a
    :class:`PluginError` of that plugin (exit 3), maturity's own a bug (exit 4).
    ``encoded``: UTF-8 bytes are as good as text (the reporter's ``render_bytes``)."""
    owner = session.registry.owners.get(("report format", reporter.name), "maturity")
    render = reporter.render_bytes if encoded and reporter.render_bytes else reporter.render
    try:
        return render(report, lang)
    except Exception as exc:
        if owner == "maturity":
            raise
        message = f"report format '{reporter.name}' failed: {exc!r}{origin(exc)}"
        raise PluginError(owner, message) from exc
