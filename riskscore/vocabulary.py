"""Closed vocabularies shared by inputs, rules and outputs."""

from __future__ import annotations

from typing import Literal

RouteKind = Literal["first_party", "cloud_platform", "inference_host", "aggregator", "self_hosted"]
Dimension = Literal["price", "data_residency", "export_control", "sector"]
Effect = Literal["block", "risk", "review", "watch"]
Severity = Literal["low", "medium", "high", "critical"]
RuleStatus = Literal["in_force", "proposed", "contested"]
FindingStatus = Literal["fail", "pass", "unknown", "waived", "not_applicable"]
Verdict = Literal["prohibited", "high", "medium", "low"]
SourceQuality = Literal["primary", "legal", "news", "aggregator"]
Confidence = Literal["verified", "secondary", "unverified"]

DIMENSIONS: tuple[Dimension, ...] = ("price", "data_residency", "export_control", "sector")
ROUTE_KINDS: tuple[RouteKind, ...] = (
    "first_party",
    "cloud_platform",
    "inference_host",
    "aggregator",
    "self_hosted",
)

#: Sectors a buyer can declare; rules scope on them.
Sector = Literal[
    "general",
    "federal_government",
    "defense",
    "defense_contractor",
    "intelligence",
    "state_government",
    "local_government",
    "public_sector",
    "law_enforcement",
    "healthcare",
    "banking",
    "financial_services",
    "investment_management",
    "insurance",
    "payments",
    "critical_infrastructure",
    "energy",
    "telecommunications",
    "education",
    "research",
    "life_sciences",
    "startup",
]

#: Classes of data a buyer sends to a model; rules scope on them.
DataClass = Literal[
    "public",
    "confidential_business",
    "personal_data",
    "special_category_data",
    "phi",
    "cardholder_data",
    "customer_financial_data",
    "criminal_justice_information",
    "itar_technical_data",
    "controlled_unclassified_information",
    "federal_contract_information",
    "government_related_data",
    "bulk_us_sensitive_personal_data",
    "source_code",
    "human_omic_data",
    "covered_defense_information",
    "official_sensitive",
]

#: Certifications and attestations a candidate may hold.
Certification = Literal[
    "soc2_type1",
    "soc2_type2",
    "iso27001",
    "iso27017",
    "iso27018",
    "iso27701",
    "iso42001",
    "fedramp_moderate",
    "fedramp_high",
    "dod_il2",
    "dod_il4",
    "dod_il5",
    "dod_il6",
    "c5",
    "secnumcloud",
    "hitrust",
    "pci_dss",
    "cjis",
    "itar",
    "cmmc_l2",
    "stateramp",
    "eu_gpai_code_signatory",
    "c5_type1",
    "c5_type2",
    "fedramp_20x_low",
    "fedramp_20x_moderate",
    "irap_protected",
    "ccs_protected_b",
    "uk_cyber_essentials_plus",
]

#: Directory facts an organisation may mark as not verified; rules then treat them as unknown.
UnverifiedFact = Literal["country", "parent", "parent_share", "lists", "dpf_certified", "eu_establishment", "establishments", "footprint"]
