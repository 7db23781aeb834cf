"""Finding the user's browser and starting it on a URL, without a shell."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass

# Browsers that draw in the terminal: they need the terminal to themselves while they run.
CONSOLE_BROWSERS = frozenset(
    {"w3m", "lynx", "links", "links2", "elinks", "browsh", "carbonyl", "www-browser"}
)
_GRAPHICAL_OPENERS = ("xdg-open", "gio", "sensible-browser", "x-www-browser")


@dataclass(frozen=True, slots=True)
class BrowserCommand:
    """The exact argument list to run, and whether it takes over the terminal."""

    argv: tuple[str, ...]
    in_terminal: bool


def find_browser(url: str, environ: Mapping[str, str] | None = None) -> BrowserCommand | None:
    """The command that opens `url`: $BROWSER first, then the desktop's opener, then a
    console browser on PATH. None when there is no browser at all."""
    environ = os.environ if environ is None else environ
    for entry in environ.get("BROWSER", "").split(os.pathsep):
        command = _command_from_entry(entry, url, environ)
        if command is not None:
            return command
    if sys.platform == "darwin":
        return BrowserCommand(("open", url), in_terminal=False)
    has_display = environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY")
    if has_display:
        for opener in _GRAPHICAL_OPENERS:
            path = shutil.which(opener, path=environ.get("PATH"))
            if path:
                argv = (path, "open", url) if opener == "gio" else (path, url)
                return BrowserCommand(argv, in_terminal=False)
    for name in sorted(CONSOLE_BROWSERS):
        path = shutil.which(name, path=environ.get("PATH"))
        if path:
            return BrowserCommand((path, url), in_terminal=True)
    return None


def _command_from_entry(entry: str, url: str, environ: Mapping[str, str]) -> BrowserCommand | None:
    """One $BROWSER entry: a command with optional arguments, `%s` standing for the URL."""
    try:
        words = shlex.split(entry)
    except ValueError:
        return None
    if not words:
        return None
    program = shutil.which(words[0], path=environ.get("PATH"))
    if program is None:
        return None
    if any("%s" in word for word in words[1:]):
        arguments = [word.replace("%s", url) for word in words[1:]]
    else:
        arguments = [*words[1:], url]
    name = os.path.basename(words[0])
    return BrowserCommand((program, *arguments), in_terminal=name in CONSOLE_BROWSERS)


def start_detached(command: BrowserCommand) -> None:
    """Start a graphical browser in its own session, its output discarded.

    Raises OSError when it cannot be started.
    """
    subprocess.Popen(
        command.argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
    )


def run_in_terminal(command: BrowserCommand) -> int:
    """Run a console browser in the foreground and wait for it; its exit status."""
    return subprocess.run(command.argv, check=False).returncode
