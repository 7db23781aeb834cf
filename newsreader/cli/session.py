"""One run of a command: options merged, the config read, the paths chosen and loaded."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from newsreader.cli.command_group import DEFAULT_COMMAND
from newsreader.cli.options import LoadOptions
from newsreader.core.config import Config, ConfigError, load_config, max_file_bytes
from newsreader.feeds.full_text import attach_kept_texts
from newsreader.feeds.kept_texts import KeptTexts
from newsreader.loading.collection import LoadProgress, load_paths
from newsreader.model.store import Store
from newsreader.paths import data_dir
from newsreader.text.sanitize import printable


@dataclass
class Session:
    """One run of a command: the config read, and how to load the paths named."""

    options: LoadOptions
    config: Config
    paths: list[Path] = field(default_factory=list)

    def load_with_kept_texts(self, folder: Path | None) -> Store:
        """The articles, those without a body of their own given their kept full texts."""
        store = self.load()
        with open_kept_texts(folder, create=False) as kept:
            if kept.warning:
                print(f"newsreader: {printable(kept.warning)}", file=sys.stderr)
            attach_kept_texts(store, kept)
        return store

    def load(
        self,
        report: Callable[[LoadProgress], None] | None = None,
        shown: set[Path] | None = None,
    ) -> Store:
        return load_paths(
            self.paths,
            keep_boilerplate=self.options.keep_boilerplate,
            merge_bodies=not self.options.no_merge,
            suffixes=self.config.extensions,
            max_bytes=max_file_bytes(self.config),
            cache=not self.options.no_cache,
            progress=report,
            shown=shown or set(),
        )


def open_kept_texts(folder: Path | None, *, create: bool = True) -> KeptTexts:
    """Reader mode's kept texts in the data folder (`--data-dir`, else the usual one)."""
    return KeptTexts.open(data_dir(folder), create=create)


def start(
    ctx: click.Context, given: dict[str, Any], paths: Sequence[Path] = (), reads: bool = True
) -> Session:
    """The session for a command: options merged, config read (warnings printed), paths chosen
    (for a command that `reads` them, each must be there: exit status 2 otherwise)."""
    options: LoadOptions = ctx.find_object(LoadOptions) or LoadOptions()
    options = options.updated(**given)
    try:
        config = load_config(options.config_path, given.get("data_dir"))
    except ConfigError as error:
        print(printable(str(error)), file=sys.stderr)
        ctx.exit(2)
    if ctx.info_name != DEFAULT_COMMAND:  # the reader shows them on its own screen
        for warning in config.warnings:
            print(printable(str(warning)), file=sys.stderr)
    chosen = list(paths) or list(config.paths)
    # A path that is not there is most likely a typo: say so rather than show nothing.
    missing = [path for path in chosen if reads and not path.exists() and not path.is_symlink()]
    for path in missing:
        named = "the config's paths" if not paths else "the command line"
        print(
            f"newsreader: {printable(str(path))}: no such file or folder (from {named})",
            file=sys.stderr,
        )
    if missing:
        ctx.exit(2)
    return Session(options, config, chosen)
