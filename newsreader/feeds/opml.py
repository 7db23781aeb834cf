"""OPML subscription lists: read (outline groups become topics) and written.

Read with the standard library's expat parser, which never fetches external entities; a file
that declares entities of its own is refused, as feeds that do are.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence

from newsreader.feeds.http import check_fetchable
from newsreader.feeds.subscriptions import Subscription
from newsreader.text.sanitize import clean_line

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
MAX_DEPTH = 20


class OpmlError(ValueError):
    """An OPML file that cannot be read; the message says why."""


def read_opml(data: bytes) -> tuple[list[Subscription], list[str]]:
    """The feeds an OPML file lists, and a note for each outline left out (and why).

    An outline with an `xmlUrl` is a feed; the titles of the outlines it is nested in (its
    groups) become its topics.
    """
    if _ENTITY_DECLARATION.search(data):
        raise OpmlError("the file declares XML entities (refused)")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise OpmlError(f"not well-formed XML ({error})") from None
    if root.tag != "opml":
        raise OpmlError(f"not OPML (the document is <{clean_line(root.tag)[:40]}>)")
    body = root.find("body")
    if body is None:
        raise OpmlError("no <body> in the OPML file")
    found: dict[str, Subscription] = {}
    notes: list[str] = []
    _walk(body, (), found, notes)
    return list(found.values()), notes


def _walk(
    element: ElementTree.Element,
    groups: tuple[str, ...],
    found: dict[str, Subscription],
    notes: list[str],
) -> None:
    for outline in element.findall("outline"):
        title = clean_line(outline.get("title") or outline.get("text") or "")[:200]
        url = clean_line(outline.get("xmlUrl") or "")
        if url:
            refusal = check_fetchable(url)
            if refusal is not None:
                notes.append(f"{url}: {refusal}; left out")
            elif url not in found:
                found[url] = Subscription(url=url, title=title, topics=groups)
        elif len(groups) < MAX_DEPTH:
            _walk(outline, (*groups, title) if title else groups, found, notes)


def write_opml(subscriptions: Sequence[Subscription], title: str = "newsreader feeds") -> str:
    """An OPML 2.0 document listing `subscriptions`, nested in outlines named by their topics."""
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = title
    body = ElementTree.SubElement(root, "body")
    groups: dict[tuple[str, ...], ElementTree.Element] = {(): body}
    for subscription in subscriptions:
        path: tuple[str, ...] = ()
        for topic in subscription.topics:
            parent = groups[path]
            path = (*path, topic)
            if path not in groups:
                groups[path] = ElementTree.SubElement(parent, "outline", text=topic, title=topic)
        parent = groups[path]
        name = subscription.title or subscription.url
        ElementTree.SubElement(
            parent, "outline", type="rss", text=name, title=name, xmlUrl=subscription.url
        )
    ElementTree.indent(root)
    document: str = ElementTree.tostring(root, encoding="unicode", xml_declaration=False)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + document + "\n"
