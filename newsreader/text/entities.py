"""HTML character references (`&amp;`, `&#8217;`, `&#x2019;`) in text from article files."""

from __future__ import annotations

import html
import re

# Only references written out in full, with their semicolon, as CommonMark reads them. HTML's
# legacy forms without one (`&copy`, `&reg`) would turn a URL's `&region=us` into `®ion=us`.
_REFERENCE = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_entities(text: str) -> str:
    """The text with its character references replaced by the characters they stand for.

    What comes out can hold control characters (`&#27;`): sanitise it afterwards.
    """
    if "&" not in text:
        return text
    return _REFERENCE.sub(_character, text)


def _character(match: re.Match[str]) -> str:
    return html.unescape(match.group())
