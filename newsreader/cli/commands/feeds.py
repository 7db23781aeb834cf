"""The commands about what flows in from the web: `text` (reader mode's full texts), `fetch`,
and `feeds` (list, import and export subscriptions)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from newsreader.cli.options import (
    LoadOptions,
    data_dir_option,
    feed_state_option,
    load_options,
    paths_argument,
)
from newsreader.cli.session import open_kept_texts, start
from newsreader.cli.text_command import forget_command, text_command
from newsreader.core.config import fetch_limits
from newsreader.text.sanitize import printable


@click.command("text")
@load_options
@click.argument("wanted", metavar="ID", required=False)
@click.option("--refresh", is_flag=True, help="Fetch the page again even when a text is kept.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object with the text.")
@click.option("--forget", is_flag=True, help="Drop the text kept for article ID.")
@click.option("--forget-all", is_flag=True, help="Drop every kept text.")
@data_dir_option
@paths_argument
@click.pass_context
def text(
    ctx: click.Context,
    /,
    wanted: str | None,
    refresh: bool,
    as_json: bool,
    forget: bool,
    forget_all: bool,
    data_dir: Path | None,
    paths: tuple[Path, ...],
    **given: Any,
) -> int:
    """Print an article's full text: its own body, else the text of its page, fetched once
    and kept for reading offline."""
    if forget_all and (wanted is not None or paths or forget or refresh or as_json):
        raise click.UsageError("--forget-all takes no ID, PATH or other option")
    if forget and (refresh or as_json):
        raise click.UsageError("--forget does not go with --refresh or --json")
    session = start(ctx, {**given, "data_dir": data_dir}, paths)
    if forget_all:
        with open_kept_texts(data_dir) as kept:
            return forget_command(None, None, kept)
    if wanted is None:
        raise click.UsageError("an article ID is needed (or --forget-all)")
    store = session.load()
    with open_kept_texts(data_dir) as kept:
        if kept.warning:
            print(f"newsreader: {printable(kept.warning)}", file=sys.stderr)
        if forget:
            return forget_command(store, wanted, kept)
        return text_command(
            store,
            wanted,
            kept,
            fetch_limits(session.config),
            refresh=refresh,
            as_json=as_json,
        )


@click.command("fetch")
@load_options
@click.argument("urls", nargs=-1, metavar="[URL]...")
@click.option(
    "--into",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    metavar="DIR",
    help="Write new articles here (default: the feed's folder, else the first of paths).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per feed.")
@feed_state_option
@click.pass_context
def fetch(
    ctx: click.Context,
    /,
    urls: tuple[str, ...],
    into: Path | None,
    as_json: bool,
    data_dir: Path | None,
    **given: Any,
) -> int:
    """Fetch feeds (default: the config's [[feeds]]) and write new items as article files."""
    from newsreader.cli.fetch_command import fetch_command

    session = start(ctx, {**given, "data_dir": data_dir}, reads=False)
    return fetch_command(session.config, urls, into, as_json, data_dir)


@click.group("feeds", invoke_without_command=True)
@load_options
@feed_state_option
@click.pass_context
def feeds(ctx: click.Context, /, data_dir: Path | None, **given: Any) -> int:
    """List the configured feeds with their last fetch; import or export OPML."""
    ctx.obj = (ctx.find_object(LoadOptions) or LoadOptions()).updated(**given)
    if ctx.invoked_subcommand is not None:
        return 0
    from newsreader.cli.feeds_command import list_feeds_command

    return list_feeds_command(
        start(ctx, {**given, "data_dir": data_dir}, reads=False).config, data_dir
    )


@feeds.command("import")
@load_options
@click.argument("opml_file", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE.opml")
@click.pass_context
def import_feeds(ctx: click.Context, /, opml_file: Path, **given: Any) -> int:
    """Add the feeds an OPML file lists to the config file (outline groups become topics)."""
    from newsreader.cli.feeds_command import import_command

    return import_command(start(ctx, given).config, opml_file)


@feeds.command("export")
@load_options
@click.pass_context
def export_feeds(ctx: click.Context, /, **given: Any) -> int:
    """Write the configured feeds as OPML to stdout."""
    from newsreader.cli.feeds_command import export_command

    return export_command(start(ctx, given).config)
