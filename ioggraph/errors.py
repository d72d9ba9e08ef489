"""Named exceptions. Each message says what was expected, what arrived and how to fix it.

The CLI turns every :class:`IoggraphError` into a one-line message and a non-zero exit status.
"""
from __future__ import annotations


class IoggraphError(Exception):
    """Base class of every error ioggraph raises on purpose."""


class CorpusError(IoggraphError):
    """The corpus folder is missing, not a folder, or holds no readable article."""


class SchemaError(IoggraphError):
    """A YAML/CSV data file (registry, lexicon, gold) is malformed.

    The message names the file, the line (when known) and the key.
    """

    def __init__(self, path: object, message: str, *, line: int | None = None, key: str | None = None):
        where = f"{path}"
        if line is not None:
            where += f", line {line}"
        if key:
            where += f", key '{key}'"
        super().__init__(f"{where}: {message}")
        self.path, self.line, self.key = path, line, key


class ModelNotFound(IoggraphError):
    """No spaCy pipeline could be loaded."""


class ActivityModelError(IoggraphError):
    """The trained activity model (ioggraph/nlp/models/activity.json) is missing or malformed."""


class StoreError(IoggraphError):
    """The store is missing, unreadable, or was written by an incompatible version."""


class ActorNotFound(IoggraphError):
    """A query named an actor the graph does not have."""

    def __init__(self, name: str, suggestions: list[str]):
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"No actor matches '{name}'.{hint}")
        self.name, self.suggestions = name, suggestions


class UnknownFormat(IoggraphError):
    """An export format name that no exporter is registered for."""

    def __init__(self, name: str, known: list[str] | tuple[str, ...] = ()):
        known_txt = ", ".join(sorted(known))
        super().__init__(f"Unknown export format '{name}'; expected one of: {known_txt}.")
        self.name, self.known = name, list(known)


class BuildIncomplete(IoggraphError):
    """--strict was given and some files were skipped."""


class ExportError(IoggraphError):
    """The graph cannot be written in the requested format as it is (the message says what is missing)."""


class StoreBusy(StoreError):
    """Another build holds the store's build lock."""


class StoreFull(StoreError):
    """The disk (or SQLite's size limit) filled up during a build; the previous build is kept."""
