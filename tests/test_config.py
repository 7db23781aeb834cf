"""The config file: good values, each bad value warned about once, syntax errors, precedence,
`newsreader config`, and the theme remembered from the reader. Every file is written here."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from newsreader.core.config import (
    Config,
    ConfigError,
    MarkRead,
    SavedSearch,
    config_toml,
    known_themes,
    load_config,
    remember_theme,
    remembered_theme,
)
from newsreader.core.present import DATE_FORMAT
from newsreader.search.ordering import Grouping, SortKey

NEWSREADER = Path(sys.executable).parent / "newsreader"
REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"

GOOD = """\
paths = ["~/news", "more"]
theme = "nord"
mark_read = "open"
sort = "quality"
group_by = "provider"
browser = ["firefox", "--new-tab", "{url}"]
date_format = "%d %b %Y"
extensions = [".md", ".text"]

[keys]
quit = "ctrl+q"
filter = "slash,f2"

[[saved_searches]]
name = "Robots"
query = "robot -sport"

[[saved_searches]]
name = "Good and unread"
query = "is:unread quality:>=80"
"""


@pytest.fixture(autouse=True)
def _own_folders(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The default config and data folders inside tmp_path; no NEWSREADER_CONFIG."""
    monkeypatch.delenv("NEWSREADER_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("NEWSREADER_DATA_DIR", str(tmp_path / "data"))


def write(folder: Path, text: str, name: str = "config.toml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def default_file(tmp_path: Path) -> Path:
    return tmp_path / "xdg-config" / "newsreader" / "config.toml"


def newsreader(*args: str | Path, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The installed command, with its own folders (set per call) and the variables given."""
    environment = dict(os.environ, XDG_CONFIG_HOME=str(cwd / "xdg-config"), TZ="UTC")
    environment["NEWSREADER_DATA_DIR"] = str(cwd / "data")
    environment.pop("NEWSREADER_CONFIG", None)
    environment.update(env)
    return subprocess.run(
        [str(NEWSREADER), *map(str, args)],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


# Reading ------------------------------------------------------------------------------------


def test_a_good_file_sets_every_value_and_names_itself_as_their_source(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    config = load_config(path)
    assert config.warnings == ()
    assert config.paths == (Path.home() / "news", tmp_path / "more")
    assert config.theme == "nord"
    assert config.mark_read is MarkRead.OPEN
    assert config.sort is SortKey.QUALITY
    assert config.group_by is Grouping.PROVIDER
    assert config.browser == ("firefox", "--new-tab", "{url}")
    assert config.date_format == "%d %b %Y"
    assert config.extensions == (".md", ".text")
    assert dict(config.keys) == {"quit": "ctrl+q", "filter": "slash,f2"}
    assert config.saved_searches == (
        SavedSearch("Robots", "robot -sport"),
        SavedSearch("Good and unread", "is:unread quality:>=80"),
    )
    assert config.file == path and config.file_found
    assert {config.source_of(name) for name in ("paths", "theme", "keys")} == {str(path)}


def test_the_readme_example_reads_without_a_warning(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = re.search(r"A full example:\n\n```toml\n(.*?)^```", readme, re.DOTALL | re.MULTILINE)
    assert example is not None, "no ```toml block after 'A full example:' in the README"
    config = load_config(write(tmp_path, example.group(1)))
    assert config.warnings == ()
    assert all(config.source_of(name) != "default" for name in ("paths", "keys", "browser"))


def test_no_default_file_means_every_default(tmp_path: Path) -> None:
    config = load_config()
    assert config.file == default_file(tmp_path)
    assert not config.file_found
    assert config.warnings == ()
    assert config.paths == () and config.theme is None and config.keys == {}
    assert config.sort is SortKey.NEWEST and config.group_by is Grouping.TOPIC
    assert config.mark_read is MarkRead.VIEW and config.date_format == DATE_FORMAT
    assert config.source_of("sort") == "default"


@pytest.mark.parametrize(
    ("line", "key", "words", "setting", "default"),
    [
        ("sort = 'newestt'", "sort", "'newestt' is not one of newest, quality, heat, title, "
         "provider; using newest", "sort", SortKey.NEWEST),
        ("sort = 3", "sort", "not 3 (a number); using newest", "sort", SortKey.NEWEST),
        ("group_by = 'week'", "group_by", "is not one of topic, provider, day, tag, none; "
         "using topic", "group_by", Grouping.TOPIC),
        ("mark_read = 'soon'", "mark_read", "'soon' is not one of view, open, never; using view",
         "mark_read", MarkRead.VIEW),
        ("theme = 'nordd'", "theme", "'nordd' is not a Textual theme (did you mean 'nord'?); "
         "using Textual's default theme", "theme", None),
        ("theme = 'plaid'", "theme", "(themes: ansi-dark", "theme", None),
        ("paths = '~/news'", "paths", "expected a list of folders", "paths", ()),
        ("paths = [1, 2]", "paths", "using the bundled samples", "paths", ()),
        ("browser = 'firefox {url}'", "browser", "expected a command as a list", "browser", ()),
        ("browser = []", "browser", "the command is empty", "browser", ()),
        ("date_format = 'YYYY-MM-DD'", "date_format", "has no % codes, so every date would "
         "read 'YYYY-MM-DD'; using %Y-%m-%d %H:%M", "date_format", DATE_FORMAT),
        ("date_format = ''", "date_format", "the format is empty", "date_format", DATE_FORMAT),
        ('date_format = "%Y\\u0000"', "date_format", "holds control characters", "date_format",
         DATE_FORMAT),
        ("date_format = '%Y-%Q'", "date_format", "'%Q' in '%Y-%Q' is not a strftime code",
         "date_format", DATE_FORMAT),
        ("date_format = '%Y %'", "date_format", "'%' in '%Y %' is not a strftime code",
         "date_format", DATE_FORMAT),
        ("extensions = ['md']", "extensions", "'md' is not a file name ending such as \".md\"",
         "extensions", (".md", ".markdown", ".txt")),
        ("extensions = []", "extensions", "the list is empty", "extensions",
         (".md", ".markdown", ".txt")),
        ("keys = 'q'", "keys", "expected a table of binding id = keys", "keys", {}),
        ("saved_searches = 'robot'", "saved_searches", "expected [[saved_searches]] tables",
         "saved_searches", ()),
        ("colour = 'blue'", "colour", "not a setting; ignored", None, None),
        ("them = 'nord'", "them", "not a setting (did you mean 'theme'?); ignored", None, None),
    ],
)  # fmt: skip
def test_each_bad_value_is_reported_once_with_its_key_and_its_default_is_used(
    tmp_path: Path,
    line: str,
    key: str,
    words: str,
    setting: str | None,
    default: object,
) -> None:
    # A good value beside the bad one is still used.
    path = write(tmp_path, f"{line}\nmark_read = 'never'\n" if "mark_read" not in line else line)
    config = load_config(path)
    assert len(config.warnings) == 1, config.warnings
    warning = config.warnings[0]
    assert warning.key == key
    assert words in warning.message
    assert str(warning).startswith(f"{path}: {key}: ")
    if setting is not None:
        assert getattr(config, setting) == default
        assert config.source_of(setting) == "default"
    if "mark_read" not in line:
        assert config.mark_read is MarkRead.NEVER


def test_saved_searches_with_bad_queries_or_missing_fields_are_left_out(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "[[saved_searches]]\nname = 'Fine'\nquery = 'topic:AI'\n"
        "[[saved_searches]]\nname = 'Broken'\nquery = 'robot quality:>=lots'\n"
        "[[saved_searches]]\nquery = 'no name'\n"
        "[[saved_searches]]\nname = 'Fine'\nquery = 'again'\n"
        "[[saved_searches]]\nname = 'Extra'\nquery = 'x'\ncolour = 'red'\n",
    )
    config = load_config(path)
    assert config.saved_searches == (SavedSearch("Fine", "topic:AI"), SavedSearch("Extra", "x"))
    messages = [f"{warning.key}: {warning.message}" for warning in config.warnings]
    assert messages == [
        "saved_searches 'Broken': bad query: 'quality:' needs a whole number, as in "
        "quality:>=80 or quality:<10 (at column 17 of 'robot quality:>=lots'); left out",
        "saved_searches #3: needs a name (text); left out",
        "saved_searches 'Fine': a search of this name comes earlier; left out",
        "saved_searches 'Extra'.colour: not a setting; ignored",
    ]


def test_keys_for_ids_the_ui_does_not_have_are_reported_and_left_out(tmp_path: Path) -> None:
    path = write(tmp_path, "[keys]\nquit = 'ctrl+q'\nfiltr = 'f2'\nhelp = 5\n")
    config = load_config(path)
    assert dict(config.keys) == {"quit": "ctrl+q", "filtr": "f2"}
    # The type is checked on reading; the ids only by the UI, which knows them.
    assert [str(warning) for warning in config.warnings] == [
        f'{path}: keys.help: expected keys such as "ctrl+q" or "q,ctrl+c", not 5 (a number); '
        "using the default keys"
    ]
    keymap = config.keymap({"quit", "help", "filter"})
    assert dict(keymap.bindings) == {"quit": "ctrl+q"}
    assert [str(warning) for warning in keymap.warnings] == [
        f"{path}: keys.filtr: no binding has this id (did you mean 'filter'?); ignored"
    ]


def test_dotted_binding_ids_may_be_written_with_or_without_quotes(tmp_path: Path) -> None:
    path = write(tmp_path, "[keys]\nlist.down = 'j'\n'list.up' = 'k'\ndetail.page_down = 'f'\n")
    config = load_config(path)
    assert dict(config.keys) == {"list.down": "j", "list.up": "k", "detail.page_down": "f"}
    assert config.warnings == ()
    # As printed by `newsreader config`, quoted, they read back the same.
    assert tomllib.loads(config_toml(config))["keys"] == dict(config.keys)


def test_browser_command_puts_the_url_in_place_or_at_the_end(tmp_path: Path) -> None:
    url = "https://example.com/a b"
    assert Config().browser_command(url) is None
    placed = Config(browser=("firefox", "--new-tab", "{url}")).browser_command(url)
    assert placed is not None and placed.argv == ("firefox", "--new-tab", url)
    assert not placed.in_terminal
    appended = Config(browser=("/usr/bin/w3m",)).browser_command(url)
    assert appended is not None and appended.argv == ("/usr/bin/w3m", url)
    assert appended.in_terminal


# Files that cannot be used ------------------------------------------------------------------


def test_broken_syntax_names_the_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "sort = 'title'\n\ntheme = [nord\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.file == path
    assert caught.value.line == 3
    assert str(caught.value).startswith(f"{path}:3: ")


def test_text_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"sort = 'title'\ntheme = '\xff'\n")
    with pytest.raises(ConfigError, match="not UTF-8") as caught:
        load_config(path)
    assert caught.value.line == 2


def test_a_missing_file_is_an_error_only_when_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "missing.toml")
    monkeypatch.setenv("NEWSREADER_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(ConfigError, match="no such config file"):
        load_config()
    with pytest.raises(ConfigError, match="is a folder"):
        load_config(tmp_path)


def test_option_beats_environment_beats_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(default_file(tmp_path).parent, "sort = 'title'\n")
    env_file = write(tmp_path, "sort = 'heat'\n", "env.toml")
    option_file = write(tmp_path, "sort = 'quality'\n", "option.toml")
    assert load_config().sort is SortKey.TITLE
    monkeypatch.setenv("NEWSREADER_CONFIG", str(env_file))
    assert load_config().sort is SortKey.HEAT
    assert load_config(option_file).sort is SortKey.QUALITY


# The command line ---------------------------------------------------------------------------


def test_command_broken_syntax_stops_with_file_line_and_status_2(tmp_path: Path) -> None:
    path = write(tmp_path, "sort = 'title'\nsort = 'heat'\n")
    done = newsreader("list", "--config", path, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(f"{path}:2: ")


def test_command_config_path_follows_option_then_environment_then_default(
    tmp_path: Path,
) -> None:
    env_file = tmp_path / "env.toml"
    done = newsreader("config", "--path", cwd=tmp_path)
    assert done.stdout == f"{default_file(tmp_path)}\n"
    done = newsreader("config", "--path", cwd=tmp_path, NEWSREADER_CONFIG=str(env_file))
    assert done.stdout == f"{env_file}\n"
    done = newsreader(
        "--config", "given.toml", "config", "--path", cwd=tmp_path, NEWSREADER_CONFIG="x"
    )
    assert (done.returncode, done.stdout) == (0, "given.toml\n")


def test_command_config_prints_toml_that_reads_back_with_each_source(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace('sort = "quality"\n', 'sort = "qualty"\n'))
    done = newsreader("config", "--config", path, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    # The bad value is warned about once, on stderr; stdout is only the TOML.
    assert done.stderr == (
        f"{path}: sort: 'qualty' is not one of newest, quality, heat, title, provider; "
        "using newest\n"
    )
    printed = tomllib.loads(done.stdout)
    assert printed["sort"] == "newest"
    assert printed["theme"] == "nord"
    assert printed["paths"] == [str(Path.home() / "news"), str(tmp_path / "more")]
    assert printed["keys"] == {"quit": "ctrl+q", "filter": "slash,f2"}
    assert printed["saved_searches"][1] == {
        "name": "Good and unread",
        "query": "is:unread quality:>=80",
    }
    lines = done.stdout.splitlines()
    assert 'sort = "newest"  # default' in lines
    assert f'theme = "nord"  # from {path}' in lines
    assert f'quit = "ctrl+q"  # from {path}' in lines
    # Loading what was printed gives the same settings back.
    again = load_config(write(tmp_path, done.stdout, "again.toml"))
    assert again.warnings == ()
    original = load_config(path)
    for name in ("paths", "theme", "sort", "browser", "keys", "saved_searches", "extensions"):
        assert getattr(again, name) == getattr(original, name), name


def test_list_reads_the_config_paths_extensions_and_sort(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    # Two articles in files ending .text, and one .txt that these extensions leave out.
    shutil.copy(SEEDS / "000_1400603c55ae8f1d.txt", folder / "a.text")
    shutil.copy(SEEDS / "004_9841d82d5199b387.txt", folder / "b.text")
    shutil.copy(SEEDS / "001_9ae14262fd0556b4.txt", folder / "c.txt")
    write(
        default_file(tmp_path).parent,
        "paths = ['../../articles']\nextensions = ['.text']\nsort = 'title'\n",
    )
    done = newsreader("list", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    sources = [line.split('"source": "')[1].split('"')[0] for line in done.stdout.splitlines()]
    # Sorted by title: "Artificial intelligence ..." before "Creatives across ...".
    assert [Path(source).name for source in sources] == ["b.text", "a.text"]
    done = newsreader("list", "--json", "--sort", "newest", folder / "c.txt", cwd=tmp_path)
    assert [Path(line.split('"source": "')[1].split('"')[0]).name for line in
            done.stdout.splitlines()] == ["c.txt"]  # fmt: skip


# The remembered theme -----------------------------------------------------------------------


def test_a_remembered_theme_is_used_when_the_config_sets_none(tmp_path: Path) -> None:
    assert remembered_theme() is None
    written = remember_theme("dracula")
    assert written == tmp_path / "data" / "ui.toml"
    assert remembered_theme() == "dracula"
    config = load_config()
    assert config.theme == "dracula"
    assert config.source_of("theme") == str(written)
    assert "picked in the reader" in config_toml(config)
    # A theme in the config file wins over the remembered one.
    assert load_config(write(tmp_path, "theme = 'nord'\n")).theme == "nord"
    # Picking again replaces it; --data-dir style folders are honoured.
    remember_theme("gruvbox")
    assert load_config().theme == "gruvbox"
    remember_theme("monokai", tmp_path / "elsewhere")
    assert remembered_theme(tmp_path / "elsewhere") == "monokai"
    assert load_config(data_folder=tmp_path / "elsewhere").theme == "monokai"


def test_a_remembered_theme_that_is_unknown_or_damaged_is_ignored(tmp_path: Path) -> None:
    remember_theme("gone-since-an-upgrade")
    assert load_config().theme is None
    (tmp_path / "data" / "ui.toml").write_text("theme = [broken\n")
    assert remembered_theme() is None
    assert load_config().theme is None
    remember_theme("nord")  # a damaged file is started over
    assert load_config().theme == "nord"


def test_known_themes_are_textuals(tmp_path: Path) -> None:
    from textual.theme import BUILTIN_THEMES

    themes = known_themes()
    assert list(themes) == sorted(BUILTIN_THEMES)


def test_max_file_mb_caps_what_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "small.md").write_text("---\ntitle: Small\n---\n")
    (folder / "big.md").write_text("---\ntitle: Big\n---\n" + "word " * 60_000)  # ~300 KB
    config = tmp_path / "config.toml"
    config.write_text("max_file_mb = 0.1\n")
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "newsreader"),
            "--config",
            str(config),
            "check",
            str(folder),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "big.md: file is" in result.stdout and "byte limit" in result.stdout
    bad = tmp_path / "bad.toml"
    bad.write_text('max_file_mb = "lots"\n')
    warned = subprocess.run(
        [
            str(Path(sys.executable).parent / "newsreader"),
            "--config",
            str(bad),
            "check",
            str(folder),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "max_file_mb" in warned.stderr and warned.returncode == 0


def test_a_path_naming_no_user_is_a_warning_and_the_other_paths_load(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(SEEDS / "000_1400603c55ae8f1d.txt", folder / "a.txt")
    write(
        default_file(tmp_path).parent,
        "paths = ['~nosuchuser-here/news', '../../articles']\n",
    )
    done = newsreader("list", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "paths: '~nosuchuser-here/news': there is no user ~nosuchuser-here" in done.stderr
    assert len(done.stdout.splitlines()) == 1
    config = load_config(default_file(tmp_path))
    assert config.paths == (default_file(tmp_path).parent / "../../articles",)


def test_a_saved_search_nested_too_deep_is_a_warning_and_commands_still_run(
    tmp_path: Path,
) -> None:
    deep = "(" * 400 + "ai" + ")" * 400
    write(
        default_file(tmp_path).parent,
        f"[[saved_searches]]\nname = 'Deep'\nquery = '{deep}'\n"
        f"[[saved_searches]]\nname = 'Digits'\nquery = 'quality:{'9' * 5000}'\n",
    )
    done = newsreader("list", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "saved_searches 'Deep': bad query: nested too deeply" in done.stderr
    assert "saved_searches 'Digits': bad query: 'quality:' number is too large" in done.stderr
    assert done.stdout  # the bundled samples, listed


def test_sync_dir_is_taken_from_the_files_folder_and_the_variable_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, 'sync_dir = "marks-sync"\n')
    config = load_config(path)
    assert config.warnings == ()
    assert config.sync_dir == tmp_path / "marks-sync"
    assert config.source_of("sync_dir") == str(path)
    assert f'sync_dir = "{tmp_path / "marks-sync"}"' in config_toml(config)
    monkeypatch.setenv("NEWSREADER_SYNC_DIR", str(tmp_path / "elsewhere"))
    config = load_config(path)
    assert config.sync_dir == tmp_path / "elsewhere"
    assert config.source_of("sync_dir") == "$NEWSREADER_SYNC_DIR"
    monkeypatch.setenv("NEWSREADER_SYNC_DIR", "")  # set but empty counts as not set
    assert load_config(path).sync_dir == tmp_path / "marks-sync"


def test_a_sync_dir_that_is_not_a_folder_name_is_reported_and_not_used(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "sync_dir = 5\n"))
    assert config.sync_dir is None
    assert [warning.key for warning in config.warnings] == ["sync_dir"]
    assert "marks stay on this machine" in config.warnings[0].message
    assert "sync_dir is not set" in config_toml(load_config(write(tmp_path, "")))


def test_the_config_written_out_reads_back_as_the_same_settings(tmp_path: Path) -> None:
    original = load_config(write(tmp_path, GOOD))
    written = write(tmp_path, config_toml(original), "again.toml")
    again = load_config(written)
    assert again.warnings == ()
    for setting in ("paths", "theme", "mark_read", "sort", "group_by", "browser", "date_format"):
        assert getattr(again, setting) == getattr(original, setting), setting
    assert dict(again.keys) == dict(original.keys)
    assert again.saved_searches == original.saved_searches


def test_values_needing_escapes_are_written_as_toml_reads_them(tmp_path: Path) -> None:
    tricky = 'say "hi" \\ and ‘this’'
    config = load_config(
        write(
            tmp_path,
            f"row_format = {json.dumps(tricky + ' {title}')}\n"
            f"[keys]\n{json.dumps('odd id')} = 'q'\n",
        )
    )
    assert [warning.key for warning in config.warnings] == []
    printed = tomllib.loads(config_toml(config))
    assert printed["row_format"] == tricky + " {title}"
    assert printed["keys"] == {"odd id": "q"}


@pytest.mark.parametrize(
    ("line", "key", "words"),
    [
        ("max_file_mb = true", "max_file_mb", "expected a number of megabytes, such as 5, not "
         "True (true or false); using 5"),
        ("fetch_timeout = 0", "fetch_timeout", "0 is not between 0 and 600 seconds; using 30"),
        ("hide_read = 'yes'", "hide_read", "expected true or false, not 'yes' (text); using "
         "false"),
        ("fetch_every = '10s'", "fetch_every", "'10s' is less than a minute; using fetching only "
         "when asked"),
        ("extensions = ['.md', 3]", "extensions", "expected a list of file name endings"),
    ],
)  # fmt: skip
def test_a_value_of_the_wrong_type_or_range_is_one_warning_and_the_rest_applies(
    tmp_path: Path, line: str, key: str, words: str
) -> None:
    config = load_config(write(tmp_path, f"{line}\nsort = 'title'\n"))
    assert [warning.key for warning in config.warnings] == [key]
    assert words in config.warnings[0].message
    assert config.source_of(key) == "default"
    assert config.sort is SortKey.TITLE
