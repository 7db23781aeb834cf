"""Watching the folders being read, and reporting which article files were added, changed, deleted.

The operating system tells of changes (inotify on Linux, through the `watchfiles` library); this
module keeps the ones that are about article files, in the same form `discover` names them, and
hands them over in batches. It runs in a thread of its own and knows nothing of the UI.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import watchfiles

from newsreader.loading.discover import ARTICLE_SUFFIXES, discover

ChangeKind = Literal["added", "changed", "deleted"]

# How long the watcher waits for more events before reporting a batch once things go quiet,
# and so also how soon stop() is noticed.
_STEP_MS = 50
# The pauses before watching is started again after a failure, one per restart.
RESTART_PAUSES = (1.0, 5.0, 30.0)
# How long run() waits for its watching threads to close once stopped.
_JOIN_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class Change:
    """An article file added, changed or deleted, named as `discover` names it.

    "added" and "changed" both mean: read this file (again); a file replaced by a rename, as many
    editors save, may come as either. A "deleted" path may be a folder that was removed or moved
    away, taking every file under it: `covers` answers for both.
    """

    path: Path
    kind: ChangeKind

    def covers(self, source: Path) -> bool:
        """Whether this change is about `source`: the file itself, or a folder it lies under."""
        return source == self.path or self.path in source.parents


@dataclass(frozen=True, slots=True)
class _Root:
    """A folder or file the watcher was started on."""

    given: Path  # as the caller named it; reported paths start with it
    absolute: Path  # as watchfiles reports the paths under it


@dataclass(frozen=True, slots=True)
class _Failed:
    """A watching thread ended on an error."""

    reason: str


_RawBatch = set[tuple[watchfiles.Change, str]]
# What the watching threads put on the queue: a batch, an error, or None when they end.
_Item = _RawBatch | _Failed | None


def _is_editor_temp(name: str) -> bool:
    """Whether a file name is an editor's backup or scratch file rather than an article."""
    # "name~" is a backup (vim, emacs, gedit); vim keeps ".swp" files and writes a file
    # named 4913 to test whether it may write in a folder.
    return name.endswith(("~", ".swp")) or name == "4913"


class FolderWatcher:
    """Watches folders (recursively) and files, and reports changes to article files.

    Inside folders, only files with one of `suffixes` count, and hidden entries (any name
    starting with ".") and editor temp files are passed over, as `discover` passes them over. A
    file named directly is watched whatever its name: its folder is watched, and only it reported.
    Paths that do not exist when `run` starts are ignored. One watcher runs once.
    """

    def __init__(
        self,
        paths: Sequence[Path],
        suffixes: Sequence[str] = ARTICLE_SUFFIXES,
        debounce_ms: int = 300,
    ) -> None:
        self._paths = list(paths)
        self._suffixes = tuple(suffix.lower() for suffix in suffixes)
        self._debounce_ms = debounce_ms
        self._stop = threading.Event()
        # Each round of watching (see `run`) has its own queue and its threads' own stop.
        self._queue: queue.SimpleQueue[_Item] = queue.SimpleQueue()
        self._round_stop = threading.Event()
        self._folders: list[_Root] = []
        # Files named directly, by the path watchfiles reports for them.
        self._files: dict[Path, Path] = {}
        # Every folder known under the watched folders, so that one that goes away can be told
        # from a file that does: the system names only the folder when it is moved away.
        self._known_folders: set[Path] = set()

    def stop(self) -> None:
        """Make `run` return promptly (within a tenth of a second or so). Safe from any thread."""
        self._stop.set()
        self._round_stop.set()
        self._queue.put(None)

    def run(
        self,
        on_changes: Callable[[list[Change]], None],
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        """Watch until `stop` is called or nothing is left to watch; blocks, so call it in a thread.

        `on_changes` is called in this thread with each batch of changes (never empty).
        `on_error` is told, in a sentence naming the path, when watching cannot start or a
        watched folder goes away, and when watching failed and starts again: a watch that
        fails (the system's notifier, or an error here) is started afresh after a pause, up to
        RESTART_PAUSES times, each said. Without `on_error` such trouble passes quietly.
        """

        def report(reason: str) -> None:
            if on_error is not None:
                on_error(reason)

        for pause in (*RESTART_PAUSES, None):
            try:
                failed = self._watch_round(on_changes, report)
            except Exception as error:  # whatever ends watching is said, and watching resumes
                report(f"watching the folders for changes failed: {error!r}")
                failed = True
            if not failed or self._stop.is_set():
                return
            if pause is None:
                report("watching the folders for changes failed too often; stopped watching")
                return
            report(f"watching the folders for changes again in {pause:g} s")
            if self._stop.wait(pause):
                return

    def _watch_round(
        self, on_changes: Callable[[list[Change]], None], report: Callable[[str], None]
    ) -> bool:
        """One round of watching, from finding the roots again; True if it ended on a failure."""
        self._folders, self._files, self._known_folders = [], {}, set()
        self._queue = queue.SimpleQueue()
        self._round_stop = round_stop = threading.Event()
        if self._stop.is_set():
            return False
        self._find_roots()
        watch_groups = self._watch_groups()
        if not watch_groups:
            return False
        threads = [
            threading.Thread(
                target=self._watch,
                args=(paths, recursive, round_stop, self._queue),
                name="newsreader-watch",
                daemon=True,
            )
            for paths, recursive in watch_groups
        ]
        for thread in threads:
            thread.start()
        running = len(threads)
        gone: set[Path] = set()
        failed = False
        try:
            while running and not self._stop.is_set():
                item = self._queue.get()
                if self._stop.is_set():
                    break
                if item is None:
                    running -= 1
                elif isinstance(item, _Failed):
                    report(item.reason)
                    failed = True
                else:
                    changes = self._changes(item)
                    if changes:
                        on_changes(changes)
                    if self._all_gone(gone, report):
                        break
        finally:
            round_stop.set()
            for thread in threads:
                thread.join(_JOIN_SECONDS)
        return failed and not self._stop.is_set()

    def _find_roots(self) -> None:
        for path in self._paths:
            absolute = path.absolute()
            if os.path.isdir(absolute):
                self._folders.append(_Root(path, absolute))
                self._known_folders.update(_folders_under(absolute))
            elif os.path.lexists(absolute) and absolute not in self._files:
                self._files[absolute] = path

    def _watch_groups(self) -> list[tuple[list[Path], bool]]:
        """The paths to watch recursively (folders) and not (the folders of files named alone)."""
        absolutes = {root.absolute for root in self._folders}
        # A folder inside another one named is watched with it.
        folders = sorted(
            folder
            for folder in absolutes
            if not any(_is_under(folder, other) for other in absolutes)
        )
        # A file in a watched folder is seen already; a file elsewhere needs its own folder
        # watched, but not what lies under it (a file in ~ must not mean watching all of ~).
        parents = {
            file.parent
            for file in self._files
            if not any(_is_under(file, folder) for folder in folders)
        }
        groups: list[tuple[list[Path], bool]] = []
        if folders:
            groups.append((folders, True))
        if parents:
            groups.append((sorted(parents), False))
        return groups

    def _watch(
        self,
        paths: list[Path],
        recursive: bool,
        stop: threading.Event,
        out: queue.SimpleQueue[_Item],
    ) -> None:
        """Put each batch of raw events on `out` until `stop` (runs in its own thread)."""
        try:
            for batch in watchfiles.watch(
                *paths,
                watch_filter=None,
                debounce=self._debounce_ms,
                step=_STEP_MS,
                stop_event=stop,
                recursive=recursive,
                ignore_permission_denied=True,
            ):
                out.put(batch)
        except (OSError, RuntimeError) as error:
            # watchfiles raises OSError for paths it cannot watch, RuntimeError for the
            # notifier's own failures (such as the system's limit on watches being reached).
            where = ", ".join(str(path) for path in paths)
            out.put(_Failed(f"cannot watch {where} for changes: {error}"))
        finally:
            out.put(None)

    def _changes(self, batch: _RawBatch) -> list[Change]:
        """The article changes in a batch of raw events, each path once."""
        kinds_by_path: dict[Path, set[str]] = {}
        for change, raw_path in batch:
            kinds_by_path.setdefault(Path(raw_path), set()).add(change.name)
        folder_deletions: list[Change] = []
        changes: dict[Path, Change] = {}
        for absolute, kinds in sorted(kinds_by_path.items()):
            given = self._given_form(absolute)
            if given is None:
                continue
            if os.path.isdir(absolute):
                if "added" in kinds or absolute not in self._known_folders:
                    if absolute in self._known_folders and "deleted" in kinds:
                        # Replaced by another folder of the same name.
                        folder_deletions.append(Change(given, "deleted"))
                    for path in self._new_folder(absolute, given):
                        changes[path] = Change(path, "added")
                # Otherwise a folder's own time changed, which says nothing about its files.
            elif absolute in self._known_folders:
                self._known_folders -= {
                    folder for folder in self._known_folders if _is_under(folder, absolute)
                }
                self._known_folders.discard(absolute)
                folder_deletions.append(Change(given, "deleted"))
            elif absolute in self._files or self._is_article_name(absolute):
                kind = _outcome(kinds, os.path.lexists(absolute))
                # A file found by reading a new folder in this batch stays "added", whatever
                # its own write events say.
                already_added = given in changes and changes[given].kind == "added"
                if kind is not None and not (already_added and kind == "changed"):
                    changes[given] = Change(given, kind)
        # A folder's deletion first, so that files added under a new one of that name stay.
        return folder_deletions + list(changes.values())

    def _given_form(self, absolute: Path) -> Path | None:
        """The path as `discover` would name it, or None when it is not watched or is hidden."""
        if absolute in self._files:
            return self._files[absolute]
        for root in self._folders:
            if absolute == root.absolute:
                return root.given
            if _is_under(absolute, root.absolute):
                inner = absolute.relative_to(root.absolute)
                if any(part.startswith(".") for part in inner.parts):
                    return None
                return root.given / inner
        return None

    def _is_article_name(self, path: Path) -> bool:
        return path.suffix.lower() in self._suffixes and not _is_editor_temp(path.name)

    def _new_folder(self, absolute: Path, given: Path) -> list[Path]:
        """The article files in a folder that appeared (created, or moved in), named as given.

        The system reports a folder moved in as one event, and files written into a new folder
        before it is watched not at all, so the folder is read instead.
        """
        self._known_folders.update(_folders_under(absolute))
        found = discover([absolute], self._suffixes)
        return [
            given / path.relative_to(absolute)
            for path in found.files
            if not _is_editor_temp(path.name)
        ]

    def _all_gone(self, gone: set[Path], report: Callable[[str], None]) -> bool:
        """Report each watched path that went away, once; True when none is left."""
        watched = [(root.absolute, root.given) for root in self._folders]
        watched += [(absolute.parent, given.parent) for absolute, given in self._files.items()]
        for absolute, given in watched:
            if absolute not in gone and not os.path.isdir(absolute):
                gone.add(absolute)
                report(f"{given}: the folder is gone; no longer watching it for changes")
        return all(absolute in gone for absolute, _ in watched)


def _outcome(kinds: set[str], exists: bool) -> ChangeKind | None:
    """One change for a path from the events of a batch, which come unordered.

    What is on disk now settles the order: added then changed is added; changed then deleted
    is deleted; added then deleted is nothing; deleted then written again (as editors save) is
    changed.
    """
    if exists:
        return "added" if "added" in kinds and "deleted" not in kinds else "changed"
    if "deleted" in kinds and "added" not in kinds:
        return "deleted"
    # Added and gone again, or gone after these events: its own deletion event follows.
    return None


def _is_under(path: Path, folder: Path) -> bool:
    return folder in path.parents


def _folders_under(root: Path) -> set[Path]:
    """The folder and every folder under it that is not hidden (unreadable ones are skipped).

    Without recursion (os.walk recurses before Python 3.12), so any depth of folders is fine.
    A link to a folder counts as a folder, but what lies under it is not looked into, as
    os.walk does not follow links either.
    """
    folders = {root}
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as scan:
                entries = [entry for entry in scan if not entry.name.startswith(".")]
        except OSError:
            continue
        for entry in entries:
            with contextlib.suppress(OSError):
                if entry.is_dir():
                    folders.add(Path(entry.path))
                    if not entry.is_symlink():
                        pending.append(Path(entry.path))
    return folders
