"""The commands that read articles: `read` (the reader), `list`, `show`, `check`, and `config`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from newsreader.cli.article_commands import check_command, list_command, show_command
from newsreader.cli.options import LoadOptions, data_dir_option, load_options, paths_argument
from newsreader.cli.output import report_query_error, tolerate_unencodable_output
from newsreader.cli.session import open_kept_texts, start
from newsreader.core.config import config_toml, max_file_bytes
from newsreader.loading.collection import first_articles
from newsreader.paths import config_file
from newsreader.search.ordering import SortKey
from newsreader.search.query import QueryError, parse_query
from newsreader.text.sanitize import printable


@click.command("read")
@load_options
@data_dir_option
@paths_argument
@click.pass_context
def read(
    ctx: click.Context, /, paths: tuple[Path, ...], data_dir: Path | None, **given: Any
) -> int:
    """Start the reader (the default command)."""
    from functools import partial

    from newsreader.cli.reader_command import read_command
    from newsreader.loading.collection import read_again

    session = start(ctx, {**given, "data_dir": data_dir}, paths)
    config = session.config
    # The reader starts with a few of the newest articles, read before anything else.
    first = first_articles(session.paths, config.extensions, max_file_bytes(config))
    shown = {article.source for article in first}
    read_one = partial(
        read_again,
        max_bytes=max_file_bytes(config),
        keep_boilerplate=session.options.keep_boilerplate,
    )
    fetcher = None
    if config.feeds:
        from newsreader.core.fetching import plan_fetch, run_fetch
        from newsreader.feeds.fetch_job import FeedOutcome

        def fetcher(report: Callable[[FeedOutcome], None]) -> list[FeedOutcome]:
            jobs = plan_fetch(config, read_paths=session.paths)
            return run_fetch(jobs, config, data_dir, report)

    return read_command(
        lambda report: session.load(report, shown),
        data_dir,
        config,
        [Path(path) for path in session.paths],
        read_one,
        first,
        fetcher,
    )


@click.command("list")
@load_options
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option(
    "-q",
    "--query",
    default="",
    metavar="QUERY",
    help="Only articles matching QUERY, e.g. 'robot -sport is:unread quality:>=80'.",
)
@click.option(
    "--sort",
    type=click.Choice([key.value for key in SortKey]),
    default=None,
    help="Sort order (default: the config's sort, else newest).",
)
@click.option("--reverse", is_flag=True, help="Reverse the sort order.")
@data_dir_option
@paths_argument
@click.pass_context
def list_articles(
    ctx: click.Context,
    /,
    paths: tuple[Path, ...],
    as_json: bool,
    query: str,
    sort: str | None,
    reverse: bool,
    data_dir: Path | None,
    **given: Any,
) -> int:
    """List articles, newest first."""
    session = start(ctx, {**given, "data_dir": data_dir}, paths)
    # Checked before loading, which can take a while for a big folder.
    try:
        parsed = parse_query(query)
    except QueryError as error:
        return report_query_error(query, error)
    return list_command(
        session.load_with_kept_texts(data_dir),
        as_json=as_json,
        query=parsed,
        sort=SortKey(sort or session.config.sort),
        reverse=reverse,
        folder=data_dir,
        sync_dir=session.config.sync_dir,
    )


@click.command("show")
@load_options
@click.argument("wanted", metavar="ID")
@data_dir_option
@paths_argument
@click.pass_context
def show(
    ctx: click.Context, /, wanted: str, paths: tuple[Path, ...], data_dir: Path | None, **given: Any
) -> int:
    """Show one article as text, by id or a unique prefix of one."""
    session = start(ctx, {**given, "data_dir": data_dir}, paths)
    return show_command(session.load_with_kept_texts(data_dir), wanted)


@click.command("check")
@load_options
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Also report merged texts, boilerplate removed, and full texts kept.",
)
@data_dir_option
@paths_argument
@click.pass_context
def check(
    ctx: click.Context,
    /,
    verbose: bool,
    paths: tuple[Path, ...],
    data_dir: Path | None,
    **given: Any,
) -> int:
    """Report every problem in the files."""
    session = start(ctx, {**given, "data_dir": data_dir}, paths)
    if not verbose:
        return check_command(session.load(), verbose=False)
    with open_kept_texts(data_dir, create=False) as kept:
        kept_total = kept.count()
    return check_command(
        session.load_with_kept_texts(data_dir), verbose=True, kept_total=kept_total
    )


@click.command("config")
@load_options
@click.option("--path", "path_only", is_flag=True, help="Print only the config file's path.")
@data_dir_option
@click.pass_context
def configuration(
    ctx: click.Context, /, path_only: bool, data_dir: Path | None, **given: Any
) -> int:
    """Print the effective configuration as TOML."""
    if path_only:
        options = (ctx.find_object(LoadOptions) or LoadOptions()).updated(**given)
        tolerate_unencodable_output()
        print(printable(str(config_file(options.config_path))))
        return 0
    session = start(ctx, {**given, "data_dir": data_dir}, reads=False)
    tolerate_unencodable_output()
    sys.stdout.write(config_toml(session.config))
    return 0
