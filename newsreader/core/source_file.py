"""An article's file as it stands: its raw text for viewing, and the editor to change it."""

from __future__ import annotations

import os
import shlex
import shutil
from collections.abc import Mapping
from pathlib import Path

from newsreader.loading.article_file import decode
from newsreader.loading.file_read import NotReadable, read_bounded
from newsreader.text.sanitize import clean_text, printable

# The raw view shows at most this much of a file, and of any one line: enough to read the
# front matter, bounded so that a pathological file cannot stall the screen.
RAW_VIEW_BYTES = 128 * 1024
RAW_VIEW_LINE = 2_000


def raw_text(path: Path, limit: int = RAW_VIEW_BYTES) -> str:
    """The file's text (front matter and body), made safe to show; a note if it cannot be read."""
    try:
        # Bounded and non-blocking: the file may have become a pipe or device since it loaded.
        data = read_bounded(path, limit, refuse_larger=False)
    except NotReadable as refusal:
        return f"(cannot show {printable(str(path))}: {refusal.reason})"
    except OSError as error:
        return f"(cannot read {printable(str(path))}: {error.strerror or error})"
    text, _ = decode(data[:limit])
    text = "\n".join(
        line if len(line) <= RAW_VIEW_LINE else line[:RAW_VIEW_LINE] + " …(line cut)"
        for line in clean_text(text).split("\n")
    )
    if len(data) > limit:
        text += f"\n\n(only the first {limit:,} bytes are shown)"
    return text


def editor_command(path: Path, environ: Mapping[str, str] | None = None) -> list[str] | None:
    """$VISUAL or $EDITOR (with its arguments) on the file; None when neither names a program."""
    environ = os.environ if environ is None else environ
    for variable in ("VISUAL", "EDITOR"):
        try:
            words = shlex.split(environ.get(variable, ""))
        except ValueError:
            continue
        if words and shutil.which(words[0], path=environ.get("PATH")):
            return [*words, str(path)]
    return None
