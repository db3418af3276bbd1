"""maturity — assess how a B2B SaaS company's departments create and deliver value together."""

import pluggy

__version__ = "0.1.0"

#: Decorator for plugin hook implementations (``@maturity.hookimpl``).
hookimpl = pluggy.HookimplMarker("maturity")

__all__ = ["__version__", "hookimpl"]
