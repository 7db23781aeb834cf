"""The installed `newsreader` command, run in a subprocess from a folder outside the repo."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from newsreader.cli.main import COMMANDS

NEWSREADER = Path(sys.executable).parent / "newsreader"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SUMMARY = re.compile(r"(\d+) files, (\d+) articles, (\d+) problems, (\d+) skipped")

# The seeds with front matter, and the two body-only seeds whose text starts with its title.
SEED_TITLES = {
    "000": "Creatives across industries are strategizing together around AI concerns",
    "001": "AI and Hollywood Navigate Creative Industry Tensions",
    "004": "Artificial intelligence makes its way into the music and film industries",
}
SEED_002_OPENING = "The Creators Coalition on AI was launched to establish rules"
# 003 is the full text of 000: shown as its own article, or as 000's body when merged.
SEED_003_TITLE_OPENING = "As creative industries grapple with AI’s explosion"
SEED_003_TEXT = "art conjured with newly sophisticated AI tools is suddenly ubiquitous"


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working folder that is not the repo, so nothing is found relative to it."""
    return tmp_path_factory.mktemp("elsewhere")


def environment(data: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, NEWSREADER_DATA_DIR=str(data), TZ="UTC", COLUMNS="120")
    env.update(extra)
    return env


def newsreader(
    *args: str | Path, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(NEWSREADER), *map(str, args)],
        cwd=cwd,
        env=env or environment(cwd / "data"),
        capture_output=True,
        text=True,
        timeout=60,
    )


def json_records(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines()]


@pytest.fixture(scope="module")
def seed_records(outside: Path) -> list[dict[str, object]]:
    done = newsreader("list", "--json", cwd=outside)
    assert done.returncode == 0, done.stderr
    return json_records(done.stdout)


def record_titled(records: list[dict[str, object]], title: str) -> dict[str, object]:
    [record] = [record for record in records if record["title"] == title]
    return record


# list --------------------------------------------------------------------------------------


def test_list_with_no_path_lists_the_bundled_seeds(
    outside: Path, seed_records: list[dict[str, object]]
) -> None:
    done = newsreader("list", cwd=outside)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    titles = [str(record["title"]) for record in seed_records]
    assert len(lines) == len(titles)
    for line, record in zip(lines, seed_records, strict=True):
        assert line.endswith(f"  {record['title']}  [{record['id']}]")
    for title in SEED_TITLES.values():
        assert title in titles
    assert any(title.startswith(SEED_002_OPENING) for title in titles)
    # Every seed is there: 003 as an article of its own, or as the text of 000.
    if not any(title.startswith(SEED_003_TITLE_OPENING) for title in titles):
        assert SEED_003_TEXT in str(record_titled(seed_records, SEED_TITLES["000"])["body"])
    assert len(titles) in (4, 5)
    seed_names = {path.name for path in SEEDS.glob("*.txt")}
    assert {Path(str(record["source"])).name for record in seed_records} <= seed_names


def test_list_without_merging_lists_all_five_seeds_with_their_titles(outside: Path) -> None:
    done = newsreader("list", "--json", "--no-merge", cwd=outside)
    assert done.returncode == 0, done.stderr
    records = json_records(done.stdout)
    assert len(records) == 5
    by_file = {Path(str(record["source"])).name[:3]: str(record["title"]) for record in records}
    assert sorted(by_file) == ["000", "001", "002", "003", "004"]
    for key, title in SEED_TITLES.items():
        assert by_file[key] == title
    assert by_file["002"].startswith(SEED_002_OPENING)
    assert by_file["003"].startswith(SEED_003_TITLE_OPENING)


def test_list_json_has_the_documented_keys(seed_records: list[dict[str, object]]) -> None:
    documented = {"id", "title", "excerpt", "published", "url", "provider", "topics"}
    documented |= {"quality", "heat", "source", "related", "body", "items", "length", "price"}
    for record in seed_records:
        assert documented <= record.keys()
        assert re.fullmatch(r"[0-9a-f]{12}", str(record["id"]))
        assert isinstance(record["topics"], list)
        assert isinstance(record["related"], list)
    techcrunch = record_titled(seed_records, SEED_TITLES["000"])
    assert techcrunch["published"] == "2023-10-06T23:04:00+00:00"
    assert techcrunch["provider"] == "TechCrunch"
    assert techcrunch["quality"] == 86
    assert techcrunch["heat"] is None  # heat: -1 in the file
    assert techcrunch["url"] == (
        "https://techcrunch.com/2023/10/06/"
        "creatives-across-industries-are-strategizing-together-around-ai-concerns/"
    )
    related = techcrunch["related"]
    assert isinstance(related, list) and related
    for item in related:
        assert {"title", "url", "provider", "published"} <= item.keys()
    assert related[0]["title"] == (
        "Hollywood Strikes Sparking AI Negotiations In Every Creative Industry"
    )


# show --------------------------------------------------------------------------------------


def test_show_by_id_and_by_prefix(outside: Path, seed_records: list[dict[str, object]]) -> None:
    record = record_titled(seed_records, SEED_TITLES["004"])
    article_id = str(record["id"])
    by_id = newsreader("show", article_id, cwd=outside)
    assert by_id.returncode == 0, by_id.stderr
    assert SEED_TITLES["004"] in by_id.stdout
    assert "The Statesman" in by_id.stdout
    assert article_id in by_id.stdout
    # The seeds' ids all differ in their first four characters.
    assert len({str(record["id"])[:4] for record in seed_records}) == len(seed_records)
    by_prefix = newsreader("show", article_id[:4].upper(), cwd=outside)
    assert by_prefix.returncode == 0, by_prefix.stderr
    assert by_prefix.stdout == by_id.stdout


def test_show_an_unknown_id_exits_1(outside: Path) -> None:
    done = newsreader("show", "not-an-id", cwd=outside)
    assert done.returncode == 1
    assert done.stdout == ""
    assert "no article with id 'not-an-id'" in done.stderr


def test_list_json_gives_html_as_text(tmp_path: Path) -> None:
    (tmp_path / "h.md").write_text(
        '---\ntitle: "&#8216;Quoted&#8217; title"\nexcerpt: "<p>Cats &amp; dogs</p>"\n---\n'
        '<div class="post" style="margin:0"><p>Hello <b>world</b>, see '
        '<a href="https://e.example/?a=1&amp;b=2">the source</a>.</p><br><img alt="A cat" '
        'src="https://e.example/cat.jpg"></div>\n',
        encoding="utf-8",
    )
    done = newsreader("list", "--json", tmp_path, cwd=tmp_path)
    [record] = json_records(done.stdout)
    assert record["title"] == "‘Quoted’ title"
    assert record["excerpt"] == "Cats & dogs"
    body = str(record["body"])
    assert "<" not in body and "&amp;" not in body and "style" not in body
    assert "Hello" in body and "https://e.example/?a=1&b=2" in body and "[image: A cat]" in body


def test_show_an_ambiguous_prefix_names_the_matches(tmp_path: Path) -> None:
    # Seventeen articles have seventeen ids: at least two share a first hex digit.
    for number in range(17):
        (tmp_path / f"{number:02}.md").write_text(
            f"---\ntitle: Story {number}\noriginalUrl: https://site.example/{number}\n---\n"
        )
    ids = [
        str(record["id"])
        for record in json_records(newsreader("list", "--json", tmp_path, cwd=tmp_path).stdout)
    ]
    assert len(ids) == 17
    prefix = next(digit for digit in "0123456789abcdef" if sum(i[0] == digit for i in ids) > 1)
    matching = [article_id for article_id in ids if article_id.startswith(prefix)]
    done = newsreader("show", prefix, tmp_path, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "matches several articles" in done.stderr
    for article_id in matching:
        assert article_id in done.stderr


# check -------------------------------------------------------------------------------------


def test_check_on_the_seeds_finds_no_problems(outside: Path) -> None:
    done = newsreader("check", SEEDS, cwd=outside)
    assert done.returncode == 0, done.stdout + done.stderr
    [summary] = done.stdout.splitlines()
    counts = SUMMARY.fullmatch(summary)
    assert counts is not None, summary
    files, articles, problems, skipped = map(int, counts.groups())
    assert (files, problems, skipped) == (5, 0, 0)
    listed = newsreader("list", SEEDS, cwd=outside).stdout.splitlines()
    assert articles == len(listed)
    # Each file its own article.
    unmerged = newsreader("check", "--no-merge", SEEDS, cwd=outside)
    assert unmerged.returncode == 0
    assert unmerged.stdout == "5 files, 5 articles, 0 problems, 0 skipped\n"


def test_check_reports_each_broken_file_with_its_line_and_exits_1(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a_good.md").write_text("---\ntitle: Good\n---\n")
    (folder / "b_yaml.md").write_text('---\ntitle: T\nexcerpt: "unclosed\nquality: 3\n')
    (folder / "c_yaml.md").write_text("---\ntitle: T\ntopics: [a, b\nheat: 2\n---\n")
    (folder / "d_type.md").write_text("---\ntitle: T\nquality: high\n---\n")
    (folder / "e_empty.md").write_text("")
    (folder / "f_data.yaml").write_text("name: AI\n")
    done = newsreader("check", folder, cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines == [
        f"{folder / 'b_yaml.md'}:1: front matter is not closed (no second '---' line)",
        f"{folder / 'c_yaml.md'}:4: front matter is not valid YAML: "
        "did not find expected ',' or ']'",
        f"{folder / 'd_type.md'}:3: quality: expected a whole number, found a string",
        f"{folder / 'e_empty.md'}: file is empty",
        "5 files, 2 articles, 4 problems, 1 skipped",
    ]


def test_check_spells_out_escapes_and_undecodable_bytes_in_file_names(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    for name in (b"caf\xe9.md", b"esc\x1b]0;pwned\x07.md"):
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(b"---\ntitle: T " + name[:3] + b"\nquality: high\n---\n")
    # A UTF-8 locale with strict output, as most desktops have.
    env = environment(tmp_path / "data", PYTHONIOENCODING="utf-8:strict")
    done = newsreader("check", tmp_path, cwd=tmp_path, env=env)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert f"{tmp_path}/caf\\xe9.md:3: quality" in done.stdout
    assert f"{tmp_path}/esc\\x1b]0;pwned\\x07.md:3: quality" in done.stdout
    # The JSON listing names the file exactly, in a form that decodes back to its bytes.
    listed = newsreader("list", "--json", tmp_path, cwd=tmp_path, env=env)
    assert listed.returncode == 0, listed.stderr
    sources = {os.fsencode(str(record["source"])) for record in json_records(listed.stdout)}
    assert sources == {
        os.path.join(folder, b"caf\xe9.md"),
        os.path.join(folder, b"esc\x1b]0;pwned\x07.md"),
    }


# Usage, help and version -------------------------------------------------------------------


@pytest.mark.parametrize(
    "args", [["list", "--no-such-option"], ["show"], ["check", "--json"], ["--bogus"]]
)
def test_a_usage_error_exits_2(outside: Path, args: list[str]) -> None:
    done = newsreader(*args, cwd=outside)
    assert done.returncode == 2
    assert "Usage: newsreader" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_and_version_for_every_command(outside: Path, command: str) -> None:
    prefix = [command] if command else []
    helped = newsreader(*prefix, "--help", cwd=outside)
    assert helped.returncode == 0, helped.stderr
    assert helped.stdout.startswith(f"Usage: newsreader {command}".rstrip())
    versioned = newsreader(*prefix, "--version", cwd=outside)
    assert versioned.returncode == 0, versioned.stderr
    assert versioned.stdout == f"newsreader {version('newsreader')}\n"


def test_top_level_help_names_every_command(outside: Path) -> None:
    helped = newsreader("--help", cwd=outside)
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s", helped.stdout, re.MULTILINE), command


# Pipes and the module form -----------------------------------------------------------------


@pytest.mark.parametrize("json_flag", ["", "--json"])
def test_list_into_head_stops_quietly(tmp_path: Path, json_flag: str) -> None:
    # Far more than a pipe holds, so the command is still writing when `head` goes away.
    for number in range(300):
        title = f"Story {number:03} " + "words " * 60
        (tmp_path / f"{number:03}.md").write_text(f"---\ntitle: {title}\n---\n")
    pipeline = f"set -o pipefail; '{NEWSREADER}' list {json_flag} '{tmp_path}' | head -1"
    done = subprocess.run(
        ["bash", "-c", pipeline],
        cwd=tmp_path,
        env=environment(tmp_path / "data"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stderr == ""
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == 1


def test_python_dash_m_newsreader_lists_like_the_command(outside: Path) -> None:
    as_module = subprocess.run(
        [sys.executable, "-m", "newsreader", "list"],
        cwd=outside,
        env=environment(outside / "data"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert as_module.returncode == 0, as_module.stderr
    assert as_module.stdout == newsreader("list", cwd=outside).stdout
    assert SEED_TITLES["001"] in as_module.stdout


@pytest.mark.parametrize("command", ["list", "check", "show"])
def test_a_missing_path_is_an_error(outside: Path, command: str) -> None:
    args = ["show", "4a37"] if command == "show" else [command]
    done = newsreader(*args, outside / "typo", cwd=outside)
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"{outside / 'typo'}: no such file or folder" in done.stderr


def test_show_into_a_file_keeps_each_line_whole(outside: Path) -> None:
    done = newsreader("show", "4a37", SEEDS, cwd=outside)  # stdout is a pipe, COLUMNS=120
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    url = (
        "https://sbstatesman.com/122531/arts/"
        "artificial-intelligence-makes-its-way-into-the-music-and-film-industries/"
    )
    assert url in lines
    related_url = "https://www.aol.com/news/ai-industry-must-sure-important-103000190.html"
    assert any(line.endswith(related_url) for line in lines)
    excerpt = (
        "The age of AI has begun. But as artificial intelligence (AI) continues to scale across "
        "industries and functions, it is imperative that marginalized and underrepresented "
        "communities are afforded the opportunity to thrive in the age of AI, and not get left "
        "behind."
    )
    assert any(line.endswith(excerpt) for line in lines)


@pytest.mark.parametrize("spelled", [["--data-dir", "{data}"], ["--data-dir={data}"]])
def test_data_dir_before_the_command_is_the_commands(outside: Path, spelled: list[str]) -> None:
    data = outside / "data-before"
    given = [word.format(data=data) for word in spelled]
    marked = newsreader(*given, "mark", "star", "4a3791", cwd=outside)
    assert marked.returncode == 0, marked.stderr
    assert (data / "state.sqlite3").is_file()
    # The same folder read back, the option before the command or after it.
    before = newsreader(*given, "list", "--query", "is:starred", "--json", cwd=outside)
    after = newsreader("list", "--query", "is:starred", "--json", *given, cwd=outside)
    assert before.returncode == after.returncode == 0, before.stderr + after.stderr
    assert [record["id"] for record in json_records(before.stdout)] == ["4a3791bca4b2"]
    assert before.stdout == after.stdout
