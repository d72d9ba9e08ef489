"""The registry compile cache: same actors and tokens as compiling, read back by content hash."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from ioggraph import registry_cache
from ioggraph.nlp.registry_match import RegistryMatcher
from ioggraph.registry import load_registry as parse_registry

EXTRA = """actors:
  - id: harmony-institute
    name: Strategic Harmony Institute
    type: Organization
    aliases: [SHI, The Harmony Institute]
"""


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("IOGGRAPH_CACHE", str(folder))
    return folder


@pytest.fixture()
def extra(tmp_path: Path) -> Path:
    path = tmp_path / "extra.yaml"
    path.write_text(EXTRA, encoding="utf-8")
    return path


def test_second_load_reads_the_cache(cache: Path, extra: Path, monkeypatch) -> None:
    first = registry_cache.load_registry([extra])
    assert first == parse_registry([extra]) and first.digest
    monkeypatch.setattr(registry_cache, "parse_registry", lambda paths: pytest.fail("parsed again"))
    assert registry_cache.load_registry([extra]) == first


@pytest.mark.parametrize("damage", ["change the file", "corrupt the cache"])
def test_a_change_or_a_bad_cache_compiles_again(cache: Path, extra: Path, damage: str) -> None:
    registry_cache.load_registry([extra])
    if damage == "change the file":
        extra.write_text(EXTRA.replace("SHI", "SHII"), encoding="utf-8")
    else:
        for f in cache.glob("registry-*.pickle"):
            f.write_bytes(b"not a pickle")
    again = registry_cache.load_registry([extra])
    assert again == parse_registry([extra])
    assert ("SHII" in again["harmony-institute"].aliases) == (damage == "change the file")


def test_cache_off_writes_nothing(tmp_path: Path, extra: Path, monkeypatch) -> None:
    monkeypatch.setenv("IOGGRAPH_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert registry_cache.load_registry([extra]) == parse_registry([extra])
    assert not (tmp_path / "xdg").exists()


TEXT = "The Strategic Harmony Institute (SHI) met the United Front Work Department and the CCP in Taipei."


def test_matcher_from_cached_tokens_finds_the_same(cache: Path, extra: Path) -> None:
    nlp = spacy.blank("en")
    plain = RegistryMatcher(nlp, parse_registry([extra]))  # no digest: no token cache
    cold = RegistryMatcher(nlp, registry_cache.load_registry([extra]))
    assert cold.make_doc.added == 0 and cold.make_doc.tokens  # saved
    warm = RegistryMatcher(nlp, registry_cache.load_registry([extra]))
    assert warm.make_doc.added == 0 and warm.make_doc.tokens == cold.make_doc.tokens
    doc = nlp(TEXT)
    found = [(c.start, c.end, c.key, c.source) for c in plain(doc)]
    assert ("harmony-institute" in {k for _, _, k, _ in found}) and len(found) >= 3
    assert [(c.start, c.end, c.key, c.source) for c in warm(doc)] == found
