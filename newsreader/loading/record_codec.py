"""Records pickled compactly, for the worker processes' results and the load cache.

Model objects are pickled as their class and field values (unpickling calls the constructor),
and each file path as its position in the list of files, so the loader's own Path objects are
used again. Unpickling only accepts the classes that records are made of.
"""

from __future__ import annotations

import copyreg
import dataclasses
import datetime as dt
import io
import operator
import pathlib
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsreader.model import records as model
from newsreader.model.records import (
    Article,
    Image,
    Item,
    Note,
    Problem,
    Provider,
    Related,
    Skipped,
)

_RECORD_CLASSES = (Article, Related, Provider, Image, Item, Note, Problem, Skipped)


# Compact pickling -----------------------------------------------------------------------------


def _fields_of(cls: type) -> tuple[str, ...]:
    # An article's body and excerpt go as kept (compressed, UTF-8), not as text.
    stored = {"body": "stored_body", "excerpt": "stored_excerpt"} if cls is Article else {}
    return tuple(stored.get(field.name, field.name) for field in dataclasses.fields(cls))


_FIELDS = {cls: _fields_of(cls) for cls in _RECORD_CLASSES}


def _path_at(position: int) -> Path:
    """Stands in the pickle for a path given by position; the unpickler supplies the path."""
    raise pickle.UnpicklingError("a path by position needs the load cache's unpickler")


def _shared_at(position: int) -> Any:
    """Stands in the pickle for a shared object; the unpickler supplies the object."""
    raise pickle.UnpicklingError("a shared object needs the load cache's unpickler")


# What a record can hold: the model's classes, paths, times, and the builtins pickle names.
_ALLOWED = {("newsreader.model.records", cls.__name__) for cls in _RECORD_CLASSES} | {
    ("pathlib", "PosixPath"),
    ("pathlib", "WindowsPath"),
    ("pathlib", "PurePosixPath"),
    ("pathlib", "PureWindowsPath"),
    ("datetime", "datetime"),
    ("datetime", "date"),
    ("datetime", "timezone"),
    ("datetime", "timedelta"),
    ("copyreg", "_reconstructor"),
    ("copyreg", "__newobj__"),
    ("builtins", "object"),
}


class RecordPickler(pickle.Pickler):
    """Pickles records compactly: model objects as their class and field values (unpickling
    calls the constructor, rather than the dataclass's generic __setstate__ that looks up the
    fields again for each object), the paths in `paths` as their positions, and the objects in
    `shared` (kept elsewhere) as theirs.

    The reducers are looked up by type, so pickle calls Python only for records and paths.
    """

    def __init__(self, file: io.BytesIO, paths: Sequence[Path], shared: Sequence[Any]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        path_positions = {id(path): position for position, path in enumerate(paths)}
        shared_positions = {id(obj): position for position, obj in enumerate(shared)}

        def reduce_path(path: pathlib.PurePath) -> Any:
            position = path_positions.get(id(path))
            return path.__reduce__() if position is None else (_path_at, (position,))

        def record_reducer(cls: Any) -> Any:
            values = operator.attrgetter(*_FIELDS[cls])
            if not shared_positions:
                return lambda record: (cls, values(record))

            def reduce(record: Any) -> Any:
                position = shared_positions.get(id(record))
                return (cls, values(record)) if position is None else (_shared_at, (position,))

            return reduce

        table = dict(copyreg.dispatch_table)
        table.update({cls: record_reducer(cls) for cls in _RECORD_CLASSES})
        table.update({cls: reduce_path for cls in _PATH_CLASSES})
        self.dispatch_table = table


_PATH_CLASSES = (pathlib.PosixPath, pathlib.WindowsPath, pathlib.PurePosixPath)


# Records that many articles repeat (the same related story, the same provider): each is made
# once and shared, when an unpickler is given a dict to keep them in.
_INTERNED = (Related, Provider)


class RecordUnpickler(pickle.Unpickler):
    """Reads what RecordPickler wrote, given the same paths and shared objects.

    Only the classes that records are made of are accepted.
    """

    def __init__(
        self,
        file: io.BytesIO,
        paths: Sequence[Path],
        shared: Sequence[Any] = (),
        interned: dict[Any, Any] | None = None,
    ) -> None:
        super().__init__(file)
        # What find_class gives must not refer back to the unpickler: the unpickler's memo
        # keeps it, and the cycle would keep the memo and the pickled data alive while the
        # load has the cycle collector paused.
        self._path_at = paths.__getitem__
        self._shared_at = shared.__getitem__
        self._interned = interned

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == "_path_at":
            return self._path_at
        if module == __name__ and name == "_shared_at":
            return self._shared_at
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a load cache")
        if module == "newsreader.model.records":
            cls = getattr(model, name)
            if self._interned is not None and cls in _INTERNED:
                return _interning(cls, self._interned)
            return cls
        if module == "pathlib":
            return getattr(pathlib, name)
        if module == "datetime":
            return getattr(dt, name)
        return super().find_class(module, name)


def _interning(cls: type, interned: dict[Any, Any]) -> Any:
    """A maker of `cls` records that gives the record already made for the same values.

    The field reader gives each field one type (times are all in UTC), so equal values are
    the same values.
    """

    def make(*values: Any) -> Any:
        key = (cls, values)
        record = interned.get(key)
        if record is None:
            record = interned[key] = cls(*values)
        return record

    return make


def dump_records(value: Any, paths: Sequence[Path], shared: Sequence[Any] = ()) -> bytes:
    """`value` pickled compactly, the paths in `paths` and objects in `shared` by position."""
    buffer = io.BytesIO()
    RecordPickler(buffer, paths, shared).dump(value)
    return buffer.getvalue()


def load_records(
    data: bytes,
    paths: Sequence[Path],
    shared: Sequence[Any] = (),
    interned: dict[Any, Any] | None = None,
) -> Any:
    """What `dump_records` wrote, given the same `paths` and `shared` objects; records that
    repeat are made once and kept in `interned`, if given.

    Raises pickle.UnpicklingError (or another error of reading) for anything else.
    """
    return RecordUnpickler(io.BytesIO(data), paths, shared, interned).load()


# Errors that mean pickled records cannot be used: damaged, truncated, or from other code.
UNREADABLE = (
    OSError,
    EOFError,
    pickle.UnpicklingError,
    AttributeError,
    ImportError,
    IndexError,
    KeyError,
    TypeError,
    ValueError,
    MemoryError,
    OverflowError,
    RecursionError,
)
