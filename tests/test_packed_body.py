"""Long bodies are kept compressed, and read back as exactly the text they were."""

from __future__ import annotations

import copy
import pickle
from dataclasses import replace
from pathlib import Path

import pytest

from newsreader.loading import record_codec
from newsreader.loading.article_file import load_file
from newsreader.loading.collection import load_paths, read_again
from newsreader.model.records import PACKED_MIN_CHARS, Article, pack_text, unpack_text

# Accents (two bytes a character in a str), an emoji (four), a line break kind that splitlines
# knows, and a lone surrogate: each must come back as it was.
LONG_BODY = "Café crème ☕ and 🤖 robots.\u2028Next line \ud83d alone.\n\n" * 40


def article(body: str) -> Article:
    return Article(id="a1", title="Robots", source=Path("/news/a1.md"), body=body)


@pytest.mark.parametrize("text", [LONG_BODY, "x" * PACKED_MIN_CHARS, "short", ""])
def test_a_packed_text_unpacks_to_exactly_the_text(text: str) -> None:
    stored = pack_text(text)
    assert unpack_text(stored) == text
    # Short texts stay as they are; long ones are kept in fewer bytes.
    assert isinstance(stored, bytes) == (len(text) >= PACKED_MIN_CHARS)


def test_a_packed_article_reads_and_compares_as_the_unpacked_one() -> None:
    plain = article(LONG_BODY)
    packed = plain.packed()
    assert isinstance(plain.stored_body, str)
    assert isinstance(packed.stored_body, bytes)
    assert len(packed.stored_body) < len(LONG_BODY) // 4
    assert packed.body == LONG_BODY
    assert packed == plain
    assert packed.has_body and not article("").has_body
    assert packed.unpacked().stored_body == LONG_BODY
    # Copies keep the text, whichever way they are made.
    assert replace(packed, title="Other").body == LONG_BODY
    assert isinstance(packed.changed(title="Other").stored_body, bytes)
    assert packed.changed(title="Other").body == LONG_BODY
    assert pickle.loads(pickle.dumps(packed)) == plain
    assert copy.deepcopy(packed) == plain
    with pytest.raises(TypeError):
        article(42)  # type: ignore[arg-type]


def test_the_load_cache_keeps_a_body_packed(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        f"---\ntitle: Robots\n---\n{LONG_BODY}", encoding="utf-8", errors="surrogatepass"
    )
    loaded = load_file(path)
    assert isinstance(loaded, Article) and isinstance(loaded.stored_body, bytes)
    back = record_codec.load_records(record_codec.dump_records([loaded], [path]), [path])
    assert back == [loaded]
    assert back[0].stored_body == loaded.stored_body


def test_a_warm_load_gives_the_same_bodies(tmp_path: Path) -> None:
    for number in range(3):
        text = f"---\ntitle: Robots {number}\n---\n{LONG_BODY}Number {number}.\n"
        (tmp_path / f"a{number}.md").write_text(text, encoding="utf-8", errors="surrogatepass")
    cold = load_paths([tmp_path])
    warm = load_paths([tmp_path])
    assert [a.body for a in warm.articles] == [a.body for a in cold.articles]
    # The loader keeps a body uncompressed; the collection as prepared, compressed.
    assert len(load_file(tmp_path / "a0.md").stored_body) > len(LONG_BODY)
    for store in (cold, warm):
        assert all(len(a.stored_body) < len(LONG_BODY) // 4 for a in store.articles)
    assert all(a.body.endswith(f"Number {n}.") for n, a in enumerate(cold.articles))
    cold.replace_file(tmp_path / "a1.md", read_again(tmp_path / "a1.md", None))
    assert all(len(a.stored_body) < len(LONG_BODY) // 4 for a in cold.articles)


@pytest.mark.parametrize(
    ("excerpt", "as_utf8"),
    [
        ("Robots “fold” laundry 🤖 \ud83d", True),  # two and four bytes a character as a str
        ("Plain ASCII excerpt", False),
        ("é" * 100, False),  # Latin-1: one byte a character as a str, two in UTF-8
        ("", False),
    ],
)
def test_an_excerpt_is_kept_as_utf8_only_when_smaller(excerpt: str, as_utf8: bool) -> None:
    kept = replace(article("body"), excerpt=excerpt)
    assert isinstance(kept.stored_excerpt, bytes) == as_utf8
    assert kept.excerpt == excerpt
    assert kept.changed(title="Other").excerpt == excerpt
    assert kept.changed(title="Other").stored_excerpt == kept.stored_excerpt
    back = record_codec.load_records(
        record_codec.dump_records([kept], [kept.source]), [kept.source]
    )
    assert back == [kept] and back[0].stored_excerpt == kept.stored_excerpt
