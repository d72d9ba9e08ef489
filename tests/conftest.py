"""Shared fixtures: the real pipeline (loaded once), a blank English pipeline, and corpus helpers."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import spacy

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "corpus"


@pytest.fixture(scope="session")
def nlp():
    """The full ioggraph pipeline on the installed trained model."""
    from ioggraph.nlp import load_pipeline
    return load_pipeline()


@pytest.fixture(scope="session")
def blank_nlp():
    return spacy.blank("en")


@pytest.fixture()
def seed_corpus(tmp_path: Path) -> Path:
    """A private copy of corpus/ that a test may change."""
    dest = tmp_path / "corpus"
    shutil.copytree(SEEDS, dest)
    return dest


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, nlp) -> Path:
    """The seed corpus built once per session (read-only for tests)."""
    from ioggraph.build import build
    store = tmp_path_factory.mktemp("store") / "seeds.db"
    build(SEEDS, store, nlp=nlp)
    return store
