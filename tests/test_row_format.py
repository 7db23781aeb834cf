"""One-line rows: the row format's fields, with the separators of empty ones left out."""

from __future__ import annotations

from pathlib import Path

from newsreader.core.present import row_fields, split_row_format, without_empty_fields
from newsreader.model.records import Article


def formatted(row_format: str, article: Article) -> tuple[str, str]:
    fields = row_fields(article)
    before, after = split_row_format(row_format)
    return (
        without_empty_fields(before.format(**fields)),
        without_empty_fields(after.format(**fields)),
    )


def test_an_empty_provider_leaves_no_dangling_separator() -> None:
    article = Article(id="a", title="T", source=Path("a.md"))
    _, after = formatted("{title}  {provider} · {date}", article)
    assert after == "  undated"


def test_fields_that_are_all_there_keep_their_separators() -> None:
    assert without_empty_fields("  Local · 2026-12-01 10:00") == "  Local · 2026-12-01 10:00"


def test_empty_fields_in_the_middle_and_at_the_end_are_left_out() -> None:
    assert without_empty_fields("Local ·  · AI · ") == "Local · AI"


def test_a_part_of_empty_fields_only_is_left_out() -> None:
    assert without_empty_fields(" ·  · ") == ""


def test_a_format_without_the_spaced_separator_is_left_as_written() -> None:
    assert without_empty_fields("Local·") == "Local·"
