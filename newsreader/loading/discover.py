"""Finding the article files under the paths a user names."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsreader.loading.file_read import not_regular_reason
from newsreader.model.records import Problem

ARTICLE_SUFFIXES: tuple[str, ...] = (".md", ".markdown", ".txt")


@dataclass(slots=True)
class Discovery:
    """The article files found, in a stable order, and what was passed over."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Files of other types inside the folders walked.
    skipped_files: int = 0


def discover(paths: Iterable[Path], suffixes: Iterable[str] = ARTICLE_SUFFIXES) -> Discovery:
    """Walk files and folders (recursively, by name), skipping hidden entries and other types.

    A file named directly is always taken, whatever its type. Symbolic links are followed;
    one that leads back into a folder being walked is reported as a loop.
    """
    wanted = tuple(suffix.lower() for suffix in suffixes)
    found = Discovery()
    # Real paths (as text) of the files taken, so a file reached twice is taken once.
    seen_files: set[str] = set()
    walked_folders: set[tuple[int, int]] = set()
    for path in paths:
        if path.is_symlink() and not path.exists():
            found.problems.append(Problem(path, _dangling_link_reason(path)))
        elif path.is_dir():
            _walk(path, wanted, found, seen_files, walked_folders)
        elif path.exists():
            _take(path, found, seen_files)
        else:
            found.problems.append(Problem(path, "no such file or folder"))
    return found


def _take(path: Path, found: Discovery, seen_files: set[str], real: str | None = None) -> None:
    real = str(path.resolve()) if real is None else real
    if real not in seen_files:
        seen_files.add(real)
        found.files.append(path)


def _dangling_link_reason(path: Path) -> str:
    try:
        info = path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop"
        return "broken symbolic link"
    # It leads somewhere after all: to something that is not a file or folder (/dev/zero).
    return not_regular_reason(info.st_mode)


def _special_reason(path: Path, is_link: bool) -> str | None:
    """Why an entry that is neither a file nor a folder cannot be read (None: it went away)."""
    if is_link:
        return _dangling_link_reason(path)
    try:
        return not_regular_reason(path.lstat().st_mode)
    except OSError:
        return None


def _leads_somewhere(path: Path) -> bool:
    """Whether a path names something that exists, following links."""
    try:
        path.stat()
    except OSError:
        return False
    return True


def _contains(outer: str, inner: str) -> bool:
    """Whether the real path `outer` is `inner` or a folder above it."""
    return inner == outer or inner.startswith(outer.rstrip(os.sep) + os.sep)


# A stack entry: a folder to walk and its real path, or (None, identity): the walk is done
# with the folder of that identity, which stops being an ancestor of what is walked next.
_Entry = tuple[Path, str] | tuple[None, tuple[int, int]]


def _walk(
    root: Path,
    wanted: tuple[str, ...],
    found: Discovery,
    seen_files: set[str],
    walked_folders: set[tuple[int, int]],
) -> None:
    """Depth first, without recursion. Each folder's real path is its parent's and its name
    (only a link is resolved), so a deep tree costs no more per folder than a shallow one.

    A link to a folder that contains it (`..`, `/`, an ancestor of the folder named) is a loop,
    not walked; so is a folder met again among its own ancestors (a bind mount).
    """
    try:
        real_root = os.path.realpath(root)
    except OSError as error:
        found.problems.append(Problem(root, f"cannot read folder: {error.strerror or error}"))
        return
    # The identities of the folders from the root down to the one being walked.
    ancestors: set[tuple[int, int]] = set()
    stack: list[_Entry] = [(root, real_root)]
    while stack:
        folder, where = stack.pop()
        if folder is None:
            ancestors.discard(where)
            continue
        real_folder = str(where)
        try:
            info = folder.stat()
            identity = (info.st_dev, info.st_ino)
            if identity in ancestors:
                found.problems.append(
                    Problem(folder, "symbolic link loop (leads back to a parent)")
                )
                continue
            if identity in walked_folders:
                continue
            walked_folders.add(identity)
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except PermissionError:
            found.problems.append(Problem(folder, "permission denied"))
            continue
        except OSError as error:
            found.problems.append(Problem(folder, f"cannot read folder: {error.strerror or error}"))
            continue
        ancestors.add(identity)
        stack.append((None, identity))
        subfolders: list[tuple[Path, str]] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir()
                is_file = not is_dir and entry.is_file()
                real = (
                    os.path.realpath(entry.path)
                    if is_link
                    else os.path.join(real_folder, entry.name)
                )
            except OSError as error:
                # A link that leads to itself, or round a ring of links, fails with ELOOP.
                reason = (
                    "symbolic link loop"
                    if error.errno == errno.ELOOP
                    else f"cannot read: {error.strerror or error}"
                )
                found.problems.append(Problem(path, reason))
                continue
            if is_dir:
                if is_link and _contains(real, real_folder):
                    found.problems.append(
                        Problem(path, "symbolic link loop (leads to a folder that contains it)")
                    )
                else:
                    subfolders.append((path, real))
            elif is_file:
                if path.suffix.lower() in wanted:
                    _take(path, found, seen_files, real)
                else:
                    found.skipped_files += 1
            else:
                # A broken link, or a named pipe, socket or device (or a link to one).
                special = _special_reason(path, is_link)
                if special is not None and (
                    path.suffix.lower() in wanted or not _leads_somewhere(path)
                ):
                    found.problems.append(Problem(path, special))
                else:
                    found.skipped_files += 1
        # Reversed so that the stack yields subfolders in name order.
        stack.extend(reversed(subfolders))


def first_files(
    paths: Iterable[Path], suffixes: Iterable[str] = ARTICLE_SUFFIXES, limit: int = 60
) -> list[Path]:
    """Up to `limit` of the files `discover` finds, the last in name order first.

    A quick look for something to show while the whole walk goes on: folders named by date
    (`2024/03/`) give the newest articles. Only plain files and folders are looked at (links
    and loops are for the walk to sort out), and at most `limit` folders are opened.
    """
    wanted = tuple(suffix.lower() for suffix in suffixes)
    files: list[Path] = []
    folders: list[Path] = []
    for path in paths:
        if path.is_dir():
            folders.append(path)
        elif path.is_file():
            files.append(path)
    # Depth first, each folder's entries in reverse name order.
    stack = list(reversed(folders))
    opened = 0
    while stack and len(files) < limit and opened < limit:
        folder = stack.pop()
        opened += 1
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name, reverse=True)
        except OSError:
            continue
        subfolders: list[Path] = []
        for entry in entries:
            if entry.name.startswith(".") or entry.is_symlink():
                continue
            try:
                if entry.is_dir():
                    subfolders.append(Path(entry.path))
                elif (
                    len(files) < limit
                    and os.path.splitext(entry.name)[1].lower() in wanted
                    and entry.is_file()
                ):
                    files.append(Path(entry.path))
            except OSError:
                continue
        stack.extend(reversed(subfolders))
    return files[:limit]
