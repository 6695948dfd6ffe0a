from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from accord.reference.models import SdgGoal, SdgTarget

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"


@pytest.mark.django_db
def test_all_goals_and_targets_are_loaded():
    assert SdgGoal.objects.count() == 17
    assert SdgTarget.objects.count() == 169
    assert SdgTarget.objects.get(code="6.5").goal.number == 6
    assert list(SdgTarget.objects.filter(goal__number=6).values_list("code", flat=True)) == [
        "6.1",
        "6.2",
        "6.3",
        "6.4",
        "6.5",
        "6.6",
        "6.a",
        "6.b",
    ]


def test_bundled_reference_data_matches_shared_sources(tmp_path):
    if not SHARED.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SHARED} is missing in CI")
        pytest.skip("shared/data not present")
    bundled = ROOT / "src" / "accord" / "reference" / "data"
    before = {p.name: p.read_text() for p in bundled.glob("*.json")}
    subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(ROOT / "tools" / "build_reference_data.py")],
        check=True,
        capture_output=True,
    )
    after = {p.name: p.read_text() for p in bundled.glob("*.json")}
    assert before == after
    types = {c["code"] for c in json.loads(after["organisation_types.json"])}
    from accord.partners.models import SECTOR_IATI_TYPE

    assert set(SECTOR_IATI_TYPE.values()) <= types
