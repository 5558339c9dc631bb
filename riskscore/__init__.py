"""riskscore: decide which AI model API providers an organisation may buy from, and explain why."""

from __future__ import annotations

__version__ = "0.1.0"

from .assess import assess  # noqa: E402
from .assessment import Assessment, Finding, ScoredCandidate  # noqa: E402
from .errors import InputError, Problem, RiskscoreError  # noqa: E402
from .loader import Inputs, load_inputs, load_pack, validate_files  # noqa: E402
from .models import Candidate, Organization, Profile, Rule, VendorList, Waiver  # noqa: E402

__all__ = [
    "Assessment",
    "Candidate",
    "Finding",
    "InputError",
    "Inputs",
    "Organization",
    "Problem",
    "Profile",
    "RiskscoreError",
    "Rule",
    "ScoredCandidate",
    "VendorList",
    "Waiver",
    "__version__",
    "assess",
    "load_inputs",
    "load_pack",
    "validate_files",
]
