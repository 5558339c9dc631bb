"""Write rendered reports: every file lands whole or not at all, with the permissions of the umask."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable, Mapping, TextIO, Union

#: A file written by a function as it renders (the JSON record): it never exists whole in memory.
Writer = Callable[[TextIO], None]
Content = Union[str, bytes, Writer]
#: Text is encoded and written this many characters at a time, so a large report is not copied whole.
CHUNK = 1 << 20


def current_umask() -> int:
    """The process umask (read by setting it and putting it back: the only portable way)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write(fd: int, content: Content) -> None:
    if isinstance(content, bytes):
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        return
    # newline="": no "\r\n" on Windows, the same bytes on every system.
    with os.fdopen(fd, "w", encoding="utf-8", newline="", buffering=CHUNK) as handle:
        if isinstance(content, str):
            for start in range(0, len(content), CHUNK):
                handle.write(content[start:start + CHUNK])
        else:
            content(handle)


def write_outputs(rendered: Mapping[str, Content], out_dir: Path) -> list[Path]:
    """Write each file (text as UTF-8, bytes, or a writer given the open text file) to a temporary file
    in the folder, then rename every one over its target: a failure leaves no file half-written.

    The temporary file is created private, then given the mode a new file would have (0666 less
    the umask), so colleagues can open a report on a shared drive when the umask allows it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    mode = 0o666 & ~current_umask()
    done: list[tuple[str, Path]] = []
    try:
        for name in sorted(rendered):
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=out_dir)
            done.append((tmp, out_dir / name))
            _write(fd, rendered[name])
            os.chmod(tmp, mode)
    except BaseException:
        for tmp, _ in done:
            Path(tmp).unlink(missing_ok=True)
        raise
    for n, (tmp, target) in enumerate(done):
        try:
            os.replace(tmp, target)
        except BaseException:
            for left, _ in done[n:]:
                Path(left).unlink(missing_ok=True)
            raise
    return [target for _, target in done]
