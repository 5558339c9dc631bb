"""Write rendered reports: every file lands whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Mapping


def write_outputs(rendered: Mapping[str, str], out_dir: Path) -> list[Path]:
    """Write each file through a temporary file and an atomic rename; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in sorted(rendered):
        target = out_dir / name
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=out_dir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(rendered[name])
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written.append(target)
    return written
