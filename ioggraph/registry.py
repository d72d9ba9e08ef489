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

Later files override earlier ones entry by entry (same ``id``), so ``--registry FILE`` can add
actors, aliases or fix a type without copying the built-in file.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from ioggraph.errors import SchemaError
from ioggraph.model import ACTOR_TYPES
from ioggraph.schemas import Node, load_yaml, require, require_list_of_str, schemas_dir

_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")


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

    def surface_forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


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
    data = load_yaml(path)
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
    ident = require(path, item, "id", str)
    if not ident or set(ident) - _ID_CHARS:
        raise SchemaError(path, f"id '{ident}' must be lowercase letters, digits and '-'", line=item.line_of("id"), key="id")
    kind = require(path, item, "type", str)
    if kind not in ACTOR_TYPES:
        raise SchemaError(path, f"type '{kind}' is not one of {', '.join(ACTOR_TYPES)}", line=item.line_of("type"), key="type")
    return RegistryActor(
        id=ident,
        name=require(path, item, "name", str),
        type=kind,
        aliases=require_list_of_str(path, item, "aliases"),
        metonyms=require_list_of_str(path, item, "metonyms"),
        part_of=require(path, item, "part_of", str, optional=True),
        member_of=require(path, item, "member_of", str, optional=True),
        description=require(path, item, "description", str, optional=True) or "",
    )


def _check_links(actors: dict[str, RegistryActor]) -> None:
    for actor in actors.values():
        for link in (actor.part_of, actor.member_of):
            if link and link not in actors:
                raise SchemaError(default_registry_path(), f"actor '{actor.id}' links to unknown id '{link}'", key="part_of")
