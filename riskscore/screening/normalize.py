"""Name normalisation for screening: one comparable key per name, whatever its script or legal form."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

#: Legal-form words dropped from names: they say how a company is registered, not which one it is.
LEGAL_FORMS = frozenset(
    """
    INC INCORPORATED CORP CORPORATION CO COMPANY LTD LIMITED LLC LLP LP PLC PBC PC PTE PTY GMBH MBH AG KG KGAA
    SE SA SAS SASU SARL SRL SPA SAPI SL SLU BV NV AB AS ASA OY OYJ KK YK ULC LTDA CIA EIRL SCA SCS CV
    OOO OAO ZAO PAO AO JSC OJSC PJSC CJSC TOO TOV DOO DD AD EAD OOD EOOD SRO ZRT KFT BHD SDN TBK PT OU UAB SIA
    """.split()
)
#: Legal forms of several words, removed as phrases ('Limited Liability Company', its Russian and Turkish forms).
LEGAL_PHRASES = re.compile(
    r"\b(?:(?:PUBLIC|OPEN|CLOSED|PRIVATE) )?JOINT STOCK COMPANY\b|\bLIMITED LIABILITY (?:COMPANY|PARTNERSHIP)\b"
    r"|\bOBSHCHESTVO S OGRANICHENNO[IY] OTVETSTVENNOSTYU\b|\b(?:(?:PUBLICHNOE|OTKRYTOE|ZAKRYTOE|NEPUBLICHNOE) )?AKTSIONERNO[EY]E? OBSHCHESTVO\b"
    r"|\b(?:SANAYI VE TICARET )?(?:LIMITED|ANONIM) SIRKETI\b|\bSOCIEDAD ANONIMA\b|\bSOCIETE ANONYME\b|\bPUBLIC LIMITED COMPANY\b"
)
#: Legal forms written in CJK script, removed before transliteration (longest first).
CJK_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "株式会社", "公司")
#: Words without meaning for identity.
STOPWORDS = frozenset({"THE", "AND", "OF", "FOR", "DE", "DU", "DES", "LA", "LE", "EL", "DA", "DO", "DI", "VON", "VAN", "ET", "Y", "E", "A"})
#: Words so common in company names that sharing them says nothing: they never make a match on their own.
GENERIC = frozenset(
    """
    AI ARTIFICIAL INTELLIGENCE TECH TECHNOLOGY TECHNOLOGIES TECHNOLOGICAL TECHNOLOGICALS SCIENCE SCIENCES
    GROUP HOLDING HOLDINGS INTERNATIONAL INTL GLOBAL WORLDWIDE CLOUD COMPUTING COMPUTE DATA DIGITAL
    SOFTWARE SYSTEMS SYSTEM SOLUTIONS SOLUTION SERVICES SERVICE NETWORK NETWORKS INFORMATION LABS LAB
    LABORATORY RESEARCH DEVELOPMENT INDUSTRY INDUSTRIES INDUSTRIAL ENTERPRISE ENTERPRISES PARTNERS
    PLATFORM PLATFORMS INNOVATION INNOVATIONS VENTURES MANAGEMENT TRADING TRADE
    BEIJING SHANGHAI SHENZHEN HANGZHOU GUANGZHOU HONG KONG HK CHINA SINGAPORE USA US AMERICA EUROPE
    """.split()
)
#: Latin look-alikes of Cyrillic and Greek letters (from Unicode's confusables.txt), used only inside a
#: word that mixes scripts, where such a letter is a disguise rather than a spelling.
CONFUSABLES = str.maketrans(
    "АВЕЅІЈКМНОРСТХУаеѕіјорсхуԁһԛԝӏΑΒΕΖΗΙΚΜΝΟΡΤΥΧοιν",
    "ABESIJKMHOPCTXYaesijopcxydhqwlABEZHIKMNOPTYXoiv",
)
_ZERO_WIDTH = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u034f\u180e]")
_MIXED_WORD = re.compile(r"\w+")
_NON_KEY = re.compile(r"[^A-Z0-9 ]+")
_PAREN = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True, slots=True)
class Key:
    """A normalised name: `full` keeps every identifying word; `core` drops the generic ones (sorted)."""

    full: str
    core: str
    tokens: tuple[str, ...]  # distinctive tokens (not generic)


def _unmask(word: str) -> str:
    """Fold look-alike letters in a word that mixes Latin with Cyrillic or Greek."""
    scripts = {unicodedata.name(ch, "").split(" ")[0] for ch in word if ch.isalpha()}
    if "LATIN" in scripts and scripts & {"CYRILLIC", "GREEK"}:
        return word.translate(CONFUSABLES)
    return word


def ascii_words(name: str) -> list[str]:
    """Upper-case ASCII words of a name: zero-width characters removed, look-alike letters unmasked,
    other scripts transliterated, accents dropped, '&' read as AND, dots and apostrophes joined."""
    if name.isascii():  # most list entries: nothing to unmask or transliterate
        text = name.upper().replace("&", " AND ")
    else:
        text = unicodedata.normalize("NFKC", _ZERO_WIDTH.sub("", name))
        for form in CJK_LEGAL_FORMS:
            if text.endswith(form):
                text = text[: -len(form)]
        text = _MIXED_WORD.sub(lambda m: _unmask(m.group(0)), text)
        text = anyascii(text).upper().replace("&", " AND ")
    # 'Z.ai', 'S.A.', "O'Neil": one word; every other mark separates words.
    text = re.sub(r"(?<=[A-Z0-9])[.'’`](?=[A-Z0-9])", "", text)
    return LEGAL_PHRASES.sub(" ", " ".join(_NON_KEY.sub(" ", text).split())).split()


def _key_of(words: list[str]) -> Key:
    kept = [w for w in words if w not in LEGAL_FORMS and w not in STOPWORDS] or words
    distinctive = [w for w in kept if w not in GENERIC and len(w) > 1]
    # Repeated words ('Baidu, Inc. (Baidu)') count once.
    full = " ".join(sorted(set(kept)))
    core = " ".join(sorted(set(distinctive))) if distinctive else full
    return Key(full, core, tuple(sorted(set(distinctive))))


@lru_cache(maxsize=65536)
def key(name: str) -> Key:
    """The comparison key of one name (token-sorted, so word order does not matter)."""
    return _key_of(ascii_words(name))


def variants(name: str) -> list[str]:
    """A published name and the names inside it: 'Alibaba Group Holding Limited (Alibaba)' gives the
    name without the bracket and the bracketed alias; a bracket holding only generic or legal words
    ('Moonshot AI (Beijing)') is not an alias of its own."""
    if "(" not in name:
        return [name]
    out = [name]
    inner = [m.strip() for m in _PAREN.findall(name) if m.strip()]
    outer = _PAREN.sub(" ", name).strip()
    if inner and outer:
        out.append(outer)
    for alias in inner:
        if key(alias).tokens:
            out.append(alias)
    return list(dict.fromkeys(out))
