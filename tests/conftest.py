"""Shared fixtures: the bundled pack and organisation directory, loaded once per session."""

from __future__ import annotations

from typing import Any

import pytest

from riskscore.loader import load_pack
from riskscore.models import Organization, VendorList
from riskscore.resources import bundled
from riskscore.yamlsafe import parse_yaml


@pytest.fixture(scope="session")
def bundled_pack() -> Any:
    """The bundled rule pack."""
    return load_pack([bundled("rules")])


@pytest.fixture(scope="session")
def directory() -> dict[str, Organization]:
    """The bundled organisation directory by id."""
    data = parse_yaml((bundled("vendors") / "organizations.yaml").read_text()).data
    return {o.id: o for o in VendorList.model_validate(data).organizations}
