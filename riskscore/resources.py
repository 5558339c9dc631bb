"""Where the bundled rule pack, templates, presets and vendor list live (wheel or source tree)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
BUNDLED_NAMES = ("rules", "templates", "profiles", "vendors")


@lru_cache(maxsize=None)
def bundled(name: str) -> Path:
    """The folder of a bundled resource: inside an installed wheel, else beside the package."""
    installed = _PACKAGE / "_bundled" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def bundled_label(path: Path) -> str | None:
    """A machine-independent label such as 'bundled:rules/export.yaml' for bundled files."""
    resolved = path.resolve()
    for name in BUNDLED_NAMES:
        root = bundled(name).resolve()
        if resolved == root or root in resolved.parents:
            return f"bundled:{name}/{resolved.relative_to(root).as_posix()}".rstrip("/.")
    return None
