"""Prebuilt index parts of the bundled bulk lists: normalising 38,000 SDN names costs more than a whole report.

`python -m riskscore.screening.prebuilt` writes, for every dataset of data/sources.yaml with an `index` file,
its names grouped by core key with their keys and word counts (`--check` says whether the files are current).
A part is used only for a list with the very names it was made from (SHA-256 of the names) and only while the
normaliser is the one it was made with (its source code's SHA-256); otherwise the list is indexed at run time,
slower and with the same result.

File (gzip, UTF-8, one item a line): a JSON header; the cores in `index.order`; for each core its names, as
'entry<US>text<US>full' joined by <RS> (text empty: the entry's own name; full empty: the core); the
distinctive words, space-separated; and how many names hold each."""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Collection, Mapping, Sequence

from . import index as _index_module
from . import normalize as _normalize_module
from .index import Index, Record, index_source
from .normalize import Key
from .sources import DATA, bundled_datasets, bundled_sources
from .types import NameEntries, ScreeningSource

#: Version of the file layout; the normaliser's own changes are caught by the fingerprint.
FORMAT = 1
REGENERATE = "python -m riskscore.screening.prebuilt"
_US, _RS = "\x1f", "\x1e"


def fingerprint(ascii_only: bool) -> str | None:
    """SHA-256 of what decides a list's index part: this file layout, the normaliser's and the indexer's source
    code and, for names outside ASCII, the transliteration and Unicode versions. None without the sources."""
    h = hashlib.sha256(f"riskscore.screening.prebuilt {FORMAT}\n".encode())
    for module in (_normalize_module, _index_module):
        try:
            # Line ends as checked out on Windows are the same code.
            h.update(Path(module.__file__ or "").read_bytes().replace(b"\r\n", b"\n"))
        except OSError:
            return None
    if not ascii_only:
        import anyascii

        h.update(f"anyascii {getattr(anyascii, '__version__', '?')}; unicode {unicodedata.unidata_version}".encode())
    return h.hexdigest()


def names_digest(entries: NameEntries) -> str:
    """SHA-256 of a list's names, one a line."""
    return hashlib.sha256("\n".join(entries.names).encode()).hexdigest()


def render(src: ScreeningSource) -> str:
    """The prebuilt index file's text for a list of bare names."""
    if not isinstance(src.entries, NameEntries):
        raise TypeError(f"{src.id}: only a list of bare names gets a prebuilt index")
    names = src.entries.names
    if any(_US in n or _RS in n for n in names):
        raise ValueError(f"{src.id}: a name holds a control character this file layout uses as a separator")
    part = index_source(src)
    cores = part.sorted_cores()
    rows = []
    for core in cores:
        records = []
        for e, text, k in part.by_core[core]:
            if k.core != core or k.tokens != tuple(core.split()):
                raise AssertionError(f"{text!r}: a key this file layout cannot restore")  # never with normalize.key
            records.append(f"{e}{_US}{'' if text == names[e] else text}{_US}{'' if k.full == core else k.full}")
        rows.append(_RS.join(records))
    words = sorted(part.word_counts)
    ascii_only = all(n.isascii() for n in names)
    header = {
        "format": FORMAT,
        "fingerprint": fingerprint(ascii_only),
        "list": src.id,
        "date": src.date.isoformat(),
        "names": len(names),
        "sha256": names_digest(src.entries),
        "ascii": ascii_only,
        "cores": len(cores),
        "common": sorted(part.common()),
        "regenerate": REGENERATE,
    }
    lines = [json.dumps(header, sort_keys=True), *cores, *rows, " ".join(words), " ".join(str(part.word_counts[w]) for w in words)]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _Prebuilt:
    """A read prebuilt file; cores and counts are parsed once, names only for the cores a query comes near."""

    header: Mapping[str, Any]
    cores: list[str]
    rows: list[str]
    words: str = field(repr=False)
    counts_line: str = field(repr=False)

    @cached_property
    def position(self) -> dict[str, int]:
        """Each core's line."""
        return dict(zip(self.cores, range(len(self.cores))))

    @cached_property
    def word_list(self) -> list[str]:
        """The distinctive words, sorted."""
        return self.words.split(" ")

    @cached_property
    def count_list(self) -> list[str]:
        """How many names hold each word of `word_list`, as written."""
        return self.counts_line.split(" ")

    def count(self, word: str) -> int:
        """How many names hold the word (a lookup: the whole table is needed only when merging two big lists)."""
        i = bisect_left(self.word_list, word)
        return int(self.count_list[i]) if i < len(self.word_list) and self.word_list[i] == word else 0


def _read(path: Path) -> _Prebuilt | None:
    """The file, or None when it is missing, damaged, of another layout or made with another normaliser."""
    try:
        lines = gzip.decompress(path.read_bytes()).decode("utf-8").split("\n")
        header = json.loads(lines[0])
        n = int(header["cores"])
    except (OSError, EOFError, ValueError, KeyError, TypeError):  # BadGzipFile and JSON errors are ValueErrors
        return None
    if header.get("format") != FORMAT or len(lines) != 2 * n + 4 or header.get("fingerprint") != fingerprint(header.get("ascii") is True):
        return None
    return _Prebuilt(header, lines[1 : n + 1], lines[n + 1 : 2 * n + 1], lines[2 * n + 1], lines[2 * n + 2])


@lru_cache(maxsize=4)
def _load(path: Path) -> _Prebuilt | None:
    return _read(path)


@dataclass(frozen=True)
class PrebuiltPart:
    """The index part of a bundled list, read from its prebuilt file."""

    data: _Prebuilt
    entries: NameEntries

    def cores(self) -> Collection[str]:
        """The core keys of the list's names."""
        return self.data.position.keys()

    def sorted_cores(self) -> list[str]:
        """The core keys in `index.order`, as stored."""
        return self.data.cores

    def names(self, core: str) -> Sequence[Record]:
        """The names whose core key is `core`, in the order of the list's entries."""
        i = self.data.position.get(core)
        if i is None:
            return ()
        tokens = tuple(core.split(" "))
        out: list[Record] = []
        for record in self.data.rows[i].split(_RS):
            e, text, full = record.split(_US)
            entry = int(e)
            out.append((entry, text or self.entries.names[entry], Key(full or core, core, tokens)))
        return out

    def counts(self) -> Mapping[str, int]:
        """For each distinctive word, the number of the list's names holding it."""
        return dict(zip(self.data.word_list, map(int, self.data.count_list)))

    def count(self, word: str) -> int:
        """The number of the list's names holding the word."""
        return self.data.count(word)

    def common(self) -> frozenset[str]:
        """The words common in this list alone."""
        return frozenset(self.data.header["common"])


def index_files() -> dict[str, Path]:
    """The prebuilt index file of each bundled list that has one, by list id."""
    return {d["id"]: DATA / d["index"] for d in bundled_datasets() if d.get("index")}


def part_for(src: ScreeningSource) -> PrebuiltPart | None:
    """The prebuilt part for a list, if one was made from exactly its names by the current normaliser."""
    path = index_files().get(src.id)
    if path is None or not isinstance(src.entries, NameEntries):
        return None
    data = _load(path)
    if data is None or data.header.get("names") != len(src.entries) or data.header.get("sha256") != names_digest(src.entries):
        return None
    return PrebuiltPart(data, src.entries)


@lru_cache(maxsize=8)
def index_for(sources: tuple[ScreeningSource, ...]) -> Index:
    """The index of the lists: prebuilt parts where they apply, the other lists indexed now. Equal to
    `index.build_index(sources)`."""
    return Index(sources, [part_for(s) or index_source(s) for s in sources])


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or with --check, verify) the prebuilt index of every bundled list that has one."""
    import argparse

    parser = argparse.ArgumentParser(prog=REGENERATE, description="Write the prebuilt index files of the bundled bulk lists.")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is missing or stale")
    args = parser.parse_args(argv)
    files = index_files()
    stale = 0
    for src in bundled_sources():
        if src.id not in files:
            continue
        path, text = files[src.id], render(src)
        current = path.exists() and gzip.decompress(path.read_bytes()).decode("utf-8") == text
        if args.check:
            stale += not current
            print(f"{path.name}: {'current' if current else 'STALE: run ' + REGENERATE}")
        elif not current:
            # mtime=0: the same index gives the same bytes.
            path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
            print(f"wrote {path.name} ({src.id} {src.date}, {len(src.entries):,} names)")
        else:
            print(f"{path.name}: current")
    _load.cache_clear()
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
