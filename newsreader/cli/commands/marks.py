"""The commands that change marks and tags: `mark`, `tag`, `untag`, and `sync`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from newsreader.cli.mark_command import MARK_ACTIONS, mark_command
from newsreader.cli.options import data_dir_option, load_options, path_option
from newsreader.cli.session import start
from newsreader.cli.sync_command import sync_command
from newsreader.cli.tag_command import tag_command


@click.command("mark")
@load_options
@click.argument("action", type=click.Choice(list(MARK_ACTIONS)))
@click.argument("ids", nargs=-1, required=True, metavar="ID...")
@click.option(
    "--path",
    "paths",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="PATH",
    help="Article file or folder the ids are in (repeatable; default: the config's paths, "
    "else the bundled samples).",
)
@data_dir_option
@click.pass_context
def mark(
    ctx: click.Context,
    /,
    action: str,
    ids: tuple[str, ...],
    paths: tuple[Path, ...],
    data_dir: Path | None,
    **given: Any,
) -> int:
    """Mark articles read or unread, starred or not."""
    session = start(ctx, {**given, "data_dir": data_dir}, paths)
    return mark_command(session.load(), action, ids, data_dir, session.config.sync_dir)


def _tagging(command_name: str, adds: bool, summary: str) -> click.Command:
    """`tag` and `untag`: the same arguments, adding or taking off the tag."""

    @click.command(command_name, help=summary)
    @load_options
    @click.argument("wanted", metavar="ID")
    @click.argument("name", metavar="NAME")
    @path_option
    @data_dir_option
    @click.pass_context
    def command(
        ctx: click.Context,
        /,
        wanted: str,
        name: str,
        paths: tuple[Path, ...],
        data_dir: Path | None,
        **given: Any,
    ) -> int:
        session = start(ctx, {**given, "data_dir": data_dir}, paths)
        return tag_command(session.load(), wanted, name, adds, data_dir, session.config.sync_dir)

    return command


tag = _tagging("tag", True, "Tag an article (by id or a unique prefix of one) with NAME.")
untag = _tagging(
    "untag", False, "Take the tag NAME off an article (by id or a unique prefix of one)."
)


@click.command("sync")
@load_options
@click.option(
    "--compact",
    is_flag=True,
    help="Then rewrite this machine's log keeping only the latest change of each mark.",
)
@data_dir_option
@click.pass_context
def sync(ctx: click.Context, /, compact: bool, data_dir: Path | None, **given: Any) -> int:
    """Merge the marks other machines wrote to the sync folder (sync_dir) now."""
    session = start(ctx, {**given, "data_dir": data_dir}, reads=False)
    return sync_command(data_dir, session.config.sync_dir, compact)
