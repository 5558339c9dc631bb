"""The loader's hook: catalogue files given as vendor lists are imported on the fly."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from ..errors import InputError
from ..pack import InputRecord
from .common import Directory
from .reading import ENDPOINTS, MODELS, detect

if TYPE_CHECKING:
    from ..documents import Collector, Doc


def _groups(paths: Sequence[Path]) -> list[tuple[str, list[tuple[Path, str]]]]:
    """Every OpenRouter file in one group (they describe one snapshot), each LiteLLM file alone."""
    groups: list[tuple[str, list[tuple[Path, str]]]] = []
    openrouter: list[tuple[Path, str]] = []
    for path in paths:
        kind = detect(path)
        if kind is None:
            continue
        if kind.startswith("openrouter"):
            if not openrouter:
                groups.append(("openrouter", openrouter))
            openrouter.append((path, kind))
        else:
            groups.append(("litellm", [(path, kind)]))
    return groups


def _known(docs: Sequence[tuple[bool, "Doc"]]) -> Directory:
    """The organisations of the documents loaded so far (directory and user files), unvalidated."""
    orgs: list[dict[str, Any]] = []
    for _, doc in docs:
        items = doc.data.get("organizations") if isinstance(doc.data, dict) else None
        orgs.extend(o for o in items or [] if isinstance(o, dict) and isinstance(o.get("id"), str))
    return Directory(orgs)


def import_docs(paths: Sequence[Path], docs: Sequence[tuple[bool, "Doc"]], out: "Collector") -> list[tuple[bool, "Doc"]]:
    """Vendor-list documents imported from the catalogue files among `paths`, resolved against `docs`."""
    from ..documents import (
        Doc,  # imported here: the loader imports this module lazily, so no cycle
    )
    from . import _run

    directory = _known(docs)
    result: list[tuple[bool, Doc]] = []
    for kind, members in _groups(paths):
        files = [p for p, _ in members]
        try:
            data, _, origins = _run(kind, files, directory, None)
        except InputError as exc:
            out.problems.extend(exc.problems)
            continue
        # Problems and provenance name the endpoint table, else the models list, else the file itself.
        order = [ENDPOINTS, MODELS]
        main = min(members, key=lambda m: order.index(m[1]) if m[1] in order else len(order))[0]
        digests = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
        out.records.extend(InputRecord(str(p), digests[p], "vendors") for p in files if p != main)
        lines = {cid: line for cid, (_, line) in origins.items()}
        ids = [c["id"] for c in data["candidates"]]

        def locator(loc: tuple[Any, ...], at_key: bool, ids: list[str] = ids, lines: dict[str, int] = lines) -> tuple[int, int]:
            if len(loc) >= 2 and loc[0] == "candidates" and isinstance(loc[1], int) and loc[1] < len(ids):
                return lines.get(ids[loc[1]], 1), 1
            return 1, 1

        result.append((False, Doc(str(main), data, locator, digests[main], kind="vendors")))
    return result
