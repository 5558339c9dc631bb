"""Write rendered reports: every file lands whole or not at all, with the permissions of the umask."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Mapping, Union


def current_umask() -> int:
    """The process umask (read by setting it and putting it back: the only portable way)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_outputs(rendered: Mapping[str, Union[str, bytes]], out_dir: Path) -> list[Path]:
    """Write each file (text as UTF-8, or bytes) through a temporary file and an atomic rename.

    The temporary file is created private, then given the mode a new file would have (0666 less
    the umask), so colleagues can open a report on a shared drive when the umask allows it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    mode = 0o666 & ~current_umask()
    written = []
    for name in sorted(rendered):
        target = out_dir / name
        content = rendered[name]
        data = content.encode("utf-8") if isinstance(content, str) else content
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=out_dir)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, mode)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written.append(target)
    return written
