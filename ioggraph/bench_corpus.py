"""Synthetic-but-realistic articles for scale tests: sentences of real articles, recombined.

Article ``i`` takes 8 to 24 sentences (``length``) drawn (seeded by ``i``) from the source articles, grouped
into paragraphs under a headline, and replaces every registry actor name in them by another
registry actor of the same type, so that actors co-occur in new combinations. The headline holds
the article number, so every article is distinct. Same sources and seed → same files.
Generated articles go to a temporary or ignored folder; they are never committed.
"""
from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from ioggraph.corpus import iter_articles
from ioggraph.errors import IoggraphError
from ioggraph.model import Article
from ioggraph.registry import load_registry

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")


def sentences(folders: Iterable[Path]) -> list[str]:
    """Sentences of 6 to 60 words from every readable article under ``folders``, in order."""
    out: list[str] = []
    for folder in folders:
        for art in iter_articles(Path(folder)):
            if isinstance(art, Article):
                out += [s.strip() for s in _SENTENCE.findall(art.text) if 6 <= len(s.split()) <= 60]
    if not out:
        raise IoggraphError(f"No sentence found in {', '.join(map(str, folders))}; give folders of articles.")
    return out


def name_pools() -> tuple[re.Pattern[str], dict[str, str], dict[str, list[str]]]:
    """A pattern of registry names (longest first), name -> type, and type -> names."""
    type_of = {a.name: a.type for a in load_registry().values() if len(a.name) > 3}
    by_type: dict[str, list[str]] = defaultdict(list)
    for name, kind in sorted(type_of.items()):
        by_type[kind].append(name)
    alternatives = "|".join(re.escape(n) for n in sorted(type_of, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    return pattern, type_of, by_type


def article(i: int, pool: Sequence[str], names: tuple, *, seed: int = 0, length: tuple[int, int] = (8, 24)) -> str:
    pattern, type_of, by_type = names
    rng = random.Random(seed * 1_000_003 + i)
    picked = [pattern.sub(lambda m: rng.choice(by_type[type_of[m.group(0)]]), s)
              for s in rng.sample(pool, min(len(pool), rng.randint(*length)))]
    paragraphs, k = [], 0
    while k < len(picked):
        step = rng.randint(2, 4)
        paragraphs.append(" ".join(picked[k:k + step]))
        k += step
    return f"Monitoring report {i:06d}\n\n" + "\n\n".join(paragraphs) + "\n"


def generate(dest: Path, n: int, sources: Iterable[Path], *, seed: int = 0, start: int = 0,
             length: tuple[int, int] = (8, 24)) -> tuple[int, int]:
    """Write articles ``start .. start+n-1`` (``length``: sentences, min and max) to ``dest/gen_NNNNNN.txt``;
    return (files, words)."""
    dest.mkdir(parents=True, exist_ok=True)
    pool, names = sentences(sources), name_pools()
    words = 0
    for i in range(start, start + n):
        text = article(i, pool, names, seed=seed, length=length)
        (dest / f"gen_{i:06d}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    return n, words
