"""ISO country, subdivision and currency codes, checked against pycountry, and "did you mean" suggestions."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from collections.abc import Iterable

import pycountry
from rapidfuzz import process
from rapidfuzz.distance import OSA

#: Non-ISO jurisdiction codes the profile may use.
EXTRA_JURISDICTIONS = {"EU": "European Union"}

#: Similarity (optimal string alignment, 0..1) a choice needs to be suggested. High on purpose: one
#: typo in a five-letter word passes (`modle` -> `model`, 0.8), a different company with the same
#: suffix does not (`acme-holdings` -> `tencent-holdings`, 0.63).
CUTOFF = 0.75

#: Standalone roman numerals read as digits, so `SOC 2 Type II` meets `soc2_type2`.
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5"}
#: Words that standards bodies add to a name without changing what it names (`ISO/IEC 27001`).
_NOISE = {"iec"}

#: Country names and abbreviations people write that pycountry does not know (keys are normalised).
COUNTRY_ALIASES: dict[str, str] = {
    "usa": "US", "america": "US", "unitedstatesofamerica": "US", "us": "US", "theus": "US",
    "uk": "GB", "greatbritain": "GB", "britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "northernireland": "GB", "unitedkingdomofgreatbritain": "GB",
    "deutschland": "DE", "bundesrepublikdeutschland": "DE", "holland": "NL", "nederland": "NL",
    "thenetherlands": "NL", "schweiz": "CH", "suisse": "CH", "svizzera": "CH", "espana": "ES",
    "italia": "IT", "sverige": "SE", "norge": "NO", "danmark": "DK", "suomi": "FI", "osterreich": "AT",
    "polska": "PL", "eire": "IE", "belgie": "BE", "belgique": "BE", "brasil": "BR", "turkey": "TR",
    "turkiye": "TR", "czechrepublic": "CZ", "russia": "RU", "southkorea": "KR", "korea": "KR",
    "republicofkorea": "KR", "northkorea": "KP", "taiwan": "TW", "vietnam": "VN", "laos": "LA",
    "uae": "AE", "emirates": "AE", "ksa": "SA", "prc": "CN", "mainlandchina": "CN", "zhongguo": "CN",
    "中国": "CN", "日本": "JP", "nippon": "JP", "한국": "KR", "hongkong": "HK", "macau": "MO",
    "burma": "MM", "swaziland": "SZ", "macedonia": "MK", "ivorycoast": "CI", "capeverde": "CV",
    "vatican": "VA", "palestine": "PS", "bosnia": "BA", "moldova": "MD", "syria": "SY", "iran": "IR",
}

#: Currency signs and words people write for an ISO 4217 code (keys are normalised; `¥` is ambiguous).
CURRENCY_ALIASES: dict[str, str] = {
    "$": "USD", "us$": "USD", "usdollar": "USD", "dollar": "USD", "€": "EUR", "euro": "EUR",
    "£": "GBP", "pound": "GBP", "sterling": "GBP", "chf": "CHF", "rmb": "CNY", "yuan": "CNY", "renminbi": "CNY",
}


def normalise(text: str) -> str:
    """A matching key: case, accents, spaces and punctuation folded away, roman numerals as digits.

    `SOC 2 Type II` and `soc2_type2` both become `soc2type2`; `ISO/IEC 27001:2022` becomes `iso27001`.
    """
    folded = unicodedata.normalize("NFKD", text).casefold()
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = re.sub(r"(\d{4,5}):(?:19|20)\d\d\b", r"\1", folded)  # ISO-style edition year
    tokens = [_ROMAN.get(t, t) for t in re.findall(r"[^\W_]+", folded) if t not in _NOISE]
    return "".join(tokens)


def closest(value: str, choices: Iterable[object], cutoff: float = CUTOFF) -> str | None:
    """The choice that `value` most likely meant: an exact match once normalised, else the most
    similar one at or above `cutoff`; None when nothing is close."""
    options = sorted({str(c) for c in choices})
    if not options or not value:
        return None
    key = normalise(value)
    exact = [o for o in options if normalise(o) == key and key]
    if exact:
        return exact[0]
    lowered = {o.casefold(): o for o in options}
    found = process.extractOne(value.casefold(), list(lowered), scorer=OSA.normalized_similarity, score_cutoff=cutoff)
    return lowered[found[0]] if found else None


def suggest(value: str, choices: object, cutoff: float = CUTOFF) -> str:
    """A '; did you mean ...?' suffix for the closest choice, or an empty string when none is close."""
    close = closest(value, choices, cutoff)  # type: ignore[arg-type]
    return f"; did you mean '{close}'?" if close is not None and close != value else ""


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """All ISO 3166-1 alpha-2 codes."""
    return frozenset(c.alpha_2 for c in pycountry.countries)


@lru_cache(maxsize=1)
def currency_codes() -> frozenset[str]:
    """All ISO 4217 alphabetic currency codes."""
    return frozenset(c.alpha_3 for c in pycountry.currencies)


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Normalised country names (short, official, common) and aliases, to alpha-2 codes."""
    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            text = getattr(c, attr, None)
            if text:
                names[normalise(text)] = c.alpha_2
                # "Korea, Republic of" is also written "Republic of Korea"
                if ", " in text:
                    head, tail = text.split(", ", 1)
                    names.setdefault(normalise(f"{tail} {head}"), c.alpha_2)
    names.update(COUNTRY_ALIASES)
    return names


def country_for(text: str) -> str | None:
    """The alpha-2 code a written country most likely means (`USA`, `United States`, `Deutschland`
    -> US, US, DE), or None when it is not close to any country."""
    value = text.strip()
    if value.upper() in country_codes():
        return value.upper()
    if len(value) == 3 and value.isalpha():
        found = pycountry.countries.get(alpha_3=value.upper())
        if found is not None:
            return found.alpha_2
    names = _country_names()
    key = normalise(value)
    if key in names:
        return names[key]
    if len(key) < 5:  # short strings are too often close to some other country name
        return None
    match = process.extractOne(key, list(names), scorer=OSA.normalized_similarity, score_cutoff=0.85)
    return names[match[0]] if match else None


def country_name(code: str) -> str:
    """The English short name of an ISO country code, or the code itself."""
    found = pycountry.countries.get(alpha_2=code)
    return found.name if found else EXTRA_JURISDICTIONS.get(code, code)


def _country_hint(code: str) -> str:
    found = country_for(code)
    return f"; did you mean '{found}'?" if found and found != code else ""


def check_country(code: str) -> str:
    """Validate an ISO 3166-1 alpha-2 code."""
    if code not in country_codes():
        raise ValueError(f"unknown ISO 3166-1 alpha-2 country code '{code}'" + _country_hint(code))
    return code


def check_jurisdiction(code: str) -> str:
    """Validate a jurisdiction: ISO country, ISO 3166-2 subdivision, or 'EU'."""
    if code in EXTRA_JURISDICTIONS or code in country_codes():
        return code
    if "-" in code and pycountry.subdivisions.get(code=code) is not None:
        return code
    raise ValueError(
        f"unknown jurisdiction '{code}' (use an ISO 3166-1 alpha-2 code, an ISO 3166-2 code such as 'US-TX', or 'EU')"
        + _country_hint(code)
    )


def currency_for(text: str) -> str | None:
    """The ISO 4217 code a written currency most likely means (`usd`, `$`, `Euro`), or None."""
    value = text.strip()
    if value.upper() in currency_codes():
        return value.upper()
    alias = CURRENCY_ALIASES.get(value.casefold().replace(" ", "")) or CURRENCY_ALIASES.get(normalise(value))
    if alias:
        return alias
    try:
        return str(pycountry.currencies.lookup(value).alpha_3)
    except LookupError:
        return None


def check_currency(code: str) -> str:
    """Validate an ISO 4217 currency code."""
    if code not in currency_codes():
        found = currency_for(code)
        hint = f"; did you mean '{found}'?" if found and found != code else ""
        raise ValueError(f"unknown ISO 4217 currency code '{code}'" + hint)
    return code
