"""`ioggraph export` and `ioggraph view`: -o - writes to stdout for every format, filters, isolated nodes."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from ioggraph import export
from ioggraph.cli import cli

pytestmark = pytest.mark.model
SINGLE = [f for f in export.names() if not export.get(f).split]


def _run(*args):
    result = CliRunner().invoke(cli, list(args))
    return result


@pytest.mark.parametrize("fmt", SINGLE)
def test_dash_writes_the_file_to_stdout(fmt, seed_store, tmp_path):
    result = _run("export", "--format", fmt, "-o", "-", "--store", str(seed_store))
    assert result.exit_code == 0, result.output
    path = tmp_path / f"graph{export.get(fmt).suffix}"
    assert _run("export", "--format", fmt, "-o", str(path), "--store", str(seed_store)).exit_code == 0
    assert result.stdout_bytes == path.read_bytes()


def test_dash_refuses_csv_with_the_fix(seed_store):
    result = _run("export", "--format", "csv", "-o", "-", "--store", str(seed_store))
    assert result.exit_code == 2 and "give -o PATH" in result.output


@pytest.mark.parametrize("args, isolated", [((), False), (("--keep-isolated",), True)])
def test_gephi_files_leave_isolated_nodes_out(args, isolated, seed_store, tmp_path):
    path = tmp_path / "g.gexf"
    result = _run("export", "--format", "gexf", "-o", str(path), "--store", str(seed_store), *args)
    assert result.exit_code == 0, result.output
    root = ET.parse(path).getroot()
    ns = "{http://gexf.net/1.3}"
    ids = {n.get("id") for n in root.iter(ns + "node")}
    ends = {e.get(k) for e in root.iter(ns + "edge") for k in ("source", "target")}
    assert (ids != ends) is isolated
    assert ("left out" in result.output) is not isolated


def test_view_of_one_actor(seed_store, tmp_path):
    out = tmp_path / "wang.html"
    result = _run("view", "-o", str(out), "--store", str(seed_store), "--actor", "Wang Huning")
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "actor=Wang Huning" in page and "Wang Huning" in page


def test_stix_of_the_seeds_is_dated_by_file_not_1970(seed_store):
    result = _run("export", "--format", "stix", "-o", "-", "--store", str(seed_store))
    bundle = json.loads(result.stdout_bytes)
    reports = [o for o in bundle["objects"] if o["type"] == "report"]
    assert len(reports) == 3 and '"1970-' not in result.stdout_bytes.decode()
    assert all("file modification date" in r["description"] for r in reports)


@pytest.mark.parametrize("args, message", [
    (("--since", "yesterday"), "--since expects an ISO date"),
    (("--actor", "Nobody Atall"), "No actor matches"),
    (("--technique", "T9999"), "No edge uses technique"),
])
def test_bad_filter_is_a_clean_error(args, message, seed_store, tmp_path):
    result = _run("view", "-o", str(tmp_path / "x.html"), "--store", str(seed_store), *args)
    assert result.exit_code == 1 and message in result.output
