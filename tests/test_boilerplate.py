"""Boilerplate removal: each rule on a text written for it, the cases it must leave alone, the
corpus-level rule, and the seeds' copied pages coming out clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.cli.main import main
from newsreader.loading.collection import bundled_seeds, load_paths
from newsreader.text.boilerplate import LineCounts, remove_boilerplate, remove_boilerplate_all

STORY = [
    "The city council voted on Tuesday to close the old river bridge to cars from next spring, "
    "ending a decade of arguments about repairs that never came.",
    "Engineers had warned since 2015 that the steel beams were rusting faster than expected, "
    "and a report last year found cracks in two of the supports.",
    "Cyclists and walkers will still be allowed across while a replacement is designed.",
]


def text_of(*lines: str) -> str:
    return "\n\n".join(lines)


def assert_story_kept(text: str) -> None:
    for paragraph in STORY:
        assert paragraph in text


# Rules, one at a time -------------------------------------------------------------------


def test_newsletter_pitch_above_the_headline_is_removed() -> None:
    pitch = (
        "Keeping up with local politics is hard. We read every council agenda each weekday "
        "so you can skip the meetings and still know what happened."
    )
    cleaned = remove_boilerplate(text_of(pitch, "Council Closes the River Bridge", *STORY))
    assert cleaned.removed == (pitch,)
    assert cleaned.text.startswith("Council Closes the River Bridge\n\n")
    assert_story_kept(cleaned.text)


def test_subscribe_pitch_at_the_top_is_removed() -> None:
    pitch = "Get the Morning Brief in your inbox: the day's news, curated for you by our editors."
    cleaned = remove_boilerplate(text_of(pitch, *STORY))
    assert cleaned.removed == (pitch,)
    assert cleaned.text.startswith(STORY[0])


def test_follow_us_line_with_networks_at_the_end_is_removed() -> None:
    follow = "👉 Follow us on Instagram, Threads and YouTube for the latest updates."
    cleaned = remove_boilerplate(text_of(*STORY, follow))
    assert cleaned.removed == (follow,)
    assert cleaned.text.endswith(STORY[-1])


@pytest.mark.parametrize(
    "line",
    [
        "Subscribe to our newsletter",
        "Sign up for free and never miss a story.",
        "Download the app",
        "Don't miss our weekly roundup!",
        "Read the full story in the print edition.",
    ],
)
def test_a_short_call_to_action_at_the_end_is_removed(line: str) -> None:
    cleaned = remove_boilerplate(text_of(*STORY, line))
    assert cleaned.removed == (line,)
    assert_story_kept(cleaned.text)


def test_a_row_of_network_names_is_a_share_bar() -> None:
    cleaned = remove_boilerplate(text_of(*STORY, "Facebook | X | LinkedIn | Email"))
    assert cleaned.removed == ("Facebook | X | LinkedIn | Email",)


def test_lone_navigation_words_at_the_end_are_removed() -> None:
    cleaned = remove_boilerplate(text_of(*STORY, "Share", "Related", "Back to top"))
    assert cleaned.removed == ("Share", "Related", "Back to top")
    assert cleaned.text.endswith(STORY[-1])


def test_a_labelled_list_of_headlines_at_the_end_is_removed() -> None:
    headlines = [
        "Related stories:",
        "* Mayor Promises New Ferry Service by Summer",
        "* Harbour Tunnel Costs Double, Audit Finds",
        "* Why the Tram Plan Stalled Again",
    ]
    cleaned = remove_boilerplate("\n".join([*STORY, *headlines]))
    assert cleaned.removed == tuple(headlines)
    assert cleaned.text == "\n".join(STORY)


def test_boilerplate_lines_mixed_at_the_end_all_go() -> None:
    tail = [
        "📣 Follow CITYDESK on Telegram and Facebook for instant updates.",
        "More news:",
        "- Library Opens on Sundays",
        "- New Bus Routes Start in March",
        "Topics",
    ]
    cleaned = remove_boilerplate("\n".join([*STORY, *tail]))
    assert cleaned.removed == tuple(tail)
    assert cleaned.text == "\n".join(STORY)


def test_link_lines_at_the_edges_are_removed_but_a_source_line_stays() -> None:
    links = "[Home](https://city.example/) [Transport](https://city.example/transport)"
    source = "Source: https://city.example/news/bridge"
    cleaned = remove_boilerplate(text_of(links, *STORY, source))
    assert cleaned.removed == (links,)
    assert cleaned.text.endswith(source)


# What must stay ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ending",
    [
        "The vote is on Tuesday.",
        "Storytelling is hard.",
        "Nobody was hurt.",
        "Meta owns Facebook, Instagram and WhatsApp.",
        "“Follow the money,” she said.",
        "Share prices fell 4% on the news.",
        "Like many towns, it has no money for a new bridge.",
        "Support for the plan has grown since the spring.",
    ],
)
def test_a_real_short_last_paragraph_stays(ending: str) -> None:
    cleaned = remove_boilerplate(text_of(*STORY, ending))
    assert cleaned.removed == ()
    assert cleaned.text.endswith(ending)


def test_a_real_short_first_paragraph_stays() -> None:
    for opening in ("It was a long night.", "Why now?", "Bridges age."):
        assert remove_boilerplate(text_of(opening, *STORY)).removed == ()


def test_a_sentence_made_mostly_of_links_stays() -> None:
    body = "# Heading\n\nSee [the report](https://r.example/report) and https://s.example/x.\n"
    assert remove_boilerplate(body).removed == ()


def test_a_quote_above_the_headline_stays() -> None:
    quote = "“We will see you in court,” the union told the studio on Monday."
    body = text_of(quote, "Strike Enters Its Fourth Week", *STORY)
    assert remove_boilerplate(body).removed == ()


def test_short_lines_in_the_middle_stay() -> None:
    body = text_of(STORY[0], "Why now?", "Topics", "Subscribe.", STORY[1], STORY[2])
    assert remove_boilerplate(body).removed == ()


def test_a_key_points_list_at_the_end_stays() -> None:
    points = [
        "Key points:",
        "- The bridge closes to cars next spring.",
        "- Walkers and cyclists can still cross.",
    ]
    body = "\n".join([*STORY, *points])
    assert remove_boilerplate(body).removed == ()


def test_a_list_of_names_under_an_ordinary_label_stays() -> None:
    body = "\n".join([*STORY, "Speakers:", "- Ana Ruiz", "- Tom Becker", "- Mei Lin"])
    assert remove_boilerplate(body).removed == ()


def test_a_hard_wrapped_sentence_is_not_cut_at_its_last_line() -> None:
    body = text_of(*STORY, "Readers who want the council's full report can\nsubscribe to updates")
    assert remove_boilerplate(body).removed == ()


def test_a_text_that_is_all_boilerplate_is_left_whole() -> None:
    body = "Subscribe to our newsletter\n\nFollow us on X and Facebook\n\nTopics"
    cleaned = remove_boilerplate(body)
    assert cleaned.text == body
    assert cleaned.removed == ()


# The corpus ---------------------------------------------------------------------------------


def stories(count: int) -> list[str]:
    return [
        text_of(
            f"Story {number} opens with its own first paragraph about borough {number}, "
            "which nobody else in the corpus has written.",
            f"Its second paragraph talks about budget line {number * 7} in some detail.",
        )
        for number in range(count)
    ]


def test_a_line_repeated_across_many_bodies_is_removed_at_the_edges() -> None:
    signature = "This article was produced by the Riverside Desk"
    bodies = [text_of(story, signature) for story in stories(5)]
    counts = LineCounts.of(bodies)
    assert counts.count(signature) == 5
    for body in bodies:
        cleaned = remove_boilerplate(body, counts)
        assert cleaned.removed == (signature,)
    # Without the corpus the same line is an ordinary last paragraph.
    assert remove_boilerplate(bodies[0]).removed == ()


def test_a_repeated_sentence_about_the_article_is_removed() -> None:
    note = "This article is part of our special report on the future of transport."
    bodies = [text_of(note, story) for story in stories(4)]
    for cleaned in remove_boilerplate_all(bodies):
        assert cleaned.removed == (note,)


def test_a_sentence_that_several_stories_end_with_stays() -> None:
    # Stories reuse sentences (a quote, a stock line from an agency); that alone is not enough.
    ending = "- Nobody was hurt in the fire, the police said."
    bodies = [text_of(story, ending) for story in stories(5)]
    assert all(cleaned.removed == () for cleaned in remove_boilerplate_all(bodies))


def test_a_line_in_too_few_bodies_is_not_boilerplate() -> None:
    signature = "This article was produced by the Riverside Desk"
    bodies = [text_of(story, signature) for story in stories(2)] + stories(6)
    assert all(cleaned.removed == () for cleaned in remove_boilerplate_all(bodies))


def test_a_repeated_line_in_the_middle_goes_only_when_it_looks_like_furniture() -> None:
    quote = "“We will rebuild it together,” the mayor said at the opening."
    bodies = [
        "\n".join([first, "ADVERTISEMENT", quote, second])
        for first, second in (story.split("\n\n") for story in stories(4))
    ]
    for cleaned in remove_boilerplate_all(bodies):
        assert cleaned.removed == ("ADVERTISEMENT",)
        assert quote in cleaned.text


def test_a_story_carried_whole_by_several_files_keeps_its_text() -> None:
    # Wire copies: every line repeats, so repetition says nothing about any one line.
    bodies = [text_of(*STORY)] * 4 + stories(4)
    cleaned = remove_boilerplate_all(bodies)
    assert cleaned[0].removed == ()
    assert cleaned[0].text == text_of(*STORY)


def test_line_counts_ignore_case_spacing_and_bullets() -> None:
    counts = LineCounts.of(["- Follow us  on X\nreal text", "follow us on x\nother text"])
    assert counts.count("Follow us on X") == 2
    assert counts.bodies == 2


# The seeds and the loader ------------------------------------------------------------------


def seed_article(name_prefix: str, **flags: bool):
    store = load_paths([bundled_seeds()], **flags)
    (article,) = [
        article
        for article in store.articles
        if (article.body_from or article.source).name.startswith(name_prefix)
    ]
    return article


def seed_paragraphs(name_prefix: str) -> list[str]:
    (path,) = bundled_seeds().glob(f"{name_prefix}_*.txt")
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_seed_001_loses_the_newsletter_blurb_and_the_menu_words() -> None:
    article = seed_article("001")
    assert article.removed_text == (
        seed_paragraphs("001")[0],
        "Content",
        "Topics",
        "Read the stories that matter.",
        "Save hours a day in 5 minutes",
    )
    assert article.removed_text[0].startswith("Finding signal on Twitter")
    assert article.body.startswith("AI and Hollywood Navigate Creative Industry Tensions\n\n")
    assert article.body.endswith("[Original text: https://deeplearning.ai/the-batch/issue-… ]")
    assert article.title == "AI and Hollywood Navigate Creative Industry Tensions"
    assert article.excerpt.startswith("I recently spoke at the Sundance Film Festival")
    for paragraph in seed_paragraphs("001")[1:-4]:
        assert paragraph in article.body


def test_seed_002_loses_the_follow_line_and_the_previous_articles() -> None:
    article = seed_article("002")
    paragraphs = seed_paragraphs("002")
    assert article.removed_text == tuple(paragraphs[-7:])
    assert article.removed_text[0].startswith("✅ Follow BITNEWSBOT")
    assert article.removed_text[1] == "Previous Articles:"
    assert "Tesla" not in article.body and "BITNEWSBOT" not in article.body
    assert article.body == "\n".join(paragraphs[:-7])
    assert article.body.startswith("- The Creators Coalition on AI was launched")


def test_seeds_without_boilerplate_keep_their_text() -> None:
    merged = seed_article("003")
    (path,) = bundled_seeds().glob("003_*.txt")
    assert merged.body == path.read_text(encoding="utf-8").strip()
    assert merged.removed_text == ()


def test_keep_boilerplate_leaves_the_bodies_as_written() -> None:
    article = seed_article("001", keep_boilerplate=True)
    assert article.removed_text == ()
    assert article.body.startswith("Finding signal on Twitter")
    assert article.body.endswith("Save hours a day in 5 minutes")


def test_a_body_only_file_gets_its_excerpt_from_the_cleaned_text(tmp_path: Path) -> None:
    pitch = "We send the best of the week to your inbox every Friday, so you never miss a thing."
    (tmp_path / "page.md").write_text(text_of(pitch, *STORY), encoding="utf-8")
    (article,) = load_paths([tmp_path]).articles
    assert article.removed_text == (pitch,)
    assert article.title.startswith("The city council voted on Tuesday")
    assert article.excerpt.startswith("Engineers had warned") or article.excerpt.startswith(
        "The city council"
    )
    assert "inbox" not in article.excerpt


def test_keep_boilerplate_option_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "--keep-boilerplate", "518a33cc3445"]) == 0
    assert "Save hours a day" in capsys.readouterr().out
    assert main(["--keep-boilerplate", "show", "518a33cc3445"]) == 0
    assert "Save hours a day" in capsys.readouterr().out
    assert main(["show", "518a33cc3445"]) == 0
    assert "Save hours a day" not in capsys.readouterr().out


def test_check_verbose_counts_removed_lines(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "-v"])
    out = capsys.readouterr().out.splitlines()
    assert any(
        line.endswith("001_9ae14262fd0556b4.txt: removed 5 lines of boilerplate") for line in out
    )
    assert any(
        line.endswith("002_236a80b73d486d51.txt: removed 7 lines of boilerplate") for line in out
    )
    assert "12 lines of boilerplate removed from 2 files" in out[-2]
