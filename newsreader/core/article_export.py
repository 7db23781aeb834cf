"""An article as a Markdown document: for the full-screen view, a saved file and a pipe.

Saving never overwrites: a second save of the same article gets a numbered name. Piping runs
the user's command without a shell (its words split as a shell would), unless the user's own
config asks for a shell.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

from newsreader.core.present import DATE_FORMAT, local_time
from newsreader.model.records import Article

_NOT_IN_NAME = re.compile(r"[^\w-]+")
# Longest slug of a title in a saved file's name, in characters.
NAME_TITLE_CHARACTERS = 60


def article_markdown(article: Article, date_format: str = DATE_FORMAT) -> str:
    """Title, provider and date, URL, excerpt, body and related articles, as Markdown."""
    lines = [f"# {article.title}", ""]
    meta = [
        part
        for part in (article.provider_label, local_time(article.published_at, date_format))
        if part
    ]
    if article.topics:
        meta.append(", ".join(article.topics))
    if meta:
        lines += [" · ".join(meta), ""]
    if article.url:
        lines += [f"<{article.url}>", ""]
    if article.excerpt:
        lines += [f"> {line}" for line in article.excerpt.splitlines()] + [""]
    if article.body:
        lines += [article.body.strip(), ""]
    if article.related:
        lines += ["## Related", ""]
        for item in article.related:
            title = item.title.replace("[", "\\[").replace("]", "\\]")
            url = item.url.replace(" ", "%20").replace(")", "%29") if item.url else ""
            lines.append(f"- [{title}]({url})" if url else f"- {title}")
        lines.append("")
    return "\n".join(lines)


def markdown_file_name(article: Article) -> str:
    """`some-title-4a3791bc.md`: the title's words and the start of the id."""
    slug = _NOT_IN_NAME.sub("-", article.title.casefold()).strip("-")[:NAME_TITLE_CHARACTERS]
    slug = slug.rstrip("-") or "article"
    return f"{slug}-{article.id[:8]}.md"


def save_markdown(article: Article, folder: Path, date_format: str = DATE_FORMAT) -> Path:
    """Write the article as Markdown into `folder` (made if missing); the file written.

    An existing file is never replaced: the name gets -2, -3 ... Raises OSError.
    """
    folder.mkdir(parents=True, exist_ok=True)
    name = markdown_file_name(article)
    stem = name.removesuffix(".md")
    text = article_markdown(article, date_format)
    for number in range(1, 1000):
        path = folder / (name if number == 1 else f"{stem}-{number}.md")
        try:
            with path.open("x", encoding="utf-8") as stream:
                stream.write(text)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"{folder / name} and 998 numbered copies already exist")


@dataclass(frozen=True, slots=True)
class PipeResult:
    """What the command printed (stdout and stderr together) and how it ended."""

    command: str
    output: str
    exit_status: int


def pipe_command(command: str, shell: bool = False) -> list[str] | str:
    """The command to run: argv split as a shell would (no shell runs it), or the line
    itself for a shell. Raises ValueError for an empty line or unbalanced quotes."""
    if shell:
        if not command.strip():
            raise ValueError("no command was given")
        return command
    words = shlex.split(command)
    if not words:
        raise ValueError("no command was given")
    return words


def pipe_text(text: str, command: str, shell: bool = False) -> PipeResult:
    """Run `command` with `text` on its standard input; what it printed and its status.

    Raises ValueError for a command line that cannot be split, OSError when it cannot start.
    """
    argv = pipe_command(command, shell)
    done = subprocess.run(
        argv,
        input=text,
        shell=shell,
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
    )
    return PipeResult(command, done.stdout + done.stderr, done.returncode)
