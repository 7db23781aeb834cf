"""Finding the article files under the paths a user names."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

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
        path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop"
    return "broken symbolic link"


def _walk(
    root: Path,
    wanted: tuple[str, ...],
    found: Discovery,
    seen_files: set[str],
    walked_folders: set[tuple[int, int]],
) -> None:
    # Each stack entry carries the folder and the identities of the folders above it, so a
    # link back to an ancestor is a loop while a second link to a sibling is a repeat.
    stack: list[tuple[Path, frozenset[tuple[int, int]]]] = [(root, frozenset())]
    while stack:
        folder, ancestors = stack.pop()
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
            # A file that is not a link is where its folder really is: one resolve per folder
            # rather than one per file (which costs a system call per component of the path).
            real_folder = str(folder.resolve())
        except PermissionError:
            found.problems.append(Problem(folder, "permission denied"))
            continue
        except OSError as error:
            found.problems.append(Problem(folder, f"cannot read folder: {error.strerror or error}"))
            continue
        inner = ancestors | {identity}
        subfolders: list[Path] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
                is_file = not is_dir and entry.is_file()
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
                subfolders.append(path)
            elif is_file:
                if path.suffix.lower() in wanted:
                    real = None if entry.is_symlink() else os.path.join(real_folder, entry.name)
                    _take(path, found, seen_files, real)
                else:
                    found.skipped_files += 1
            elif entry.is_symlink():
                found.problems.append(Problem(path, _dangling_link_reason(path)))
        # Reversed so that the stack yields subfolders in name order.
        stack.extend((sub, inner) for sub in reversed(subfolders))


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
