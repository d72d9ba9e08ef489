"""The registry of known actors (``schemas/actors.yaml`` plus user files), in scispacy's KB shape.

A registry file looks like::

    actors:
      - id: ufwd
        name: United Front Work Department
        type: Organization
        aliases: [UFWD, 中央统战部]
        metonyms: []            # names of places that stand for this actor when they act ("Beijing")
        part_of: ccp            # optional: another registry id
        member_of: null
        roles:                  # optional, dated: what the actor is, and when (ISO dates, end open)
          - {title: Vice Chairman, of: clg-taiwan, start: 2023-03-10, end: null}

Later files override earlier ones entry by entry (same ``id``), so ``--registry FILE`` can add
actors, aliases or fix a type without copying the built-in file. Every error names the file, the
line and the key (:class:`ioggraph.errors.SchemaError`).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from ioggraph.errors import SchemaError
from ioggraph.model import ACTOR_TYPES
from ioggraph.schemas import Node, load_yaml, require, require_list_of_str, schemas_dir
from ioggraph.textsafety import bad_character, shorten

_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")
ACTOR_KEYS = {"id", "name", "type", "aliases", "metonyms", "part_of", "member_of", "description", "roles"}
ROLE_KEYS = {"title", "of", "start", "end"}


class Role(NamedTuple):
    """A dated role: ``title`` (of registry actor ``of``) from ``start`` to ``end`` (ISO, None = open)."""

    title: str
    of: str | None = None
    start: str | None = None
    end: str | None = None

    def holds_on(self, day: str) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


class RegistryActor(NamedTuple):
    """One known actor. ``aliases`` excludes ``name``; ``metonyms`` are places standing for it."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    part_of: str | None = None
    member_of: str | None = None
    description: str = ""
    roles: tuple[Role, ...] = ()
    source: str = ""                # file and line the entry comes from, for error messages
    line: int = 0

    def surface_forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def roles_on(self, day: str | None) -> tuple[Role, ...]:
        """Roles held on ``day`` (ISO date); every role when ``day`` is None."""
        return self.roles if day is None else tuple(r for r in self.roles if r.holds_on(day[:10]))


def default_registry_path() -> Path:
    return schemas_dir() / "actors.yaml"


def load_registry(paths: Iterable[Path] = ()) -> dict[str, RegistryActor]:
    """The built-in registry merged with ``paths`` (later wins per id), keyed and sorted by id."""
    actors: dict[str, RegistryActor] = {}
    for path in (default_registry_path(), *paths):
        for actor in _load_file(Path(path)):
            actors[actor.id] = actor
    _check_links(actors)
    return dict(sorted(actors.items()))


def _load_file(path: Path) -> list[RegistryActor]:
    try:
        data = load_yaml(path)
    except ValueError as exc:  # YAML's own date parsing: "2024-13-01"
        raise SchemaError(path, f"invalid value ({str(exc)[:200]}); dates are YYYY-MM-DD") from None
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        raise SchemaError(path, "expected a mapping with a list under 'actors:'", line=getattr(data, "line", 1), key="actors")
    out, seen = [], set()
    for item in data["actors"]:
        actor = _parse(path, item)
        if actor.id in seen:
            raise SchemaError(path, f"duplicate id '{actor.id}'", line=item.line_of("id"), key="id")
        seen.add(actor.id)
        out.append(actor)
    return out


def _parse(path: Path, item: Node) -> RegistryActor:
    if not isinstance(item, Node):
        raise SchemaError(path, f"expected an actor mapping (id, name, type, ...), got {shorten(item)}", key="actors")
    _no_unknown_keys(path, item, ACTOR_KEYS)
    ident = require(path, item, "id", str)
    if not ident or set(ident) - _ID_CHARS:
        raise SchemaError(path, f"id {shorten(ident)} must be lowercase letters, digits and '-'", line=item.line_of("id"), key="id")
    kind = require(path, item, "type", str)
    if kind not in ACTOR_TYPES:
        raise SchemaError(path, f"type {shorten(kind)} is not one of {', '.join(ACTOR_TYPES)}", line=item.line_of("type"), key="type")
    _check_names(path, item)
    return RegistryActor(
        id=ident,
        name=require(path, item, "name", str),
        type=kind,
        aliases=require_list_of_str(path, item, "aliases"),
        metonyms=require_list_of_str(path, item, "metonyms"),
        part_of=require(path, item, "part_of", str, optional=True),
        member_of=require(path, item, "member_of", str, optional=True),
        description=require(path, item, "description", str, optional=True) or "",
        roles=_roles(path, item),
        source=str(path),
        line=item.line,
    )


def _check_names(path: Path, item: Node) -> None:
    """Refuse names, aliases and metonyms with control characters, line separators or bidi overrides."""
    for key in ("name", "aliases", "metonyms", "description"):
        value = item.get(key)
        for text in (value if isinstance(value, list) else [value]):
            problem = bad_character(text) if isinstance(text, str) else None
            if problem:
                raise SchemaError(path, f"{shorten(text, 80)} contains {problem}; names may not hold control "
                                        "characters, line breaks or bidi overrides: remove it",
                                  line=item.line_of(key), key=key)


def _no_unknown_keys(path: Path, item: Node, known: set[str]) -> None:
    for key in item:
        if key not in known:
            raise SchemaError(path, f"unknown key; expected one of {', '.join(sorted(known))}",
                              line=item.line_of(str(key)), key=str(key)[:80])


def _roles(path: Path, item: Node) -> tuple[Role, ...]:
    out = []
    for role in require(path, item, "roles", list, optional=True) or []:
        if not isinstance(role, Node):
            raise SchemaError(path, f"expected a role mapping (title, of, start, end), got {shorten(role)}",
                              line=item.line_of("roles"), key="roles")
        _no_unknown_keys(path, role, ROLE_KEYS)
        start, end = _date(path, role, "start"), _date(path, role, "end")
        if start and end and end < start:
            raise SchemaError(path, f"role ends ({end}) before it starts ({start})", line=role.line_of("end"), key="end")
        out.append(Role(require(path, role, "title", str), require(path, role, "of", str, optional=True), start, end))
    return tuple(out)


def _date(path: Path, role: Node, key: str) -> str | None:
    """An ISO date (YAML date or 'YYYY-MM-DD' string) as a string, or None."""
    value = role.get(key)
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise SchemaError(path, f"expected an ISO date (YYYY-MM-DD), got {shorten(value)}", line=role.line_of(key), key=key) from None


def _check_links(actors: dict[str, RegistryActor]) -> None:
    for actor in actors.values():
        links = [("part_of", actor.part_of), ("member_of", actor.member_of), *(("roles", r.of) for r in actor.roles)]
        for key, link in links:
            if link and link not in actors:
                raise SchemaError(actor.source or default_registry_path(), f"actor '{actor.id}' links to unknown id '{link}'",
                                  line=actor.line or None, key=key)
