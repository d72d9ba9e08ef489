"""Countries, demonyms and capitals (``schemas/places.yaml``) as a plain lookup object.

Pure data access, no spaCy: used to type NER spans (a country or capital acting -> Government,
a place only as setting -> no actor) and to turn group names into one form.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ioggraph.errors import SchemaError
from ioggraph.nlp.text import normalise, slug
from ioggraph.schemas import load_yaml, require, require_list_of_str, schemas_dir


_norm = lru_cache(maxsize=1 << 16)(normalise)  # looked up for most nouns of every document


@dataclass(frozen=True)
class Country:
    name: str
    demonym: str | None = None

    @property
    def key(self) -> str:
        return slug(self.name)


@dataclass
class Places:
    """Lookups by normalised name: country names/aliases, capitals and demonyms -> Country."""

    names: dict[str, Country] = field(default_factory=dict)
    capitals: dict[str, Country] = field(default_factory=dict)
    demonyms: dict[str, Country] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> Places:
        path = path or schemas_dir() / "places.yaml"
        data = load_yaml(path)
        if not isinstance(data, dict) or not isinstance(data.get("countries"), list):
            raise SchemaError(path, "expected a list under 'countries:'", line=getattr(data, "line", 1), key="countries")
        out = cls()
        for item in data["countries"]:
            name = require(path, item, "name", str)
            demonyms = require_list_of_str(path, item, "demonyms")
            country = Country(name, demonyms[0] if demonyms else None)
            for alias in (name, *require_list_of_str(path, item, "aliases")):
                out.names[normalise(alias)] = country
            for capital in require_list_of_str(path, item, "capitals"):
                out.capitals[normalise(capital)] = country
            for demonym in demonyms:
                out.demonyms.setdefault(normalise(demonym), country)
        return out

    def country(self, name: str) -> Country | None:
        return self.names.get(_norm(name))

    def capital(self, name: str) -> Country | None:
        return self.capitals.get(_norm(name))

    def demonym(self, word: str) -> Country | None:
        return self.demonyms.get(_norm(word))

    def single_word_demonyms(self) -> frozenset[str]:
        """Lower-cased one-word demonyms ("taiwanese", "filipinos"), for position lookups."""
        cached = self.__dict__.get("_single_demonyms")
        if cached is None:
            cached = frozenset(d for d in self.demonyms if " " not in d)
            self.__dict__["_single_demonyms"] = cached
        return cached

    def is_place_word(self, word: str) -> bool:
        n = _norm(word)
        return n in self.names or n in self.capitals or n in self.demonyms
