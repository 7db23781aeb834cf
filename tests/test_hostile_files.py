"""Hostile and broken files: each becomes a Problem or a sanitised Article, quickly and in
bounded memory, and never keeps the good articles beside it from loading."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsreader.loading import article_file as loader
from newsreader.loading import fields, raw_values
from newsreader.loading.article_file import load_file
from newsreader.loading.collection import load_paths
from newsreader.loading.discover import discover
from newsreader.loading.fields import MAX_TITLE_LENGTH
from newsreader.model.records import Article, LoadResult, Problem

NEWSREADER = Path(sys.executable).parent / "newsreader"

GOOD = {
    "good_one.md": "---\ntitle: A good article\noriginalUrl: https://good.example/1\n---\n",
    "good_two.txt": "Another Good Article Heading\n\nIts first paragraph.\n",
}


def billion_laughs(key: str = "lol") -> str:
    """Nine levels of ten aliases each: a few hundred bytes naming 10^9 leaves."""
    lines = [f"{key}0: &{key}0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        refs = ", ".join([f"*{key}{level - 1}"] * 10)
        lines.append(f"{key}{level}: &{key}{level} [{refs}]")
    return "\n".join(lines)


def merge_key_bomb() -> str:
    """Merge keys copy the merged keys into each mapping: 10^8 keys from seven lines."""
    lines = ["m0: &m0 {" + ", ".join(f"k{i}: v" for i in range(10)) + "}"]
    for level in range(1, 8):
        refs = ", ".join([f"*m{level - 1}"] * 10)
        lines.append(f"m{level}: &m{level}\n  <<: [{refs}]")
    return "\n".join(lines)


def count_nodes(value: object) -> int:
    if isinstance(value, dict):
        return 1 + sum(count_nodes(item) for item in value.values())
    if isinstance(value, list):
        return 1 + sum(count_nodes(item) for item in value)
    return 1


def no_escapes(article: Article) -> None:
    texts = [article.title, article.excerpt, article.body, *article.topics]
    assert not any("\x1b" in text or "\x9b" in text or "\x07" in text for text in texts)


MARKUP = "[bold]Bold[/] [@click=app.quit]quit[/] [/] [link=https://evil.example]x[/link]"


@dataclass(frozen=True)
class Case:
    """One hostile file: its bytes, and what loading it must give."""

    content: bytes
    # A Problem whose reason contains this, on this line (None: any line or none) ...
    problem: str | None = None
    line: int | None = None
    # ... or an Article that passes this check.
    article: Callable[[Article], None] | None = None


def fm(text: str) -> bytes:
    return f"---\n{text}\n---\n".encode()


def check_laughs(article: Article) -> None:
    assert article.title == "Laughs"
    assert count_nodes(article.extra) <= raw_values.MAX_RAW_NODES + 1
    assert article.topics == ()  # a list of lists is not a list of topics


def check_self_reference(article: Article) -> None:
    assert article.title == "Loops"
    itself = raw_values.RECURSIVE_VALUE
    assert article.extra == {"a": [itself, itself], "b": {"k": itself, "j": ["x"]}}


def check_long_title(article: Article) -> None:
    assert len(article.title) <= MAX_TITLE_LENGTH
    assert article.title.startswith("x" * 100)


def check_markup(article: Article) -> None:
    no_escapes(article)
    assert article.title == f"{MARKUP} red title"
    assert MARKUP in article.body
    assert "[/]" in article.excerpt


def check_many_topics(article: Article) -> None:
    assert len(article.topics) == fields.MAX_TOPICS
    assert article.topics[:2] == ("t0", "t1")


def check_many_related(article: Article) -> None:
    assert len(article.related) == fields.MAX_RELATED


def check_heading_with_long_gap(article: Article) -> None:
    assert article.title.startswith("x")
    assert len(article.title) < 100


def check_latin1(article: Article) -> None:
    assert article.title_inferred
    assert article.title.startswith("Café déjà vu")


CASES: dict[str, Case] = {
    # Broken YAML of every kind.
    "unclosed_quote.md": Case(fm('title: "never closed\nexcerpt: x'), "not valid YAML", 4),
    "bad_indent.md": Case(fm("title: T\nprovider:\n    name: a\n  domain: b"), "not valid YAML", 5),
    "tab_indent.md": Case(fm("title: T\nprovider:\n\tname: a"), "not valid YAML", 4),
    "list_front_matter.md": Case(fm("- one\n- two"), "front matter is a list", 2),
    "scalar_front_matter.md": Case(fm("just a sentence"), "front matter is a string", 2),
    "number_front_matter.md": Case(fm("42"), "front matter is a number", 2),
    "unclosed_front_matter.md": Case(b"---\ntitle: T\nexcerpt: x\n", "not closed", 1),
    "only_dashes.md": Case(b"---\n---\n", "only front matter markers", 1),
    "only_three_dashes.md": Case(b"---", "only front matter markers", 1),
    "many_dashes.md": Case(b"-------\n\n---\n", "only front matter markers", 1),
    "duplicate_anchor_alias.md": Case(fm("title: *nowhere"), "not valid YAML", 2),
    "unhashable_key.md": Case(fm("title: T\n? [a, b]\n: c"), "not valid YAML", 3),
    # Empty, NUL and binary.
    "empty.md": Case(b"", "empty"),
    "blank.md": Case(b" \n\t\n  \n", "empty"),
    "nul_in_title.md": Case(b"---\ntitle: a\x00b\n---\n", "binary"),
    "binary.md": Case(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(7).randbytes(4000), "binary"
    ),
    "latin1.txt": Case(
        "Café déjà vu at the Öresund bridge.\n".encode("latin-1"), article=check_latin1
    ),
    # Python objects.
    "python_object.md": Case(
        fm("title: !!python/object/apply:os.system ['echo pwned']"), "python/object", 2
    ),
    "python_name.md": Case(fm("title: T\nexcerpt: !!python/name:os.system"), "python/name", 3),
    # Bombs and depth.
    "billion_laughs.md": Case(
        fm(f"title: Laughs\n{billion_laughs()}\ntopics: *lol8\nrelated: *lol8"),
        article=check_laughs,
    ),
    "merge_key_bomb.md": Case(fm(f"title: Merges\n{merge_key_bomb()}"), "merge keys", None),
    "self_reference.md": Case(
        fm("title: Loops\na: &a [*a, *a]\nb: &b {k: *b, j: [x]}"), article=check_self_reference
    ),
    "deep_flow_unclosed.md": Case(fm("title: T\nx: " + "[" * 10_000), "levels deep", 3),
    "deep_flow_closed.md": Case(
        fm("title: T\nx: " + "[" * 10_000 + "]" * 10_000), "levels deep", 3
    ),
    "deep_mapping.md": Case(fm("title: T\nx: " + "{a: " * 10_000 + "}" * 10_000), "levels deep", 3),
    "deep_block.md": Case(
        fm("title: T\nx:\n" + "".join("  " * i + "-\n" for i in range(1, 400))), "levels deep", None
    ),
    # Sizes.
    "long_title.md": Case(fm("title: " + "x" * 200_000), article=check_long_title),
    "many_topics.md": Case(
        fm("title: T\ntopics: [" + ", ".join(f"t{i}" for i in range(50_000)) + "]"),
        article=check_many_topics,
    ),
    "many_related.md": Case(
        fm("title: T\nrelated:\n" + "  - title: r\n" * 5_000), article=check_many_related
    ),
    "huge_front_matter.md": Case(
        fm("title: T\n" + "".join(f"k{i}: v\n" for i in range(120_000))), "character limit", 2
    ),
    "heading_with_long_gap.txt": Case(
        b"# x" + b" " * 300_000 + b"y\n\nBody.\n", article=check_heading_with_long_gap
    ),
    # Terminal escapes and Rich markup.
    "escapes_and_markup.md": Case(
        (
            f'---\ntitle: "{MARKUP} \\e[31mred\\e[0m title\\e]0;pwned\\a"\n'
            f'topics: ["\\e[2Jclear"]\n---\n{MARKUP}\n\x1b]52;c;cm0gLXJm\x07\x1b[31m\x9b1mtext\n'
        ).encode(),
        article=check_markup,
    ),
}


def load_case(tmp_path: Path, name: str) -> LoadResult:
    path = tmp_path / name
    path.write_bytes(CASES[name].content)
    return load_file(path)


@pytest.mark.parametrize("name", list(CASES))
def test_each_hostile_file_is_a_problem_or_a_sanitised_article(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = load_case(tmp_path, name)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Generous for a loaded machine: what this guards against (a bomb going off, a parser
    # slowing down with the square of the input) takes minutes.
    assert elapsed < 15.0, f"took {elapsed:.1f}s"
    assert peak < 200 * 1024 * 1024, f"peaked at {peak / 2**20:.0f} MiB"
    if case.problem is not None:
        assert isinstance(result, Problem), result
        assert result.source == tmp_path / name
        assert case.problem in result.reason
        if case.line is not None:
            assert result.line == case.line
    else:
        assert isinstance(result, Article), result
        assert case.article is not None
        case.article(result)


def test_alias_bombs_finish_quickly_in_little_memory(tmp_path: Path) -> None:
    # The other test allows for the slowest machine; a bomb that went off would take minutes.
    for name in ("billion_laughs.md", "merge_key_bomb.md"):
        tracemalloc.start()
        started = time.perf_counter()
        try:
            load_case(tmp_path, name)
            elapsed = time.perf_counter() - started
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert elapsed < 5.0, name
        assert peak < 20 * 1024 * 1024, name


def test_python_objects_are_never_constructed(tmp_path: Path) -> None:
    target = tmp_path / "made-by-yaml"
    path = tmp_path / "evil.md"
    path.write_text(f"---\ntitle: !!python/object/apply:os.mkdir ['{target}']\n---\n")
    assert isinstance(load_file(path), Problem)
    assert not target.exists()


# Size cap ----------------------------------------------------------------------------------


def test_a_file_over_the_size_cap_is_a_problem_and_is_never_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    with path.open("wb") as handle:
        handle.write(b"---\ntitle: Huge\n---\n")
        handle.write(b"words " * (6 * 1024 * 1024 // 6))
    assert path.stat().st_size > 6_000_000
    tracemalloc.start()
    try:
        result = load_file(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(result, Problem)
    assert "byte limit" in result.reason
    assert peak < 1024 * 1024, "the file was read"
    # The cap can be set by the caller; the folder's other files load.
    (tmp_path / "small.md").write_text("---\ntitle: Small\n---\n" + "x" * 2000)
    store = load_paths([tmp_path], max_bytes=1000)
    assert len(store) == 0
    assert sorted(problem.source.name for problem in store.problems) == ["huge.md", "small.md"]
    assert [article.title for article in load_paths([tmp_path]).articles] == ["Small"]


def test_a_large_file_under_the_cap_loads_in_bounded_time(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    paragraph = "Robots fold laundry, and nobody minds at all. " * 40
    path.write_text("---\ntitle: Big\n---\n" + (paragraph + "\n\n") * 2400)
    assert 4_000_000 < path.stat().st_size < loader.DEFAULT_MAX_BYTES
    started = time.perf_counter()
    result = load_file(path)
    assert time.perf_counter() - started < 15.0
    assert isinstance(result, Article)
    assert paragraph.startswith(result.excerpt.removesuffix("…"))
    assert len(result.body) > 4_000_000


# Files that change under the loader ---------------------------------------------------------


def load_in_thread(path: Path, timeout: float = 5.0) -> LoadResult | None:
    """load_file in a thread, so that a loader that blocks fails the test instead of hanging."""
    results: list[LoadResult] = []
    worker = threading.Thread(target=lambda: results.append(load_file(path)), daemon=True)
    worker.start()
    worker.join(timeout)
    return results[0] if results else None


@pytest.mark.parametrize("change", ["deleted", "folder", "emptied", "pipe", "loop"])
def test_files_changed_after_discovery(tmp_path: Path, change: str) -> None:
    path = tmp_path / "moving.md"
    path.write_text("---\ntitle: Here a moment ago\n---\n")
    for name, text in GOOD.items():
        (tmp_path / name).write_text(text)
    found = discover([tmp_path]).files
    assert path in found
    path.unlink()
    if change == "folder":
        path.mkdir()
    elif change == "emptied":
        path.write_bytes(b"")
    elif change == "pipe":
        os.mkfifo(path)
    elif change == "loop":
        path.symlink_to(path)
    result = load_in_thread(path)
    assert result is not None, "the loader blocked"
    assert isinstance(result, Problem)
    assert result.source == path
    expected = {
        "deleted": "disappeared",
        "folder": "folder",
        "emptied": "empty",
        "pipe": "not a regular file",
        "loop": "symbolic link",
    }[change]
    assert expected in result.reason


# A whole folder of them ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for name, case in CASES.items():
        (folder / name).write_bytes(case.content)
    for name, text in GOOD.items():
        (folder / name).write_text(text)
    # Deep enough to overflow libyaml's recursive node builder in the real command.
    (folder / "deeper_still.md").write_text("---\nx: " + "[" * 200_000 + "]" * 200_000 + "\n---\n")
    (folder / "deep_compact.md").write_text("---\n" + "- " * 100_000 + "a\n---\n")
    return folder


PROBLEM_FILES = {name for name, case in CASES.items() if case.problem} | {
    "deeper_still.md",
    "deep_compact.md",
}


def test_good_articles_load_beside_hostile_files(hostile_folder: Path) -> None:
    store = load_paths([hostile_folder])
    titles = {article.title for article in store.articles}
    assert {"A good article", "Another Good Article Heading"} <= titles
    for article in store.articles:
        no_escapes(article)
    problem_files = {problem.source.name for problem in store.problems}
    assert problem_files >= PROBLEM_FILES
    for problem in store.problems:
        assert problem.source.parent == hostile_folder


def test_check_reports_the_hostile_files_and_list_still_lists_the_good(
    hostile_folder: Path, tmp_path: Path
) -> None:
    env = dict(os.environ, NEWSREADER_DATA_DIR=str(tmp_path / "data"))

    def newsreader(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(NEWSREADER), *args, str(hostile_folder)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    checked = newsreader("check")
    assert checked.returncode == 1, checked.stderr
    assert "Traceback" not in checked.stderr
    assert "\x1b" not in checked.stdout
    reported = {line.split(":", 1)[0] for line in checked.stdout.splitlines()[:-1]}
    assert {str(hostile_folder / name) for name in PROBLEM_FILES} <= reported
    assert checked.stdout.splitlines()[-1].startswith(f"{len(CASES) + len(GOOD) + 2} files, ")

    listed = newsreader("list")
    assert listed.returncode == 0, listed.stderr
    assert "A good article" in listed.stdout
    assert "Another Good Article Heading" in listed.stdout
    assert "\x1b" not in listed.stdout
    # Markup in a title is printed as the characters it is.
    assert MARKUP in listed.stdout
