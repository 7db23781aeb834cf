"""Command palette entries: every action with its key, go to an article, go to a topic."""

from __future__ import annotations

from functools import partial
from typing import Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from newsreader.core.library import Library
from newsreader.search.title_index import TitleIndex


def _literal(text: str) -> str:
    """`text` as help for a hit, shown as written.

    Textual reads a help string as markup (`[@click=...]` would run an action), but passes
    Content through unchanged: so Content goes in, typed as the string the field declares.
    """
    return cast(str, Content(text))


class PaletteSource(Protocol):
    """What the palette asks of the app: its actions, titles and topics, and where to go."""

    library: Library

    def palette_actions(self) -> list[tuple[str, str, str]]: ...

    def title_index(self) -> TitleIndex: ...

    def go_to_article(self, article_id: str) -> None: ...

    def go_to_topic(self, topic: str) -> None: ...


class ActionCommands(Provider):
    """Each key binding's action by its description, with the key shown as help."""

    def _commands(self) -> list[tuple[str, str, str]]:
        app = cast(PaletteSource, self.app)
        return app.palette_actions()

    async def discover(self) -> Hits:
        for description, key, action in self._commands():
            yield DiscoveryHit(Content(description), partial(self._run, action), help=_literal(key))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for description, key, action in self._commands():
            score = matcher.match(description)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(description),
                    partial(self._run, action),
                    help=_literal(key),
                )

    def _run(self, action: str) -> None:
        self.app.call_later(self.app.run_action, action)


class ArticleCommands(Provider):
    """ "Go to article: ..." over every title."""

    async def search(self, query: str) -> Hits:
        app = cast(PaletteSource, self.app)
        for match in app.title_index().search(query, limit=20):
            article = match.article
            yield Hit(
                match.score,
                Content("Go to article: ") + Content(article.title),
                partial(app.go_to_article, article.id),
                text=f"Go to article: {article.title}",
                help=_literal(article.provider_label) if article.provider_label else None,
            )


class TopicCommands(Provider):
    """ "Go to topic: ..." over every topic group."""

    async def search(self, query: str) -> Hits:
        app = cast(PaletteSource, self.app)
        matcher = self.matcher(query)
        for topic in app.library.topics():
            label = f"Go to topic: {topic}"
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, Content(label), partial(app.go_to_topic, topic), text=label)
