"""Small text helpers shared by the spaCy components and the resolver (no spaCy imports)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "‐": "-", "‑": "-", "–": "-", "—": "-"})
_POSSESSIVE = re.compile(r"(?:'s|')$")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_SLUG_DROP = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")


@lru_cache(maxsize=1 << 16)
def normalise(name: str) -> str:
    """Case-folded name without leading article, possessive, curly quotes or odd spaces (kept for the
    names seen last: the components ask for the same names many times a document)."""
    text = unicodedata.normalize("NFKC", name).translate(_QUOTES).strip(" \t\n\"'.,;:")
    text = _ARTICLE.sub("", text)
    text = _POSSESSIVE.sub("", text).strip()
    return _SPACES.sub(" ", text).casefold()


def clean_label(name: str) -> str:
    """Display form: no leading article or trailing possessive, single spaces."""
    text = re.sub(r"\s+", " ", name).strip(" \"'“”‘’.,;:")
    text = _ARTICLE.sub("", text)
    return re.sub(r"(?:'s|’s|'|’)$", "", text).strip()


def slug(name: str) -> str:
    """An IRI- and file-safe id: lowercase ASCII letters, digits and dashes."""
    ascii_text = unicodedata.normalize("NFKD", normalise(name)).encode("ascii", "ignore").decode()
    out = _SLUG_DROP.sub("-", ascii_text.lower()).strip("-")
    if not out:  # names in other scripts: a stable hex id
        import hashlib
        out = "x" + hashlib.sha1(normalise(name).encode()).hexdigest()[:10]
    return out[:80]


def has_cjk(text: str) -> bool:
    return bool(CJK.search(text))
