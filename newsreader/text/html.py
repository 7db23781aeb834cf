"""Text from article files as a reader should see it: character references decoded, sanitised.

Sibling sites of the seeds' site put character references (`&#8216;`, `&amp;`) in titles,
excerpts and bodies; they are decoded as the files load, so that the word count, search and
everything else see the characters.
"""

from __future__ import annotations

from newsreader.text.entities import decode_entities
from newsreader.text.sanitize import clean_text


def readable_body(text: str) -> str:
    """A body as the reader shows it: references decoded, sanitised."""
    text = clean_text(text)
    if "&" in text:
        text = clean_text(decode_entities(text))
    return text.strip()


def readable_field(text: str) -> str:
    """A title, excerpt or name with its references decoded.

    Not yet sanitised: the caller cleans every field anyway.
    """
    return decode_entities(text)
