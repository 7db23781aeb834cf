"""The command line's options shared by its commands: how texts are loaded, and `--config`
(`LoadOptions`, given before the command or after it), paths, `--path` and `--data-dir`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from newsreader import __version__


@dataclass
class LoadOptions:
    """How texts are loaded, and which config file: given before the command or after it."""

    keep_boilerplate: bool = False
    no_merge: bool = False
    no_cache: bool = False
    config_path: Path | None = None

    def updated(self, **given: Any) -> LoadOptions:
        """These options with those given to the command itself (set flags win)."""
        return LoadOptions(
            keep_boilerplate=self.keep_boilerplate or bool(given.get("keep_boilerplate")),
            no_merge=self.no_merge or bool(given.get("no_merge")),
            no_cache=self.no_cache or bool(given.get("no_cache")),
            config_path=given.get("config_path") or self.config_path,
        )


def load_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options about loading texts, and `--config`."""
    decorators = [
        click.option(
            "--keep-boilerplate",
            is_flag=True,
            help="Keep newsletter blurbs, 'follow us' lines and link lists in article text.",
        ),
        click.option(
            "--no-merge",
            is_flag=True,
            help="Keep body-only texts separate from the articles they are the full text of.",
        ),
        click.option(
            "--no-cache",
            is_flag=True,
            help="Read every file again, and neither use nor write the load cache.",
        ),
        click.option(
            "--config",
            "config_path",
            type=click.Path(path_type=Path, dir_okay=False),
            metavar="PATH",
            help="The config file (default: $NEWSREADER_CONFIG, else config.toml in the "
            "platform's config folder).",
        ),
        click.version_option(__version__, prog_name="newsreader", message="%(prog)s %(version)s"),
    ]
    for decorate in reversed(decorators):
        command = decorate(command)
    return command


def paths_argument(command: Callable[..., Any]) -> Callable[..., Any]:
    """The [PATH]... a command reads (default: the config's paths)."""
    return click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[PATH]...")(
        command
    )


def data_dir_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--data-dir`: where marks, tags and kept full texts are."""
    return click.option(
        "--data-dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        metavar="DIR",
        help="Where read/starred marks, tags and kept full texts are (default: "
        "$NEWSREADER_DATA_DIR, else the platform's data folder).",
    )(command)


def path_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--path`: the article files or folders an id is looked up in (repeatable)."""
    return click.option(
        "--path",
        "paths",
        multiple=True,
        type=click.Path(path_type=Path),
        metavar="PATH",
        help="Article file or folder the id is in (repeatable; default: the config's paths, "
        "else the bundled samples).",
    )(command)


def feed_state_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--data-dir` for the feed commands: where each feed's fetch state is kept."""
    return click.option(
        "--data-dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        metavar="DIR",
        help="Where each feed's fetch state (feeds.json) is kept (default: "
        "$NEWSREADER_DATA_DIR, else the platform's data folder).",
    )(command)
