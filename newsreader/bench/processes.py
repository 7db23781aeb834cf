"""Loads and peak memory, measured in fresh child processes, one measurement each."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsreader.bench.goals import HEIGHT, WIDTH, BenchError

if TYPE_CHECKING:
    from newsreader.model.store import Store


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
    peak = process_peak_rss_kib(os.getpid())
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child_baseline(root: Path, hold: bool = False) -> dict[str, Any]:
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


def child_reader(root: Path) -> dict[str, Any]:
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


def process_peak_rss_kib(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) if match else None


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
    # Python keeps its compiled modules, as on any machine the reader is installed on; without
    # them every start would compile the reader's modules again.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env
