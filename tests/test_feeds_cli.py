"""`newsreader fetch` and `newsreader feeds`: lines, exit statuses, config and OPML."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from conftest import installed_command
from feed_documents import ATOM, JSON_FEED, RSS2
from pytest_httpserver import HTTPServer

from newsreader.cli.main import main
from newsreader.core.config import load_config

RSS_TYPE = "application/rss+xml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def write_config(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_fetch_named_urls_into_a_folder(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/rss").respond_with_data(RSS2, content_type=RSS_TYPE)
    httpserver.expect_request("/missing").respond_with_data("gone", status=404)
    out = tmp_path / "news"
    rss, missing = httpserver.url_for("/rss"), httpserver.url_for("/missing")
    status, stdout, _ = run(capsys, "fetch", rss, missing, "--into", str(out))
    assert status == 1
    lines = sorted(stdout.splitlines(), key=lambda line: not line.startswith(rss))
    assert lines[0] == f"{rss}: 2 new"
    assert lines[1].startswith(f"{missing}: error: HTTP 404")
    assert len(list(out.glob("*.md"))) == 2
    # The articles are listed by the reader's own commands.
    status, stdout, _ = run(capsys, "list", str(out))
    assert "Tides rise & fall at the quay" in stdout
    status, stdout, _ = run(capsys, "fetch", rss, "--into", str(out), "--json")
    assert status == 0
    record = json.loads(stdout)
    assert (record["status"], record["new"], record["already"], record["files"]) == (
        "ok",
        0,
        2,
        [],
    )


def test_fetch_configured_feeds_into_their_folders(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/atom").respond_with_data(ATOM, content_type="application/atom+xml")
    httpserver.expect_request("/json").respond_with_data(
        JSON_FEED, content_type="application/feed+json"
    )
    config = write_config(
        tmp_path / "config.toml",
        f'paths = ["main"]\nfetch_every = "30m"\n\n'
        f'[[feeds]]\nurl = "{httpserver.url_for("/atom")}"\ntitle = "Stars"\n'
        f'folder = "sky"\ntopics = ["Space"]\n\n'
        f'[[feeds]]\nurl = "{httpserver.url_for("/json")}"\n',
    )
    status, stdout, stderr = run(capsys, "--config", str(config), "fetch")
    assert (status, stderr) == (0, "")
    assert len(stdout.splitlines()) == 2
    assert len(list((tmp_path / "sky").glob("*.md"))) == 1
    assert len(list((tmp_path / "main").glob("*.md"))) == 2
    status, stdout, _ = run(capsys, "--config", str(config), "feeds")
    lines = stdout.splitlines()
    assert lines[0].startswith(f"{httpserver.url_for('/atom')}  Stars  → {tmp_path / 'sky'}")
    assert lines[0].endswith("· 1 new)")
    assert lines[1].endswith("· 2 new)")
    # Topics from the config are used where the item has its own.
    status, stdout, _ = run(capsys, "list", str(tmp_path / "sky"), "--json")
    assert json.loads(stdout)["topics"] == ["Astronomy"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["fetch", "--into", "x"], "no feeds to fetch"),
        (["fetch", "ftp://example.com/feed", "--into", "x"], "only http and https"),
        (["fetch", "https://example.com/feed"], "no folder to write into"),
    ],
)
def test_fetch_that_cannot_start_is_bad_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    config = write_config(tmp_path / "config.toml", "")
    status, stdout, stderr = run(capsys, "--config", str(config), *argv)
    assert status == 2
    assert message in stderr and stdout == ""


def test_an_unknown_option_is_bad_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "fetch", "--into")[0] == 2
    assert run(capsys, "fetch", "--nope")[0] == 2


def test_config_warns_per_bad_feed_key(tmp_path: Path) -> None:
    config = write_config(
        tmp_path / "config.toml",
        'fetch_every = "soon"\n'
        '[[feeds]]\nurl = "https://ok.example/feed"\ntitel = "typo"\ntopics = "AI"\n'
        '[[feeds]]\nurl = "file:///etc/passwd"\n'
        "[[feeds]]\ntitle = 'no url'\n"
        '[[feeds]]\nurl = "https://ok.example/feed"\n',
    )
    loaded = load_config(config)
    assert [feed.url for feed in loaded.feeds] == ["https://ok.example/feed"]
    assert loaded.feeds[0].topics == ()
    assert loaded.fetch_every is None
    keys = [warning.key for warning in loaded.warnings]
    assert keys == [
        "fetch_every",
        "feeds 'https://ok.example/feed'.titel",
        "feeds 'https://ok.example/feed'.topics",
        "feeds 'file:///etc/passwd'",
        "feeds #3",
        "feeds 'https://ok.example/feed'",
    ]
    assert load_config(write_config(config, 'fetch_every = "1h30m"\n')).fetch_every == 5400


OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Mine</title></head>
  <body>
    <outline text="Tech">
      <outline text="AI">
        <outline type="rss" text="Deep Feed" xmlUrl="https://deep.example/rss"/>
      </outline>
      <outline type="rss" text="Gadgets" xmlUrl="https://gadgets.example/atom"/>
    </outline>
    <outline type="rss" title="Loose" xmlUrl="https://loose.example/feed.json"/>
    <outline type="rss" text="Bad" xmlUrl="javascript:alert(1)"/>
  </body>
</opml>
"""


def test_opml_import_adds_feeds_with_groups_as_topics_and_export_gives_them_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path / "config.toml", '# my settings\nsort = "quality"\n')
    opml = tmp_path / "subs.opml"
    opml.write_text(OPML, encoding="utf-8")
    status, stdout, stderr = run(capsys, "--config", str(config), "feeds", "import", str(opml))
    assert status == 0, stderr
    assert stdout.startswith("added 3 feeds to ")
    assert "javascript:alert(1): only http and https URLs are fetched" in stderr
    text = config.read_text(encoding="utf-8")
    assert text.startswith('# my settings\nsort = "quality"\n')
    loaded = load_config(config)
    assert not loaded.warnings
    assert [(feed.url, feed.title, feed.topics) for feed in loaded.feeds] == [
        ("https://deep.example/rss", "Deep Feed", ("Tech", "AI")),
        ("https://gadgets.example/atom", "Gadgets", ("Tech",)),
        ("https://loose.example/feed.json", "Loose", ()),
    ]
    # A second import adds nothing.
    status, stdout, _ = run(capsys, "--config", str(config), "feeds", "import", str(opml))
    assert stdout.startswith("added 0 feeds") and "(3 already there)" in stdout
    status, stdout, _ = run(capsys, "--config", str(config), "feeds", "export")
    assert status == 0
    root = ElementTree.fromstring(stdout.encode())
    feeds = {
        outline.get("xmlUrl"): outline.get("text")
        for outline in root.iter("outline")
        if outline.get("xmlUrl")
    }
    assert feeds == {
        "https://deep.example/rss": "Deep Feed",
        "https://gadgets.example/atom": "Gadgets",
        "https://loose.example/feed.json": "Loose",
    }
    # Exported and imported into an empty config: the same feeds and topics.
    again = tmp_path / "again.opml"
    again.write_text(stdout, encoding="utf-8")
    fresh = write_config(tmp_path / "fresh.toml", "")
    run(capsys, "--config", str(fresh), "feeds", "import", str(again))
    assert load_config(fresh).feeds == loaded.feeds


@pytest.mark.parametrize(
    "document",
    [
        "<opml><body><outline",
        "<html><body/></html>",
        '<!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]><opml><body/></opml>',
    ],
)
def test_a_bad_opml_file_is_refused_and_the_config_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], document: str
) -> None:
    config = write_config(tmp_path / "config.toml", 'sort = "quality"\n')
    opml = tmp_path / "subs.opml"
    opml.write_text(document, encoding="utf-8")
    status, _, stderr = run(capsys, "--config", str(config), "feeds", "import", str(opml))
    assert status == 1 and str(opml) in stderr
    assert config.read_text(encoding="utf-8") == 'sort = "quality"\n'


def test_the_installed_command_fetches(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/rss").respond_with_data(RSS2, content_type=RSS_TYPE)
    url = httpserver.url_for("/rss")
    out = tmp_path / "news"
    done = subprocess.run(
        [str(installed_command()), "fetch", url, "--into", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, f"{url}: 2 new\n", "")
    again = subprocess.run(
        [str(installed_command()), "fetch", url, "--into", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.stdout == f"{url}: 0 new, 2 already there\n"


def test_config_command_shows_the_feeds_and_reads_them_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(
        tmp_path / "config.toml",
        'fetch_every = "90m"\n[[feeds]]\nurl = "https://a.example/f"\ntitle = "A"\n'
        'folder = "x"\ntopics = ["T"]\n',
    )
    status, stdout, _ = run(capsys, "--config", str(config), "config")
    assert status == 0
    assert 'fetch_every = "90m"' in stdout and 'url = "https://a.example/f"' in stdout
    again = write_config(tmp_path / "again.toml", stdout)
    assert load_config(again).feeds == load_config(config).feeds
    assert load_config(again).fetch_every == 5400


def test_feeds_lists_each_feeds_last_error_and_never_fetched(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    gone = httpserver.url_for("/gone")
    config = write_config(
        tmp_path / "config.toml",
        f'paths = ["news"]\n[[feeds]]\nurl = "{gone}"\n[[feeds]]\nurl = "https://later.example/"\n',
    )
    status, _, _ = run(capsys, "--config", str(config), "fetch", gone)
    assert status == 1
    status, stdout, _ = run(capsys, "--config", str(config), "feeds")
    first, second = stdout.splitlines()
    assert first.startswith(f"{gone}  (fetched ") and "· error: HTTP 404" in first
    assert second == "https://later.example/  (never fetched)"
