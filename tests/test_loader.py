"""The loader on article files: one file in, one Article, Problem or Skipped out."""

from __future__ import annotations

import codecs
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import frontmatter.default_handlers
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsreader.loading import article_file as loader
from newsreader.loading.article_file import load_bytes, load_file, parse_text
from newsreader.model.records import Article, Problem, Skipped
from newsreader.text.infer import TITLE_LENGTH

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def write(folder: Path, content: str | bytes, name: str = "article.md") -> Path:
    """Write exactly these characters (UTF-8) or bytes, with no newline translation."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def load_article(folder: Path, content: str | bytes, name: str = "article.md") -> Article:
    result = load_file(write(folder, content, name))
    assert isinstance(result, Article), result
    return result


def notes_by_label(article: Article) -> dict[str, int | None]:
    """Each note's label (the text before the first colon) and its line."""
    return {note.reason.split(":")[0]: note.line for note in article.notes}


FULL = """\
---
category: news
title: "Robots learn to fold laundry"
excerpt: "A lab shows a robot folding shirts."
publishedDateTime: 2023-10-06T23:04:00Z
originalUrl: "https://publisher.example/robots-fold"
webUrl: "https://aggregator.example/robots-fold"
type: article
quality: 86
heat: 12
published: false
provider:
  name: TechCrunch
  domain: techcrunch.com
topics:
  - AI
  - AI in Robotics
related:
  - title: "An older story"
    excerpt: "Before the robots."
    publishedDateTime: 2023-10-05T14:26:00Z
    webUrl: "https://forbes.example/older"
    provider: {name: Forbes, domain: forbes.com}
    quality: 87
---
The body text.

Second paragraph.
"""


# Shapes ------------------------------------------------------------------------------------


def test_front_matter_and_body(tmp_path: Path) -> None:
    article = load_article(tmp_path, FULL)
    assert article.title == "Robots learn to fold laundry"
    assert not article.title_inferred
    assert article.has_front_matter
    assert article.excerpt == "A lab shows a robot folding shirts."
    assert article.published_at == datetime(2023, 10, 6, 23, 4, tzinfo=UTC)
    # The original is the article itself; webUrl is kept beside it.
    assert article.url == "https://publisher.example/robots-fold"
    assert article.web_url == "https://aggregator.example/robots-fold"
    assert article.provider is not None
    assert (article.provider.name, article.provider.domain) == ("TechCrunch", "techcrunch.com")
    assert article.topics == ("AI", "AI in Robotics")
    assert (article.quality, article.heat, article.is_published) == (86, 12, False)
    assert article.body == "The body text.\n\nSecond paragraph."
    [related] = article.related
    assert related.title == "An older story"
    assert related.url == "https://forbes.example/older"
    assert related.provider is not None and related.provider.name == "Forbes"
    assert related.published_at == datetime(2023, 10, 5, 14, 26, tzinfo=UTC)
    assert related.quality == 87
    assert article.notes == ()


def test_front_matter_only_ending_right_after_the_closing_dashes(tmp_path: Path) -> None:
    article = load_article(tmp_path, '---\ntitle: "Only metadata"\nexcerpt: "Short."\n---')
    assert article.title == "Only metadata"
    assert article.excerpt == "Short."
    assert article.body == ""


def test_body_only_file(tmp_path: Path) -> None:
    article = load_article(
        tmp_path, "Robots Fold Laundry in New Lab Demo\n\nThe lab showed a robot folding.\n"
    )
    assert article.title == "Robots Fold Laundry in New Lab Demo"
    assert article.title_inferred
    assert not article.has_front_matter
    assert article.excerpt == "The lab showed a robot folding."
    assert article.url is None and article.published_at is None and article.topics == ()


@pytest.mark.parametrize("content", [b"", b"   \n\n\t\n"], ids=["empty", "whitespace"])
def test_empty_file_is_a_problem(tmp_path: Path, content: bytes) -> None:
    result = load_file(write(tmp_path, content))
    assert isinstance(result, Problem)
    assert "empty" in result.reason


def test_crlf_line_endings_load_like_lf(tmp_path: Path) -> None:
    crlf = load_article(tmp_path, FULL.replace("\n", "\r\n"), "crlf.md")
    lf = load_article(tmp_path, FULL, "lf.md")
    assert crlf.title == lf.title
    assert crlf.body == lf.body == "The body text.\n\nSecond paragraph."
    assert crlf.related == lf.related


def test_utf8_bom(tmp_path: Path) -> None:
    article = load_article(tmp_path, codecs.BOM_UTF8 + FULL.encode("utf-8"))
    assert article.title == "Robots learn to fold laundry"
    assert article.has_front_matter


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, encoding: str) -> None:
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    article = load_article(tmp_path, bom + FULL.replace("laundry", "läundry").encode(encoding))
    assert article.title == "Robots learn to fold läundry"
    assert article.notes == ()


def test_damaged_utf8_bytes_are_replaced_with_a_note(tmp_path: Path) -> None:
    content = '---\ntitle: "Café robots"\n---\n'.encode() + b"Body \xff\xfe.\n"
    article = load_article(tmp_path, content)
    assert article.title == "Café robots"
    assert article.body == "Body \ufffd\ufffd."
    [note] = article.notes
    assert "UTF-8" in note.reason
    assert note.line == 4


# Dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2023-10-06T23:04:00Z", datetime(2023, 10, 6, 23, 4, tzinfo=UTC)),
        ('"2023-10-06T23:04:00Z"', datetime(2023, 10, 6, 23, 4, tzinfo=UTC)),
        ("2019-12-08T08:00:00-08:00", datetime(2019, 12, 8, 16, 0, tzinfo=UTC)),
        ('"2019-12-08T08:00:00-08:00"', datetime(2019, 12, 8, 16, 0, tzinfo=UTC)),
    ],
    ids=["yaml-datetime", "quoted-z", "yaml-offset", "quoted-offset"],
)
def test_published_time_is_aware_utc(tmp_path: Path, written: str, expected: datetime) -> None:
    article = load_article(tmp_path, f"---\ntitle: T\npublishedDateTime: {written}\n---\n")
    assert article.published_at == expected
    assert article.published_at is not None
    assert article.published_at.utcoffset() == timedelta(0)


# Fields as found in the wild ---------------------------------------------------------------


def test_missing_original_url_uses_web_url(tmp_path: Path) -> None:
    article = load_article(tmp_path, "---\ntitle: T\nwebUrl: https://site.example/a\n---\n")
    assert article.url == "https://site.example/a"


def test_unquoted_urls_and_html_entities(tmp_path: Path) -> None:
    article = load_article(
        tmp_path,
        "---\ntitle: T\n"
        "originalUrl: https://site.example/a?x=1&#038;y=2\n"
        "webUrl: https://site.example/b?x=1&y=2\n"
        "---\n",
    )
    assert article.url == "https://site.example/a?x=1&y=2"
    assert article.web_url == "https://site.example/b?x=1&y=2"


def test_empty_values_are_none(tmp_path: Path) -> None:
    article = load_article(
        tmp_path,
        "---\ntitle: T\nexcerpt: \nquality: \nheat: \npublishedDateTime: \n"
        "provider:\n  name: Forbes\n  domain: \n   \n---\n",
    )
    assert article.provider is not None
    assert article.provider.name == "Forbes"
    assert article.provider.domain is None
    assert (article.quality, article.heat, article.published_at) == (None, None, None)
    assert article.excerpt == ""
    assert article.notes == ()


def test_non_ascii_text_and_escaped_quotes(tmp_path: Path) -> None:
    article = load_article(
        tmp_path,
        "---\n"
        'title: "Hawaiʻi’s “smart” reef — a \\"first\\""\n'
        "excerpt: 'It''s here'\n"
        "provider:\n  name: 조선일보\n  domain: chosun.com\n"
        "---\n",
    )
    assert article.title == 'Hawaiʻi’s “smart” reef — a "first"'
    assert article.excerpt == "It's here"
    assert article.provider_label == "조선일보"


@pytest.mark.parametrize(("written", "expected"), [("-1", None), ("0", 0), ("38", 38)])
def test_heat_minus_one_means_no_heat(tmp_path: Path, written: str, expected: int | None) -> None:
    assert load_article(tmp_path, f"---\ntitle: T\nheat: {written}\n---\n").heat == expected


def test_unknown_keys_are_kept_in_extra(tmp_path: Path) -> None:
    article = load_article(
        tmp_path,
        "---\ntitle: T\ncategory: news\nampWebUrl: https://amp.example/a\n"
        "custom:\n  nested: [1, two]\n  when: 2023-10-06T23:04:00Z\n---\n",
    )
    assert article.extra == {
        "category": "news",
        "ampWebUrl": "https://amp.example/a",
        "custom": {"nested": [1, "two"], "when": "2023-10-06T23:04:00+00:00"},
    }
    assert "title" not in article.extra


def test_event_records_use_their_name(tmp_path: Path) -> None:
    article = load_article(
        tmp_path,
        "---\nname: Robotics Summit\nstartDateTime: 2024-04-30T09:00:00-04:00\n"
        "endDateTime: 2024-05-01T17:00:00-04:00\nwebsite: https://summit.example/\n"
        "location: Boston\n---\n",
    )
    assert article.title == "Robotics Summit"
    assert article.published_at == datetime(2024, 4, 30, 13, 0, tzinfo=UTC)
    assert article.url == "https://summit.example/"
    assert article.kind == "event"
    assert article.extra["location"] == "Boston"


def test_record_without_title_or_name_and_no_body_is_skipped(tmp_path: Path) -> None:
    result = load_file(write(tmp_path, "---\nslug: ai-tools\ncount: 12\n---\n"))
    assert isinstance(result, Skipped)


def test_record_without_title_but_with_a_body_gets_an_inferred_title(tmp_path: Path) -> None:
    article = load_article(tmp_path, "---\nslug: x\n---\nA Heading Standing Alone Here\n\nText.\n")
    assert article.title == "A Heading Standing Alone Here"
    assert article.title_inferred


# Fields of the wrong type ------------------------------------------------------------------


def test_every_field_of_the_wrong_type_becomes_empty_with_a_note_on_its_line(
    tmp_path: Path,
) -> None:
    lines = [
        "---",  # 1
        "title: [a, list]",  # 2
        "quality: high",  # 3
        "heat: [1]",  # 4
        "published: maybe",  # 5
        "publishedDateTime: last tuesday",  # 6
        "provider: [Forbes]",  # 7
        "images: {url: x}",  # 8
        "related: {title: a mapping}",  # 9
        "excerpt: {a: b}",  # 10
        "originalUrl: [https://x.example/]",  # 11
        "---",
        "Body Heading For The Title",
    ]
    article = load_article(tmp_path, "\n".join(lines) + "\n")
    # The title falls back to the body; every other field is empty.
    assert article.title == "Body Heading For The Title"
    assert (article.quality, article.heat, article.is_published) == (None, None, None)
    assert (article.published_at, article.provider, article.url) == (None, None, None)
    assert (article.images, article.related, article.excerpt) == ((), (), "")
    assert notes_by_label(article) == {
        "title": 2,
        "quality": 3,
        "heat": 4,
        "published": 5,
        "publishedDateTime": 6,
        "provider": 7,
        "images": 8,
        "related": 9,
        "excerpt": 10,
        "originalUrl": 11,
    }
    assert "expected a whole number, found a string" in str(article.notes)


def test_topics_as_a_string_is_noted_and_kept_as_one_topic(tmp_path: Path) -> None:
    article = load_article(tmp_path, "---\ntitle: T\ntopics: AI\n---\n")
    assert article.topics == ("AI",)
    assert notes_by_label(article) == {"topics": 3}


def test_topics_as_a_mapping_is_empty_with_a_note(tmp_path: Path) -> None:
    article = load_article(tmp_path, "---\ntitle: T\ntopics: {a: b}\n---\n")
    assert article.topics == ()
    assert notes_by_label(article) == {"topics": 3}


def test_related_items_that_are_numbers_or_null_are_noted_on_their_own_lines(
    tmp_path: Path,
) -> None:
    article = load_article(
        tmp_path,
        "---\ntitle: T\nquality: 5\nrelated:\n"  # lines 1-4
        "  - 42\n"  # 5
        "  -\n"  # 6
        "  - title: Good one\n"  # 7
        "    quality: very\n"  # 8
        "    publishedDateTime: soon\n"  # 9
        "    provider: [x]\n"  # 10
        "---\n",
    )
    [good] = article.related
    assert good.title == "Good one"
    assert (good.quality, good.published_at, good.provider) == (None, None, None)
    assert article.quality == 5
    assert notes_by_label(article) == {
        "related item 1": 5,
        "related item 2": 6,
        "related item 3, quality": 8,
        "related item 3, publishedDateTime": 9,
        "related item 3, provider": 10,
    }
    assert "related item 2: expected a mapping, found nothing" in [
        note.reason for note in article.notes
    ]


def test_dates_that_are_not_dates(tmp_path: Path) -> None:
    # A number, an impossible day, and an offset no clock has: each a note, none fatal.
    article = load_article(
        tmp_path,
        "---\ntitle: T\npublishedDateTime: 42\nrelated:\n"
        "  - title: R\n    publishedDateTime: 2023-02-30T10:00:00Z\n"
        "  - title: S\n    publishedDateTime: 2023-02-03T10:00:00+99:00\n---\n",
    )
    assert article.published_at is None
    assert [item.published_at for item in article.related] == [None, None]
    assert notes_by_label(article) == {
        "publishedDateTime": 3,
        "related item 1, publishedDateTime": 6,
        "related item 2, publishedDateTime": 8,
    }


def test_dates_at_the_ends_of_the_calendar_are_refused(tmp_path: Path) -> None:
    # Shown in a local zone these would overflow; they are not real publication times anyway.
    article = load_article(
        tmp_path,
        "---\ntitle: T\npublishedDateTime: 0001-01-01T00:00:00+05:00\n"
        "startDateTime: '9999-12-31T23:00:00-05:00'\n---\n",
    )
    assert article.published_at is None
    assert set(notes_by_label(article)) == {"publishedDateTime", "startDateTime"}


def test_a_number_too_long_to_convert_is_a_note_not_a_failure(tmp_path: Path) -> None:
    article = load_article(tmp_path, "---\ntitle: T\nquality: " + "9" * 5000 + "\n---\n")
    assert article.quality is None
    assert notes_by_label(article) == {"quality": 3}


def test_a_title_of_the_wrong_type_with_nothing_to_fall_back_on_is_a_problem(
    tmp_path: Path,
) -> None:
    result = load_file(write(tmp_path, "---\nurl: x\ntitle:\n  a: b\n---\n"))
    assert isinstance(result, Problem)
    assert result.line == 3
    assert "title: expected text, found a mapping" in result.reason


# YAML safety -------------------------------------------------------------------------------


def test_the_yaml_handler_is_libyamls_safe_loader_and_the_loader_uses_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if yaml.__with_libyaml__:
        assert frontmatter.default_handlers.SafeLoader is yaml.CSafeLoader
    else:
        assert frontmatter.default_handlers.SafeLoader is yaml.SafeLoader
    assert isinstance(loader.YAML_HANDLER, frontmatter.default_handlers.YAMLHandler)

    loaders_used: list[type] = []
    real_load = yaml.load

    # `Loader` is the keyword yaml.load takes.
    def recording_load(stream: str, Loader: type) -> object:
        loaders_used.append(Loader)
        return real_load(stream, Loader=Loader)

    monkeypatch.setattr(yaml, "load", recording_load)
    # Plain front matter is read by newsreader.loading.yaml_subset without PyYAML's constructors;
    # anything else (an anchor here) goes to PyYAML's safe loader.
    load_article(tmp_path, FULL)
    assert loaders_used == []
    load_article(tmp_path, FULL.replace("category: news", "category: &c news"))
    [used] = loaders_used
    assert issubclass(used, frontmatter.default_handlers.SafeLoader)
    assert issubclass(used, yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)


@pytest.mark.parametrize(
    "tag",
    ["!!python/object/apply:os.mkdir", "!!python/object/new:os.mkdir", "!!python/name:os.mkdir"],
)
def test_python_object_tags_are_refused(tmp_path: Path, tag: str) -> None:
    target = tmp_path / "created-by-yaml"
    result = load_file(write(tmp_path, f"---\ntitle: T\nexcerpt: {tag} ['{target}']\n---\n"))
    assert isinstance(result, Problem)
    assert result.line == 3
    assert "python/" in result.reason
    assert not target.exists()


@pytest.mark.parametrize(
    ("front_matter_lines", "error_line"),
    [
        (['title: "unclosed', "excerpt: x"], 4),  # the scanner notices at the end
        (["title: T", "provider:", "  name: a", " domain: b"], 5),
        (["title: T", "topics: [a, b", "quality: 3"], 4),
    ],
    ids=["unclosed-quote", "bad-indentation", "unclosed-list"],
)
def test_yaml_errors_name_the_file_line(
    tmp_path: Path, front_matter_lines: list[str], error_line: int
) -> None:
    text = "---\n" + "\n".join(front_matter_lines) + "\n---\nBody.\n"
    result = load_file(write(tmp_path, text))
    assert isinstance(result, Problem)
    assert result.reason.startswith("front matter is not valid YAML")
    assert result.line == error_line
    assert result.describe() == f"{result.source}:{error_line}: {result.reason}"


# Title and excerpt inference ---------------------------------------------------------------


def test_a_heading_like_line_near_the_top_is_the_title(tmp_path: Path) -> None:
    body = (
        "Get the best tweets every weekday, straight to your inbox.\n\n"
        "Robots Take Over The Laundry Room\n\n"
        "The robot folded forty shirts in an hour. Engineers cheered.\n\n"
        "More text follows here.\n"
    )
    article = load_article(tmp_path, body)
    assert article.title == "Robots Take Over The Laundry Room"
    # The excerpt is the paragraph after the title line, not the blurb before it.
    assert article.excerpt == "The robot folded forty shirts in an hour. Engineers cheered."


def test_markdown_heading_is_the_title_without_its_hashes(tmp_path: Path) -> None:
    article = load_article(tmp_path, "## The robots are here ##\n\nFirst paragraph.\n")
    assert article.title == "The robots are here"


def test_without_a_heading_the_first_sentence_is_cut_at_a_word_boundary(tmp_path: Path) -> None:
    sentence = (
        "As engineers across many laboratories keep teaching their robots to fold all kinds "
        "of laundry, the machines are slowly getting better at it"
    )
    body = f"{sentence}. A second sentence.\n\nAnother paragraph.\n"
    article = load_article(tmp_path, body)
    assert article.title.endswith("…")
    kept = article.title.removesuffix("…")
    assert len(article.title) <= TITLE_LENGTH
    assert len(article.title) >= TITLE_LENGTH - 15
    assert sentence.startswith(kept)
    assert sentence[len(kept)] == " ", "cut inside a word"
    # The excerpt is the first paragraph, whole since it is short.
    assert article.excerpt == f"{sentence}. A second sentence."


def test_a_short_first_sentence_is_the_whole_title(tmp_path: Path) -> None:
    article = load_article(tmp_path, "robots fold shirts now. They do it well and fast.\n")
    assert article.title == "robots fold shirts now"


def test_excerpt_of_a_long_first_paragraph_is_shortened(tmp_path: Path) -> None:
    paragraph = " ".join(["Robots fold laundry in the lab every single day."] * 20)
    article = load_article(tmp_path, f"Short Heading Line Here\n\n{paragraph}\n")
    assert article.excerpt.endswith("…")
    assert 200 < len(article.excerpt) <= 280
    assert paragraph.startswith(article.excerpt.removesuffix("…"))


# The bundled seeds -------------------------------------------------------------------------


def test_the_seeds_load_as_five_articles_with_sensible_titles() -> None:
    paths = sorted(SEEDS.glob("*.txt"))
    assert len(paths) == 5
    articles = {path.name[:3]: load_file(path) for path in paths}
    assert all(isinstance(article, Article) for article in articles.values())
    assert all(not article.notes for article in articles.values())  # type: ignore[union-attr]
    titles = {key: article.title for key, article in articles.items()}  # type: ignore[union-attr]
    assert titles["000"] == (
        "Creatives across industries are strategizing together around AI concerns"
    )
    assert (
        titles["004"] == "Artificial intelligence makes its way into the music and film industries"
    )
    # Body-only files: a heading after the newsletter blurb, else the first sentence.
    assert titles["001"] == "AI and Hollywood Navigate Creative Industry Tensions"
    for key, opening in [
        ("002", "The Creators Coalition on AI was launched to establish rules"),
        ("003", "As creative industries grapple with AI’s explosion into every artistic"),
    ]:
        assert titles[key].startswith(opening)
        assert len(titles[key]) <= TITLE_LENGTH
        assert not titles[key].startswith("-")
    assert len({article.id for article in articles.values()}) == 5  # type: ignore[union-attr]


# Stable ids --------------------------------------------------------------------------------


def test_same_url_in_two_files_at_different_paths_has_the_same_id(tmp_path: Path) -> None:
    text = "---\ntitle: T\noriginalUrl: https://site.example/story\n---\n"
    first = load_article(tmp_path, text, "2023/10/a.md")
    # Another file for the same story: other date, other title, URL with a trailing slash.
    second = load_article(
        tmp_path, "---\ntitle: U\noriginalUrl: https://SITE.example/story/\n---\n", "b/c.md"
    )
    assert re.fullmatch(r"[0-9a-f]{12}", first.id)
    assert first.id == second.id


def test_body_only_id_comes_from_the_content(tmp_path: Path) -> None:
    first = load_article(tmp_path, "Same words here.\n", "a.txt")
    second = load_article(tmp_path, "Same   words\nhere.\r\n", "b/c.txt")
    other = load_article(tmp_path, "Other words here.\n", "d.txt")
    assert re.fullmatch(r"[0-9a-f]{12}", first.id)
    assert first.id == second.id
    assert other.id != first.id


@pytest.mark.parametrize("content", [FULL, "Just a body, no front matter.\n"])
def test_the_id_survives_moving_the_file(tmp_path: Path, content: str) -> None:
    before = load_article(tmp_path, content, "old/place.md")
    moved = tmp_path / "new" / "elsewhere.txt"
    moved.parent.mkdir()
    (tmp_path / "old" / "place.md").rename(moved)
    after = load_file(moved)
    assert isinstance(after, Article)
    assert after.id == before.id
    assert after.source == moved


# Never an exception ------------------------------------------------------------------------

RESULT_TYPES = (Article, Problem, Skipped)
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

yamlish = st.text(
    alphabet=st.sampled_from(
        [*"abc019 :-\n\t[]{}&*!|>'\"#%@`,?<=~.\\", "\u00e9", "\u2014", "\x1b", "\x00"]
    ),
    max_size=300,
)


@FUZZ
@given(st.text(max_size=2000))
def test_parse_text_never_raises_on_any_text(text: str) -> None:
    assert isinstance(parse_text(text, Path("fuzz.md")), RESULT_TYPES)


@FUZZ
@given(st.binary(max_size=2000))
def test_load_bytes_never_raises_on_any_bytes(data: bytes) -> None:
    assert isinstance(load_bytes(data, Path("fuzz.md")), RESULT_TYPES)


@FUZZ
@given(yamlish, st.text(max_size=300))
def test_text_that_looks_like_front_matter_never_raises(front_matter: str, body: str) -> None:
    text = f"---\n{front_matter}\n---\n{body}"
    assert isinstance(parse_text(text, Path("fuzz.md")), RESULT_TYPES)
    assert isinstance(load_bytes(text.encode("utf-8"), Path("fuzz.md")), RESULT_TYPES)


FIELD_KEYS = (
    "title",
    "name",
    "quality",
    "heat",
    "topics",
    "related",
    "provider",
    "images",
    "publishedDateTime",
    "published",
    "originalUrl",
    "excerpt",
    "other",
)


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(FIELD_KEYS),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
            max_leaves=10,
        ),
    )
)
def test_front_matter_of_any_shape_never_raises(metadata: dict[str, object]) -> None:
    text = "---\n" + yaml.safe_dump(metadata, allow_unicode=True) + "---\n"
    result = parse_text(text, Path("fuzz.md"))
    assert isinstance(result, RESULT_TYPES)
    if isinstance(result, Article):
        assert all(isinstance(topic, str) for topic in result.topics)
        assert result.quality is None or isinstance(result.quality, int)
