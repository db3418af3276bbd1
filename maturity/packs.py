"""Loading rule packs from Python: kept here for pack authors' imports.

The code lives in :mod:`maturity.rules.packs`.
"""

from maturity.rules.packs import PackSkipped, adopt_pack, load_pack, load_pack_file

__all__ = ["PackSkipped", "adopt_pack", "load_pack", "load_pack_file"]
