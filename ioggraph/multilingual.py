"""Registry aliases inside Chinese, Japanese and Korean text, found by plain substring search.

The English tokenizer does not split text written without spaces ("中共中央统战部资助…" is one
token), so the registry matcher cannot see "统战部" inside it. For a document detected as zh, ja
or ko, every registry name or alias in those scripts is looked up in the text directly (longest
first, never overlapping a mention already found) and added as a registry mention, so the actor
is in the graph; tactic extraction stays English-only (the build summary says so).
"""
from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from ioggraph.model import ActorRecord, Article, DocResult, Mention
from ioggraph.registry import RegistryActor, load_registry

SPACELESS_LANGUAGES = frozenset({"zh", "ja", "ko"})
_SPACELESS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")


def _registry(nlp) -> dict[str, RegistryActor]:
    pipe = nlp.get_pipe("iog_actors") if "iog_actors" in getattr(nlp, "pipe_names", ()) else None
    registry = getattr(pipe, "registry", None)
    return registry if isinstance(registry, dict) else _default_registry()


@lru_cache(maxsize=1)
def _default_registry() -> dict[str, RegistryActor]:
    return load_registry()


def spaceless_forms(registry: dict[str, RegistryActor]) -> list[tuple[str, RegistryActor]]:
    """(surface form, actor) for forms in a script without spaces, longest first, then by form."""
    forms = {(form, actor.id): actor for actor in registry.values()
             for form in actor.surface_forms() if len(form) > 1 and _SPACELESS.search(form)}
    return [(form, actor) for (form, _id), actor in sorted(forms.items(), key=lambda kv: (-len(kv[0][0]), kv[0]))]


def find_aliases(text: str, registry: dict[str, RegistryActor], taken: list[tuple[int, int]] = ()) -> list[Mention]:
    """Registry mentions of spaceless-script aliases in ``text`` that overlap nothing in ``taken``."""
    spans = list(taken)
    out = []
    for form, actor in spaceless_forms(registry):
        start = text.find(form)
        while start >= 0:
            end = start + len(form)
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
                out.append(Mention(start, end, form, actor.id, actor.type, "registry"))
            start = text.find(form, end)
    return out


def complete(nlp, article: Article, result: DocResult) -> DocResult:
    """``result`` plus the spaceless-script registry aliases of a zh/ja/ko ``article``."""
    if article.language not in SPACELESS_LANGUAGES:
        return result
    registry = _registry(nlp)
    found = find_aliases(article.text, registry, [(m.start, m.end) for m in result.mentions])
    if not found:
        return result
    actors = dict(result.actors)
    for m in found:
        actor = registry[m.key]
        old = actors.get(m.key)
        aliases = set(old.aliases if old else actor.aliases) | {m.text}
        actors[m.key] = ActorRecord(m.key, old.label if old else actor.name, actor.type,
                                    tuple(sorted(aliases - {actor.name})), True)
    mentions = sorted([*result.mentions, *found], key=lambda m: (m.start, m.end, m.key))
    return dataclasses.replace(result, mentions=mentions, actors=dict(sorted(actors.items())))
