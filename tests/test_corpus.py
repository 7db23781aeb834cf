"""The benchmark corpus: files the loader takes as articles, by year and month, fixed by a seed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsreader.bench.corpus import (
    BODY_ONLY,
    FRONT_MATTER_AND_BODY,
    FRONT_MATTER_ONLY,
    write_corpus,
)
from newsreader.loading.article_file import load_file
from newsreader.loading.collection import load_paths
from newsreader.model.records import Article

COUNT = 300


@pytest.fixture(scope="module")
def corpus_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    write_corpus(root, COUNT, seed=7)
    return root


def corpus_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def test_every_file_loads_as_an_article_without_notes(corpus_root: Path) -> None:
    files = corpus_files(corpus_root)
    assert len(files) == COUNT
    for path in files:
        result = load_file(path)
        assert isinstance(result, Article), result
        assert result.notes == (), (path, result.notes)


def test_the_library_reports_no_problems(corpus_root: Path) -> None:
    store = load_paths([corpus_root])
    assert store.problems == []
    assert store.skipped == 0
    assert store.files_read == COUNT


def test_the_quirks_are_there(corpus_root: Path) -> None:
    texts = [path.read_text(encoding="utf-8") for path in corpus_files(corpus_root)]
    front_matter = [text for text in texts if text.startswith("---\n")]
    assert any("&#038;" in text for text in texts)
    assert any(re.search(r'^publishedDateTime: "', text, re.MULTILINE) for text in texts)
    assert any(re.search(r"^publishedDateTime: \S+[+-]\d\d:\d\d$", t, re.M) for t in texts)
    assert any("originalUrl:" not in text for text in front_matter)
    assert any(text.endswith("\n---") for text in front_matter)
    assert any(re.search(r"^  domain: $", text, re.MULTILINE) for text in front_matter)
    assert any(not text.isascii() for text in texts)
    assert any('\\"' in text for text in front_matter)
    assert any("secured:" in text for text in front_matter)


def test_shapes_are_mixed_roughly_as_asked(tmp_path: Path) -> None:
    shapes = write_corpus(tmp_path, 500, seed=1).shapes
    assert 300 <= shapes[FRONT_MATTER_ONLY] <= 400
    assert 25 <= shapes[FRONT_MATTER_AND_BODY] <= 80
    assert 60 <= shapes[BODY_ONLY] <= 140


def test_files_are_in_year_and_month_folders(corpus_root: Path) -> None:
    for path in corpus_files(corpus_root):
        relative = path.relative_to(corpus_root).as_posix()
        assert re.fullmatch(r"20\d\d/(0[1-9]|1[0-2])/\d{6}_[0-9a-f]{16}\.(md|txt)", relative)


def test_the_same_seed_makes_the_same_files(tmp_path: Path) -> None:
    def snapshot(root: Path) -> dict[str, bytes]:
        return {path.relative_to(root).as_posix(): path.read_bytes() for path in corpus_files(root)}

    first = snapshot(write_corpus(tmp_path / "a", 40, seed=5).root)
    again = snapshot(write_corpus(tmp_path / "b", 40, seed=5).root)
    other = snapshot(write_corpus(tmp_path / "c", 40, seed=6).root)
    assert first == again
    assert first != other


def test_the_real_shape_loads_cleanly_with_far_less_front_matter_per_file(tmp_path: Path) -> None:
    generated = write_corpus(tmp_path / "generated", 300, seed=2)
    real = write_corpus(tmp_path / "real", 300, seed=2, shape="real")

    def mean_front_matter(files: tuple[Path, ...]) -> float:
        sizes = []
        for path in files:
            text = path.read_text(encoding="utf-8")
            if text.startswith("---"):
                sizes.append(text.find("\n---", 3))
        return sum(sizes) / len(sizes)

    # Real files carry a few related stories or none: less than half the front matter.
    assert mean_front_matter(real.files) * 2 < mean_front_matter(generated.files)
    store = load_paths([real.root], cache=False)
    assert store.problems == [] and len(store) >= 250
    related = [len(article.related) for article in store.articles]
    assert sorted(related)[len(related) // 2] <= 3


def test_an_unknown_corpus_shape_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no corpus shape"):
        write_corpus(tmp_path, 1, shape="tiny")
