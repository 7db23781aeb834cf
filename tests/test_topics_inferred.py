"""Topics for articles without any: the corpus's own topic names found as whole words, marked
as inferred; and the meta line that shows them with the word count and reading time."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.core.present import meta_parts
from newsreader.loading.collection import load_paths
from newsreader.loading.topics import TopicNames, infer_topics
from newsreader.model.records import UNCATEGORISED, Article
from newsreader.paths import bundled_seeds

CORPUS_TOPICS = ("AI", "AI in Robotics", "Climate Change", "EV", "Space", "C++", "Women's Health")


def tagged() -> Article:
    """An article whose file gives topics: the source of the corpus's topic names."""
    return Article(id="tagged", title="Tagged", source=Path("tagged.md"), topics=CORPUS_TOPICS)


def untagged(title: str, body: str = "", excerpt: str = "") -> Article:
    return Article(
        id=title, title=title, source=Path(f"{title[:10]}.txt"), excerpt=excerpt, body=body
    )


def inferred_topics(title: str, body: str = "", excerpt: str = "") -> tuple[str, ...]:
    _, article = infer_topics([tagged(), untagged(title, body, excerpt)])
    return article.topics


def test_a_short_name_matches_only_the_word_itself() -> None:
    assert inferred_topics("Why AI matters to farmers") == ("AI",)
    assert inferred_topics("He said the aid was late") == ()
    assert inferred_topics("Tai chi for beginners") == ()
    assert inferred_topics("Ai Weiwei opens a show") == ()
    assert inferred_topics("The #AIdayofaction campaign") == ()
    assert inferred_topics("AI-made songs top the charts") == ("AI",)


def test_an_acronym_matches_in_capitals_only() -> None:
    assert inferred_topics("New EV chargers on every street") == ("EV",)
    assert inferred_topics("Every ev station is busy") == ()


def test_a_longer_name_matches_in_any_case_as_whole_words() -> None:
    assert inferred_topics("What climate change means for ski towns") == ("Climate Change",)
    assert inferred_topics("Spacecraft and spaces") == ()
    assert set(inferred_topics("AI in robotics: a primer")) == {"AI", "AI in Robotics"}


def test_a_name_with_an_apostrophe_matches() -> None:
    assert inferred_topics("A clinic for women’s health opens") == ("Women's Health",)


def test_a_name_that_words_cannot_spell_is_not_guessed() -> None:
    assert inferred_topics("Plan C for the city budget") == ()


def test_the_body_must_name_a_topic_twice() -> None:
    once = "A long story about trains. Space is mentioned once."
    twice = "A story about Space launches. Space is busy."
    assert inferred_topics("Trains", body=once) == ()
    assert inferred_topics("Trains", body=twice) == ("Space",)
    assert inferred_topics("Trains", excerpt="Space tourism grows.") == ("Space",)


def test_the_best_supported_topics_come_first_and_are_capped() -> None:
    body = "EV EV EV. Space Space. Climate change, climate change. AI AI AI AI."
    topics = inferred_topics("AI and climate change", body=body)
    assert topics == ("AI", "Climate Change", "EV")


def test_inferred_topics_are_marked_and_given_topics_are_kept() -> None:
    given, guessed, none = infer_topics(
        [tagged(), untagged("AI tools for EV owners"), untagged("Gardening in May")]
    )
    assert given == tagged()
    assert guessed.topics == ("AI", "EV") and guessed.topics_inferred
    assert none.topics == () and not none.topics_inferred
    assert none.topic_groups == (UNCATEGORISED,)


def test_inferred_topics_are_not_evidence_for_more_topics() -> None:
    guessed = Article(
        id="g", title="g", source=Path("g.txt"), topics=("Sailing",), topics_inferred=True
    )
    assert "Sailing" not in TopicNames.of_corpus([guessed]).mentions("Sailing Sailing")


def test_a_corpus_without_topics_infers_nothing() -> None:
    article = untagged("AI and Space")
    assert infer_topics([article]) == [article]


def test_seeds_body_only_texts_are_filed_under_ai() -> None:
    store = load_paths([bundled_seeds()])
    by_name = {article.source.name[:3]: article for article in store.articles}
    for name in ("001", "002"):
        assert by_name[name].topics == ("AI",)
        assert by_name[name].topics_inferred
    assert by_name["000"].topics == ("AI",) and not by_name["000"].topics_inferred
    assert UNCATEGORISED not in store.topics()


# The meta line ------------------------------------------------------------------------------


def test_meta_line_has_word_count_reading_time_and_inferred_marker() -> None:
    article = Article(
        id="x",
        title="x",
        source=Path("x.txt"),
        body=" ".join(["word"] * 1234),
        topics=("AI",),
        topics_inferred=True,
    )
    assert meta_parts(article) == ["AI (inferred)", "1,234 words", "5 min read", "x.txt"]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (1, ["1 word", "1 min read"]),
        (100, ["100 words", "1 min read"]),
        (1380, ["1,380 words", "6 min read"]),
    ],
)
def test_reading_time_is_about_230_words_a_minute(words: int, expected: list[str]) -> None:
    article = Article(id="x", title="x", source=Path("x.txt"), body="w " * words)
    assert meta_parts(article)[:2] == expected


def test_meta_line_without_body_has_no_word_count() -> None:
    article = Article(id="x", title="x", source=Path("x.md"))
    assert meta_parts(article) == ["x.md"]


def test_meta_line_names_the_file_a_merged_text_came_from() -> None:
    store = load_paths([bundled_seeds()])
    (merged,) = [article for article in store.articles if article.body_from is not None]
    parts = meta_parts(merged)
    assert parts[-2:] == ["000_1400603c55ae8f1d.txt", "text from 003_7844029a991b640a.txt"]
    assert "911 words" in parts and "4 min read" in parts
