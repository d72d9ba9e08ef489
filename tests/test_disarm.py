"""DISARM table and project codes (schemas/disarm, schemas/tactics.yaml)."""
from __future__ import annotations

from pathlib import Path

import pytest

from ioggraph.disarm import PAGE_URL, load_disarm, load_project_codes, load_techniques, parent
from ioggraph.errors import SchemaError


def test_disarm_techniques_have_tactic_and_url():
    techniques = load_disarm()
    t = techniques["T0126.002"]
    assert t.name == "Facilitate Logistics or Support for Attendance"
    assert (t.tactic_id, t.tactic_name, t.parent_id) == ("TA10", "Drive Offline Activity", "T0126")
    assert t.url == PAGE_URL.format(id="T0126.002")
    assert t.url.endswith("/generated_pages/techniques/T0126.002.md")
    assert techniques["T0002"].parent_id is None


@pytest.mark.parametrize("code", ["IOG-ID-DOCS", "IOG-VOTE-BUY", "IOG-ESPIONAGE", "IOG-COERCE-KIN"])
def test_project_codes_are_techniques(code):
    t = load_techniques()[code]
    assert t.url is None and not t.disarm
    assert t.description and t.nearest in load_disarm()


def test_parent():
    assert parent("T0126.002") == "T0126"
    assert parent("IOG-ID-DOCS") == "IOG-ID-DOCS"


def test_bad_nearest_names_file_line_and_key(tmp_path: Path):
    path = tmp_path / "tactics.yaml"
    path.write_text("project_codes:\n  - id: IOG-X\n    name: X\n    nearest: T9999\nrules: []\n", encoding="utf-8")
    with pytest.raises(SchemaError) as err:
        load_project_codes(path)
    assert "line 4" in str(err.value) and "'nearest'" in str(err.value) and "T9999" in str(err.value)
