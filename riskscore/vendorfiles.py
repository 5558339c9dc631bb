"""Vendor lists: the organisation directory and the user's files merged, cross-checked, and resolved
(organisation terms inherited by their candidates)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from collections.abc import Mapping

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .codes import closest, normalise
from .documents import Collector, Doc, detect_kind, validate_items
from .facts import BUYER_OPERATOR, PARTY_ROLES
from .inherit import inherit
from .locations import Loc, dotted
from .models import SLUG, Candidate, CurrencyRate, Organization, VendorList
from .pack import InputRecord, Pack

#: Legal-form words left out when a name is matched to an organisation (`Deep Infra, Inc.` = `Deep Infra`).
LEGAL_FORMS = frozenset(
    "inc incorporated llc ltd limited co corp corporation company gmbh ag sa sas sarl bv nv plc pte pty kk oy ab spa srl".split()
)


@dataclass
class _Tracked:
    """An input object with the file and path it came from, for cross-file errors."""

    doc: Doc
    loc: Loc


def _name_key(text: str) -> str:
    words = re.findall(r"[^\W_]+", text.casefold())
    return normalise(" ".join(w for w in words if w not in LEGAL_FORMS) or text)


def organization_hint(ref: str, orgs: Mapping[str, Organization], other_ids: frozenset[str] | set[str] = frozenset()) -> str:
    """A '; did you mean ...?' suffix for an unknown organisation reference: the id whose name or
    alias it is (`DeepInfra` -> the id 'deepinfra'), else a close id (of `orgs` or `other_ids`, the
    organisations that failed validation); empty when nothing is close."""
    key = _name_key(ref)
    ids = sorted(orgs)
    the = "" if re.match(SLUG, ref) else "the id "  # a name was given where an id belongs
    same_id = [i for i in ids if normalise(i) == normalise(ref)]
    if same_id:
        return f"; did you mean {the}'{same_id[0]}'?"
    names: dict[str, set[str]] = {}
    for oid in ids:
        for text in (orgs[oid].name, *orgs[oid].aliases):
            names.setdefault(_name_key(text), set()).add(oid)
    named = names.get(key, set())
    if len(named) == 1:
        return f"; did you mean the id '{next(iter(named))}'?"
    close = closest(ref, [*ids, *other_ids])
    if close is not None:
        return f"; did you mean {the}'{close}'?"
    if len(key) >= 5:
        found = process.extractOne(key, sorted(names), scorer=OSA.normalized_similarity, score_cutoff=0.85)
        if found and len(names[found[0]]) == 1:
            return f"; did you mean the id '{next(iter(names[found[0]]))}'?"
    return ""


def _name_refs(doc: Doc) -> dict[str, str]:
    """Candidate party fields holding something that is not an id (a name, most likely), by field path."""
    items = doc.data.get("candidates") if isinstance(doc.data, dict) else None
    refs: dict[str, str] = {}
    for i, item in enumerate(items if isinstance(items, list) else []):
        for role in PARTY_ROLES:
            value = item.get(role) if isinstance(item, dict) else None
            if isinstance(value, str) and not re.match(SLUG, value.strip()):
                refs[dotted(("candidates", i, role))] = value.strip()
    return refs


def load_vendors(
    docs: list[tuple[bool, Doc]],
    pack: Pack | None,
    rates: dict[str, CurrencyRate] | None,
    out: Collector,
) -> VendorList:
    """Merge the parsed directory files (flagged True) and the user's vendor files, report every
    problem, and resolve inheritance."""
    orgs: dict[str, Organization] = {}
    org_where: dict[str, _Tracked] = {}
    directory_ids: set[str] = set()
    user_org_ids: set[str] = set()
    candidates: dict[str, Candidate] = {}
    cand_where: dict[str, _Tracked] = {}
    name_refs: dict[tuple[str, str], str] = {}
    sites: list[tuple[Doc, Loc, str]] = []  # (file, path, value) of every party reference
    for is_directory, doc in docs:
        out.records.append(InputRecord(doc.label, doc.sha256, "directory" if is_directory else "vendors"))
        kind = detect_kind(doc)
        if kind not in ("vendors", None):
            out.problems.append(doc.problem((), f"expected a vendor list ('organizations' / 'candidates'), found a {kind} file"))
            continue
        name_refs.update({(doc.label, path_): value for path_, value in _name_refs(doc).items()})
        org_items = validate_items(doc, "organizations", Organization, VendorList, out, ("candidates",))
        cand_items = validate_items(doc, "candidates", Candidate, VendorList, out, ("organizations",))
        for org, (_, i) in org_items:
            if org.id in orgs and org.id not in directory_ids:
                first = org_where[org.id]
                out.problems.append(doc.problem(("organizations", i, "id"), f"duplicate organization id '{org.id}' (first defined at {first.doc.at(first.loc)})"))
                continue
            # A user's vendor file may replace a directory entry of the same id.
            directory_ids.discard(org.id)
            if is_directory:
                directory_ids.add(org.id)
            orgs[org.id] = org
            org_where[org.id] = _Tracked(doc, ("organizations", i))
            if not is_directory:
                user_org_ids.add(org.id)
        valid = {i for _, (_, i) in cand_items}
        raw = doc.data.get("candidates") if isinstance(doc.data, dict) else None
        for i, item in enumerate(raw if isinstance(raw, list) else []):
            # A candidate that failed validation still has its references checked, in the same pass.
            if i not in valid and isinstance(item, dict):
                sites.extend((doc, ("candidates", i, role), v) for role in PARTY_ROLES if isinstance(v := item.get(role), str) and re.match(SLUG, v))
        for cand, (_, i) in cand_items:
            if cand.id in candidates:
                first = cand_where[cand.id]
                out.problems.append(doc.problem(("candidates", i, "id"), f"duplicate candidate id '{cand.id}' (first defined at {first.doc.at(first.loc)})"))
                continue
            candidates[cand.id] = cand
            cand_where[cand.id] = _Tracked(doc, ("candidates", i))
            sites.extend((doc, ("candidates", i, role), v) for role in PARTY_ROLES if (v := getattr(cand, role)) is not None)
    _name_problems(name_refs, orgs, out)
    _check_orgs(orgs, org_where, user_org_ids, pack, out)
    _check_references(sites, orgs, out)
    _check_candidates(candidates, cand_where, rates, out)
    return VendorList(
        organizations=sorted(orgs.values(), key=lambda o: o.id),
        candidates=sorted((inherit(c, orgs) for c in candidates.values()), key=lambda c: c.id),
    )


def _name_problems(name_refs: dict[tuple[str, str], str], orgs: Mapping[str, Organization], out: Collector) -> None:
    """Say 'unknown organization' (with the id it may be) where a party field holds a name, not an id."""
    for n, p in enumerate(out.problems):
        value = name_refs.get((p.file, p.path))
        if value is not None and p.message.startswith("String should match pattern"):
            message = f"unknown organization '{value}'" + (organization_hint(value, orgs) or " (an organization id is a lower-case slug such as 'acme-ai')")
            out.problems[n] = replace(p, message=message)


def _check_orgs(orgs: dict[str, Organization], org_where: dict[str, _Tracked], user_org_ids: set[str], pack: Pack | None, out: Collector) -> None:
    failed = out.failed_ids.get("organizations", set())
    for org_id, org in orgs.items():
        where = org_where[org_id]
        if org.parent is not None and org.parent not in orgs and org.parent not in failed:
            out.problems.append(where.doc.problem(where.loc + ("parent",), f"unknown organization '{org.parent}'" + organization_hint(org.parent, orgs, failed)))
        # The bundled directory is checked against the bundled pack by the test suite.
        if pack is not None and org_id in user_org_ids:
            for j, m in enumerate(org.lists):
                if m.list not in pack.lists:
                    hint = f"; did you mean '{close}'?" if (close := closest(m.list, pack.lists)) else ""
                    out.problems.append(where.doc.problem(where.loc + ("lists", j, "list"), f"unknown list '{m.list}'" + hint))
        seen = {org_id}
        parent = org.parent
        while parent in orgs:
            if parent in seen:
                out.problems.append(where.doc.problem(where.loc + ("parent",), f"ownership cycle through '{parent}'"))
                break
            seen.add(parent)
            parent = orgs[parent].parent


def _check_references(sites: list[tuple[Doc, Loc, str]], orgs: dict[str, Organization], out: Collector) -> None:
    failed = out.failed_ids.get("organizations", set())
    for doc, loc, ref in sites:
        if ref in orgs or ref in failed or (loc[-1] == "operator" and ref == BUYER_OPERATOR):
            continue
        hint = " ('buyer' is only valid as operator of a self-hosted route)" if ref == BUYER_OPERATOR else organization_hint(ref, orgs, failed)
        out.problems.append(doc.problem(loc, f"unknown organization '{ref}'" + hint))


def _check_candidates(candidates: dict[str, Candidate], cand_where: dict[str, _Tracked], rates: dict[str, CurrencyRate] | None, out: Collector) -> None:
    for cand_id, cand in candidates.items():
        where = cand_where[cand_id]
        currency = cand.price.currency
        if rates is not None and currency != "USD" and currency not in rates:
            known = ", ".join(sorted(rates)) or "none"
            out.problems.append(where.doc.problem(where.loc + ("price", "currency"), f"no rate for '{currency}' in the currency table (it has: {known})"))
        if cand.route == "self_hosted" and cand.operator != BUYER_OPERATOR:
            out.problems.append(where.doc.problem(where.loc + ("operator",), f"a self_hosted route is operated by '{BUYER_OPERATOR}' (the buyer's own infrastructure)"))
