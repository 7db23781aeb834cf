"""Merging body-only texts into the articles they are the full text of: the seeds, texts
written for the test, and a generated corpus of many articles on the same subjects."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsreader.cli.main import main
from newsreader.core.present import meta_parts
from newsreader.loading.collection import bundled_seeds, load_paths
from newsreader.loading.merge import find_matches, merge_bodies, source_url
from newsreader.model.records import Article, Provider


def described(
    name: str, title: str, excerpt: str, provider: str = "Daily Planet", url: str | None = None
) -> Article:
    return Article(
        id=f"id-{name}",
        title=title,
        source=Path(f"{name}.md"),
        excerpt=excerpt,
        url=url or f"https://news.example/{name}",
        provider=Provider(provider, f"{provider.lower().replace(' ', '')}.example"),
        topics=("Transport",),
    )


def text(name: str, body: str, url: str | None = None) -> Article:
    return Article(
        id=f"id-{name}",
        title=body.split(".")[0],
        source=Path(f"{name}.txt"),
        body=body,
        url=url,
        kind="text",
        title_inferred=True,
        has_front_matter=False,
    )


BRIDGE = described(
    "bridge",
    "Riverside council shuts the rusting Calder bridge to cars",
    "Engineers found cracked supports on the Calder bridge; walkers and cyclists can still "
    "cross while a replacement is designed.",
)
BRIDGE_TEXT = text(
    "bridge-text",
    "The Riverside council voted on Tuesday to shut the Calder bridge to cars from next spring. "
    "Engineers had warned for years that the steel was rusting, and a survey found cracked "
    "supports under the eastern span.\n\n"
    "Walkers and cyclists can still cross while a replacement is designed, the council said. "
    "A spokesperson told the Daily Planet that the design work would take two years.",
)


# Texts written for the test -----------------------------------------------------------------


def test_a_full_text_is_merged_into_its_description() -> None:
    result = merge_bodies([BRIDGE, BRIDGE_TEXT])
    (merged,) = result.articles
    assert merged.id == BRIDGE.id
    assert merged.title == BRIDGE.title
    assert merged.url == BRIDGE.url
    assert merged.topics == BRIDGE.topics
    assert merged.body == BRIDGE_TEXT.body
    assert merged.body_from == BRIDGE_TEXT.source
    assert [(m.body, m.article) for m in result.merges] == [(BRIDGE_TEXT.source, BRIDGE.source)]
    assert result.merges[0].describe() == "bridge-text.txt: text of bridge.md"


def test_a_text_on_the_same_subject_is_not_merged() -> None:
    other = text(
        "ferry",
        "Riverside's ferry will run every ten minutes this summer, the council said, as bridge "
        "works elsewhere in the region push more commuters onto the water. Cyclists can take "
        "their bikes aboard for free.",
    )
    assert find_matches([BRIDGE, other]) == []


def test_a_text_that_merely_names_the_provider_is_not_merged() -> None:
    other = text(
        "planet-mention",
        "A new bakery opened on Calder Street, the Daily Planet reported, and the Riverside "
        "council welcomed it. The owners told the Daily Planet they hope to open a second shop.",
    )
    assert find_matches([BRIDGE, other]) == []


def test_a_text_quoting_only_the_headline_is_not_merged() -> None:
    other = text(
        "roundup",
        "In other news this week: Riverside council shuts the rusting Calder bridge to cars. "
        "Meanwhile the library extends its hours and the market moves to Sundays, which "
        "traders welcomed after a long campaign.",
    )
    assert find_matches([BRIDGE, other]) == []


def test_a_description_with_a_body_is_not_a_target() -> None:
    with_body = Article(**{**_fields(BRIDGE), "body": "Its own text."})
    assert find_matches([with_body, BRIDGE_TEXT]) == []


def _fields(article: Article) -> dict[str, object]:
    return {name: getattr(article, name) for name in article.__dataclass_fields__}


def test_an_ambiguous_text_is_not_merged() -> None:
    # The same story described twice by two sites: the text cannot say which one it is.
    twin = described("bridge-twin", BRIDGE.title, BRIDGE.excerpt, provider="Evening Star")
    assert find_matches([BRIDGE, twin, BRIDGE_TEXT]) == []


def test_copies_of_a_merged_text_go_with_it() -> None:
    copy = Article(**{**_fields(BRIDGE_TEXT), "source": Path("bridge-copy.txt")})
    result = merge_bodies([BRIDGE, BRIDGE_TEXT, copy])
    assert [article.source for article in result.articles] == [BRIDGE.source]


def test_a_source_url_in_the_text_decides_on_its_own() -> None:
    short = text("short", "Bridge shut.", url=BRIDGE.url)
    (match,) = find_matches([BRIDGE, short])
    assert match.reason == "source URL"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Story.\n\nOriginal text: https://site.example/a/b", "https://site.example/a/b"),
        ("Story. [Source: https://site.example/a.html]", "https://site.example/a.html"),
        ("Story.\nOriginally published at https://site.example/x.", "https://site.example/x"),
        ("Story. [Original text: https://deeplearning.ai/the-batch/issue-… ]", None),
        ("Story. Source: https://site.example/issue-...", None),
        ("Story. See https://site.example/a for more.", None),
        ("Story. Source: the council's minutes.", None),
    ],
)
def test_source_url(body: str, expected: str | None) -> None:
    assert source_url(body) == expected


def test_a_body_only_file_takes_the_url_it_names(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Some story text here.\n\nSource: https://site.example/story", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text(
        "Another story.\n\n[Original text: https://site.example/trunc… ]", encoding="utf-8"
    )
    urls = {article.source.name: article.url for article in load_paths([tmp_path]).articles}
    assert urls == {"a.txt": "https://site.example/story", "b.txt": None}


def test_an_unmerged_text_does_not_take_a_url_another_file_has(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        '---\ntitle: "Bridge"\noriginalUrl: "https://site.example/bridge"\n---\nIts own text.\n',
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "Bridge story.\n\nSource: https://site.example/bridge", encoding="utf-8"
    )
    store = load_paths([tmp_path])
    assert store.problems == []
    urls = {article.source.name: article.url for article in store.articles}
    assert urls == {"a.md": "https://site.example/bridge", "b.txt": None}


# The seeds -------------------------------------------------------------------------------------


def test_seeds_list_four_articles_with_003_as_the_text_of_000() -> None:
    store = load_paths([bundled_seeds()])
    assert len(store) == 4
    assert store.files_read == 5
    by_name = {article.source.name[:3]: article for article in store.articles}
    assert sorted(by_name) == ["000", "001", "002", "004"]
    merged = by_name["000"]
    assert merged.body_from is not None and merged.body_from.name.startswith("003_")
    assert merged.title.startswith("Creatives across industries")
    assert merged.body.startswith("As creative industries grapple with AI")
    assert "text from 003_7844029a991b640a.txt" in meta_parts(merged)
    assert by_name["001"].body_from is None and by_name["002"].body_from is None
    assert by_name["004"].body == ""


def test_no_merge_keeps_five_articles() -> None:
    store = load_paths([bundled_seeds()], merge_bodies=False)
    assert len(store) == 5
    assert all(article.body_from is None for article in store.articles)


def test_check_verbose_reports_the_merge(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "-v"]) == 0
    out = capsys.readouterr().out.splitlines()
    (merge_line,) = [line for line in out if "text of" in line]
    seeds = bundled_seeds()
    assert merge_line == (
        f"{seeds / '003_7844029a991b640a.txt'}: text of {seeds / '000_1400603c55ae8f1d.txt'}"
    )
    assert "1 text merged" in out[-2]
    assert out[-1] == "5 files, 4 articles, 0 problems, 0 skipped"


def test_no_merge_option_before_or_after_the_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["--no-merge", "list"])
    assert len(capsys.readouterr().out.splitlines()) == 5
    main(["list", "--no-merge"])
    assert len(capsys.readouterr().out.splitlines()) == 5
    main(["list"])
    assert len(capsys.readouterr().out.splitlines()) == 4


# A generated corpus ------------------------------------------------------------------------

SUBJECT_WORDS = (
    "AI music film industry creative artists copyright generative Hollywood streaming labels "
    "studios writers actors union strike technology companies models training songs voices "
    "contracts royalties platforms audiences"
)
SUBJECT = SUBJECT_WORDS.split()
COMMON_WORDS = (
    "board plan week report deal court money price city group market season record tour night "
    "team street school health family leader office vote rule power review public private fund "
    "early later small large local global fresh strong quick quiet bright heavy simple careful "
    "announce expand reduce approve reject delay launch revise defend question support oppose "
    "follow measure compare explain describe propose promise warn welcome criticise consider "
    "airport bakery bridge budget campus canal castle clinic coast county desert factory farm "
    "garden harbour highway island kitchen library museum office palace park prison river "
    "station stadium theatre tower valley village warehouse window winter summer autumn spring "
    "morning evening weekend decade century minute hour letter signal engine battery cable "
    "camera screen phone laptop server network bank loan bond share profit loss salary pension "
    "tax rent wage debt cost fee grant award prize medal trophy contest match final league "
    "doctor nurse teacher pilot driver farmer lawyer judge mayor minister senator governor "
    "calm angry proud tired eager brave honest modest rapid steady sudden gradual narrow broad"
)
COMMON = COMMON_WORDS.split()
PROVIDERS = ["Daily Planet", "Evening Star", "Wire Service", "Sound Journal", "Screen Weekly"]
SYLLABLE_TEXT = "ka lo mi ter van sol qui ber den ra tho nel pos gar fen du wil ost rim"
SYLLABLES = SYLLABLE_TEXT.split()


@dataclass(frozen=True)
class Story:
    names: tuple[str, ...]
    subject: tuple[str, ...]
    wording: tuple[str, ...]


def make_corpus(seed: int, stories: int, true_texts: int) -> tuple[list[Article], dict[Path, Path]]:
    """Described articles and texts, all on the same few subjects; some texts are true."""
    rng = random.Random(seed)
    # A small pool, so that names recur across stories as people and companies do.
    pool = sorted({"".join(rng.sample(SYLLABLES, 3)).capitalize() for _ in range(400)})

    def story() -> Story:
        return Story(
            tuple(rng.sample(pool, 3)),
            tuple(rng.sample(SUBJECT, 4)),
            tuple(rng.sample(COMMON, 6)),
        )

    def sentence(words: list[str]) -> str:
        words = words + rng.sample(COMMON, 5) + rng.sample(SUBJECT, 3)
        rng.shuffle(words)
        return " ".join(words).capitalize() + "."

    def paragraphs(s: Story, count: int) -> list[str]:
        return [
            sentence([rng.choice(s.names), rng.choice(s.subject), rng.choice(s.wording)])
            for _ in range(count)
        ]

    articles: list[Article] = []
    truth: dict[Path, Path] = {}
    for number in range(stories):
        s = story()
        title = f"{s.names[0]} and {s.names[1]} {s.wording[0]} {s.subject[0]} {s.subject[1]} deal"
        excerpt = (
            f"{s.names[2]} {s.wording[1]} the {s.subject[2]} {s.wording[2]} as "
            f"{s.subject[3]} {s.wording[3]} {s.wording[4]} {s.wording[5]}."
        )
        provider = rng.choice(PROVIDERS)
        article = described(f"article-{number}", title, excerpt, provider=provider)
        articles.append(article)
        # Texts about the same story from elsewhere: its names and subject, other wording,
        # and often the article's provider named as a source.
        for other in range(2):
            same_story = Story((*s.names[:2], rng.choice(pool)), s.subject, story().wording)
            body = paragraphs(same_story, 8)
            body.insert(3, f"{s.names[0]} told {provider} the talks would go on.")
            articles.append(text(f"same-{number}-{other}", "\n\n".join(body)))
        # Texts on the subject with other names and wording.
        articles.append(text(f"subject-{number}", "\n\n".join(paragraphs(story(), 8))))
        if number < true_texts:
            # The full text: the title's and excerpt's words, reworded and spread out.
            body = paragraphs(s, 10)
            body[0] = (
                f"{s.names[0]} and {s.names[1]} {s.wording[0]} a {s.subject[0]} "
                f"{s.subject[1]} deal on Monday, {s.names[2]} said."
            )
            body[4] = (
                f"The {s.subject[2]} {s.wording[2]}, {s.names[2]} {s.wording[1]}; "
                f"{s.subject[3]} {s.wording[3]} and {s.wording[4]}."
            )
            true_text = text(f"true-{number}", "\n\n".join(body))
            articles.append(true_text)
            truth[true_text.source] = article.source
    rng.shuffle(articles)
    return articles, truth


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_corpus_has_no_false_merges_and_finds_the_true_ones(seed: int) -> None:
    articles, truth = make_corpus(seed, stories=400, true_texts=25)
    result = merge_bodies(articles)
    found = {merge.body: merge.article for merge in result.merges}
    assert found == truth
    assert len(result.articles) == len(articles) - len(truth)


def test_texts_that_share_one_small_vocabulary_are_never_merged() -> None:
    # Every text uses the same few words and stock sentences as the descriptions, and a couple
    # of names: however much of a description a text repeats, it repeats it by chance.
    rng = random.Random(5)
    words = COMMON[:60]
    names = [f"{a}{b}".capitalize() for a in SYLLABLES[:6] for b in SYLLABLES[6:12]]
    sentences = [" ".join(rng.sample(words, 9)).capitalize() + "." for _ in range(40)]

    def named(sentence: str) -> str:
        return f"{rng.choice(names)} {sentence}"

    articles = [
        described(
            f"d{n}",
            " ".join([rng.choice(names), *rng.sample(words, 6)]),
            " ".join(named(sentence) for sentence in rng.sample(sentences, 2)),
        )
        for n in range(200)
    ] + [
        text(f"t{n}", "\n\n".join(named(sentence) for sentence in rng.sample(sentences, 12)))
        for n in range(200)
    ]
    assert find_matches(articles) == []
