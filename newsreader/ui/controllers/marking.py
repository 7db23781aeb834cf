"""Read, starred and tag marks made from the reader's keys: one article, the list shown, a
group, undone; the list (and, for tags, its layout) told of each change."""

from __future__ import annotations

from typing import Protocol

from newsreader.core.marks import StateStore
from newsreader.core.present import counted
from newsreader.model.records import Article
from newsreader.ui.controllers.host import ReaderHost
from newsreader.ui.screens.tag import TagScreen


class MarkingHost(ReaderHost, Protocol):
    """What marking asks of the app beyond what every controller does."""

    state: StateStore

    def marks_saved_later(self) -> None:
        """Some changes wait for another process's lock on the state file: say so."""
        ...

    def tell_sync_warnings(self) -> None: ...

    def tags_reshaped(self) -> None: ...

    def cancel_read_timer(self) -> None: ...


class Marking:
    """Marks from keys, with the list told and an undo for the marks made in bulk."""

    def __init__(self, app: MarkingHost) -> None:
        self._app = app
        # Each bulk change of read marks, newest last, for `u`.
        self._undo: list[list[str]] = []

    def set_read(self, article_ids: list[str], read: bool) -> list[str]:
        """Mark articles read or unread; the ids that changed."""
        changed = self._app.state.set_read(article_ids, read)
        if changed:
            self.marks_changed(changed)
            self._app.tell_sync_warnings()
        return changed

    def marks_changed(self, article_ids: list[str]) -> None:
        self._app.article_list.marks_changed(article_ids)
        if self._app.state.pending_count:
            self._app.marks_saved_later()

    def toggle_read(self) -> None:
        article = self._app.current_article
        if article is None:
            return
        self._app.cancel_read_timer()  # the reader's own choice wins over the timer
        self.set_read([article.id], not self._app.state.is_read(article.id))

    def toggle_star(self) -> None:
        article = self._app.current_article
        if article is not None:
            self._app.state.toggle_starred(article.id)
            self.marks_changed([article.id])
            self._app.tell_sync_warnings()

    def tag_dialog(self) -> tuple[TagScreen, Article] | None:
        """The dialog asking for a tag for the article shown, and that article (None, and a
        notice, when none is shown)."""
        article = self._app.current_article
        if article is None:
            self._app.notify("No article is highlighted.", severity="warning")
            return None
        state = self._app.state
        return TagScreen(article.title, state.tags_of(article.id), state.all_tags()), article

    def tag_chosen(self, article: Article, name: str | None) -> None:
        """Add the tag named in the dialog, or take it off when the article has it."""
        if name is None:
            return
        app = self._app
        try:
            tagged = app.state.toggle_tag(article.id, name)
        except ValueError as error:  # the dialog checks names; this is for a keymap's sake
            app.warn(str(error))
            return
        self.marks_changed([article.id])
        if article is app.current_article:
            app.article_view.show_tags(app.state.tags_of(article.id))
        app.notify(f"{'Tagged' if tagged else 'Untagged'} #{name}", markup=False)
        app.tell_sync_warnings()
        app.tags_reshaped()

    def mark_all_read(self) -> None:
        changed = self.set_read(self._app.article_list.article_ids(), True)
        if changed:
            self._undo.append(changed)
            self._app.notify(f"Marked {counted(len(changed), 'article')} read. Press u to undo.")
        else:
            self._app.notify("Everything shown is already read.")

    def mark_group_read(self) -> None:
        group = self._app.article_list.highlighted_group
        if group is None:
            return
        changed = self.set_read([article.id for article in group.articles], True)
        if changed:
            self._undo.append(changed)
            self._app.notify(
                f"Marked {counted(len(changed), 'article')} in {group.name} read. Press u to undo.",
                markup=False,
            )
        else:
            self._app.notify(f"Everything in {group.name} is already read.", markup=False)

    def undo(self) -> None:
        if not self._undo:
            self._app.notify("Nothing to undo.")
            return
        changed = self.set_read(self._undo.pop(), False)
        self._app.notify(f"Marked {counted(len(changed), 'article')} unread again.")
