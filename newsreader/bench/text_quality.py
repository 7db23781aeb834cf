"""How well reader mode finds an article's text: word-level F1 against expected text.

`python -m newsreader.bench.text_quality DIR` (or `python -m newsreader.bench --text-pages
DIR`) reads real pages with their expected text and prints, for each extraction method, the F1
of every page, the mean, the pages under 0.8, and the time per page. DIR is laid out as
newspaper4k's source distribution ships its test data (`pip download --no-binary :all:
--no-deps newspaper4k`, then DIR is the unpacked `tests/data`):

    DIR/html/NAME.html          the page as downloaded
    DIR/metadata/NAME.json      expected text under the key "text" (used when not empty)
    DIR/txt/NAME.txt            expected text (used otherwise)

Pages without expected text are left out. F1 is computed over bags of words: casefolded (NFKC),
punctuation and symbols taken out, split at white space; in scripts written without spaces
between words (Chinese, Japanese, Thai, Burmese, Khmer, Lao, Korean's Hangul) each character,
with its combining marks, counts as a word. The text scored is what `newsreader text` prints
when output is not a terminal (Markdown's link syntax taken out).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsreader.feeds.extract import extract_with

METHODS = ("trafilatura-default", "trafilatura-recall", "trafilatura", "readability", "combined")
METHOD_LABELS = {
    "trafilatura-default": "trafilatura, default",
    "trafilatura-recall": "trafilatura, favor_recall",
    "trafilatura": "trafilatura, favor_precision",
    "readability": "readability-lxml",
    "combined": "combined (newsreader's rule)",
}
LOW_F1 = 0.8
_NO_SPACE_SCRIPTS = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)


@dataclass(frozen=True, slots=True)
class Page:
    name: str
    html: str
    expected: str


@dataclass(frozen=True, slots=True)
class Score:
    name: str
    f1: float
    seconds: float


def words(text: str) -> Counter[str]:
    """The bag of words F1 compares (see the module's docstring)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    spaced = "".join(
        " " if unicodedata.category(character)[0] in "PSZC" else character for character in folded
    )
    bag: Counter[str] = Counter()
    for word in spaced.split():
        if not _NO_SPACE_SCRIPTS.search(word):
            bag[word] += 1
            continue
        current = ""
        for character in word:
            if current and unicodedata.category(character).startswith("M"):
                current += character
                continue
            if current:
                bag[current] += 1
            current = character
        if current:
            bag[current] += 1
    return bag


def f1_score(found: str, expected: str) -> float:
    """Word-level F1 of `found` against `expected`: 1.0 for the same words, 0.0 for none."""
    got, wanted = words(found), words(expected)
    common = sum((got & wanted).values())
    if not common:
        return 0.0
    precision = common / sum(got.values())
    recall = common / sum(wanted.values())
    return 2 * precision * recall / (precision + recall)


def read_pages(folder: Path) -> list[Page]:
    """Every page in `folder/html` that has expected text."""
    pages: list[Page] = []
    for html_file in sorted((folder / "html").glob("*.html")):
        name = html_file.stem
        expected = ""
        metadata = folder / "metadata" / f"{name}.json"
        if metadata.is_file():
            expected = json.loads(metadata.read_text(encoding="utf-8")).get("text") or ""
        text_file = folder / "txt" / f"{name}.txt"
        if not expected.strip() and text_file.is_file():
            expected = text_file.read_text(encoding="utf-8")
        if expected.strip():
            html = html_file.read_bytes().decode("utf-8", errors="replace")
            pages.append(Page(name, html, expected))
    return pages


def score_method(method: str, pages: Sequence[Page]) -> list[Score]:
    scores: list[Score] = []
    for page in pages:
        started = time.perf_counter()
        extracted = extract_with(method, page.html)
        seconds = time.perf_counter() - started
        found = extracted.plain if extracted is not None else ""
        scores.append(Score(page.name, f1_score(found, page.expected), seconds))
    return scores


def render(results: dict[str, list[Score]]) -> str:
    """A summary table (one row per method) and a table of every page's F1."""
    lines = [
        "| Method | Mean F1 | Pages under 0.8 | Lowest | Time per page (mean / max) |",
        "|---|---|---|---|---|",
    ]
    for method, scores in results.items():
        f1s = [score.f1 for score in scores]
        times = [score.seconds for score in scores]
        lines.append(
            f"| {METHOD_LABELS[method]} | {statistics.fmean(f1s):.3f} | "
            f"{sum(f1 < LOW_F1 for f1 in f1s)} | {min(f1s):.3f} | "
            f"{statistics.fmean(times) * 1000:.0f} / {max(times) * 1000:.0f} ms |"
        )
    methods = list(results)
    lines += ["", "| Page | " + " | ".join(METHOD_LABELS[m] for m in methods) + " |"]
    lines.append("|---" * (len(methods) + 1) + "|")
    names = [score.name for score in next(iter(results.values()))]
    for index, name in enumerate(names):
        cells = " | ".join(f"{results[method][index].f1:.3f}" for method in methods)
        lines.append(f"| {name} | {cells} |")
    return "\n".join(lines)


def run(folder: Path, methods: Sequence[str] = METHODS) -> int:
    pages = read_pages(folder)
    if not pages:
        print(f"no pages with expected text in {folder}/html", file=sys.stderr)
        return 1
    # One page extracted before timing, so that imports and first-use set-up are not counted.
    extract_with("combined", pages[0].html)
    results = {method: score_method(method, pages) for method in methods}
    print(f"{len(pages)} pages with expected text from {folder}")
    print()
    print(render(results))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newsreader.bench.text_quality",
        description="Word-level F1 of reader mode's text extraction on real pages.",
    )
    parser.add_argument("folder", type=Path, metavar="DIR", help="html/, metadata/, txt/")
    parser.add_argument(
        "--method", action="append", choices=METHODS, help="only these methods (repeatable)"
    )
    arguments = parser.parse_args(argv)
    return run(arguments.folder, arguments.method or METHODS)


if __name__ == "__main__":
    sys.exit(main())
