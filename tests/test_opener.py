"""Choosing the browser command: $BROWSER, desktop openers, console browsers, or none."""

from __future__ import annotations

from pathlib import Path

from newsreader.core.opener import find_browser
from newsreader.text.urls import check_openable


def executable(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def test_browser_variable_with_placeholder_and_arguments(tmp_path: Path) -> None:
    firefox = executable(tmp_path, "firefox")
    environ = {"BROWSER": "firefox --new-tab %s", "PATH": str(tmp_path)}
    command = find_browser("https://a.example/", environ)
    assert command is not None
    assert command.argv == (str(firefox), "--new-tab", "https://a.example/")
    assert not command.in_terminal


def test_first_available_browser_entry_wins(tmp_path: Path) -> None:
    w3m = executable(tmp_path, "w3m")
    environ = {"BROWSER": "missing-browser:w3m", "PATH": str(tmp_path)}
    command = find_browser("https://a.example/", environ)
    assert command is not None
    assert command.argv == (str(w3m), "https://a.example/")
    assert command.in_terminal


def test_console_browser_on_path_without_a_desktop(tmp_path: Path) -> None:
    lynx = executable(tmp_path, "lynx")
    command = find_browser("https://a.example/", {"PATH": str(tmp_path)})
    assert command is not None and command.argv[0] == str(lynx) and command.in_terminal


def test_desktop_opener_when_a_display_is_set(tmp_path: Path) -> None:
    xdg = executable(tmp_path, "xdg-open")
    command = find_browser("https://a.example/", {"PATH": str(tmp_path), "DISPLAY": ":0"})
    assert command is not None and command.argv == (str(xdg), "https://a.example/")


def test_no_browser_at_all(tmp_path: Path) -> None:
    assert find_browser("https://a.example/", {"PATH": str(tmp_path), "BROWSER": "nope"}) is None


def test_url_is_one_argument_even_with_shell_syntax(tmp_path: Path) -> None:
    executable(tmp_path, "browser")
    check = check_openable("https://a.example/?q=$(rm -rf ~);echo `id`")
    assert check.url is not None
    command = find_browser(check.url, {"BROWSER": "browser", "PATH": str(tmp_path)})
    assert command is not None
    assert command.argv[1] == check.url
    assert " " not in check.url


def test_openable_urls() -> None:
    assert check_openable("https://a.example/x y").url == "https://a.example/x%20y"
    assert check_openable("HTTP://A.example/").url is not None
    for bad in (
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,hi",
        "https://a.example/\nrm -rf /",
        "ftp://a.example/",
        "https:///nohost",
        "-https://a.example/",
        "https://a.example/story...",
        None,
        "",
    ):
        assert check_openable(bad).url is None, bad
