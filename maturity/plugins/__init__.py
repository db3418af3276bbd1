"""Plugins: the hook specifications, the plugin manager, and the built-in plugins."""

from maturity.plugins.manager import (
    BLOCK_ENV,
    BUILTIN_MODULES,
    GROUP,
    NO_PLUGINS_ENV,
    ONLY_ENV,
    PluginInfo,
    Registry,
    collect,
    get_plugin_manager,
)

__all__ = [
    "BLOCK_ENV",
    "BUILTIN_MODULES",
    "GROUP",
    "NO_PLUGINS_ENV",
    "ONLY_ENV",
    "PluginInfo",
    "Registry",
    "collect",
    "get_plugin_manager",
]
