"""Which feeds a fetch covers and where each one's articles go, from the config and the command.

A feed's articles go to the folder given (`--into DIR`), else the feed's own `folder`, else the
first of the config's `paths`. With no URLs named, every configured feed is fetched; a URL that
is configured keeps its title, folder and topics.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from newsreader.core.config import Config
from newsreader.feeds.fetch_job import FeedOutcome, FetchJob
from newsreader.feeds.http import check_fetchable
from newsreader.feeds.subscriptions import FeedStates, Subscription
from newsreader.paths import data_dir


class FetchPlanError(ValueError):
    """A fetch that cannot start as asked (bad URL, no feeds, no folder); the message says why."""


def plan_fetch(
    config: Config,
    urls: Sequence[str] = (),
    into: Path | None = None,
    read_paths: Sequence[Path] = (),
) -> list[FetchJob]:
    """The feeds to fetch and their folders; raises FetchPlanError.

    `read_paths` are the paths being read (the reader's), used before the config's `paths`
    for feeds with no folder of their own.
    """
    configured = {feed.url: feed for feed in config.feeds}
    if urls:
        subscriptions = []
        for url in dict.fromkeys(url.strip() for url in urls):
            refusal = check_fetchable(url)
            if refusal is not None:
                raise FetchPlanError(f"{url}: {refusal}")
            subscriptions.append(configured.get(url) or Subscription(url))
    else:
        subscriptions = list(config.feeds)
        if not subscriptions:
            raise FetchPlanError(
                "no feeds to fetch: name feed URLs, or add [[feeds]] with a url to the config"
            )
    jobs = []
    for subscription in subscriptions:
        folder = into or subscription.folder or _first_folder([*read_paths, *config.paths])
        if folder is None:
            raise FetchPlanError(
                f"{subscription.url}: no folder to write into: pass --into DIR, or set the "
                "feed's folder or paths in the config"
            )
        if folder.exists() and not folder.is_dir():
            raise FetchPlanError(f"{folder}: not a folder")
        jobs.append(FetchJob(subscription, folder))
    return jobs


def _first_folder(paths: Sequence[Path]) -> Path | None:
    for path in paths:
        return path if not path.is_file() else path.parent
    return None


def run_fetch(
    jobs: Sequence[FetchJob],
    config: Config,
    data_folder: Path | None = None,
    report: Callable[[FeedOutcome], None] | None = None,
) -> list[FeedOutcome]:
    """Fetch the jobs, keeping the feeds' state in the data folder."""
    states = FeedStates.open(data_dir(data_folder))
    # feedparser and the HTML-to-Markdown step are imported when a fetch first runs, not at
    # every start of the reader.
    from newsreader.feeds.fetch import fetch_feeds

    return fetch_feeds(jobs, states, report=report, suffixes=config.extensions)


def feed_states(data_folder: Path | None = None) -> FeedStates:
    """The state each feed's last fetch left, from the data folder."""
    return FeedStates.open(data_dir(data_folder))
