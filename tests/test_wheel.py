"""A normal (non-editable) install works: build the wheel, install it into a fresh venv, run every
command from a folder that is not the repo.

The fresh venv gets ioggraph only from the wheel (``--no-deps``); its dependencies come from the
project venv through a ``.pth`` path entry, which keeps the test at about a minute and offline
apart from pip's build backend (cached after the first run).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, SEEDS

pytestmark = pytest.mark.wheel
SOURCES = ("pyproject.toml", "README.md", "ioggraph", "schemas")


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode in (0, 2), f"{cmd} failed ({result.returncode}):\n{result.stdout}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """(bin folder of a fresh venv holding the ioggraph wheel, the wheel)."""
    root = tmp_path_factory.mktemp("wheel")
    src = root / "src"
    src.mkdir()
    for name in SOURCES:  # a copy: building in the repo would leave build/ and egg-info behind
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy2)(
            REPO / name, src / name, **({"ignore": shutil.ignore_patterns("__pycache__")} if (REPO / name).is_dir() else {}))
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(root / "dist"), str(src)], cwd=root)
    [wheel] = (root / "dist").glob("ioggraph-*.whl")
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=root)
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)], cwd=root)
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=root).stdout.strip())
    (site / "project-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return venv / "bin", wheel


def test_wheel_ships_the_data_files(installed) -> None:
    _bin, wheel = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in sorted(p for p in (REPO / "schemas").rglob("*") if p.is_file()):
        assert "ioggraph/data/" + path.relative_to(REPO / "schemas").as_posix() in names
    assert {"ioggraph/data/NOTICE.md", "ioggraph/data/disarm/LICENSE.md"} <= names
    for model in sorted((REPO / "ioggraph").rglob("*")):  # trained models (json, npz, joblib) ship too
        if model.suffix in (".json", ".npz", ".joblib") and "__pycache__" not in model.parts:
            assert model.relative_to(REPO).as_posix() in names


def test_installed_tool_runs_every_command_elsewhere(installed, tmp_path: Path) -> None:
    bindir, _wheel = installed
    work = tmp_path / "elsewhere"
    shutil.copytree(SEEDS, work / "articles")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = _run([str(bindir / "python"), "-c",
                  "import ioggraph, ioggraph.schemas as s; print(ioggraph.__file__); print(s.schemas_dir())"], work, env)
    module, data = where.stdout.split()
    assert str(bindir.parent) in module and data.endswith(os.path.join("ioggraph", "data"))
    ioggraph = str(bindir / "ioggraph")
    build = _run([ioggraph, "build", "articles", "--store", "g.db"], work, env)
    assert "Built g.db" in build.stdout and "3 parsed" in build.stdout
    card = json.loads(_run([ioggraph, "query", "--actor", "UFWD", "--json", "--store", "g.db"], work, env).stdout)
    assert card["id"] == "ufwd"
    rows = _run([ioggraph, "query", "--store", "g.db", "--sparql", "SELECT ?a WHERE { ?a a iog:Person } LIMIT 3"], work, env)
    assert rows.stdout.startswith("a\n")
    formats = _run([str(bindir / "python"), "-c", "from ioggraph.export import names; print(' '.join(names()))"], work, env)
    for fmt in formats.stdout.split():
        out = _run([ioggraph, "export", "--format", fmt, "-o", f"out/graph.{fmt}", "--store", "g.db"], work, env)
        assert "Wrote out/graph." in out.stdout + out.stderr
    assert len(list((work / "out").iterdir())) >= len(formats.stdout.split())
    _run([ioggraph, "candidates", "--store", "g.db"], work, env)
