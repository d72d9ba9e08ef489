"""Plain records that flow from extraction to the store: strings and offsets, never spaCy objects.

Everything here is JSON-friendly (``dataclasses.asdict``) so that extraction can run in another
process or on another machine and hand back its results unchanged.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

ACTOR_TYPES: tuple[str, ...] = (
    "Person", "Organization", "Government", "MilitaryUnit", "Media", "Group", "Location",
)
MODALITIES: tuple[str, ...] = ("asserted", "planned", "hedged")


@dataclass(frozen=True)
class Article:
    """One input document. ``path`` is relative to the corpus root, POSIX style."""

    path: str
    text: str
    sha256: str
    size: int
    title: str | None = None
    date: str | None = None
    url: str | None = None
    author: str | None = None
    pages: tuple[int, ...] = ()      # PDF: offset in ``text`` where page 1, 2, ... starts
    language: str | None = None      # ISO 639-1 code detected from ``text`` ("en", "zh", ...)
    notes: tuple[str, ...] = ()      # what the reader changed or dropped, shown in the build summary

    def page_of(self, offset: int) -> int | None:
        """The 1-based page holding character ``offset`` (None for documents without pages)."""
        if not self.pages:
            return None
        return max(1, bisect.bisect_right(self.pages, offset))


@dataclass(frozen=True)
class Skipped:
    """A file the corpus reader could not use, and why (shown to the user by name)."""

    path: str
    reason: str


@dataclass(frozen=True)
class Mention:
    """A span of the document that names an actor. ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str
    key: str          # document-level actor key: registry id or slug of the normalised name
    type: str         # one of ACTOR_TYPES
    source: str       # "registry", "ner", "group", "alias"


@dataclass(frozen=True)
class ActorRecord:
    """An actor as one document sees it."""

    key: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    registry: bool = False


@dataclass(frozen=True)
class Relation:
    """One claim: ``source`` does ``relation`` (to ``target``), evidenced by ``quote``.

    ``target`` is an actor key, or a technique id when the claim names no target actor.
    ``quote == article.text[start:end]`` (the sentence holding the claim).
    """

    source: str
    target: str
    relation: str
    kind: str                       # "tactic" or "relation"
    start: int
    end: int
    quote: str
    rule: str
    technique: str | None = None
    techniques: tuple[str, ...] = ()
    confidence: float = 1.0
    modality: str = "asserted"
    reported_by: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    trigger: str = ""               # the words the rule fired on, for --explain
    target_is_technique: bool = False
    disputed_by: tuple[str, ...] = ()  # actors that deny the accusation (the edge's agent, in the document)


@dataclass
class DocResult:
    """Everything extracted from one article."""

    doc: str
    mentions: list[Mention] = field(default_factory=list)
    actors: dict[str, ActorRecord] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    deniers: dict[str, str] = field(default_factory=dict)  # actor key -> label: denies the accusations
