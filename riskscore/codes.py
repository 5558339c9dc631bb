"""ISO country, subdivision and currency codes, checked against pycountry."""

from __future__ import annotations

import difflib
from functools import lru_cache

import pycountry

#: Non-ISO jurisdiction codes the profile may use.
EXTRA_JURISDICTIONS = {"EU": "European Union"}


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """All ISO 3166-1 alpha-2 codes."""
    return frozenset(c.alpha_2 for c in pycountry.countries)


@lru_cache(maxsize=1)
def currency_codes() -> frozenset[str]:
    """All ISO 4217 alphabetic currency codes."""
    return frozenset(c.alpha_3 for c in pycountry.currencies)


def country_name(code: str) -> str:
    """The English short name of an ISO country code, or the code itself."""
    found = pycountry.countries.get(alpha_2=code)
    return found.name if found else EXTRA_JURISDICTIONS.get(code, code)


def suggest(value: str, choices: object, cutoff: float = 0.6) -> str:
    """A ' did you mean ...?' suffix for the closest choice, or an empty string."""
    options = [str(c) for c in choices]  # type: ignore[attr-defined]
    close = difflib.get_close_matches(value, options, n=1, cutoff=cutoff)
    if not close:
        close = [o for o in options if o.lower() == value.lower()]
    return f"; did you mean '{close[0]}'?" if close else ""


def check_country(code: str) -> str:
    """Validate an ISO 3166-1 alpha-2 code."""
    if code not in country_codes():
        raise ValueError(f"unknown ISO 3166-1 alpha-2 country code '{code}'" + suggest(code.upper(), country_codes(), 0.99))
    return code


def check_jurisdiction(code: str) -> str:
    """Validate a jurisdiction: ISO country, ISO 3166-2 subdivision, or 'EU'."""
    if code in EXTRA_JURISDICTIONS or code in country_codes():
        return code
    if "-" in code and pycountry.subdivisions.get(code=code) is not None:
        return code
    raise ValueError(
        f"unknown jurisdiction '{code}' (use an ISO 3166-1 alpha-2 code, an ISO 3166-2 code such as 'US-TX', or 'EU')"
    )


def check_currency(code: str) -> str:
    """Validate an ISO 4217 currency code."""
    if code not in currency_codes():
        raise ValueError(f"unknown ISO 4217 currency code '{code}'" + suggest(code.upper(), currency_codes(), 0.99))
    return code
