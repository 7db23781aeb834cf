"""`python -m newsreader.bench`: how fast newsreader loads, starts and answers keys.

    python -m newsreader.bench [--sizes 1000,10000,100000] [--runs 3] [--seed 0] [--tmpdir DIR]

For each size a corpus is written (newsreader.bench.corpus) and measured in this one run, so the
ratios compare like with like; every figure is the median of `--runs` runs. The result is a
Markdown table on stdout with the goals beside it; progress goes to stderr.

Loads and peak memory are measured in fresh child processes (`--child KIND ROOT`, one per
measurement), so each number stands alone and the bench's own memory is not in it. Start-up is
measured on the installed `newsreader` command under a pseudo-terminal; keys and the filter
in this process, on a store of the same files.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsreader.bench.corpus import CORPUS_SHAPES, GENERATED, write_corpus
from newsreader.bench.goals import (
    CHILD_KINDS,
    COLD_GOAL,
    FIELD_QUERY,
    FILTER_P95_GOAL,
    FIRST_FRAME_GOAL,
    HEIGHT,
    KEY_P95_GOAL,
    KEY_PRESSES,
    ONE_WORD_QUERY,
    RSS_GOAL,
    WARM_GOAL,
    WIDTH,
    BenchError,
    say,
)
from newsreader.bench.keys import FilterSamples, KeySamples, filter_samples, key_samples
from newsreader.bench.processes import (
    child_baseline,
    child_reader,
    isolated_env,
    load_like_the_reader,
    reader_has_cache,
    run_child,
)
from newsreader.bench.startup import StartUp, TitleSpotter, start_under_pty
from newsreader.bench.table import (
    Cell,
    Row,
    machine_description,
    median,
    mib,
    ms,
    percentile,
    render_table,
    seconds,
)
from newsreader.loading.cache import RACY_SECONDS

if TYPE_CHECKING:
    pass


# One size ------------------------------------------------------------------------------------


@dataclass(slots=True)
class SizeResult:
    """Everything measured on one corpus size, every run kept."""

    baseline: list[dict[str, Any]] = field(default_factory=list)
    baseline_held: list[dict[str, Any]] = field(default_factory=list)
    reader: list[dict[str, Any]] = field(default_factory=list)
    warm: list[dict[str, Any]] = field(default_factory=list)
    starts: list[StartUp] = field(default_factory=list)
    start_error: str = ""
    keys: list[KeySamples] = field(default_factory=list)
    filters: dict[str, list[FilterSamples]] = field(default_factory=dict)
    filter_how: str = ""


def measure_size(size: int, runs: int, seed: int, base: Path, shape: str = GENERATED) -> SizeResult:
    """Write a corpus of `size` files in a temporary folder and measure everything on it."""
    result = SizeResult()
    timeout = 60 + size * 0.01
    with tempfile.TemporaryDirectory(prefix="newsreader-bench-", dir=base) as folder:
        work = Path(folder)
        root = work / "corpus"
        start = time.perf_counter()
        write_corpus(root, size, seed, shape=shape)
        say(f"{size:,} files: written in {time.perf_counter() - start:.1f} s")
        # A file changed within RACY_SECONDS of the load cache being written is read again
        # next time (its time may not show a second change): the folders read here are
        # meant to be at rest, as a reader's folder mostly is.
        time.sleep(RACY_SECONDS + 0.1)

        for run in range(runs):
            # A fresh home per run: the cold load starts with no cache, the warm one finds it.
            env = isolated_env(work / f"home-{run}")
            result.baseline.append(run_child("baseline", root, env, timeout))
            result.baseline_held.append(run_child("baseline-held", root, env, timeout))
            result.reader.append(run_child("reader", root, env, timeout))
            if reader_has_cache():
                result.warm.append(run_child("warm", root, env, timeout))
            baseline, reader = result.baseline[-1], result.reader[-1]
            held = result.baseline_held[-1]
            if baseline["failed"]:
                say(f"  note: frontmatter.load raised on {baseline['failed']:,} files")
            say(
                f"  run {run + 1}: baseline {baseline['seconds']:.2f} s, {mib(baseline['rss'])}, "
                f"holding the posts {mib(held['rss'])}; "
                f"load {reader['seconds']:.2f} s, {mib(reader['rss'])}"
            )

        env = isolated_env(work / "home-app")
        os.environ.update({key: env[key] for key in env if key.startswith(("NEWSREADER", "XDG"))})
        store = load_like_the_reader(root)
        spotter = TitleSpotter([article.title for article in store.articles])
        for run in range(runs):
            try:
                started = start_under_pty(root, spotter, result.reader[0]["articles"], env, timeout)
            except (BenchError, OSError) as error:
                result.start_error = str(error)
                break
            result.starts.append(started)
            say(
                f"  run {run + 1}: first frame {started.first_frame:.2f} s, "
                f"{mib(started.peak_rss_kib or 0)}"
            )

        result.keys = [asyncio.run(key_samples(store, KEY_PRESSES)) for _ in range(runs)]
        say(f"  keys: {sum(len(sample.frame) for sample in result.keys)} presses timed")
        try_ui = True  # until a run finds the reader has no filter to type into
        for query in (ONE_WORD_QUERY, FIELD_QUERY):
            result.filters[query] = []
            for _ in range(runs):
                sample, result.filter_how = filter_samples(store, query, try_ui)
                try_ui = result.filter_how == "through the UI"
                if sample is not None:
                    result.filters[query].append(sample)
        say("  filter timed")
    return result


def fill_rows(size: int, result: SizeResult, rows: dict[str, Row]) -> None:
    """Put one size's medians, ratios and goal marks into the table's rows."""

    def put(key: str, text: str, met: bool | None = None) -> None:
        rows[key].cells[size] = Cell(text, met)

    def ratio_cell(key: str, seconds_or_kib: str, ratio: float, goal: float) -> None:
        put(key, f"{seconds_or_kib} ({ratio:.2f}×)", ratio <= goal)

    base_seconds = median([run["seconds"] for run in result.baseline])
    # Memory is compared with the loop that holds what it loaded, as the reader does.
    base_rss = median([run["rss"] for run in result.baseline_held])
    dropping_rss = median([run["rss"] for run in result.baseline])
    cold_seconds = median([run["seconds"] for run in result.reader])
    put("baseline", seconds(base_seconds))
    put("baseline_rss", mib(base_rss))
    put("baseline_rss_dropping", mib(dropping_rss))
    ratio_cell("cold", seconds(cold_seconds), cold_seconds / base_seconds, COLD_GOAL)
    if result.warm:
        warm_seconds = median([run["seconds"] for run in result.warm])
        ratio_cell("warm", seconds(warm_seconds), warm_seconds / base_seconds, WARM_GOAL)
    else:
        put("warm", "n/a (no cache yet)")

    if result.starts:
        first = median([start.first_frame or 0.0 for start in result.starts])
        put("first_frame", seconds(first), first <= FIRST_FRAME_GOAL)
        completes = [start.load_complete for start in result.starts]
        if all(complete is not None for complete in completes):
            same = all(start.load_complete == start.first_frame for start in result.starts)
            text = seconds(median([c for c in completes if c is not None]))
            put("load_complete", text + (" (the same frame)" if same else ""))
        else:
            put("load_complete", "n/a (the header never counted every article)")
        app_rss = median([start.peak_rss_kib or 0 for start in result.starts])
        ratio_cell("app_rss", mib(app_rss), app_rss / base_rss, RSS_GOAL)
    else:
        for key in ("first_frame", "load_complete", "app_rss"):
            put(key, f"n/a ({result.start_error})")

    if all(sample.frame for sample in result.keys):
        content = [sample.content for sample in result.keys]
        frame = [sample.frame for sample in result.keys]
        put("key_content", f"{ms(_p(content, 0.5))} / {ms(_p(content, 0.95))} ms")
        frame_p95 = _p(frame, 0.95)
        put("key_frame", f"{ms(_p(frame, 0.5))} / {ms(frame_p95)} ms", frame_p95 <= KEY_P95_GOAL)
    else:
        put("key_content", "n/a (no article rows to move to)")
        put("key_frame", "n/a (no article rows to move to)")

    for key, query in (("filter_word", ONE_WORD_QUERY), ("filter_field", FIELD_QUERY)):
        measured = result.filters.get(query, [])
        if not measured:
            put(key, "n/a (no newsreader.search.query)")
            continue
        keystrokes = [sample.keystrokes for sample in measured]
        p95 = _p(keystrokes, 0.95)
        prepared = [sample.prepare for sample in measured if sample.prepare is not None]
        extra = f"; search text {seconds(median(prepared))} once" if prepared else ""
        text = f"{ms(_p(keystrokes, 0.5))} / {ms(p95)} ms ({result.filter_how}{extra})"
        put(key, text, p95 <= FILTER_P95_GOAL)
        wholes = [sample.complete for sample in measured if sample.complete]
        if wholes:
            put(f"{key}_whole", f"{ms(_p(wholes, 0.5))} / {ms(_p(wholes, 0.95))} ms")
        else:
            put(f"{key}_whole", "n/a")

    reader_rss = median([run["rss"] for run in result.reader])
    ratio_cell("reader_rss", mib(reader_rss), reader_rss / base_rss, RSS_GOAL)


def _p(runs: Sequence[Sequence[float]], fraction: float) -> float:
    """The median over runs of each run's percentile."""
    return median([percentile(samples, fraction) for samples in runs])


def new_rows() -> dict[str, Row]:
    return {
        "baseline": Row("Baseline: find files + `frontmatter.load` each", "—"),
        "baseline_rss": Row("Baseline peak RSS, holding the loaded posts", "—"),
        "baseline_rss_dropping": Row("Baseline peak RSS, dropping each post (not compared)", "—"),
        "cold": Row("Cold load: `load_paths` (× baseline)", f"≤ {COLD_GOAL}×"),
        "warm": Row("Warm load: `load_paths` with cache (× baseline)", f"≤ {WARM_GOAL}×"),
        "first_frame": Row("Start → first frame showing articles (`newsreader`, pty)", "≤ 0.6 s"),
        "load_complete": Row("Start → load complete (header shows the full count)", "—"),
        "key_content": Row("`down` → detail pane holds next title (p50 / p95)", "—"),
        "key_frame": Row("`down` → frame showing next article (p50 / p95)", "p95 ≤ 33 ms"),
        "filter_word": Row(
            f"Filter keystroke, `{ONE_WORD_QUERY}` → list shows matches (p50 / p95)",
            "p95 ≤ 150 ms",
        ),
        "filter_word_whole": Row("… → whole list with its counts (p50 / p95)", "—"),
        "filter_field": Row(
            f"Filter keystroke, `{FIELD_QUERY}` → list shows matches (p50 / p95)",
            "p95 ≤ 150 ms",
        ),
        "filter_field_whole": Row("… → whole list with its counts (p50 / p95)", "—"),
        "reader_rss": Row("Peak RSS: load + list data (× baseline)", f"≤ {RSS_GOAL}×"),
        "app_rss": Row("Peak RSS: running `newsreader` (× baseline)", f"≤ {RSS_GOAL}×"),
    }


def corpus_base(explicit: str | None, largest: int) -> Path:
    """Where corpora go: `--tmpdir`, else /dev/shm when it has room (file creation on disk is
    slow and is not what is measured; reads come from the page cache either way), else TMPDIR."""
    if explicit:
        return Path(explicit)
    shm = Path("/dev/shm")
    needed = largest * 20_000
    if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 2 * needed:
        return shm
    return Path(tempfile.gettempdir())


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"sizes must be whole numbers: {text!r}") from error
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m newsreader.bench",
        description="Measure loading, start-up, key and filter latency and memory; "
        "print a Markdown table.",
    )
    parser.add_argument(
        "--sizes", type=parse_sizes, default=[1000, 10000, 100000], help="corpus sizes"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed")
    parser.add_argument(
        "--shape",
        choices=CORPUS_SHAPES,
        default=GENERATED,
        help="the corpus: 'generated' (0-15 related stories a file, evenly) or 'real' (few "
        "related stories on most files, shorter bodies, as real folders have)",
    )
    parser.add_argument("--tmpdir", help="where to write the corpora")
    parser.add_argument(
        "--text-pages",
        type=Path,
        metavar="DIR",
        help="instead, measure reader mode's text extraction on the real pages in DIR "
        "(see newsreader.bench.text_quality)",
    )
    parser.add_argument(
        "--fetch",
        type=int,
        metavar="N",
        help="instead, measure fetching and writing N feed items from a local server",
    )
    parser.add_argument(
        "--peer",
        choices=["newsboat"],
        help="instead, measure newsreader side by side with newsboat on the same articles "
        "(see newsreader.bench.peer)",
    )
    parser.add_argument("--child", choices=CHILD_KINDS, help=argparse.SUPPRESS)
    parser.add_argument("root", nargs="?", type=Path, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    if arguments.text_pages is not None:
        from newsreader.bench.text_quality import run as measure_text_quality

        return measure_text_quality(arguments.text_pages)
    if arguments.child:
        if arguments.child == "baseline":
            measured = child_baseline(arguments.root)
        elif arguments.child == "baseline-held":
            measured = child_baseline(arguments.root, hold=True)
        else:
            measured = child_reader(arguments.root)
        print(json.dumps(measured))
        return 0
    if arguments.fetch:
        from newsreader.bench.fetch import fetch_report

        where = corpus_base(arguments.tmpdir, arguments.fetch)
        runs = arguments.runs
        print(machine_description(where))
        print(f"Command: python -m newsreader.bench --fetch {arguments.fetch} --runs {runs}")
        print()
        print(fetch_report(arguments.fetch, runs, where))
        return 0
    if arguments.peer:
        from newsreader.bench.peer_run import peer_report

        base = corpus_base(arguments.tmpdir, max(arguments.sizes))
        runs = max(1, arguments.runs)
        print(peer_report(arguments.sizes, runs, arguments.seed, base, arguments.shape))
        return 0
    base = corpus_base(arguments.tmpdir, max(arguments.sizes))
    machine = machine_description(base)
    rows = new_rows()
    for size in arguments.sizes:
        result = measure_size(size, max(1, arguments.runs), arguments.seed, base, arguments.shape)
        fill_rows(size, result, rows)
    print(machine)
    print(
        f"Command: python -m newsreader.bench --sizes {','.join(map(str, arguments.sizes))} "
        f"--runs {arguments.runs} --shape {arguments.shape}; medians of {arguments.runs} run(s); "
        f"terminal {WIDTH}x{HEIGHT}."
    )
    print()
    print(render_table(list(rows.values()), arguments.sizes))
    return 0
