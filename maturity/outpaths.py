"""Which paths a run may write: one decision, used by every command before any work.

A run may write a path when it is

- standard output: ``-``, or ``/dev/stdout`` (and ``/dev/fd/1``, ``/proc/self/fd/1``),
  which mean standard output as well, so the output goes there;
- not a device, a named pipe, a socket or a folder, nor a symbolic link to one
  (replacing ``/dev/null`` with a report would break the system; a pipe could
  block the run forever);
- not a file the run reads (a model, the configuration), by any of its names:
  the same path, a symbolic link, ``..`` in the path, or a hard link;
- not a path another output of the same run writes (two reports of a portfolio
  with the same base name, a plan and ``--write-model`` on one file).

:class:`Outputs` collects a run's outputs; each :meth:`Outputs.claim` raises
:class:`~maturity.errors.OutputError` (exit 2) naming the path and the reason.
Commands that plugins add can use it the same way::

    outputs = Outputs(inputs=[model_path])
    target = outputs.claim(output, "the report")  # None: standard output
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from maturity.errors import OutputError

#: Names that mean this process's standard output.
STDOUT_NAMES = frozenset({"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})

_KINDS = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


def is_stdout(path: str | os.PathLike[str] | None) -> bool:
    """Whether ``path`` (or no path) means standard output."""
    return path is None or os.fspath(path) in STDOUT_NAMES


def special_kind(path: str | os.PathLike[str]) -> str | None:
    """What ``path`` is when it is not a regular file nor absent ("a named pipe"), else None."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise OutputError(f"{os.fspath(path)}: cannot write: {exc.strerror or exc}") from None
    for test, name in _KINDS:
        if test(mode):
            return name
    return None


def refuse_special(path: str | os.PathLike[str], allow_folder: bool = False) -> None:
    """Raise :class:`OutputError` when ``path`` is (or links to) a device, pipe or socket."""
    kind = special_kind(path)
    if kind is None or (allow_folder and kind == "a directory"):
        return
    link = " (through a symbolic link)" if os.path.islink(path) else ""
    hint = "; give a file path" if kind == "a directory" else "; use - for standard output"
    raise OutputError(f"{os.fspath(path)}: is {kind}{link}, not a file{hint}")


def _keys(path: str | os.PathLike[str]) -> set[object]:
    """Every identity of ``path``: its resolved name and, when it exists, its inode."""
    keys: set[object] = {str(Path(path).resolve())}
    try:
        info = os.stat(path)
    except OSError:
        return keys
    keys.add((info.st_dev, info.st_ino))
    return keys


class Outputs:
    """The outputs of one run, checked against its inputs and against each other."""

    def __init__(self, inputs: Iterable[str | os.PathLike[str] | None] = ()):
        self._inputs = [(os.fspath(p), _keys(p)) for p in inputs if p and not is_stdout(p)]
        self._claims: list[tuple[str, set[object]]] = []
        self._stdout: str | None = None

    def claim(self, path: str | None, what: str) -> str | None:
        """Reserve ``path`` for ``what`` ("the report"); None when it means standard output."""
        if is_stdout(path):
            if self._stdout is not None:
                raise OutputError(f"standard output: {self._stdout} and {what} would both be "
                                  "written there; give one of them a file")  # fmt: skip
            self._stdout = what
            return None
        assert path is not None
        refuse_special(path)
        keys = _keys(path)
        for name, other in self._inputs:
            if keys & other:
                raise OutputError(f"{path}: is one of the files being read ({name}); "
                                  "choose another path")  # fmt: skip
        for owner, other in self._claims:
            if keys & other:
                raise OutputError(f"{path}: {owner} and {what} would both be written here; "
                                  "give each its own path")  # fmt: skip
        self._claims.append((what, keys))
        return path

    def claim_folder(self, path: str) -> Path:
        """Check that ``path`` is an existing folder (not a link to a device) to write into."""
        refuse_special(path, allow_folder=True)
        folder = Path(path)
        if not folder.is_dir():
            raise OutputError(f"{path}: with several models, -o must name an existing folder")
        return folder
