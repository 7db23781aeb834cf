"""`newsreader fetch [URL ...] [--into DIR] [--json]`: fetch feeds into article files."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from newsreader.cli.output import tolerate_unencodable_output
from newsreader.core.config import Config
from newsreader.core.fetching import FetchPlanError, plan_fetch, run_fetch
from newsreader.feeds.fetch_job import FeedOutcome
from newsreader.text.sanitize import printable


def fetch_command(
    config: Config,
    urls: Sequence[str] = (),
    into: Path | None = None,
    as_json: bool = False,
    data_folder: Path | None = None,
) -> int:
    """Fetch, printing one line per feed as it is done; 0 when all were fetched, 1 when any
    failed (the others are still written), 2 when the fetch cannot start as asked."""
    try:
        jobs = plan_fetch(config, urls, into)
    except FetchPlanError as error:
        print(f"newsreader: {printable(str(error))}", file=sys.stderr)
        return 2
    tolerate_unencodable_output()

    def report(outcome: FeedOutcome) -> None:
        line = json.dumps(outcome_json(outcome), ensure_ascii=False) if as_json else None
        print(line if line is not None else printable(outcome.describe()), flush=True)

    outcomes = run_fetch(jobs, config, data_folder, report)
    return 0 if all(outcome.ok for outcome in outcomes) else 1


def outcome_json(outcome: FeedOutcome) -> dict[str, object]:
    """One feed's outcome for scripts."""
    status = "error" if outcome.error is not None else "unchanged" if outcome.unchanged else "ok"
    return {
        "url": outcome.url,
        "title": outcome.title,
        "status": status,
        "new": outcome.new,
        "already": outcome.already,
        "error": outcome.error,
        "files": [str(path) for path in outcome.written],
        "notes": list(outcome.notes),
    }
