"""Plugins: the hook specifications, the plugin manager, the registry, and the built-ins.

``hookspecs`` (the contract) → ``manager`` (load built-ins and entry points) →
``registry`` (collect what each registered; :func:`~maturity.plugins.registry.build_registry`
from a session's options) ; ``builtin/`` holds maturity's own plugins.
"""

#: The entry-point group, and the plugin manager's project name.
GROUP = "maturity"
#: Comma-separated plugin names (entry-point or distribution) never to import.
BLOCK_ENV = "MATURITY_BLOCK_PLUGINS"
#: Comma-separated plugin names: import only these third-party plugins.
ONLY_ENV = "MATURITY_PLUGINS"
#: Any non-empty value: built-ins only.
NO_PLUGINS_ENV = "MATURITY_NO_PLUGINS"
