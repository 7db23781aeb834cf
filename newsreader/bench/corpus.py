"""A synthetic folder of article files shaped like the site's, for benchmarks and tests.

`write_corpus(root, count, seed)` writes `count` files under `root/YYYY/MM/`: about 70% front
matter with no body, 10% front matter and a body, 20% body-only text, with the field sizes and
the quirks that FORMAT.md describes (quoted and unquoted dates, offsets, missing originalUrl,
`&#038;` and spaces in URLs, non-ASCII text, escaped quotes, files ending right after `---`).
Every file is meant to load as an article without a problem; the same seed gives the same files.

Text is drawn from pools built once from a fixed seed, so 100,000 files take seconds to make.
"""

from __future__ import annotations

import base64
import random
import re
from dataclasses import dataclass
from pathlib import Path

from newsreader.bench.corpus_words import (
    BOILERPLATE_ENDINGS,
    BOILERPLATE_OPENINGS,
    KOREAN_PROVIDERS,
    NAMES,
    OUTLET_PLACES,
    OUTLET_WORDS,
    TOPIC_FIELDS,
    TOPIC_SUBJECTS,
    TOPICS_PLAIN,
    UNKNOWN_KEYS,
    WELL_KNOWN_PROVIDERS,
    WORDS,
)

FRONT_MATTER_ONLY = "front matter only"
FRONT_MATTER_AND_BODY = "front matter and body"
BODY_ONLY = "body only"
# Shares of the three shapes, in the order above.
SHAPE_WEIGHTS = (70, 10, 20)

# The corpus shapes: "generated" gives every file 0-15 related stories, evenly, and bodies of
# 2-8 KB; "real" follows the real files, where most have a few related stories or none and
# bodies are shorter, so a file costs about as much to parse as a real one.
GENERATED, REAL = "generated", "real"
CORPUS_SHAPES = (GENERATED, REAL)
# How many related stories a file of the real shape has, and how often.
_REAL_RELATED_COUNTS = (0, 1, 2, 3, 4, 6, 10)
_REAL_RELATED_WEIGHTS = (30, 20, 17, 13, 10, 7, 3)

# Everything made from these pools is the same for every corpus seed, which keeps the pools
# cheap to build once while the per-file choices follow the corpus seed.
_POOL_SEED = 20231006


@dataclass(frozen=True, slots=True)
class Corpus:
    """What `write_corpus` made: the files in the order written, and how many of each shape."""

    root: Path
    files: tuple[Path, ...]
    shapes: dict[str, int]

    def __len__(self) -> int:
        return len(self.files)


class _Pools:
    """Words, sentences, topics and providers, made once from a fixed seed."""

    def __init__(self) -> None:
        rng = random.Random(_POOL_SEED)
        self.words = WORDS
        self.title_words = [word.capitalize() for word in WORDS] + NAMES
        self.sentences = [self._sentence(rng) for _ in range(4000)]
        self.topics = self._topics()
        self.providers = self._providers(rng)
        self.related: list[str] = []

    def _sentence(self, rng: random.Random) -> str:
        words = rng.choices(self.words, k=rng.randint(8, 26))
        roll = rng.random()
        if roll < 0.08:
            words.insert(rng.randrange(len(words)), rng.choice(NAMES))
        elif roll < 0.14:
            words.insert(rng.randrange(len(words)), "—")
        elif roll < 0.20:
            at = rng.randrange(len(words) - 2)
            words[at] = "“" + words[at]
            words[at + 2] += "”"
        elif roll < 0.24:
            words[0] = "AI’s"
        return " ".join(words).capitalize() + rng.choice(".....?!")

    @staticmethod
    def _topics() -> list[str]:
        topics = list(TOPICS_PLAIN)
        for subject in TOPIC_SUBJECTS:
            for field in TOPIC_FIELDS[:20]:
                topics.append(f"{subject} in {field}")
        return topics

    @staticmethod
    def _providers(rng: random.Random) -> list[tuple[str, str]]:
        made = [
            (f"{place} {outlet}", f"{place}{outlet}.example".lower())
            for place in OUTLET_PLACES
            for outlet in OUTLET_WORDS
        ]
        chosen = rng.sample(made, 400 - len(KOREAN_PROVIDERS) - len(WELL_KNOWN_PROVIDERS))
        return WELL_KNOWN_PROVIDERS + KOREAN_PROVIDERS + chosen


# Related stories recur across files on the real site; a fixed pool of them keeps files cheap.
RELATED_POOL_SIZE = 3000

_pools: _Pools | None = None
_NOT_SLUG = re.compile(r"[^0-9a-z]+")


def _get_pools() -> _Pools:
    global _pools
    if _pools is None:
        _pools = _Pools()
        maker = _Writer(_POOL_SEED, _pools)
        _pools.related = [maker.related_item() for _ in range(RELATED_POOL_SIZE)]
    return _pools


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _slug(title: str) -> str:
    """The URL path a site would make from a title: ASCII words joined by hyphens."""
    return "-".join(_NOT_SLUG.sub(" ", title.lower()).split()[:8])


def _amp(url: str) -> str:
    return url.split("?", 1)[0] + "amp/"


class _Writer:
    """Makes the text of one file after another from one seeded random generator."""

    def __init__(self, seed: int, pools: _Pools | None = None, shape: str = GENERATED) -> None:
        self.rng = random.Random(seed)
        self.pools = pools or _get_pools()
        self.real = shape == REAL

    # Pieces -----------------------------------------------------------------------------

    def title(self, low: int = 40, high: int = 110) -> str:
        rng = self.rng
        text = " ".join(rng.choices(self.pools.title_words, k=18))
        limit = rng.randint(low, high)
        if rng.random() < 0.05:
            # Truncated mid-word, as some feeds do.
            return text[:limit].rstrip()
        cut = text.rfind(" ", 0, limit)
        return text[: cut if cut >= low else limit].rstrip()

    def prose(self, low: int, high: int) -> str:
        """Sentences until the text is between `low` and `high` characters long."""
        target = self.rng.randint(low, high)
        parts: list[str] = []
        length = 0
        while length < target:
            sentence = self.rng.choice(self.pools.sentences)
            parts.append(sentence)
            length += len(sentence) + 1
        return " ".join(parts)[:high].rstrip()

    def body_size(self) -> tuple[int, int]:
        """The range of a body's size in bytes, for the corpus shape."""
        return (800, 4096) if self.real else (2048, 8192)

    def body(self, low: int = 2048, high: int = 8192) -> str:
        """Paragraphs and the odd bulleted list, between `low` and `high` bytes or so."""
        rng = self.rng
        target = rng.randint(low, high)
        paragraphs: list[str] = []
        length = 0
        while length < target:
            if rng.random() < 0.12:
                items = rng.choices(self.pools.sentences, k=rng.randint(3, 6))
                paragraph = "\n".join(f"- {item}" for item in items)
            else:
                paragraph = " ".join(rng.choices(self.pools.sentences, k=rng.randint(2, 7)))
            paragraphs.append(paragraph)
            length += len(paragraph.encode("utf-8")) + 2
        return "\n\n".join(paragraphs)

    def published(self, year: int, month: int) -> tuple[str, str]:
        """A publishedDateTime value as written in a file, and the folder it goes in."""
        rng = self.rng
        day, hour, minute = rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59)
        stamp = f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00"
        roll = rng.random()
        if roll < 0.70:
            value = stamp + "Z"
        elif roll < 0.85:
            value = _quoted(stamp + "Z")
        elif roll < 0.95:
            value = stamp + rng.choice(("-08:00", "-05:00", "+01:00", "+09:00"))
        else:
            value = _quoted(stamp + rng.choice(("-07:00", "+05:30")))
        # The file's folder can disagree with its date: trust the field.
        if rng.random() < 0.03:
            month = month % 12 + 1
        return value, f"{year}/{month:02d}"

    def url(self, domain: str, slug: str, year: int, month: int) -> str:
        rng = self.rng
        url = f"https://{domain}/{year}/{month:02d}/{slug}/"
        roll = rng.random()
        if roll < 0.10:
            url += f"?utm_source=feed&#038;utm_medium=rss&#038;id={rng.getrandbits(24)}"
        elif roll < 0.12:
            url = url.replace("/" + slug, "/" + slug.replace("-", " ", 1), 1)
        return url

    def images(self, domain: str, indent: str) -> str:
        rng = self.rng
        lines = [f"{indent}images:\n"]
        for _ in range(rng.randint(1, 2)):
            width, height = rng.choice(((1200, 800), (800, 400), (270, 203), (1050, 1008)))
            lines.append(
                f'{indent}  - url: "https://{domain}/wp-content/uploads/'
                f'{rng.getrandbits(40):x}.jpg?resize={width},{height}"\n'
                f"{indent}    width: {width}\n{indent}    height: {height}\n"
                f"{indent}    isCached: true\n"
            )
            if rng.random() < 0.2:
                lines.append(f"{indent}    title: {_quoted(self.title(20, 60))}\n")
        return "".join(lines)

    def provider_block(self, name: str, domain: str) -> str:
        rng = self.rng
        shown_domain = "" if rng.random() < 0.03 else domain
        text = f"provider:\n  name: {name}\n  domain: {shown_domain}\n"
        if rng.random() < 0.6:
            logo = (
                f"/assets/images/organizations/{domain}-50x50.jpg"
                if rng.random() < 0.3
                else f"https://everyday-cc.github.io/ai/assets/images/organizations/{domain}.jpg"
            )
            text += f'  images:\n    - url: "{logo}"\n      width: 50\n      height: 50\n'
        return text

    def related_item(self) -> str:
        """One entry of a `related:` list."""
        rng = self.rng
        name, domain = rng.choice(self.pools.providers)
        title = self.title()
        year, month = rng.randint(2019, 2024), rng.randint(1, 12)
        value, _folder = self.published(year, month)
        url = self.url(domain, _slug(title), year, month)
        parts = [
            f"  - title: {_quoted(title)}\n"
            f"    excerpt: {_quoted(self.prose(150, 300))}\n"
            f"    publishedDateTime: {value}\n"
            f"    webUrl: {_quoted(url)}\n"
        ]
        if rng.random() < 0.3:
            parts.append(f"    ampWebUrl: {_quoted(_amp(url))}\n")
        parts.append("    type: article\n")
        if rng.random() < 0.5:
            parts.append(f"    provider: {{name: {name}, domain: {domain}}}\n")
        else:
            parts.append(f"    provider:\n      name: {name}\n      domain: {domain}\n")
        parts.append(f"    quality: {rng.randint(10, 150)}\n")
        if rng.random() < 0.7:
            parts.append(self.images(domain, "    "))
        return "".join(parts)

    def related(self) -> str:
        if self.real:
            count = self.rng.choices(_REAL_RELATED_COUNTS, weights=_REAL_RELATED_WEIGHTS)[0]
        else:
            count = self.rng.randint(0, 15)
        if count == 0:
            return ""
        return "related:\n" + "".join(self.rng.sample(self.pools.related, count))

    def secured(self) -> str:
        rng = self.rng
        blob = base64.b64encode(rng.randbytes(rng.randint(300, 900))).decode("ascii")
        key = base64.b64encode(rng.randbytes(16)).decode("ascii")
        return f'secured: "{blob};{key}"\n'

    # Files ------------------------------------------------------------------------------

    def front_matter(self, year: int, month: int, body: str) -> tuple[str, str]:
        """A front matter file (with `body` after it, maybe empty) and its folder."""
        rng = self.rng
        title = self.title()
        if rng.random() < 0.05:
            words = title.split()
            at = rng.randrange(len(words))
            words[at] = f'"{words[at]}"'
            title = " ".join(words)
        name, domain = rng.choice(self.pools.providers)
        published, folder = self.published(year, month)
        url = self.url(domain, _slug(title), year, month)
        older = rng.random() < 0.15
        lines = [
            "---\n",
            "category: news\n",
            f"title: {_quoted(title)}\n",
            f"excerpt: {_quoted(self.prose(150, 300))}\n",
            f"publishedDateTime: {published}\n",
        ]
        if older:
            # Older files: no originalUrl, quality, heat or published; URLs unquoted.
            lines.append(f"webUrl: {url.replace(' ', '-')}\n")
        else:
            web_url = (
                url
                if rng.random() < 0.9
                else f"https://news.aggregator.example/r/{rng.getrandbits(48):012x}"
            )
            lines.append(f"originalUrl: {_quoted(url)}\n")
            lines.append(f"webUrl: {_quoted(web_url)}\n")
            if rng.random() < 0.4:
                lines.append(f"ampWebUrl: {_quoted(_amp(url))}\n")
        lines.append("type: article\n")
        if not older:
            heat = -1 if rng.random() < 0.6 else rng.randint(0, 120)
            lines.append(f"quality: {rng.randint(0, 200)}\nheat: {heat}\npublished: false\n")
        if rng.random() < 0.05:
            lines.append("   \n")
        if rng.random() < 0.10:
            lines.append(rng.choice(UNKNOWN_KEYS) + "\n")
        lines.append("\n")
        lines.append(self.provider_block(name, domain))
        topic_count = rng.choices((0, 1, 2, 3), weights=(3, 55, 30, 12))[0]
        if topic_count:
            topics = rng.sample(self.pools.topics, topic_count)
            lines.append("\ntopics:\n" + "".join(f"  - {topic}\n" for topic in topics))
        if rng.random() < 0.8:
            lines.append("\n" + self.images(domain, ""))
        related = self.related()
        if related:
            lines.append("\n" + related)
        if rng.random() < 0.6:
            lines.append("\n" + self.secured())
        if body:
            lines.append("---\n\n" + body + "\n")
        elif rng.random() < 0.2:
            # Some files end right after the closing marker, with no newline.
            lines.append("---")
        else:
            lines.append("---\n")
        return "".join(lines), folder

    def body_only(self) -> str:
        """Text copied from a page: maybe a blurb, maybe a heading, paragraphs, maybe a footer."""
        rng = self.rng
        parts: list[str] = []
        if rng.random() < 0.3:
            parts.append(rng.choice(BOILERPLATE_OPENINGS))
        if rng.random() < 0.5:
            parts.append(self.title())
        parts.append(self.body())
        if rng.random() < 0.3:
            parts.append(rng.choice(BOILERPLATE_ENDINGS))
        if rng.random() < 0.2:
            previous = "\n".join(f"- {self.title()}" for _ in range(rng.randint(3, 5)))
            parts.append("Previous Articles:\n" + previous)
        return "\n\n".join(parts) + "\n"


def write_corpus(
    root: Path,
    count: int,
    seed: int = 0,
    years: tuple[int, int] = (2019, 2024),
    shape: str = GENERATED,
) -> Corpus:
    """Write `count` article files under `root/YYYY/MM/`; the same seed makes the same files.

    `shape` is one of CORPUS_SHAPES (see there)."""
    if shape not in CORPUS_SHAPES:
        raise ValueError(f"no corpus shape {shape!r}; there are {', '.join(CORPUS_SHAPES)}")
    writer = _Writer(seed, shape=shape)
    rng = writer.rng
    shapes = {FRONT_MATTER_ONLY: 0, FRONT_MATTER_AND_BODY: 0, BODY_ONLY: 0}
    names = list(shapes)
    files: list[Path] = []
    made_folders: set[str] = set()
    first_year, last_year = years
    for index in range(count):
        kind = rng.choices(names, weights=SHAPE_WEIGHTS)[0]
        shapes[kind] += 1
        year, month = rng.randint(first_year, last_year), rng.randint(1, 12)
        if kind == BODY_ONLY:
            text, folder = writer.body_only(), f"{year}/{month:02d}"
        else:
            body = writer.body(*writer.body_size()) if kind == FRONT_MATTER_AND_BODY else ""
            text, folder = writer.front_matter(year, month, body)
        if folder not in made_folders:
            (root / folder).mkdir(parents=True, exist_ok=True)
            made_folders.add(folder)
        suffix = ".txt" if rng.random() < 0.05 else ".md"
        path = root / folder / f"{index:06d}_{rng.getrandbits(64):016x}{suffix}"
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        files.append(path)
    return Corpus(root, tuple(files), shapes)
