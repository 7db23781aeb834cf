"""The `newsreader` command: start the reader, or list, show and check articles."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from rich.console import Console

from newsreader.library import load_paths
from newsreader.model import Article
from newsreader.present import article_renderable, local_time
from newsreader.store import AmbiguousId, Store

COMMANDS = ("read", "list", "show", "check")


def _version() -> str:
    try:
        return version("newsreader")
    except PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader",
        description="Read folders of news article files in the terminal.",
        epilog="With no command, `newsreader [PATH ...]` starts the reader "
        "(on the bundled sample articles when no PATH is given).",
    )
    parser.add_argument("--version", action="version", version=f"newsreader {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--version", action="version", version=f"newsreader {_version()}")
        return sub

    def paths(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "paths",
            nargs="*",
            type=Path,
            metavar="PATH",
            help="article files or folders (default: the bundled samples)",
        )

    paths(command("read", "start the reader (the default command)"))
    listing = command("list", "list articles, newest first")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    paths(listing)
    show = command("show", "show one article as text")
    show.add_argument("id", metavar="ID", help="an article id, or a unique prefix of one")
    paths(show)
    paths(command("check", "report every problem in the files"))
    return parser


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """Parse, treating a first argument that is not a command as a PATH for the reader."""
    argv = list(argv)
    first = argv[0] if argv else None
    if first is None or (first not in COMMANDS and first not in ("-h", "--help", "--version")):
        argv.insert(0, "read")
    return build_parser().parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    store = load_paths(arguments.paths)
    if arguments.command == "list":
        return list_command(store, as_json=arguments.json)
    if arguments.command == "show":
        return show_command(store, arguments.id)
    if arguments.command == "check":
        return check_command(store)
    return read_command(store)


def read_command(store: Store) -> int:
    from newsreader.ui.app import NewsreaderApp

    NewsreaderApp(store).run()
    return 0


def list_command(store: Store, as_json: bool) -> int:
    out = sys.stdout
    for article in store.newest_first():
        if as_json:
            out.write(json.dumps(article_json(article), ensure_ascii=False) + "\n")
        else:
            out.write(list_line(article) + "\n")
    return 0


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


def check_command(store: Store) -> int:
    for problem in store.problems:
        print(problem.describe())
    print(store.summary())
    return 1 if store.problems else 0


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


if __name__ == "__main__":
    sys.exit(run())
