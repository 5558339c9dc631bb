"""A diff as text (the terminal), Markdown (a pull request) or JSON (machines)."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from .context import show
from .model import CandidateBrief, CandidateDiff, Change, Diff

FORMATS = ("text", "md", "json")


def _money(value: Any) -> str:
    return "unknown" if value is None else f"${value:,.2f}"


def _value(change: Change, side: Any) -> str:
    return _money(side) if change.field == "monthly_cost_usd" else show(side)


def _headline(d: CandidateDiff) -> str:
    by = {c.field: c for c in d.changes}
    parts = [f"{d.old_verdict} -> {d.new_verdict}" if "verdict" in by else d.new_verdict]
    if "admissible" in by:
        parts.append(f"admissible {show(by['admissible'].old)} -> {show(by['admissible'].new)}")
    return ", ".join(parts)


def _brief(b: CandidateBrief) -> str:
    admissible = "admissible" if b.admissible else "not admissible"
    review = ", review required" if b.review_required else ""
    return f"{b.id}: {b.verdict}, {admissible}{review}, {_money(b.monthly_cost_usd)} a month"


def _counts(diff: Diff) -> str:
    n = {k: sum(1 for d in diff.changed if d.direction == k) for k in ("worse", "better", "same")}
    return (
        f"{n['worse']} worse, {n['better']} better, {n['same']} changed otherwise, {diff.unchanged} unchanged, "
        f"{len(diff.added)} added, {len(diff.removed)} removed"
    )


def _side(label: str, diff: Diff, which: str) -> str:
    s = getattr(diff, which)
    return f"{label} {s.path}: as of {s.as_of}, profile {s.profile}, {s.candidates} candidates, riskscore {s.version or 'unknown'}"


def render_text(diff: Diff) -> str:
    """For the terminal."""
    out = ["riskscore diff", "  " + _side("old", diff, "old"), "  " + _side("new", diff, "new"), ""]
    if diff.context:
        out.append("What changed in the run")
        out += [f"  - {c.text}" for c in diff.context]
        out.append("")
    out += [f"Candidates: {_counts(diff)}", ""]
    for d in diff.changed:
        flag = {"worse": "WORSE ", "better": "better ", "same": ""}[d.direction]
        out.append(f"{flag}{d.id}: {_headline(d)}")
        shown = [c for c in d.changes if c.field not in ("verdict", "admissible")]
        if shown:
            out.append("  changed:  " + "; ".join(f"{c.field} {_value(c, c.old)} -> {_value(c, c.new)}" for c in shown))
        if d.findings:
            out.append("  findings:")
            width = max(len(f.rule_id) for f in d.findings)
            for f in d.findings:
                mark = {"added": "+", "removed": "-", "changed": "~"}[f.change]
                out.append(f"    {mark} {f.rule_id.ljust(width)}  {f.old or 'not applicable'} -> {f.new or 'not applicable'}")
        out.append("  why:")
        out += [f"    - {c.text} [{c.kind}]" for c in d.causes]
        out.append("")
    for title, items in (("Added", diff.added), ("Removed", diff.removed)):
        if items:
            out.append(title)
            out += [f"  {'+' if title == 'Added' else '-'} {_brief(b)}" for b in items]
            out.append("")
    if diff.notes:
        out.append("Notes")
        out += [f"  - {n}" for n in diff.notes]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~$&#<>])")
_MD_AUTOLINK = re.compile(r"(?i)\b(https?):(?=//)|\b(www)\.")


def _md(value: Any) -> str:
    """Text made inert in Markdown: one line, no markup, no links, no raw HTML."""
    text = _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", str(value)).replace("->", "→"))
    return _MD_AUTOLINK.sub(lambda m: f"{m.group(1)}\\:" if m.group(1) else f"{m.group(2)}\\.", text)


def render_md(diff: Diff) -> str:
    """For a pull request or a wiki."""
    out = ["## riskscore diff", "", f"- {_md(_side('Old', diff, 'old'))}", f"- {_md(_side('New', diff, 'new'))}", "", f"**{_md(_counts(diff))}**", ""]
    if diff.context:
        out += ["### What changed in the run", ""] + [f"- {_md(c.text)}" for c in diff.context] + [""]
    if diff.changed:
        out += ["### Changed candidates", "", "| candidate | verdict | admissible | overall | monthly cost | why |", "|---|---|---|---|---|---|"]
        for d in diff.changed:
            by = {c.field: c for c in d.changes}

            def cell(name: str, fmt: Callable[[Any], str] = show, by: dict[str, Change] = by) -> str:
                return f"{fmt(by[name].old)} → {fmt(by[name].new)}" if name in by else "unchanged"

            verdict = f"{d.old_verdict} → **{d.new_verdict}**" if "verdict" in by else d.new_verdict
            flag = " (worse)" if d.direction == "worse" else " (better)" if d.direction == "better" else ""
            why = "; ".join(_md(c.text) for c in d.causes)
            out.append(f"| {_md(d.id)} | {verdict}{flag} | {_md(cell('admissible'))} | {_md(cell('overall'))} | {_md(cell('monthly_cost_usd', _money))} | {why} |")
        out.append("")
        for d in diff.changed:
            if not d.findings:
                continue
            out += [f"#### {_md(d.id)}", ""]
            for f in d.findings:
                why = "; ".join(_md(c.text) for c in f.causes)
                out.append(f"- {_md(f.rule_id)} ({_md(f.title)}): {_md(f.old or 'not applicable')} → {_md(f.new or 'not applicable')}. Why: {why}")
            out.append("")
    for title, items in (("Added candidates", diff.added), ("Removed candidates", diff.removed)):
        if items:
            out += [f"### {title}", ""] + [f"- {_md(_brief(b))}" for b in items] + [""]
    if diff.notes:
        out += ["### Notes", ""] + [f"- {_md(n)}" for n in diff.notes] + [""]
    return "\n".join(out).rstrip("\n") + "\n"


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value


def render_json(diff: Diff) -> str:
    """For machines: schema `riskscore.diff/1`, stable key order."""
    return json.dumps(_plain(diff), indent=2, ensure_ascii=False) + "\n"


RENDERERS: dict[str, Callable[[Diff], str]] = {"text": render_text, "md": render_md, "json": render_json}


def render(diff: Diff, fmt: str = "text") -> str:
    """The diff in one of FORMATS."""
    return RENDERERS[fmt](diff)
