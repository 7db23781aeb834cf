"""The `newsreader` command: start the reader, or list, show and check articles."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from newsreader import __version__
from newsreader.core.config import Config, ConfigError, load_config, max_file_bytes
from newsreader.core.marks import StateStore
from newsreader.core.present import article_renderable, local_time
from newsreader.loading.collection import first_articles, load_paths, read_again
from newsreader.model.records import Article
from newsreader.model.store import AmbiguousId, Store
from newsreader.paths import config_file, data_dir
from newsreader.search.ordering import SortKey, sort_articles
from newsreader.search.query import Query, QueryError, parse_query
from newsreader.text.sanitize import printable

if TYPE_CHECKING:
    from newsreader.ui.app import FileReader, Progress

COMMANDS = ("read", "list", "show", "check", "mark", "config")
# Options about how texts are loaded and prepared, accepted before the command and after it.
TEXT_OPTIONS = ("--keep-boilerplate", "--no-merge", "--no-cache")


def _version() -> str:
    return __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader",
        description="Read folders of news article files in the terminal.",
        epilog="With no command, `newsreader [PATH ...]` starts the reader "
        "(on the bundled sample articles when no PATH is given).",
    )
    parser.add_argument("--version", action="version", version=f"newsreader {_version()}")
    text_options(parser, default=False)
    config_option(parser, default=None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--version", action="version", version=f"newsreader {_version()}")
        # Suppressed defaults, so that an option given before the command is not reset here.
        text_options(sub, default=argparse.SUPPRESS)
        config_option(sub, default=argparse.SUPPRESS)
        return sub

    def paths(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "paths",
            nargs="*",
            type=Path,
            metavar="PATH",
            help="article files or folders (default: the config's paths, else the bundled samples)",
        )

    reader = command("read", "start the reader (the default command)")
    data_dir_option(reader)
    paths(reader)
    listing = command("list", "list articles, newest first")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.add_argument(
        "-q",
        "--query",
        default="",
        metavar="QUERY",
        help="only articles matching QUERY, e.g. 'robot -sport is:unread quality:>=80'",
    )
    listing.add_argument(
        "--sort",
        choices=[key.value for key in SortKey],
        default=None,
        help="sort order (default: the config's sort, else newest)",
    )
    listing.add_argument("--reverse", action="store_true", help="reverse the sort order")
    data_dir_option(listing)
    paths(listing)
    mark = command("mark", "mark articles read or unread, starred or not")
    mark.add_argument("action", choices=list(MARK_ACTIONS), help="what to do")
    mark.add_argument(
        "ids", nargs="+", metavar="ID", help="article ids, or unique prefixes of them"
    )
    mark.add_argument(
        "--path",
        dest="paths",
        action="append",
        type=Path,
        default=[],
        metavar="PATH",
        help="article file or folder the ids are in (repeatable; default: the config's paths, "
        "else the bundled samples)",
    )
    data_dir_option(mark)
    show = command("show", "show one article as text")
    show.add_argument("id", metavar="ID", help="an article id, or a unique prefix of one")
    paths(show)
    check = command("check", "report every problem in the files")
    check.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also report merged texts and boilerplate removed, per file and in total",
    )
    paths(check)
    configuration = command("config", "print the effective configuration as TOML")
    configuration.add_argument(
        "--path", action="store_true", help="print only the config file's path"
    )
    data_dir_option(configuration)
    return parser


def text_options(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--keep-boilerplate",
        action="store_true",
        default=default,
        help="keep newsletter blurbs, 'follow us' lines and link lists in article text",
    )
    parser.add_argument(
        "--no-merge",
        action="store_true",
        default=default,
        help="keep body-only texts separate from the articles they are the full text of",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        default=default,
        help="read every file again, and neither use nor write the load cache",
    )


def config_option(parser: argparse.ArgumentParser, default: object) -> None:
    """`--config PATH`, accepted before the command and after it."""
    parser.add_argument(
        "--config",
        type=Path,
        default=default,
        metavar="PATH",
        help="the config file (default: $NEWSREADER_CONFIG, else config.toml in the "
        "platform's config folder)",
    )


def data_dir_option(parser: argparse.ArgumentParser) -> None:
    """`--data-dir`, for commands that read or change read/starred marks."""
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="where read/starred marks are kept (default: $NEWSREADER_DATA_DIR, "
        "else the platform's data folder)",
    )


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """Parse, treating a first argument that is not a command as a PATH for the reader."""
    argv = list(argv)
    position = 0
    while position < len(argv):
        word = argv[position]
        if word in TEXT_OPTIONS or word.startswith("--config="):
            position += 1
        elif word == "--config" and position + 1 < len(argv):
            position += 2
        else:
            break
    first = argv[position] if position < len(argv) else None
    if first is None or (first not in COMMANDS and first not in ("-h", "--help", "--version")):
        argv.insert(position, "read")
    return build_parser().parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    if arguments.command == "config" and arguments.path:
        tolerate_unencodable_output()
        print(printable(str(config_file(arguments.config))))
        return 0
    try:
        config = load_config(arguments.config, getattr(arguments, "data_dir", None))
    except ConfigError as error:
        print(printable(str(error)), file=sys.stderr)
        return 2
    if arguments.command != "read":  # the reader shows them on its own screen
        for warning in config.warnings:
            print(printable(str(warning)), file=sys.stderr)
    if arguments.command == "config":
        tolerate_unencodable_output()
        sys.stdout.write(config.to_toml())
        return 0
    query: Query | None = None
    if arguments.command == "list":
        # Checked before loading, which can take a while for a big folder.
        try:
            query = parse_query(arguments.query)
        except QueryError as error:
            return report_query_error(arguments.query, error)
    paths = arguments.paths or list(config.paths)

    # The reader starts with a few of the newest articles, read before anything else.
    first = (
        first_articles(paths, config.extensions, max_file_bytes(config))
        if arguments.command == "read"
        else []
    )

    def load(report: Callable[[Progress], None] | None = None) -> Store:
        return load_paths(
            paths,
            keep_boilerplate=arguments.keep_boilerplate,
            merge_bodies=not arguments.no_merge,
            suffixes=config.extensions,
            max_bytes=max_file_bytes(config),
            cache=not arguments.no_cache,
            progress=report,
            shown={article.source for article in first},
        )

    if arguments.command == "read":
        watched = [Path(path) for path in paths] if paths else []
        read_one = partial(
            read_again,
            max_bytes=max_file_bytes(config),
            keep_boilerplate=arguments.keep_boilerplate,
        )
        return read_command(load, arguments.data_dir, config, watched, read_one, first)
    store = load()
    if arguments.command == "list":
        return list_command(
            store,
            as_json=arguments.json,
            query=query,
            sort=SortKey(arguments.sort or config.sort),
            reverse=arguments.reverse,
            folder=arguments.data_dir,
        )
    if arguments.command == "mark":
        return mark_command(store, arguments.action, arguments.ids, arguments.data_dir)
    if arguments.command == "show":
        return show_command(store, arguments.id)
    if arguments.command == "check":
        return check_command(store, verbose=arguments.verbose)
    raise AssertionError(f"unhandled command {arguments.command}")


def read_command(
    load: Callable[[Callable[[Progress], None]], Store],
    folder: Path | None = None,
    config: Config | None = None,
    watch: Sequence[Path] = (),
    read_file: FileReader = read_again,
    first: Sequence[Article] = (),
) -> int:
    """Start the reader at once, showing `first`; the files load in the background and are
    then followed."""
    from newsreader.ui.app import NewsreaderApp

    config = config if config is not None else Config()
    shown = Store()
    for article in first:
        shown.add(article)
    app = NewsreaderApp(
        store=shown,
        state=StateStore.open(data_dir(folder)),
        config=config,
        data_folder=folder,
        loader=load,
        watch=watch,
        suffixes=config.extensions,
        read_file=read_file,
    )
    app.run()
    if app.return_code:
        # Textual has restored the terminal and printed the error above this line.
        print(
            "newsreader: stopped by an unexpected error (shown above). Read and starred "
            "marks made until then are saved.",
            file=sys.stderr,
        )
    return app.return_code or 0


def list_command(
    store: Store,
    as_json: bool,
    query: Query | None = None,
    sort: SortKey = SortKey.NEWEST,
    reverse: bool = False,
    folder: Path | None = None,
) -> int:
    tolerate_unencodable_output()
    out = sys.stdout
    # Listing never creates the data folder; with no state file nothing is read or starred.
    state = StateStore.open(data_dir(folder), create=False)
    if warning := state.take_warning():
        print(f"newsreader: {warning}", file=sys.stderr)
    articles = sort_articles(store.articles, sort, reverse)
    if query is not None:
        articles = query.filter(articles, state)
    for article in articles:
        if as_json:
            record = article_json(article)
            record["read"] = state.is_read(article.id)
            record["starred"] = state.is_starred(article.id)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            out.write(list_line(article) + "\n")
    state.close()
    return 0


def report_query_error(text: str, error: QueryError) -> int:
    """The problem on stderr with a caret under it; exit status 2."""
    print(f"newsreader: bad query: {error.message}", file=sys.stderr)
    for line in error.pointer(text).splitlines():
        print(f"  {line}", file=sys.stderr)
    return 2


# What each `mark` action changes, and the words for what it did.
MARK_ACTIONS = {
    "read": ("read", True, "marked read"),
    "unread": ("read", False, "marked unread"),
    "star": ("starred", True, "starred"),
    "unstar": ("starred", False, "unstarred"),
}


def mark_command(store: Store, action: str, wanted: Sequence[str], folder: Path | None) -> int:
    """Change marks for the articles named; nothing changes if any name is unknown."""
    ids: list[str] = []
    status = 0
    for name in wanted:
        try:
            article = store.find(name)
        except AmbiguousId as error:
            matches = ", ".join(match.id for match in error.matches[:10])
            print(f"newsreader: {name!r} matches several articles: {matches}", file=sys.stderr)
            status = 2
            continue
        if article is None:
            print(f"newsreader: no article with id {name!r}", file=sys.stderr)
            status = status or 1
            continue
        ids.append(article.id)
    if status:
        print("newsreader: nothing was changed", file=sys.stderr)
        return status
    column, value, done = MARK_ACTIONS[action]
    with StateStore.open(data_dir(folder)) as state:
        if warning := state.take_warning():
            print(f"newsreader: {warning}", file=sys.stderr)
        change = state.set_read if column == "read" else state.set_starred
        changed = change(ids, value)
        unique = len(dict.fromkeys(ids))
        plural = "" if len(changed) == 1 else "s"
        same = unique - len(changed)
        unchanged = f" ({same} already {'was' if same == 1 else 'were'})" if same else ""
        print(f"{done}: {len(changed)} article{plural}{unchanged}")
        # Marks that could not be saved are as good as not made, for a script.
        return 0 if state.is_persistent else 1


def list_line(article: Article) -> str:
    """Date, provider, topics, title and id, in columns."""
    when = local_time(article.published_at) or "undated"
    provider = article.provider_label or "-"
    topics = ", ".join(article.topics) or "-"
    return f"{when:<16}  {provider[:18]:<18}  {topics[:24]:<24}  {article.title}  [{article.id}]"


def article_json(article: Article) -> dict[str, object]:
    return {
        "id": article.id,
        "title": article.title,
        "excerpt": article.excerpt,
        "published": article.published_at.isoformat() if article.published_at else None,
        "url": article.url,
        "web_url": article.web_url,
        "provider": article.provider_label,
        "topics": list(article.topics),
        "quality": article.quality,
        "heat": article.heat,
        "kind": article.kind,
        "title_inferred": article.title_inferred,
        "topics_inferred": article.topics_inferred,
        "body_from": str(article.body_from) if article.body_from else None,
        "removed_text": list(article.removed_text),
        "secured": article.has_secured_text,
        "source": str(article.source),
        "related": [
            {
                "title": item.title,
                "url": item.url,
                "provider": item.provider.label if item.provider else None,
                "published": item.published_at.isoformat() if item.published_at else None,
                "quality": item.quality,
            }
            for item in article.related
        ],
        "body": article.body,
    }


def show_command(store: Store, wanted: str) -> int:
    tolerate_unencodable_output()
    try:
        article = store.find(wanted)
    except AmbiguousId as error:
        ids = ", ".join(match.id for match in error.matches[:10])
        print(f"newsreader: {wanted!r} matches several articles: {ids}", file=sys.stderr)
        return 2
    if article is None:
        print(f"newsreader: no article with id {wanted!r}", file=sys.stderr)
        return 1
    Console(highlight=False, emoji=False).print(article_renderable(article))
    return 0


def check_command(store: Store, verbose: bool = False) -> int:
    # File names and reasons can hold anything a file system allows, escapes included.
    for problem in store.problems:
        print(printable(problem.describe()))
    if verbose:
        for line in preparation_report(store):
            print(printable(line))
    print(store.summary())
    return 1 if store.problems else 0


def preparation_report(store: Store) -> list[str]:
    """Merged texts, and boilerplate lines removed per file and in total."""
    lines: list[str] = []
    articles = sorted(store.articles, key=lambda article: str(article.source))
    merged = [article for article in articles if article.body_from is not None]
    for article in merged:
        lines.append(f"{article.body_from}: text of {article.source}")
    cleaned = [article for article in articles if article.removed_text]
    for article in cleaned:
        source = article.body_from or article.source
        count = len(article.removed_text)
        lines.append(f"{source}: removed {count} line{'s' if count != 1 else ''} of boilerplate")
    total = sum(len(article.removed_text) for article in cleaned)
    lines.append(
        f"{len(merged):,} text{'s' if len(merged) != 1 else ''} merged, "
        f"{total:,} line{'s' if total != 1 else ''} of boilerplate removed "
        f"from {len(cleaned):,} file{'s' if len(cleaned) != 1 else ''}"
    )
    return lines


def tolerate_unencodable_output() -> None:
    """Write file names that are not valid UTF-8 as `\\udce9` escapes instead of failing."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")


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
