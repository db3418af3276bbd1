"""Write files atomically: a temporary file beside the target, then a rename.

The temporary file is removed whatever stops the write, an interrupt included.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from maturity.errors import OutputError
from maturity.outpaths import refuse_special


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Write ``content`` to ``path`` so that readers see the old file or the new, never half."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with open_atomic(path) as handle:
        handle.write(data)


@contextmanager
def open_atomic(path: str | Path) -> Iterator[BinaryIO]:
    """A file to write ``path`` through, in pieces: it replaces ``path`` when the block
    ends without an error (readers see the old file or the new, never half)."""
    target = Path(path)
    refuse_special(target)
    folder = target.parent
    if not folder.exists():
        raise OutputError(f"{target}: folder {folder} does not exist")
    if not folder.is_dir():
        raise OutputError(f"{target}: {folder} is not a folder")
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"{target}: cannot write in {folder}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(temp, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    except BaseException:  # an interrupt (Ctrl-C) or a bug: no temporary file left behind
        Path(temp).unlink(missing_ok=True)
        raise
