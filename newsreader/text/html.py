"""HTML in article files as text a reader can read: bodies as Markdown, short fields as plain text.

Sibling sites of the seeds' site write bodies as HTML (paragraphs, links, images, lists, forum
spans with inline styles) and put character references in titles and excerpts. A cheap look
for markup decides; only a text that holds some is parsed (newsreader.text.html_markdown).
"""

from __future__ import annotations

import re

from newsreader.text.entities import decode_entities
from newsreader.text.sanitize import clean_text

# Element names that make a text HTML. A known name, so that `<3`, `a < b`, `List<T>` and a
# Markdown autolink (`<https://...>`) are not taken for markup.
_ELEMENT_NAMES = (
    "a|abbr|address|article|aside|audio|b|big|blockquote|body|br|button|caption|center|cite"
    "|code|col|colgroup|dd|del|details|dfn|div|dl|dt|em|embed|figcaption|figure|font|footer"
    "|form|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|kbd|label|li|link|main|mark|meta"
    "|nav|noscript|object|ol|option|p|picture|pre|q|s|samp|script|section|select|small|source"
    "|span|strike|strong|style|sub|summary|sup|svg|table|tbody|td|template|textarea|tfoot|th"
    "|thead|time|title|tr|tt|u|ul|var|video|wbr"
)
_MARKUP = re.compile(rf"<(?:/?(?:{_ELEMENT_NAMES})(?=[\s/>])[^<>]*>|!--|!doctype\s)", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Whether the text holds HTML markup: an element of HTML by name, a comment or a doctype."""
    return "<" in text and _MARKUP.search(text) is not None


def readable_body(text: str) -> str:
    """A body as the reader shows it: HTML written as Markdown, references decoded, sanitised."""
    text = clean_text(text)
    if looks_like_html(text):
        from newsreader.text.html_markdown import html_to_markdown

        text = clean_text(html_to_markdown(text))
    elif "&" in text:
        text = clean_text(decode_entities(text))
    return text.strip()


def readable_field(text: str) -> str:
    """A title, excerpt or name as plain text: markup taken out, references decoded.

    Not yet sanitised when nothing needed doing: the caller cleans every field anyway.
    """
    if looks_like_html(text):
        from newsreader.text.html_markdown import html_to_plain_text

        return html_to_plain_text(clean_text(text))
    if "&" in text:
        return decode_entities(text)
    return text
