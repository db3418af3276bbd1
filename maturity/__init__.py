"""maturity — assess how a B2B SaaS company's departments create and deliver value together."""

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "hookimpl"]


def __getattr__(name: str) -> Any:
    # ``hookimpl`` (``@maturity.hookimpl``, the decorator for plugin hook
    # implementations) is made on first use, so `maturity --version` never
    # imports pluggy.
    if name == "hookimpl":
        import pluggy

        marker = pluggy.HookimplMarker("maturity")
        globals()["hookimpl"] = marker
        return marker
    raise AttributeError(f"module 'maturity' has no attribute {name!r}")
