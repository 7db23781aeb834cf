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
import codecs
import fcntl
import importlib
import importlib.util
import inspect
import json
import math
import os
import platform
import re
import resource
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsreader.bench.corpus import write_corpus
from newsreader.loading.cache import RACY_SECONDS

if TYPE_CHECKING:
    from textual.app import App

    from newsreader.model.store import Store

# The goals the reader is held to.
FIRST_FRAME_GOAL = 0.6  # seconds from process start to a frame showing articles
COLD_GOAL = 0.6  # cold load time, as a multiple of the frontmatter.load baseline
WARM_GOAL = 0.1  # load with the cache present, same
KEY_P95_GOAL = 0.033  # seconds from a key press to the frame showing the next article
FILTER_P95_GOAL = 0.150  # seconds from a keystroke in the filter to the filtered list
RSS_GOAL = 0.6  # peak resident memory, as a multiple of the baseline's

WIDTH, HEIGHT = 120, 40
KEY_PRESSES = 200
ONE_WORD_QUERY = "robot"
FIELD_QUERY = "provider:times"
CHILD_KINDS = ("baseline", "baseline-held", "reader", "warm")


class BenchError(RuntimeError):
    """A measurement that could not be made; the message says why."""


# Loading, as the reader does it ------------------------------------------------------------


def load_like_the_reader(root: Path) -> Store:
    """Load a folder the way the `newsreader` command does: with the load cache, which the
    isolated environment puts in a fresh folder per run, so the first load is cold and the
    second (the "warm" child) finds the cache."""
    from newsreader.loading.collection import load_paths

    return load_paths([root], cache=True)


def reader_has_cache() -> bool:
    """True once newsreader keeps a cache: a `cache` parameter or a load-cache module."""
    from newsreader.loading.collection import load_paths

    if "cache" in inspect.signature(load_paths).parameters:
        return True
    return importlib.util.find_spec("newsreader.loading.cache") is not None


# Child processes: one measurement each -----------------------------------------------------


def _peak_rss_kib() -> int:
    """This process's high-water mark of resident memory, in KiB.

    Linux's VmHWM belongs to the process's own memory since it started its program; its
    ru_maxrss also keeps the RSS of the process it was forked from (this bench, which grows
    with each size measured), so it is only the fallback.
    """
    peak = _process_peak_rss_kib(os.getpid())
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _child_baseline(root: Path, hold: bool = False) -> dict[str, Any]:
    """The yardstick: find the files and `frontmatter.load` each one.

    Timed as it stands, each post dropped as soon as it is made (holding them would slow the
    loop down with the collector walking them, and flatter a ratio to it). With `hold`, the
    posts are kept, as anything that shows a collection has to keep what it loaded: that
    process's peak is what the reader's memory is compared with.
    """
    import frontmatter
    import yaml

    start = time.perf_counter()
    files = sorted(path for path in root.rglob("*") if path.suffix in (".md", ".txt"))
    failed = 0
    held: list[object] = []
    for path in files:
        try:
            post = frontmatter.load(path)
        except (yaml.YAMLError, UnicodeDecodeError, ValueError):
            failed += 1
            continue
        if hold:
            held.append(post)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "files": len(files), "failed": failed, "rss": _peak_rss_kib()}


def _child_reader(root: Path) -> dict[str, Any]:
    """Load as the reader does and build the list's data: its time and the memory it holds."""
    importlib.import_module(
        "newsreader.loading.collection"
    )  # before the clock, as frontmatter above

    start = time.perf_counter()
    store = load_like_the_reader(root)
    loaded = time.perf_counter()
    groups = store.groups_by_topic()
    built = time.perf_counter()
    return {
        "seconds": loaded - start,
        "groups_seconds": built - loaded,
        "articles": len(store),
        "groups": len(groups),
        "rss": _peak_rss_kib(),
    }


def run_child(kind: str, root: Path, env: dict[str, str], timeout: float) -> dict[str, Any]:
    command = [sys.executable, "-m", "newsreader.bench", "--child", kind, str(root)]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, env=env, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise BenchError(f"{kind} child took over {timeout:.0f} s") from error
    if done.returncode != 0:
        tail = " ".join(done.stderr.strip().splitlines()[-3:])
        raise BenchError(f"{kind} child exited with {done.returncode}: {tail}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# Start-up under a pseudo-terminal ----------------------------------------------------------

# CSI, OSC, DCS and two-byte escapes: what separates the runs of text Textual writes.
_ESCAPE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|P[^\x1b]*\x1b\\|[@-Z\\-_])"
)
TITLE_PREFIX = 24


class TitleSpotter:
    """Recognises an article title in terminal output.

    Each title is drawn as one run of text (one style), padded or cut with an ellipsis, so a run
    whose first characters are those of a known title is that title on screen.
    """

    def __init__(self, titles: Sequence[str]) -> None:
        self.prefixes = {title[:TITLE_PREFIX] for title in titles if len(title) >= TITLE_PREFIX}
        self.short = {title for title in titles if len(title) < TITLE_PREFIX}

    def seen_in(self, output: str) -> bool:
        for run in _ESCAPE.split(output):
            text = run.strip()
            if text[:TITLE_PREFIX] in self.prefixes or text.rstrip("…") in self.short:
                return True
        return False


@dataclass(slots=True)
class StartUp:
    """One start of the real command: when articles showed, when loading finished, memory."""

    first_frame: float | None = None
    load_complete: float | None = None
    peak_rss_kib: int | None = None


# The header's summary, "1,234 articles in 56 topics".
_ARTICLE_COUNT = re.compile(r"(\d[\d,]*) articles? in ")
# With articles on screen and nothing drawn for this long, no more frames are coming.
QUIET_AFTER_FIRST_FRAME = 3.0


def start_under_pty(
    root: Path, spotter: TitleSpotter, article_count: int, env: dict[str, str], timeout: float
) -> StartUp:
    """Start `newsreader ROOT` in a 120x40 pseudo-terminal, watch its output, then press q.

    Loading is complete when the header counts the whole collection ("1,234 articles in").
    """
    command = Path(sys.executable).parent / "newsreader"
    if not command.exists():
        raise BenchError(f"{command} is not installed")
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", HEIGHT, WIDTH, 0, 0))
    result = StartUp()
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    output = ""
    start = time.perf_counter()
    last_output = start
    process = subprocess.Popen(
        [str(command), str(root)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    try:
        while result.first_frame is None or result.load_complete is None:
            now = time.perf_counter()
            if now - start > timeout or process.poll() is not None:
                break
            if result.first_frame is not None and now - last_output > QUIET_AFTER_FIRST_FRAME:
                break
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(master, 1 << 16)
            except OSError:  # EIO: the child closed the terminal
                break
            last_output = time.perf_counter()
            output += decoder.decode(data)
            if result.first_frame is None and spotter.seen_in(output):
                result.first_frame = last_output - start
            if result.load_complete is None:
                counts = _ARTICLE_COUNT.findall(_ESCAPE.sub("", output))
                if counts and int(counts[-1].replace(",", "")) == article_count:
                    result.load_complete = last_output - start
        exited_early = process.poll()
        result.peak_rss_kib = _process_peak_rss_kib(process.pid)
        if exited_early is None:
            os.write(master, b"q")
            _drain_until_exit(master, process, 10.0)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    if result.first_frame is None:
        if exited_early is not None:
            said = " ".join(_ESCAPE.sub("", output).split())[-200:]
            raise BenchError(f"newsreader exited with {exited_early}: {said}")
        raise BenchError(f"no article title appeared within {timeout:.0f} s")
    return result


def _process_peak_rss_kib(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) if match else None


def _drain_until_exit(master: int, process: subprocess.Popen[bytes], timeout: float) -> None:
    # Keep reading: a child blocked on a full terminal buffer would never exit.
    deadline = time.perf_counter() + timeout
    while process.poll() is None and time.perf_counter() < deadline:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                os.read(master, 1 << 16)
            except OSError:
                break
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# Keys, in this process ---------------------------------------------------------------------


async def _until(condition: Callable[..., bool], deadline: float, *args: Any) -> bool:
    """Wait for `condition`, checking each time the event loop comes round.

    `sleep(0)` yields for one pass of the loop: the app's handlers and timers run as they
    would, and the check costs microseconds, where a timed sleep would add its whole tick.
    `args` are handed to `condition` (values of the moment, rather than a loop's variables).
    """
    while not condition(*args):
        if time.perf_counter() > deadline:
            return False
        await asyncio.sleep(0)
    return True


def _plain(visual: object) -> str:
    plain = getattr(visual, "plain", None)
    return plain if isinstance(plain, str) else str(visual)


def _record_frames(app: App[Any]) -> list[float]:
    """Note the time each frame is finished (composited; headless runs skip only the write)."""
    frames: list[float] = []
    display = app._display

    def timed_display(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is not None:
            frames.append(time.perf_counter())

    # App._display is where every screen update ends up; no public hook sees each frame.
    app._display = timed_display  # type: ignore[method-assign]
    return frames


@dataclass(slots=True)
class KeySamples:
    content: list[float] = field(default_factory=list)
    frame: list[float] = field(default_factory=list)


async def _key_samples(store: Store, presses: int) -> KeySamples:
    """Press `down` and time each press until the detail pane shows the newly highlighted article.

    The key event goes straight into the app's queue (as the terminal driver puts it there):
    `pilot.press` would add two idle waits of at least 20 ms each to every press. Two moments
    are taken: the title widget holding the new title, and the next frame composited after
    that, which is what the user sees. Presses landing on a group header change no article and
    are not counted. Between presses the app is let go idle, so each press starts fresh.
    """
    from textual import events

    from newsreader.ui.app import NewsreaderApp
    from newsreader.ui.widgets.article_list import ArticleList

    samples = KeySamples()
    app = NewsreaderApp(store)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await pilot.pause()
        frames = _record_frames(app)
        article_list = app.query_one(ArticleList)
        title = app.query_one("#title")
        for _ in range(presses):
            before = article_list.cursor
            start = time.perf_counter()
            app.post_message(events.Key("down", None))
            if not await _until(lambda before: article_list.cursor != before, start + 2.0, before):
                break  # the end of the list
            article = article_list.highlighted_article
            if article is not None:
                wanted = article.title
                if not await _until(
                    lambda wanted: wanted in _plain(title.render()), start + 5.0, wanted
                ):
                    raise BenchError("the detail pane never showed the highlighted title")
                shown = time.perf_counter()
                if not await _until(
                    lambda shown: bool(frames) and frames[-1] >= shown, shown + 5.0, shown
                ):
                    raise BenchError("no frame was drawn after the detail pane changed")
                samples.content.append(shown - start)
                samples.frame.append(frames[-1] - start)
            await pilot.pause()
    return samples


# The filter ----------------------------------------------------------------------------------


@dataclass(slots=True)
class FilterSamples:
    keystrokes: list[float] = field(default_factory=list)
    # To the whole filtered list with its counts, where the top of it is shown first.
    complete: list[float] = field(default_factory=list)
    prepare: float | None = None  # one-off: search text for every article


# Key names for the characters in the queries typed (letters are their own names).
_KEY_NAMES = {":": "colon", " ": "space", '"': "quotation_mark", "-": "minus"}


def _filter_binding(app: App[Any]) -> str | None:
    """The key that opens the reader's filter, if the reader has one."""
    for key, active in app.active_bindings.items():
        if "filter" in active.binding.action:
            return key
    return None


async def _ui_filter_samples(store: Store, query_text: str) -> FilterSamples | None:
    """Open the reader's filter and type the query, timing each keystroke to the filtered list.

    A keystroke is done when the list has been given its new groups and a frame has been drawn
    after that. None when the reader has no filter key; BenchError when the list never changes.
    """
    from textual import events
    from textual.widgets import Input

    from newsreader.ui.app import NewsreaderApp
    from newsreader.ui.widgets.article_list import ArticleList

    app = NewsreaderApp(store)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await pilot.pause()
        key = _filter_binding(app)
        if key is None:
            return None
        frames = _record_frames(app)
        article_list = app.query_one(ArticleList)
        listed: list[float] = []
        completed: list[float] = []
        show_groups = article_list.show_groups

        def timed_show_groups(groups: Any, *args: Any, **kwargs: Any) -> None:
            show_groups(groups, *args, **kwargs)
            listed.append(time.perf_counter())
            if all(getattr(group, "complete", True) for group in groups):
                completed.append(listed[-1])

        article_list.show_groups = timed_show_groups  # type: ignore[method-assign]
        app.post_message(events.Key(key, key if len(key) == 1 else None))
        deadline = time.perf_counter() + 5.0
        if not await _until(lambda: isinstance(app.focused, Input), deadline):
            raise BenchError(f"`{key}` did not open a filter input")
        field = app.focused
        assert isinstance(field, Input)
        samples = FilterSamples()
        for end, character in enumerate(query_text, 1):
            count, whole = len(listed), len(completed)
            start = time.perf_counter()
            app.post_message(events.Key(_KEY_NAMES.get(character, character), character))
            parses = _parses(query_text[:end])
            if parses:
                if not await _until(lambda count: len(listed) > count, start + 10.0, count):
                    raise BenchError("typing in the filter did not change the list")
                done = listed[count]
            else:
                # `provider:` alone: the reader shows the error and keeps the list as it is.
                typed = query_text[:end]
                if not await _until(lambda typed: field.value == typed, start + 10.0, typed):
                    raise BenchError("the filter input did not take the keystroke")
                done = time.perf_counter()
            samples.keystrokes.append(await _first_frame_after(frames, done) - start)
            if parses:
                # The top of a long list may come first; the whole list and its counts follow.
                if not await _until(lambda whole: len(completed) > whole, start + 30.0, whole):
                    raise BenchError("the whole filtered list never came")
                samples.complete.append(await _first_frame_after(frames, completed[whole]) - start)
            await pilot.pause()
    return samples


async def _first_frame_after(frames: list[float], moment: float) -> float:
    """The time of the first frame composited after `moment`."""
    if not await _until(lambda: bool(frames) and frames[-1] >= moment, moment + 5.0):
        raise BenchError("no frame was drawn after the list was filtered")
    return next(frame for frame in frames if frame >= moment)


def _parses(text: str) -> bool:
    from newsreader.search.query import parses

    return parses(text)


def _filter_samples(
    store: Store, query_text: str, try_ui: bool
) -> tuple[FilterSamples | None, str]:
    """Through the reader's filter when it has one, else the query module alone."""
    ui = None
    try:
        if try_ui:
            ui = asyncio.run(_ui_filter_samples(store, query_text))
    except BenchError as error:
        _say(f"  the reader's filter could not be timed ({error}); timing the core instead")
    if ui is not None:
        return ui, "through the UI"
    return _core_filter_samples(store, query_text), "core only"


def _core_filter_samples(store: Store, query_text: str) -> FilterSamples | None:
    """Type the query a character at a time: parse each prefix and filter every article."""
    try:
        query_module = importlib.import_module("newsreader.search.query")
    except ModuleNotFoundError:
        return None
    samples = FilterSamples()
    articles = store.articles
    options: dict[str, Any] = {}
    cache_type = getattr(query_module, "SearchCache", None)
    if cache_type is not None:
        cache = options["cache"] = cache_type()
        start = time.perf_counter()
        cache.prepare(articles)
        samples.prepare = time.perf_counter() - start
    query_error = getattr(query_module, "QueryError", ValueError)
    for end in range(1, len(query_text) + 1):
        start = time.perf_counter()
        try:
            query = query_module.parse_query(query_text[:end])
        except query_error:
            pass  # `provider:` alone: the reader shows the error, nothing is filtered
        else:
            query.filter(articles, **options)
        samples.keystrokes.append(time.perf_counter() - start)
    return samples


# Statistics and the table --------------------------------------------------------------------


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1))
    return ordered[index]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


@dataclass(slots=True)
class Cell:
    text: str
    met: bool | None = None


@dataclass(slots=True)
class Row:
    label: str
    goal: str
    cells: dict[int, Cell] = field(default_factory=dict)


def _seconds(value: float) -> str:
    return f"{value:.2f} s" if value >= 0.1 else f"{value * 1000:.0f} ms"


def _ms(value: float) -> str:
    return f"{value * 1000:.1f}" if value < 0.01 else f"{value * 1000:.0f}"


def _mib(kib: float) -> str:
    return f"{kib / 1024:.0f} MB"


def _mark(cell: Cell) -> str:
    if cell.met is None:
        return cell.text
    return f"{cell.text} {'✓' if cell.met else '✗'}"


def render_table(rows: Sequence[Row], sizes: Sequence[int]) -> str:
    header = ["Measurement", "Goal", *(f"{size:,} files" for size in sizes), "Goal met"]
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    for row in rows:
        cells = [row.cells.get(size, Cell("—")) for size in sizes]
        lines.append(
            "| "
            + " | ".join([row.label, row.goal, *(_mark(cell) for cell in cells), _met(row, sizes)])
            + " |"
        )
    return "\n".join(lines)


def _met(row: Row, sizes: Sequence[int]) -> str:
    judged = [(size, row.cells[size].met) for size in sizes if size in row.cells]
    judged = [(size, met) for size, met in judged if met is not None]
    if not judged:
        return "n/a" if row.goal != "—" else ""
    if all(met for _, met in judged):
        return "yes"
    if not any(met for _, met in judged):
        return "no"
    return "at " + ", ".join(f"{size:,}" for size, met in judged if met)


def machine_description(corpus_base: Path) -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from importlib.metadata import version

        textual = f", Textual {version('textual')}"
    except ImportError:
        textual = ""
    load = os.getloadavg()[0]
    return (
        f"Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}{textual}; load average {load:.1f} at start; "
        f"corpus written to {corpus_base} (read from the page cache)."
    )


# One size ------------------------------------------------------------------------------------


def isolated_env(home: Path) -> dict[str, str]:
    """The environment for everything the bench starts: its own cache, data and config folders,
    so no user's settings or state change what is measured, and nothing is left behind."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("TEXTUAL")}
    for name in ("cache", "data", "config", "state"):
        (home / name).mkdir(parents=True, exist_ok=True)
    env.update(
        NEWSREADER_CACHE_DIR=str(home / "cache"),
        NEWSREADER_DATA_DIR=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        TERM="xterm-256color",
        COLUMNS=str(WIDTH),
        LINES=str(HEIGHT),
        PYTHONUNBUFFERED="1",
        # The same hashing in every child, so each one merges and counts the same articles.
        PYTHONHASHSEED="0",
    )
    # A named config file would replace the empty default one under XDG_CONFIG_HOME.
    for name in ("NO_COLOR", "NEWSREADER_CONFIG"):
        env.pop(name, None)
    return env


_STARTED = time.perf_counter()


def _say(message: str) -> None:
    print(f"[{time.perf_counter() - _STARTED:6.1f} s] {message}", file=sys.stderr, flush=True)


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


def measure_size(size: int, runs: int, seed: int, base: Path) -> SizeResult:
    """Write a corpus of `size` files in a temporary folder and measure everything on it."""
    result = SizeResult()
    timeout = 60 + size * 0.01
    with tempfile.TemporaryDirectory(prefix="newsreader-bench-", dir=base) as folder:
        work = Path(folder)
        root = work / "corpus"
        start = time.perf_counter()
        write_corpus(root, size, seed)
        _say(f"{size:,} files: written in {time.perf_counter() - start:.1f} s")
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
                _say(f"  note: frontmatter.load raised on {baseline['failed']:,} files")
            _say(
                f"  run {run + 1}: baseline {baseline['seconds']:.2f} s, {_mib(baseline['rss'])}, "
                f"holding the posts {_mib(held['rss'])}; "
                f"load {reader['seconds']:.2f} s, {_mib(reader['rss'])}"
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
            _say(
                f"  run {run + 1}: first frame {started.first_frame:.2f} s, "
                f"{_mib(started.peak_rss_kib or 0)}"
            )

        result.keys = [asyncio.run(_key_samples(store, KEY_PRESSES)) for _ in range(runs)]
        _say(f"  keys: {sum(len(sample.frame) for sample in result.keys)} presses timed")
        try_ui = True  # until a run finds the reader has no filter to type into
        for query in (ONE_WORD_QUERY, FIELD_QUERY):
            result.filters[query] = []
            for _ in range(runs):
                sample, result.filter_how = _filter_samples(store, query, try_ui)
                try_ui = result.filter_how == "through the UI"
                if sample is not None:
                    result.filters[query].append(sample)
        _say("  filter timed")
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
    put("baseline", _seconds(base_seconds))
    put("baseline_rss", _mib(base_rss))
    put("baseline_rss_dropping", _mib(dropping_rss))
    ratio_cell("cold", _seconds(cold_seconds), cold_seconds / base_seconds, COLD_GOAL)
    if result.warm:
        warm_seconds = median([run["seconds"] for run in result.warm])
        ratio_cell("warm", _seconds(warm_seconds), warm_seconds / base_seconds, WARM_GOAL)
    else:
        put("warm", "n/a (no cache yet)")

    if result.starts:
        first = median([start.first_frame or 0.0 for start in result.starts])
        put("first_frame", _seconds(first), first <= FIRST_FRAME_GOAL)
        completes = [start.load_complete for start in result.starts]
        if all(complete is not None for complete in completes):
            same = all(start.load_complete == start.first_frame for start in result.starts)
            text = _seconds(median([c for c in completes if c is not None]))
            put("load_complete", text + (" (the same frame)" if same else ""))
        else:
            put("load_complete", "n/a (the header never counted every article)")
        app_rss = median([start.peak_rss_kib or 0 for start in result.starts])
        ratio_cell("app_rss", _mib(app_rss), app_rss / base_rss, RSS_GOAL)
    else:
        for key in ("first_frame", "load_complete", "app_rss"):
            put(key, f"n/a ({result.start_error})")

    if all(sample.frame for sample in result.keys):
        content = [sample.content for sample in result.keys]
        frame = [sample.frame for sample in result.keys]
        put("key_content", f"{_ms(_p(content, 0.5))} / {_ms(_p(content, 0.95))} ms")
        frame_p95 = _p(frame, 0.95)
        put("key_frame", f"{_ms(_p(frame, 0.5))} / {_ms(frame_p95)} ms", frame_p95 <= KEY_P95_GOAL)
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
        extra = f"; search text {_seconds(median(prepared))} once" if prepared else ""
        text = f"{_ms(_p(keystrokes, 0.5))} / {_ms(p95)} ms ({result.filter_how}{extra})"
        put(key, text, p95 <= FILTER_P95_GOAL)
        wholes = [sample.complete for sample in measured if sample.complete]
        if wholes:
            put(f"{key}_whole", f"{_ms(_p(wholes, 0.5))} / {_ms(_p(wholes, 0.95))} ms")
        else:
            put(f"{key}_whole", "n/a")

    reader_rss = median([run["rss"] for run in result.reader])
    ratio_cell("reader_rss", _mib(reader_rss), reader_rss / base_rss, RSS_GOAL)


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
    parser.add_argument("--tmpdir", help="where to write the corpora")
    parser.add_argument("--child", choices=CHILD_KINDS, help=argparse.SUPPRESS)
    parser.add_argument("root", nargs="?", type=Path, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    if arguments.child:
        if arguments.child == "baseline":
            measured = _child_baseline(arguments.root)
        elif arguments.child == "baseline-held":
            measured = _child_baseline(arguments.root, hold=True)
        else:
            measured = _child_reader(arguments.root)
        print(json.dumps(measured))
        return 0
    base = corpus_base(arguments.tmpdir, max(arguments.sizes))
    machine = machine_description(base)
    rows = new_rows()
    for size in arguments.sizes:
        fill_rows(size, measure_size(size, max(1, arguments.runs), arguments.seed, base), rows)
    print(machine)
    print(
        f"Command: python -m newsreader.bench --sizes {','.join(map(str, arguments.sizes))} "
        f"--runs {arguments.runs}; medians of {arguments.runs} run(s); terminal {WIDTH}x{HEIGHT}."
    )
    print()
    print(render_table(list(rows.values()), arguments.sizes))
    return 0
