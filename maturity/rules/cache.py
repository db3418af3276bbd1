"""A cache of parsed rule packs: TOML parsing is most of a cold start's pack work.

An entry is the pack file's parsed data, stored with :mod:`marshal` (plain
data only: nothing in it can run code) under a name made of a hash of the
file's bytes, the engine's version and the Python version. Any change to the
file, or a new maturity or Python, reads a different entry, so an entry is
never stale. Entries are written to a temporary file and renamed into place,
so concurrent runs see a whole entry or none. The folder is
``$MATURITY_CACHE_DIR``, else ``$XDG_CACHE_HOME/maturity``, else
``~/.cache/maturity``; ``MATURITY_NO_CACHE=1`` turns the cache off. A cache that
cannot be read or written is simply not used.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from maturity import __version__


def folder() -> Path | None:
    """Where entries live, or ``None`` when the cache is off."""
    if os.environ.get("MATURITY_NO_CACHE"):
        return None
    if os.environ.get("MATURITY_CACHE_DIR"):
        return Path(os.environ["MATURITY_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "maturity"


def entry(content: bytes, kind: str) -> Path | None:
    where = folder()
    if where is None:
        return None
    digest = hashlib.sha256(content)
    digest.update(f"\0{kind}\0{__version__}\0{sys.version}".encode())
    return where / f"{kind}-{digest.hexdigest()[:40]}.marshal"


def cached(content: bytes, kind: str, parse: Callable[[], Any]) -> Any:
    """``parse()``'s result for ``content``, from the cache when it holds it."""
    path = entry(content, kind)
    if path is not None:
        try:
            return marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            pass  # not there yet, or unreadable: parse
    data = parse()
    if path is not None:
        _store(path, data)
    return data


def _store(path: Path, data: Any) -> None:
    try:
        blob = marshal.dumps(data)
    except ValueError:  # e.g. a TOML date: not plain data, not cached
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".entry.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(blob)
            os.replace(temp, path)
        except OSError:
            Path(temp).unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk: run without the cache
