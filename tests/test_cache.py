"""The load cache: a warm start gives the same store without reading, any change is seen,
a damaged cache is rebuilt; large folders read in worker processes give the same store; the
progress callback sees every article; one file can be read again into a store."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsreader.bench.corpus import write_corpus
from newsreader.loading import cache, record_codec
from newsreader.loading import workers as reading
from newsreader.loading.collection import (
    FIRST_FILES,
    LoadProgress,
    first_articles,
    load_paths,
    read_again,
)
from newsreader.loading.topics import TopicNames
from newsreader.model.records import Article, LoadResult
from newsreader.model.store import Store

NEWSREADER = Path(sys.executable).parent / "newsreader"

ARTICLE = """\
---
title: "{title}"
originalUrl: "https://news.example/{slug}"
topics:
  - Robots
---
"""
TEXT = "Robots fold laundry\n\nA lab shows robots folding shirts, towels and socks.\n"


def age(folder: Path) -> None:
    """Date every file a minute back, as files that have not just been written are."""
    past = time.time() - 60
    for path in folder.rglob("*"):
        os.utime(path, (past, past))


def write_articles(folder: Path, count: int = 3) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        text = ARTICLE.format(title=f"Article number {number}", slug=f"a{number}")
        (folder / f"a{number}.md").write_text(text)
    (folder / "text.txt").write_text(TEXT)
    (folder / "broken.md").write_text("---\ntitle: [unclosed\n---\n")
    age(folder)


def contents(store: Store) -> tuple[object, ...]:
    return (store.articles, store.problems, store.summary(), store.files_read, store.skipped)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files loaded from disk (in this process) from now on."""
    read: list[Path] = []
    real = reading.load_file

    def recording(path: Path, max_bytes: int = 0) -> LoadResult:
        read.append(path)
        return real(path, max_bytes)

    monkeypatch.setattr(reading, "load_file", recording)
    return read


def cache_files() -> list[Path]:
    return sorted(Path(os.environ["NEWSREADER_CACHE_DIR"]).rglob("*.pickle"))


def test_a_warm_load_gives_the_same_store_without_reading_a_file(
    tmp_path: Path, reads: list[Path]
) -> None:
    write_articles(tmp_path)
    cold = load_paths([tmp_path])
    assert len(reads) == 5
    assert len(cache_files()) == 1
    reads.clear()
    warm = load_paths([tmp_path])
    assert reads == []
    assert contents(warm) == contents(cold)
    assert contents(load_paths([tmp_path], cache=False)) == contents(cold)
    assert any("broken.md" in problem.describe() for problem in warm.problems)


@pytest.mark.parametrize("change", ["content", "mtime", "added", "deleted", "renamed"])
def test_each_change_is_seen_and_only_changed_files_are_read_again(
    tmp_path: Path, reads: list[Path], change: str
) -> None:
    write_articles(tmp_path)
    load_paths([tmp_path])
    reads.clear()
    first = tmp_path / "a0.md"
    if change == "content":
        # Same size, different text: only the time tells.
        first.write_text(first.read_text().replace("number 0", "number X"))
    elif change == "mtime":
        os.utime(first, (time.time() - 30, time.time() - 30))
    elif change == "added":
        (tmp_path / "new.md").write_text(ARTICLE.format(title="A new one", slug="new"))
    elif change == "deleted":
        first.unlink()
    else:
        first.rename(tmp_path / "moved.md")
    store = load_paths([tmp_path])
    read_again = [path.name for path in reads]
    assert contents(store) == contents(load_paths([tmp_path], cache=False))
    titles = {article.title for article in store.articles}
    expected_reads = {
        "content": ["a0.md"],
        "mtime": ["a0.md"],
        "added": ["new.md"],
        "deleted": [],
        "renamed": ["moved.md"],
    }[change]
    assert read_again == expected_reads
    if change == "content":
        assert "Article number X" in titles and "Article number 0" not in titles
    if change == "deleted":
        assert "Article number 0" not in titles
    if change == "renamed":
        assert [a.source.name for a in store.articles if a.title == "Article number 0"] == [
            "moved.md"
        ]


def test_changing_the_options_prepares_again(tmp_path: Path) -> None:
    write_articles(tmp_path)
    (tmp_path / "text.txt").write_text(TEXT + "\nFollow us on Twitter and Facebook for more!\n")
    age(tmp_path)
    cleaned = load_paths([tmp_path])
    kept = load_paths([tmp_path], keep_boilerplate=True)
    body = {a.source.name: a.body for a in kept.articles}["text.txt"]
    assert "Follow us" in body
    assert "Follow us" not in {a.source.name: a.body for a in cleaned.articles}["text.txt"]


@pytest.mark.parametrize(
    "damage", ["garbage", "truncated", "empty", "scribbled on", "other version"]
)
def test_a_damaged_or_foreign_cache_is_ignored_and_rebuilt(
    tmp_path: Path, reads: list[Path], monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    write_articles(tmp_path)
    cold = load_paths([tmp_path])
    [file] = cache_files()
    data = file.read_bytes()
    if damage == "garbage":
        file.write_bytes(os.urandom(len(data)))
    elif damage == "truncated":
        file.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        file.write_bytes(b"")
    elif damage == "scribbled on":
        # Inside the prepared store (the last part), where a title is, say.
        at = data.rindex(b"Article number 1")
        file.write_bytes(data[:at] + b"Article number 9" + data[at + 16 :])
    else:
        monkeypatch.setattr(cache, "CACHE_VERSION", cache.CACHE_VERSION + 1)
    reads.clear()
    assert contents(load_paths([tmp_path])) == contents(cold)
    # A damaged store is prepared again from the files' records, which are intact.
    assert len(reads) == (0 if damage == "scribbled on" else 5)
    # Rebuilt: the next load reads nothing.
    reads.clear()
    assert contents(load_paths([tmp_path])) == contents(cold)
    assert reads == []


def test_a_cache_that_names_other_classes_is_refused(tmp_path: Path) -> None:
    import pickle

    class Sneaky:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, ("true",))

    blob = pickle.dumps(Sneaky())
    with pytest.raises(pickle.UnpicklingError):
        record_codec.load_records(blob, ())


def test_no_cache_writes_nothing_and_reads_everything(tmp_path: Path, reads: list[Path]) -> None:
    write_articles(tmp_path)
    load_paths([tmp_path], cache=False)
    assert cache_files() == []
    load_paths([tmp_path])
    reads.clear()
    load_paths([tmp_path], cache=False)
    assert len(reads) == 5


def test_the_command_with_no_cache_leaves_no_cache(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    write_articles(folder)
    cache_folder = tmp_path / "cache"
    env = {**os.environ, "NEWSREADER_CACHE_DIR": str(cache_folder)}
    for arguments in (["--no-cache", "list"], ["check", "--no-cache"]):
        done = subprocess.run(
            [str(NEWSREADER), *arguments, str(folder)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        assert "Article number 1" in done.stdout or "problems" in done.stdout, done.stderr
        assert not cache_folder.exists() or not any(cache_folder.rglob("*.pickle"))
    subprocess.run([str(NEWSREADER), "list", str(folder)], env=env, timeout=60, check=True)
    assert len(list(cache_folder.rglob("*.pickle"))) == 1


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    write_corpus(root, 600, seed=7)
    (root / "broken.md").write_text("---\ntitle: [unclosed\n---\n")
    return root


def test_worker_processes_give_the_same_store_as_one_process(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pooled: list[int] = []
    real_pool = reading._read_in_pool

    def recording_pool(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        pooled.append(1)
        return real_pool(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reading, "_read_in_pool", recording_pool)
    monkeypatch.setattr(reading, "worker_count", lambda: 2)
    parallel = load_paths([corpus], cache=False)
    assert pooled == [1]
    monkeypatch.setattr(reading, "worker_count", lambda: 1)
    single = load_paths([corpus], cache=False)
    assert pooled == [1]
    assert contents(parallel) == contents(single)
    assert len(single) > 500
    # And what the cache gives back from a pooled load is the same again.
    monkeypatch.setattr(reading, "worker_count", lambda: 2)
    load_paths([corpus])
    assert contents(load_paths([corpus])) == contents(single)


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_reports_add_up_to_every_article(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    monkeypatch.setattr(reading, "worker_count", lambda: workers)
    reports: list[LoadProgress] = []
    store = load_paths([corpus], cache=False, progress=reports.append)
    raw_articles = [article for report in reports for article in report.articles]
    assert all(isinstance(article, Article) for article in raw_articles)
    sources = [article.source for article in raw_articles]
    assert len(sources) == len(set(sources)) == store.files_read - len(store.problems)
    assert {article.source for article in store.articles} <= set(sources)
    assert reports[-1].done == reports[-1].total == store.files_read
    assert [report.done for report in reports] == sorted(report.done for report in reports)


def test_a_warm_load_reports_only_counts(tmp_path: Path) -> None:
    write_articles(tmp_path)
    load_paths([tmp_path])
    reports: list[LoadProgress] = []
    load_paths([tmp_path], progress=reports.append)
    [report] = reports
    assert report.done == report.total == 5
    assert report.articles == ()  # the store returned has them all


def test_first_articles_come_from_the_newest_files_and_are_not_reported_again(
    tmp_path: Path,
) -> None:
    for month in ("2023/11", "2024/01", "2024/02"):
        folder = tmp_path / month
        folder.mkdir(parents=True)
        for number in range(30):
            slug = f"{month.replace('/', '-')}-{number:02}"
            (folder / f"{slug}.md").write_text(ARTICLE.format(title=f"Story {slug}", slug=slug))

    first = first_articles([tmp_path])

    assert len(first) == FIRST_FILES
    months = {article.source.parent.relative_to(tmp_path).as_posix() for article in first}
    assert months == {"2024/02", "2024/01"}
    reports: list[LoadProgress] = []
    store = load_paths(
        [tmp_path],
        cache=False,
        progress=reports.append,
        shown={article.source for article in first},
    )
    reported = [article.source for report in reports for article in report.articles]
    assert len(reported) == len(set(reported)) == 90 - FIRST_FILES
    assert set(reported) | {article.source for article in first} == {
        article.source for article in store.articles
    }


def read_into(store: Store, path: Path) -> None:
    """As the reader takes a changed file: read with the store's topic names, then replaced."""
    store.replace_file(path, read_again(path, TopicNames.of_corpus(store.articles)))


def test_read_again_reads_one_file_again_or_forgets_it(tmp_path: Path) -> None:
    write_articles(tmp_path)
    store = load_paths([tmp_path])
    summary = store.summary()
    first = tmp_path / "a0.md"
    first.write_text(ARTICLE.format(title="Changed title", slug="a0"))
    read_into(store, first)
    assert {a.title for a in store.articles} >= {"Changed title", "Article number 1"}
    assert store.summary() == summary
    # A body-only text is cleaned and given topics the store already knows.
    text = tmp_path / "text.txt"
    text.write_text("Robots at work\n\nRobots sort parcels.\n\nFollow us on Twitter for more!\n")
    read_into(store, text)
    article = next(a for a in store.articles if a.source == text)
    assert "Follow us" not in article.body
    assert article.topics == ("Robots",) and article.topics_inferred
    first.unlink()
    read_into(store, first)
    assert "Changed title" not in {a.title for a in store.articles}
    assert store.files_read == 4


def test_loads_leave_no_cycles_for_the_paused_collector(tmp_path: Path) -> None:
    # The load pauses the cycle collector: anything it leaves in a cycle (the pickled data an
    # unpickler read, say) stays in memory until the load is over.
    import gc

    write_articles(tmp_path, count=20)
    for _ in ("cold", "warm"):
        gc.collect()
        gc.disable()
        try:
            store = load_paths([tmp_path])
            assert gc.collect() == 0
        finally:
            gc.enable()
        assert len(store) == 21


def test_records_written_by_workers_are_read_back_run_by_run(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, reads: list[Path]
) -> None:
    # Workers' runs go to the cache in the order they finish; each is read back on its own.
    age(corpus)
    monkeypatch.setattr(reading, "worker_count", lambda: 2)
    load_paths([corpus])
    changed = sorted(corpus.rglob("*.md"))[-1]
    os.utime(changed, (time.time() - 30, time.time() - 30))
    reads.clear()
    store = load_paths([corpus])
    assert reads == [changed]
    assert contents(store) == contents(load_paths([corpus], cache=False))


def test_a_store_saved_in_pieces_reads_back_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: list[Path]
) -> None:
    monkeypatch.setattr(cache, "STORE_PIECE_ARTICLES", 4)
    write_articles(tmp_path, count=10)
    # Two files for one URL: the second is a problem, and the URL index keeps the first.
    (tmp_path / "copy.md").write_text(ARTICLE.format(title="A copy", slug="a3"))
    age(tmp_path)
    cold = load_paths([tmp_path])
    reads.clear()
    warm = load_paths([tmp_path])
    assert reads == []
    assert contents(warm) == contents(cold)
    assert warm.by_url("https://news.example/a3") == cold.by_url("https://news.example/a3")
    assert warm.by_url("https://news.example/a3").title == "Article number 3"
    assert warm.by_url("https://news.example/a7").title == "Article number 7"


KILLED_CACHE_WRITER = """
import sys, time
from pathlib import Path
from newsreader.loading.cache import CacheWriter, dump_records
writer = CacheWriter(Path(sys.argv[1]))
writer.add_run(0, 1, dump_records([], []))
print("writing", flush=True)
time.sleep(60)
"""


def test_a_killed_writes_temporary_file_is_removed_at_the_next_start_whatever_its_age(
    tmp_path: Path,
) -> None:
    import signal
    import subprocess
    import sys

    from newsreader.loading.cache import LoadCache, remove_abandoned

    folder = tmp_path / "cache"
    folder.mkdir()
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_CACHE_WRITER, str(folder / "x.pickle")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
        [temporary] = [path for path in folder.iterdir() if path.name.startswith(".tmp-")]
        # Being written: left alone, by a start and by pruning.
        remove_abandoned(folder)
        assert LoadCache(folder / "other.pickle").read() is None
        assert temporary.exists()
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    # Its writer killed a moment ago: removed by the next start, not an hour later.
    assert LoadCache(folder / "other.pickle").read() is None
    assert not temporary.exists()
