"""Command palette entries: every action with its key, go to an article, go to a topic."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

if TYPE_CHECKING:
    from newsreader.ui.app import NewsreaderApp


class ActionCommands(Provider):
    """Each key binding's action by its description, with the key shown as help."""

    def _commands(self) -> list[tuple[str, str, str]]:
        app = cast("NewsreaderApp", self.app)
        return app.palette_actions()

    async def discover(self) -> Hits:
        for description, key, action in self._commands():
            yield DiscoveryHit(Content(description), partial(self._run, action), help=key)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for description, key, action in self._commands():
            score = matcher.match(description)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(description), partial(self._run, action), help=key
                )

    def _run(self, action: str) -> None:
        self.app.call_later(self.app.run_action, action)


class ArticleCommands(Provider):
    """ "Go to article: ..." over every title."""

    async def search(self, query: str) -> Hits:
        app = cast("NewsreaderApp", self.app)
        for match in app.title_index().search(query, limit=20):
            article = match.article
            yield Hit(
                match.score,
                Content("Go to article: ") + Content(article.title),
                partial(app.go_to_article, article.id),
                text=f"Go to article: {article.title}",
                help=article.provider_label or None,
            )


class TopicCommands(Provider):
    """ "Go to topic: ..." over every topic group."""

    async def search(self, query: str) -> Hits:
        app = cast("NewsreaderApp", self.app)
        matcher = self.matcher(query)
        for topic in app.store.topics():
            label = f"Go to topic: {topic}"
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, Content(label), partial(app.go_to_topic, topic), text=label)
