"""Opening a URL from the app: validated, without a shell, never freezing the screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App, SuspendNotSupported

from newsreader.core.opener import BrowserCommand, find_browser, run_in_terminal, start_detached
from newsreader.text.urls import check_openable


def open_in_browser(
    app: App[Any],
    url: str | None,
    configured: Callable[[str], BrowserCommand | None] | None = None,
) -> bool:
    """Open an http(s) URL in the user's browser; refuse anything else and say why.

    `configured` gives the command the config file names, if any; otherwise $BROWSER and the
    platform's choice. True when a browser was started (or handed the terminal).
    """
    check = check_openable(url)
    if check.url is None:
        app.notify(f"Not opened: {check.refusal}.", severity="warning", markup=False)
        return False
    command = (configured(check.url) if configured else None) or find_browser(check.url)
    if command is None:
        app.copy_to_clipboard(check.url)
        app.notify(
            f"No browser found. The URL was copied to the clipboard:\n{check.url}",
            severity="warning",
            timeout=10,
            markup=False,
        )
        return False
    if command.in_terminal:
        return _run_console_browser(app, command)
    app.run_worker(
        lambda: _start_browser(app, command, check.url or ""),
        thread=True,
        group="browser",
        description="start the browser",
    )
    return True


def _run_console_browser(app: App[object], command: BrowserCommand) -> bool:
    try:
        with app.suspend():
            run_in_terminal(command)
    except SuspendNotSupported:
        app.notify("This terminal cannot hand over to a console browser.", severity="error")
        return False
    except OSError as error:
        app.notify(f"The browser could not start: {error}", severity="error", markup=False)
        return False
    return True


def _start_browser(app: App[object], command: BrowserCommand, url: str) -> None:
    # Runs in a thread: a graphical browser can take a moment to start.
    try:
        start_detached(command)
    except OSError as error:
        app.call_from_thread(
            app.notify, f"The browser could not start: {error}", severity="error", markup=False
        )
        return
    app.call_from_thread(app.notify, f"Opened {url}", timeout=3, markup=False)
