"""The article's file itself: shown as it is (`v`), or handed to the user's editor (`e`) and
read again when the editor exits."""

from __future__ import annotations

import subprocess
from contextlib import AbstractContextManager
from typing import Protocol

from textual.app import SuspendNotSupported

from newsreader.core.source_file import editor_command, raw_text
from newsreader.model.records import Article
from newsreader.ui.controllers.folder_following import FolderFollowing
from newsreader.ui.controllers.host import ReaderHost


class EditingHost(ReaderHost, Protocol):
    """What editing asks of the app beyond what every controller does."""

    folder_following: FolderFollowing

    def suspend(self) -> AbstractContextManager[None]: ...


def toggle_raw(app: ReaderHost) -> None:
    """Show the highlighted article's file as it is on disk, or the article again."""
    view = app.article_view
    if view.showing_raw:
        view.show_raw(None)
    elif app.current_article is not None:
        view.show_raw(raw_text(app.current_article.source))


def edit(app: EditingHost, article: Article | None) -> None:
    """Open the article's file in $VISUAL or $EDITOR, the reader suspended meanwhile."""
    if article is None:
        return
    command = editor_command(article.source)
    if command is None:
        app.notify("Set $EDITOR (or $VISUAL) to edit files.", severity="warning")
        return
    try:
        with app.suspend():
            subprocess.run(command, check=False)
    except SuspendNotSupported:
        app.notify("This terminal cannot hand over to an editor.", severity="error")
        return
    except OSError as error:
        app.warn(f"The editor could not start: {error}", severity="error")
        return
    app.folder_following.reload_file(article.source)
