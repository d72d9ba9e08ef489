"""Gold annotations (one YAML file per article) and the name normalisation used to match them.

The format is described in ``eval/GUIDELINES.md``::

    file: 012_example.txt
    relevant: true
    actors: [{name, type, aliases, role}, ...]
    tactics: [{actor, techniques, target?, quote, label?}, ...]

:func:`load_gold` validates every file and raises :class:`~ioggraph.errors.SchemaError` naming the
file, the line and the key of the first problem. Nothing here imports spaCy.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from ioggraph.errors import SchemaError

ROLES: frozenset[str] = frozenset({"perpetrator", "target", "facilitator", "reporter", "other"})
KEY_ROLES: frozenset[str] = frozenset({"perpetrator", "target", "facilitator"})
TYPES: frozenset[str] = frozenset(
    {"person", "organization", "government", "military_unit", "media", "group", "location"}
)
_LINE = "__line__"


@dataclass(frozen=True)
class GoldActor:
    name: str
    type: str
    role: str
    aliases: tuple[str, ...] = ()

    @property
    def forms(self) -> frozenset[str]:
        """Normalised name and aliases."""
        return frozenset(norm_name(f) for f in (self.name, *self.aliases))


@dataclass(frozen=True)
class GoldTactic:
    actor: str
    quote: str
    techniques: tuple[str, ...] = ()
    target: str | None = None
    label: str | None = None


@dataclass(frozen=True)
class Gold:
    file: str
    relevant: bool
    actors: tuple[GoldActor, ...] = ()
    tactics: tuple[GoldTactic, ...] = ()
    source: str = ""
    by_name: dict[str, GoldActor] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_name.update({a.name: a for a in self.actors})


# --- name normalisation -------------------------------------------------------------------------

_QUOTES_DASHES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
})


def norm_name(name: str) -> str:
    """Case, quotes, dashes, possessives, spacing and a leading "the" normalised away.

    >>> norm_name("The People\u2019s  Liberation Army\u2019s")
    'people liberation army'
    """
    s = unicodedata.normalize("NFKC", name).translate(_QUOTES_DASHES).casefold()
    s = re.sub(r"'s\b", "", s)                      # possessive 's
    s = re.sub(r"(?<=s)'(?=\s|$)", "", s)           # plural possessive: members'
    s = s.replace('"', " ")
    s = re.sub(r"(^|\s)'|'(\s|$)", r"\1\2", s)      # quotes around words
    s = re.sub(r"\s*-\s*", "-", s)
    s = re.sub(r"\s+", " ", s).strip(" .,;:!?()[]{}")
    return re.sub(r"^the ", "", s)


def doc_key(path: str) -> str:
    """Basename of a document path (POSIX or Windows separators)."""
    return PurePosixPath(path.replace("\\", "/")).name


# --- loading ------------------------------------------------------------------------------------

class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records each mapping's 1-based line under ``__line__``."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[_LINE] = node.start_mark.line + 1
        return mapping


def load_gold(directory: Path | str) -> dict[str, Gold]:
    """Every ``*.yaml``/``*.yml`` file in ``directory``, keyed by its ``file`` value."""
    root = Path(directory)
    if not root.is_dir():
        raise SchemaError(root, "gold folder not found; expected a folder of YAML annotation files")
    out: dict[str, Gold] = {}
    for path in sorted([*root.glob("*.yaml"), *root.glob("*.yml")]):
        gold = load_gold_file(path)
        if gold.file in out:
            raise SchemaError(path, f"file '{gold.file}' is also annotated in {out[gold.file].source}",
                              key="file")
        out[gold.file] = gold
    if not out:
        raise SchemaError(root, "no *.yaml gold files in this folder")
    return out


def load_gold_file(path: Path) -> Gold:
    """Parse and validate one annotation file."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise SchemaError(path, f"not valid YAML ({getattr(exc, 'problem', exc)})", line=line) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaError(path, f"cannot read the file ({exc})") from None
    if not isinstance(data, dict):
        raise SchemaError(path, "expected a mapping with keys file, relevant, actors, tactics")
    ctx = _Ctx(path)
    file = ctx.string(data, "file")
    relevant = data.get("relevant")
    if not isinstance(relevant, bool):
        ctx.fail(data, "relevant", f"expected true or false, got {relevant!r}")
    actors = tuple(_actor(ctx, a) for a in ctx.items(data, "actors"))
    names = {a.name for a in actors}
    tactics = tuple(_tactic(ctx, t, names) for t in ctx.items(data, "tactics"))
    return Gold(file=file, relevant=relevant, actors=actors, tactics=tactics, source=str(path))


@dataclass(frozen=True)
class _Ctx:
    path: Path

    def fail(self, mapping: dict, key: str, message: str) -> None:
        raise SchemaError(self.path, message, line=mapping.get(_LINE), key=key)

    def string(self, mapping: dict, key: str, *, required: bool = True) -> Any:
        value = mapping.get(key)
        if value is None and not required:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.fail(mapping, key, f"expected a non-empty string, got {value!r}")
        return value.strip()

    def strings(self, mapping: dict, key: str) -> tuple[str, ...]:
        value = mapping.get(key) or []
        if isinstance(value, str) or not isinstance(value, list):
            self.fail(mapping, key, f"expected a list like [A, B], got {value!r}")
        bad = [v for v in value if not isinstance(v, (str, int, float)) or isinstance(v, bool)]
        if bad:
            self.fail(mapping, key, f"expected strings, got {bad[0]!r}")
        return tuple(str(v).strip() for v in value if str(v).strip())

    def items(self, mapping: dict, key: str) -> list[dict]:
        value = mapping.get(key) or []
        if not isinstance(value, list):
            self.fail(mapping, key, f"expected a list of mappings, got {type(value).__name__}")
        for item in value:
            if not isinstance(item, dict):
                self.fail(mapping, key, f"expected each entry to be a mapping, got {item!r}")
        return value


def _actor(ctx: _Ctx, item: dict) -> GoldActor:
    name = ctx.string(item, "name")
    kind, role = ctx.string(item, "type"), ctx.string(item, "role")
    if kind not in TYPES:
        ctx.fail(item, "type", f"actor '{name}': type '{kind}' is not one of {', '.join(sorted(TYPES))}")
    if role not in ROLES:
        ctx.fail(item, "role", f"actor '{name}': role '{role}' is not one of {', '.join(sorted(ROLES))}")
    return GoldActor(name=name, type=kind, role=role, aliases=ctx.strings(item, "aliases"))


def _tactic(ctx: _Ctx, item: dict, names: set[str]) -> GoldTactic:
    actor = ctx.string(item, "actor")
    if actor not in names:
        ctx.fail(item, "actor", f"tactic actor '{actor}' is not the name of an entry in actors")
    target = ctx.string(item, "target", required=False)
    if target is not None and target not in names:
        ctx.fail(item, "target", f"tactic target '{target}' is not the name of an entry in actors")
    return GoldTactic(
        actor=actor, quote=ctx.string(item, "quote"), techniques=ctx.strings(item, "techniques"),
        target=target, label=ctx.string(item, "label", required=False),
    )
