"""The session options shared by commands: kept here for plugin authors' imports.

The code lives in :mod:`maturity.cli.options`.
"""

from maturity.cli.options import make_session, session_options

__all__ = ["make_session", "session_options"]
