"""The `newsreader` command: a click group whose default command starts the reader.

`newsreader [PATH ...]` is `newsreader read [PATH ...]`; the other commands list, show, check
and mark articles, print an article's full text (reader mode), and print the configuration.
The options about how texts are loaded, and `--config`, are accepted before the command and
after it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from newsreader import __version__
from newsreader.cli.article_commands import check_command, list_command, show_command
from newsreader.cli.mark_command import MARK_ACTIONS, mark_command
from newsreader.cli.output import report_query_error, tolerate_unencodable_output
from newsreader.cli.sync_command import sync_command
from newsreader.cli.tag_command import tag_command
from newsreader.cli.text_command import forget_command, text_command
from newsreader.core.config import (
    Config,
    ConfigError,
    fetch_limits,
    load_config,
    max_file_bytes,
)
from newsreader.feeds.full_text import attach_kept_texts
from newsreader.feeds.kept_texts import KeptTexts
from newsreader.loading.collection import LoadProgress, first_articles, load_paths
from newsreader.model.store import Store
from newsreader.paths import config_file, data_dir
from newsreader.search.ordering import SortKey
from newsreader.search.query import QueryError, parse_query
from newsreader.text.sanitize import printable

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
DEFAULT_COMMAND = "read"


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


class DefaultCommandGroup(click.Group):
    """A group whose first word, when it names no command, is a PATH for the default command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        args = list(args)
        # Every command takes --data-dir; given before the command, it is handed to it.
        data_dir: list[str] = []
        position = 0
        while position < len(args):
            word = args[position]
            if word in ("--keep-boilerplate", "--no-merge", "--no-cache") or word.startswith(
                "--config="
            ):
                position += 1
            elif word == "--config" and position + 1 < len(args):
                position += 2
            elif word.startswith("--data-dir="):
                data_dir = [args.pop(position)]
            elif word == "--data-dir" and position + 1 < len(args):
                data_dir = [args.pop(position), args.pop(position)]
            else:
                break
        first = args[position] if position < len(args) else None
        if first is None or (first not in self.commands and first not in ("--help", "--version")):
            args.insert(position, DEFAULT_COMMAND)
        if first not in ("--help", "--version"):
            args[position + 1 : position + 1] = data_dir
        return super().parse_args(ctx, args)


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
    return click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[PATH]...")(
        command
    )


def data_dir_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--data-dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        metavar="DIR",
        help="Where read/starred marks, tags and kept full texts are (default: "
        "$NEWSREADER_DATA_DIR, else the platform's data folder).",
    )(command)


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


@cli.command("read")
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
        from newsreader.feeds.fetch import FeedOutcome

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


@cli.command("list")
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


@cli.command("show")
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


@cli.command("text")
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


@cli.command("check")
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


@cli.command("mark")
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


def path_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--path",
        "paths",
        multiple=True,
        type=click.Path(path_type=Path),
        metavar="PATH",
        help="Article file or folder the id is in (repeatable; default: the config's paths, "
        "else the bundled samples).",
    )(command)


@cli.command("tag")
@load_options
@click.argument("wanted", metavar="ID")
@click.argument("name", metavar="NAME")
@path_option
@data_dir_option
@click.pass_context
def tag(
    ctx: click.Context,
    /,
    wanted: str,
    name: str,
    paths: tuple[Path, ...],
    data_dir: Path | None,
    **given: Any,
) -> int:
    """Tag an article (by id or a unique prefix of one) with NAME."""
    session = start(ctx, {**given, "data_dir": data_dir}, paths)
    return tag_command(session.load(), wanted, name, True, data_dir, session.config.sync_dir)


@cli.command("untag")
@load_options
@click.argument("wanted", metavar="ID")
@click.argument("name", metavar="NAME")
@path_option
@data_dir_option
@click.pass_context
def untag(
    ctx: click.Context,
    /,
    wanted: str,
    name: str,
    paths: tuple[Path, ...],
    data_dir: Path | None,
    **given: Any,
) -> int:
    """Take the tag NAME off an article (by id or a unique prefix of one)."""
    session = start(ctx, {**given, "data_dir": data_dir}, paths)
    return tag_command(session.load(), wanted, name, False, data_dir, session.config.sync_dir)


@cli.command("sync")
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


@cli.command("config")
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
    sys.stdout.write(session.config.to_toml())
    return 0


def feed_state_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--data-dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        metavar="DIR",
        help="Where each feed's fetch state (feeds.json) is kept (default: "
        "$NEWSREADER_DATA_DIR, else the platform's data folder).",
    )(command)


@cli.command("fetch")
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


@cli.group("feeds", invoke_without_command=True)
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
