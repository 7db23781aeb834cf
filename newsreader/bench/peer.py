"""`python -m newsreader.bench --peer newsboat`: newsreader beside newsboat on the same articles.

The corpus (newsreader.bench.corpus) is read once and written again as one RSS 2.0 feed (title,
link, guid, date, and the excerpt and body as the description), served from 127.0.0.1; newsboat
reads it into its SQLite cache, newsreader reads the files. Both are driven in a 120x40
pseudo-terminal (bench.terminal), runs interleaved, and each figure is the median of the runs:

- warm start → article titles on screen (newsboat: Enter on its one feed as soon as the feed
  list shows; newsreader: its first screen, with its load cache present);
- search `robot` → results (newsboat: `/robot` Enter, to its search results; newsreader:
  `/robot`, to the header counting the matches), each typed all at once;
- 50 presses of `j` → the last move drawn (newsboat binds j to down here);
- warm start → the whole list loaded (newsreader: the header counting every article; newsboat
  draws its article list whole, so its figure is its first one);
- peak RSS of the program, loaded and idle;
- cold load (newsboat `-x reload` into an empty cache; `newsreader list` with an empty load
  cache): wall and CPU time; and the cache each leaves on disk;
- newsreader's own cold start: the reader with an empty load cache until the header counts every
  article, beside `newsreader list` (`load_paths` in a process of its own).

Beside them, two floors: a bare Textual app drawing one line (the least a Textual program's
first frame costs here), and libyaml parsing every file's front matter on all cores.
"""

from __future__ import annotations

import email.utils
import http.server
import os
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from xml.sax.saxutils import escape

import yaml

from newsreader.bench.goals import BenchError, say
from newsreader.bench.startup import TitleSpotter
from newsreader.bench.table import median
from newsreader.bench.terminal import Terminal, has_any, shown
from newsreader.loading.collection import load_paths
from newsreader.loading.discover import discover
from newsreader.model.records import Article

SEARCH = "robot"
MOVES = 50
NEWSBOAT_CONFIG = "bind-key j down\nbind-key k up\nshow-read-feeds yes\n"
# The header's count once a filter is applied: "12 of 1,000".
_FILTER_COUNT = re.compile(r"\d of \d")
_BARE_TEXTUAL_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("bare textual first frame")

Bare().run()
"""


def rss_feed(articles: Sequence[Article], base_url: str) -> str:
    """The articles as one RSS 2.0 feed, newest first."""
    items = []
    for article in articles:
        link = article.url or article.web_url or f"{base_url}/articles/{article.id}"
        when = (
            f"<pubDate>{email.utils.format_datetime(article.published_at)}</pubDate>"
            if article.published_at is not None
            else ""
        )
        text = "\n\n".join(part for part in (article.excerpt, article.body) if part)
        items.append(
            f"<item><title>{escape(article.title)}</title><link>{escape(link)}</link>"
            f'<guid isPermaLink="false">{escape(article.id)}</guid>{when}'
            f"<description>{escape(text)}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>Bench</title><link>{escape(base_url)}/</link><description>corpus</description>"
        + "".join(items)
        + "</channel></rss>\n"
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A static server for `folder` on 127.0.0.1 in a thread; its base URL."""
    handler = partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@dataclass(slots=True)
class Side:
    """One program's figures over the runs."""

    start: list[float] = field(default_factory=list)
    loaded: list[float] = field(default_factory=list)
    cold_reader: list[float] = field(default_factory=list)
    search: list[float] = field(default_factory=list)
    moves: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    cold_wall: list[float] = field(default_factory=list)
    cold_cpu: list[float] = field(default_factory=list)
    cache_mb: list[float] = field(default_factory=list)


def _timed(
    argv: Sequence[str], env: dict[str, str], cwd: Path | None = None
) -> tuple[float, float]:
    """Wall and CPU seconds of one command run to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip()[-300:]
        raise BenchError(f"{argv[0]} exited with {done.returncode}: {said}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file()) / 1e6


def _titles_seen(articles: Sequence[Article]) -> Callable[[str], bool]:
    """A watcher for output showing an article title (in whatever order the list has)."""
    return TitleSpotter([article.title for article in articles]).seen_in


def _idle_then_moves(terminal: Terminal, side: Side) -> None:
    """Once the program rests: its peak memory, then 50 moves down; the screen watched anew."""
    terminal.wait_quiet(1.0, 120)
    rss = terminal.peak_rss_kib()
    if rss is not None:
        side.rss_mb.append(rss / 1024)
    terminal.mark()
    sent = terminal.send("j" * MOVES)
    side.moves.append(terminal.wait_quiet(0.5, 60, after=sent) - sent)
    terminal.mark()


def measure_newsboat(home: Path, articles: Sequence[Article], env: dict[str, str]) -> Side:
    side = Side()
    argv = ["newsboat", "-u", "urls", "-c", "cache.db", "-C", "config"]
    cache = home / "cache.db"
    cache.unlink(missing_ok=True)
    wall, cpu = _timed([*argv, "-x", "reload"], env, home)
    side.cold_wall.append(wall)
    side.cold_cpu.append(cpu)
    side.cache_mb.append(_size_mb(cache))
    terminal = Terminal(argv, env, home)
    try:
        terminal.wait_for(has_any(["Your feeds"]), 120, "newsboat's feed list")
        terminal.mark()
        terminal.send("\r")
        # Its article list is drawn whole, header and titles in one update.
        seen = has_any(["Articles in feed"])
        side.start.append(terminal.wait_for(seen, 300, "newsboat's titles"))
        side.loaded.append(side.start[-1])
        _idle_then_moves(terminal, side)
        sent = terminal.send(f"/{SEARCH}\r")
        side.search.append(terminal.wait_for(has_any(["Search results"]), 120, "results") - sent)
        terminal.wait_quiet(0.3, 30)
    finally:
        terminal.close("qqqq")
    return side


def measure_newsreader(root: Path, articles: Sequence[Article], env: dict[str, str]) -> Side:
    side = Side()
    command = str(Path(sys.executable).parent / "newsreader")
    cache = Path(env["NEWSREADER_CACHE_DIR"])
    count = f"{len(articles):,} article"
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    terminal = Terminal([command, str(root)], env)
    try:
        side.cold_reader.append(terminal.wait_for(has_any([count]), 900, "the cold load"))
    finally:
        terminal.close("q")
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    wall, cpu = _timed([command, "list", str(root)], env)
    side.cold_wall.append(wall)
    side.cold_cpu.append(cpu)
    side.cache_mb.append(_size_mb(cache))
    terminal = Terminal([command, str(root)], env)
    try:
        seen = _titles_seen(articles)
        side.start.append(terminal.wait_for(seen, 300, "newsreader's titles"))
        side.loaded.append(terminal.wait_for(has_any([count]), 600, "the whole list loaded"))
        _idle_then_moves(terminal, side)
        sent = terminal.send(f"/{SEARCH}")
        side.search.append(terminal.wait_for(_filter_counted, 120, "results") - sent)
        terminal.wait_quiet(0.3, 30)
        terminal.send("\x1b")
        terminal.wait_quiet(0.3, 30)
    finally:
        terminal.close("q")
    return side


def _filter_counted(output: str) -> bool:
    return bool(_FILTER_COUNT.search(shown(output)))


def bare_textual_first_frame(env: dict[str, str]) -> float:
    """Seconds from start to the first frame of a Textual app that draws one line."""
    terminal = Terminal([sys.executable, "-c", _BARE_TEXTUAL_APP], env)
    try:
        return terminal.wait_for(has_any(["bare textual first frame"]), 60, "the bare app")
    finally:
        terminal.close("\x03")


def _front_matter_of(paths: Sequence[str]) -> int:
    parsed = 0
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        if text.startswith("---"):
            end = text.find("\n---", 3)
            if end > 0:
                yaml.load(text[3:end], Loader=yaml.CSafeLoader)
                parsed += 1
    return parsed


def libyaml_floor(root: Path) -> float:
    """Seconds to parse every file's front matter with libyaml on all cores."""
    files = [str(path) for path in discover([root]).files]
    workers = os.cpu_count() or 1
    chunks = [files[start::workers] for start in range(workers)]
    started = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        sum(pool.map(_front_matter_of, chunks))
    return time.perf_counter() - started


@dataclass(slots=True)
class PeerResult:
    size: int
    newsboat: Side
    newsreader: Side
    bare_textual: list[float]
    libyaml: list[float]


def measure_peer(
    root: Path, size: int, runs: int, env: dict[str, str], peer_installed: bool
) -> PeerResult:
    """Both programs on the corpus at `root`, `runs` times, interleaved (newsreader alone
    when newsboat is not installed)."""
    store = load_paths([root], cache=False)
    articles = sorted(store.articles, key=_newest_first)
    home = root.parent / "newsboat"
    home.mkdir(exist_ok=True)
    (home / "config").write_text(NEWSBOAT_CONFIG)
    (home / "feed.xml").write_text(rss_feed(articles, "http://127.0.0.1"), encoding="utf-8")
    server, url = serve(home)
    (home / "urls").write_text(f"{url}/feed.xml\n")
    newsboat, newsreader = Side(), Side()
    bare: list[float] = []
    floor: list[float] = []
    try:
        for run in range(runs):
            if peer_installed:
                say(f"  {size:,} articles, run {run + 1}: newsboat")
                _merge(newsboat, measure_newsboat(home, articles, env))
            say(f"  {size:,} articles, run {run + 1}: newsreader")
            _merge(newsreader, measure_newsreader(root, articles, env))
            bare.append(bare_textual_first_frame(env))
            floor.append(libyaml_floor(root))
    finally:
        server.shutdown()
    return PeerResult(size, newsboat, newsreader, bare, floor)


def _newest_first(article: Article) -> float:
    published = article.published_at
    return -published.timestamp() if published is not None else 0.0


def _merge(into: Side, run: Side) -> None:
    for name in Side.__slots__:
        getattr(into, name).extend(getattr(run, name))


def _cell(peer: list[float], ours: list[float], unit: str, scale: float = 1.0) -> str:
    if not ours:
        return "—"
    mine = median(ours) * scale
    if not peer:
        return f"— / {mine:,.0f} {unit}" if scale != 1 else f"— / {mine:.2f} {unit}"
    theirs = median(peer) * scale
    ratio = mine / theirs if theirs else float("inf")
    mark = "✓" if ratio <= 1 else "✗"
    number = "{:,.0f}" if scale != 1 or unit == "MB" else "{:.2f}"
    return f"{number.format(theirs)} / {number.format(mine)} {unit} · {ratio:.2f} {mark}"


def _cold_reader_cell(result: PeerResult) -> str:
    ours = result.newsreader
    if not ours.cold_reader or not ours.cold_wall:
        return "—"
    reader, listing = median(ours.cold_reader), median(ours.cold_wall)
    mark = "✓" if reader <= listing else "✗"
    return f"{reader:.2f} s ({reader / listing:.2f}× {listing:.2f} s) {mark}"


def render_peer_table(results: Sequence[PeerResult], peer_installed: bool) -> str:
    """Each cell newsboat / newsreader, then newsreader ÷ newsboat (< 1 is better)."""
    sizes = " | ".join(f"{result.size:,}" for result in results)
    lines = [f"| figure | {sizes} |", "|---" * (len(results) + 1) + "|"]

    def row(name: str, cell: Callable[[PeerResult], str]) -> None:
        lines.append(f"| {name} | " + " | ".join(cell(result) for result in results) + " |")

    row(
        "warm start → article titles on screen",
        lambda r: _cell(r.newsboat.start, r.newsreader.start, "ms", 1000),
    )
    row(
        "warm start → whole list loaded",
        lambda r: _cell(r.newsboat.loaded, r.newsreader.loaded, "ms", 1000),
    )
    row(
        f"search `{SEARCH}` → results",
        lambda r: _cell(r.newsboat.search, r.newsreader.search, "ms", 1000),
    )
    row(
        f"{MOVES} × `j` → last move drawn",
        lambda r: _cell(r.newsboat.moves, r.newsreader.moves, "ms", 1000),
    )
    row("peak RSS, loaded and idle", lambda r: _cell(r.newsboat.rss_mb, r.newsreader.rss_mb, "MB"))
    row("cold load, wall", lambda r: _cell(r.newsboat.cold_wall, r.newsreader.cold_wall, "s"))
    row("cold load, CPU", lambda r: _cell(r.newsboat.cold_cpu, r.newsreader.cold_cpu, "s"))
    row("newsreader's own cold start → whole list (× cold `list`)", _cold_reader_cell)
    row("cache on disk", lambda r: _cell(r.newsboat.cache_mb, r.newsreader.cache_mb, "MB"))
    row(
        "floor: bare Textual app → first frame",
        lambda r: f"{median(r.bare_textual) * 1000:,.0f} ms",
    )
    row("floor: libyaml, every front matter, all cores", lambda r: f"{median(r.libyaml):.2f} s")
    if not peer_installed:
        lines.append("")
        lines.append("newsboat is not installed here, so its columns are empty (— / newsreader).")
    return "\n".join(lines)
