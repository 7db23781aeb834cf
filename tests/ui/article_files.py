"""Article files written for the reader tests."""

from __future__ import annotations

from pathlib import Path


def article_file(
    folder: Path,
    name: str,
    title: str,
    url: str,
    published: str,
    topics: list[str],
    related: str = "",
    body: str = "",
) -> Path:
    topic_lines = "".join(f"  - {topic}\n" for topic in topics)
    path = folder / name
    path.write_text(
        "---\n"
        f'title: "{title}"\n'
        f'excerpt: "Excerpt of {title}."\n'
        f"publishedDateTime: {published}\n"
        f'originalUrl: "{url}"\n'
        f"provider:\n  name: Provider {name[:1]}\n  domain: p.example\n"
        f"topics:\n{topic_lines}"
        f"{related}"
        "---\n"
        f"{body}",
        encoding="utf-8",
    )
    return path


RELATED = (
    "related:\n"
    '  - title: "A related story"\n'
    '    excerpt: "What the related story says."\n'
    "    publishedDateTime: 2023-10-02T10:00:00Z\n"
    '    webUrl: "https://related.example/story"\n'
    "    provider: {name: Related Times, domain: related.example}\n"
    "    quality: 70\n"
)


def three_articles(folder: Path) -> Path:
    """Alpha robots and Bravo oceans in Science (Bravo newest), Charlie robots in Sport."""
    folder.mkdir()
    article_file(
        folder, "a.md", "Alpha robots", "https://a.example/1", "2023-10-01T08:00:00Z", ["Science"]
    )
    article_file(
        folder, "b.md", "Bravo oceans", "https://b.example/2", "2023-10-03T08:00:00Z", ["Science"]
    )
    article_file(
        folder, "c.md", "Charlie robots", "https://c.example/3", "2023-10-02T08:00:00Z", ["Sport"]
    )
    return folder
