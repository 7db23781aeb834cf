"""HTML written as Markdown (bodies) or as plain text (titles, excerpts, names).

BeautifulSoup parses the markup with lxml's HTML parser, which reads character references in
attribute values as browsers do (`&region=` in a link stays as it is); markdownify writes the
tree as Markdown, so the reader's Markdown rendering and its numbered links apply to HTML
bodies as they stand. newsreader.text.html imports this module on the first HTML it meets:
the three libraries take a tenth of a second to import, which a collection without HTML
should not pay at start-up.
"""

from __future__ import annotations

import re
from typing import Any

import lxml.html
from bs4 import BeautifulSoup
from lxml import etree
from markdownify import MarkdownConverter

from newsreader.text.body import markdown_link
from newsreader.text.urls import check_openable, tidy_url

# Elements whose content is not text to read: code, styling, embedded players, forms. (The
# Markdown writer below leaves out each of them by name too.)
_DROPPED_ELEMENTS = (
    "applet",
    "button",
    "canvas",
    "embed",
    "form",
    "frame",
    "frameset",
    "head",
    "iframe",
    "input",
    "map",
    "noscript",
    "object",
    "script",
    "select",
    "style",
    "svg",
    "template",
    "textarea",
    "title",
)
# Markup with more elements than this (real bodies have a few hundred) is read for its words
# alone: parsing with BeautifulSoup and writing Markdown take about 25 µs an element, and a
# file of the largest size read can hold a million.
MAX_CONVERTED_ELEMENTS = 10_000
_SPACE_RUN = re.compile(r"(?<=\S)[ \t\xa0]{2,}(?=\S)")
_NO_BREAK_SPACE = re.compile(r"[\xa0\u202f]")
_BLANK_LINES = re.compile(r"\n{3,}")
# How Markdown writes a line break (`<br>`): two spaces at the end of the line.
_HARD_BREAK = "  "


def html_to_markdown(markup: str) -> str:
    """HTML as Markdown: paragraphs, headings, lists and emphasis kept, links as Markdown links
    (http and https only), images as `[image: alt]` lines, everything that is not text left out.
    """
    return _convert(markup, _MarkdownWriter())


def html_to_plain_text(markup: str) -> str:
    """HTML as plain text: its paragraphs and list items on lines of their own, nothing else."""
    return _convert(markup, _PlainWriter())


def _convert(markup: str, writer: MarkdownConverter) -> str:
    if markup.count("<") > MAX_CONVERTED_ELEMENTS:
        return _tidy(_words_only(markup))
    # lxml's parser keeps comments, and `<?php ... ?>`, as comments, which markdownify skips.
    soup = BeautifulSoup(markup, "lxml")
    try:
        text = writer.convert_soup(soup)
    except RecursionError:
        # Nested deeper than the converter can follow (only a hostile file is): the words.
        for element in soup.find_all(_DROPPED_ELEMENTS):
            element.decompose()
        text = soup.get_text("\n")
    return _tidy(text)


def _words_only(markup: str) -> str:
    """The text of the markup, a line for each piece, read by lxml alone (a second for
    megabytes of elements, where BeautifulSoup and markdownify would take a minute)."""
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        document = lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError):
        return ""
    etree.strip_elements(document, *_DROPPED_ELEMENTS, with_tail=False)
    return "\n".join(document.itertext())


def _tidy(text: str) -> str:
    """Runs of spaces (from `&nbsp;` and indented source) as one; at most one blank line."""
    text = _NO_BREAK_SPACE.sub(" ", text)
    text = _SPACE_RUN.sub(" ", text)
    lines = text.split("\n")
    for index, line in enumerate(lines[:-1]):
        # A line break kept (`<br>`) only where a line of text follows it.
        if line.endswith(_HARD_BREAK) and line.strip() and lines[index + 1].strip():
            lines[index] = line.rstrip() + _HARD_BREAK
        else:
            lines[index] = line.rstrip()
    text = "\n".join(lines)
    return _BLANK_LINES.sub("\n\n", text).strip()


def _bracket_free(text: str) -> str:
    """Text for inside `[...]`: on one line, with its own square brackets made round."""
    return " ".join(text.split()).replace("[", "(").replace("]", ")")


def _is_tracking_pixel(image: Any) -> bool:
    sizes = [image.get("width"), image.get("height")]
    return all(isinstance(size, str) and size.strip() in ("0", "1", "1px") for size in sizes)


def _image_label(image: Any) -> str:
    alt = _bracket_free(str(image.get("alt") or image.get("title") or ""))
    return f"image: {alt}" if alt else "image"


class _MarkdownWriter(MarkdownConverter):
    """markdownify set for reading: ATX headings, `-` bullets, no escapes in the words (the
    body is searched and counted as it is written), and links and images as described above."""

    def _nothing(self, el: Any, text: str, parent_tags: set[str]) -> str:
        return ""

    # The elements of _DROPPED_ELEMENTS, by markdownify's names for their writers.
    convert_applet = convert_button = convert_canvas = convert_embed = convert_form = _nothing
    convert_frame = convert_frameset = convert_head = convert_iframe = convert_input = _nothing
    convert_map = convert_noscript = convert_object = convert_script = convert_select = _nothing
    convert_style = convert_svg = convert_template = convert_textarea = convert_title = _nothing

    def __init__(self) -> None:
        super().__init__(
            heading_style="atx", bullets="-", escape_asterisks=False, escape_underscores=False
        )
        # The number of each item of a numbered list, by the item's identity.
        self._item_numbers: dict[int, int] = {}

    def convert_li(self, el: Any, text: str, parent_tags: set[str]) -> str:
        parent = el.parent
        if parent is None or parent.name != "ol":
            return str(super().convert_li(el, text, parent_tags))  # type: ignore[misc]
        # markdownify counts an item's earlier siblings for its number, which takes time
        # growing with the square of a list's length; here each list is counted once.
        if id(el) not in self._item_numbers:
            start = str(parent.get("start") or "1").strip()
            first = int(start) if start.isdigit() and len(start) < 10 else 1
            items = parent.find_all("li", recursive=False)
            self._item_numbers.update({id(item): first + n for n, item in enumerate(items)})
        text = text.strip()
        if not text:
            return "\n"
        bullet = f"{self._item_numbers[id(el)]}. "
        indent = " " * len(bullet)
        lines = text.split("\n")
        rest = [indent + line if line else "" for line in lines[1:]]
        return "\n".join([bullet + lines[0], *rest]) + "\n"

    def convert_a(self, el: Any, text: str, parent_tags: set[str]) -> str:
        url = tidy_url(str(el.get("href") or ""))
        if "_noformat" in parent_tags or not text.strip() or not check_openable(url).ok:
            return text
        prefix = " " if text[:1].isspace() else ""
        suffix = " " if text[-1:].isspace() else ""
        return f"{prefix}{markdown_link(text, url)}{suffix}"

    def convert_img(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if _is_tracking_pixel(el):
            return ""
        label = _image_label(el)
        if "a" in parent_tags:
            return label  # the words of the link it stands in
        if "_inline" in parent_tags:
            return f"[{label}]"  # in a heading or a table cell
        return f"\n\n[{label}]\n\n"


class _PlainWriter(_MarkdownWriter):
    """The same reading of the markup, written without Markdown: for one-line fields and
    excerpts, which are shown as they are."""

    def convert_a(self, el: Any, text: str, parent_tags: set[str]) -> str:
        return text

    def convert_img(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "a" in parent_tags and not _is_tracking_pixel(el):
            return f"[{_image_label(el)}]"
        return super().convert_img(el, text, parent_tags)

    def convert_hN(self, n: int, el: Any, text: str, parent_tags: set[str]) -> str:
        return f"\n\n{text.strip()}\n\n"

    def _words(self, el: Any, text: str, parent_tags: set[str]) -> str:
        return text

    convert_b = convert_strong = convert_em = convert_i = _words
    convert_code = convert_kbd = convert_samp = convert_del = convert_s = _words
    convert_sub = convert_sup = _words

    def convert_br(self, el: Any, text: str, parent_tags: set[str]) -> str:
        return "\n" + text
