"""The `newsreader` command: a click group whose default command starts the reader.

`newsreader [PATH ...]` is `newsreader read [PATH ...]`; the other commands list, show, check
and mark articles, print an article's full text (reader mode), and print the configuration.
The options about how texts are loaded, and `--config`, are accepted before the command and
after it. The commands themselves are defined in `newsreader.cli.commands`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from newsreader.cli.command_group import DefaultCommandGroup
from newsreader.cli.commands import feeds, marks, reading
from newsreader.cli.options import LoadOptions, load_options

COMMANDS = (
    "read",
    "list",
    "show",
    "check",
    "mark",
    "tag",
    "untag",
    "sync",
    "text",
    "fetch",
    "feeds",
    "config",
)


@click.group(
    cls=DefaultCommandGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="With no command, `newsreader [PATH ...]` starts the reader (on the bundled "
    "sample articles when no PATH is given).",
)
@load_options
@click.pass_context
def cli(ctx: click.Context, /, **given: Any) -> None:
    """Read folders of news article files in the terminal."""
    ctx.obj = LoadOptions().updated(**given)


for command in (
    reading.read,
    reading.list_articles,
    reading.show,
    reading.check,
    reading.configuration,
    marks.mark,
    marks.tag,
    marks.untag,
    marks.sync,
    feeds.text,
    feeds.fetch,
    feeds.feeds,
):
    cli.add_command(command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on `argv` (default: the process's arguments); the exit status."""
    try:
        # Not cli.main(): it turns a closed pipe into exit status 1, where `run` stops quietly.
        with cli.make_context("newsreader", list(sys.argv[1:] if argv is None else argv)) as ctx:
            result = cli.invoke(ctx)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.exceptions.Abort:
        return 130
    return result if isinstance(result, int) else 0


def run() -> int:
    """Entry point for the console script: `main`, quiet when the reader of stdout goes away."""
    try:
        return main()
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly, as other Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130
