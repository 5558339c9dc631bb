"""Importers: build vendor lists from the public catalogues people already use (OpenRouter, LiteLLM).

One entry point, `import_catalogue(kind, paths, directory)`, returns a vendor-list-shaped dict and what
the import did (`ImportStats`); `detect_catalogue(path)` tells whether a file is a catalogue, so
`riskscore report` and `validate` accept catalogue files directly. Organisations resolve through the
directory; a slug it lacks becomes an organisation of unknown country, reported as a data gap.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from ..errors import InputError, Problem
from ..models import Organization, VendorList
from ..resources import bundled
from ..yamlsafe import MAX_BYTES, FileProblem, YamlProblem, parse_yaml, read_limited
from .common import Directory, ImportStats
from .hook import import_docs
from .litellm import import_litellm
from .openrouter import import_openrouter
from .reading import ENDPOINTS, LITELLM, MODELS, PROVIDERS, detect

__all__ = ["CATALOGUES", "ImportStats", "detect_catalogue", "dump_vendor_list", "import_catalogue", "import_docs", "load_directory"]

#: Catalogue kinds accepted by `import_catalogue` and the file kinds each one reads.
CATALOGUES: dict[str, tuple[str, ...]] = {"openrouter": (MODELS, ENDPOINTS, PROVIDERS), "litellm": (LITELLM,)}


def detect_catalogue(path: Path) -> str | None:
    """The catalogue kind ('openrouter' or 'litellm') of a file, from its content; None if it is not one."""
    kind = detect(path)
    return next((name for name, kinds in CATALOGUES.items() if kind in kinds), None)


def import_catalogue(
    kind: str,
    paths: Sequence[Path],
    directory: Mapping[str, Organization] | Iterable[Organization] | None = None,
    snapshot_date: date | None = None,
) -> tuple[dict[str, Any], ImportStats]:
    """Import catalogue files into a vendor list (organisations it had to create, and candidates).

    `directory` is the organisation directory to resolve against (default: the bundled one); the result
    holds only organisations missing from it. Raises InputError listing every problem of every file.
    """
    data, stats, _ = _run(kind, list(paths), Directory(load_directory() if directory is None else directory), snapshot_date)
    return data, stats


def _run(kind: str, paths: list[Path], directory: Directory, snapshot_date: date | None) -> tuple[dict[str, Any], ImportStats, dict[str, tuple[str, int]]]:
    problems: list[Problem] = []
    if kind not in CATALOGUES:
        raise InputError([Problem("<import>", 1, 1, "", f"unknown catalogue '{kind}' (use {' or '.join(CATALOGUES)})")])
    if not paths:
        raise InputError([Problem("<import>", 1, 1, "", f"no {kind} files given")])
    runner = import_openrouter if kind == "openrouter" else import_litellm
    data, stats, origins = runner(paths, directory, snapshot_date, problems)
    if problems:
        raise InputError(problems)
    return data, stats, origins


def load_directory(paths: Sequence[Path] | None = None) -> list[Organization]:
    """Organisations of directory files (default: the bundled directory); raises InputError on a bad file."""
    orgs: list[Organization] = []
    problems: list[Problem] = []
    for path in paths or [bundled("vendors") / "organizations.yaml"]:
        try:
            parsed = parse_yaml(read_limited(path, MAX_BYTES).decode("utf-8-sig"))  # never blocks on a FIFO
            orgs.extend(VendorList.model_validate(parsed.data or {}).organizations)
        except YamlProblem as exc:
            problems.append(Problem(str(path), exc.line, exc.col, "", exc.message))
        except FileProblem as exc:
            problems.append(Problem(str(path), 1, 1, "", exc.message))
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(str(path), 1, 1, "", f"cannot read directory: {exc}"))
        except ValueError as exc:  # pydantic's ValidationError; `riskscore validate` locates each problem
            problems.append(Problem(str(path), 1, 1, "", f"invalid directory (run riskscore validate on it): {str(exc).splitlines()[0]}"))
    if problems:
        raise InputError(problems)
    return orgs


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


def dump_vendor_list(data: dict[str, Any], fmt: str = "yaml") -> str:
    """The vendor list as YAML (dates unquoted) or JSON text; the same data gives the same bytes."""
    if fmt == "json":
        return json.dumps(_plain(data), indent=1, ensure_ascii=False) + "\n"
    import yaml

    class _Dumper(yaml.SafeDumper):
        """No anchors: a shared date object must not become `&id001` / `*id001`."""

        def ignore_aliases(self, data: Any) -> bool:
            return True

    header = "# Vendor list written by `riskscore import`; check the data gaps it reported before relying on it.\n"
    return header + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120, default_flow_style=False)
