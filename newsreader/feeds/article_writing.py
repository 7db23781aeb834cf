"""Writing an article file into its folder: atomically, under a name no other file has.

The file is written under a hidden temporary name in the same folder (which neither the loader
nor the watcher reads) and then linked to its name: a link fails when the name is taken, where
a rename would replace that file, and the next free name (`-2`, `-3` ...) is tried. So the
watcher and a crash never see half a file, and no file is ever replaced.
"""

from __future__ import annotations

import errno
import os
import tempfile
import threading
from pathlib import Path

from newsreader.feeds.article_files import NewArticle

MAX_NAME_ATTEMPTS = 1_000
FILE_SUFFIX = ".md"
# What link() says on a file system that has no hard links.
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV}
_RENAMING = threading.Lock()


def write_article(folder: Path, article: NewArticle) -> Path:
    """Write `article` into `folder` under a name no other file has; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".fetch-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(article.text())
        for attempt in range(1, MAX_NAME_ATTEMPTS + 1):
            suffix = "" if attempt == 1 else f"-{attempt}"
            target = folder / f"{article.day}-{article.slug}{suffix}{FILE_SUFFIX}"
            try:
                # A link fails when the name is taken, where a rename would replace the file.
                os.link(temporary, target)
            except FileExistsError:
                continue
            except OSError as error:
                if error.errno not in _NO_HARD_LINKS:
                    raise
                # A file system without hard links: rename, when the name is free.
                with _RENAMING:
                    if target.exists():
                        continue
                    os.rename(temporary, target)
            return target
        raise OSError(f"no free file name for {article.day}-{article.slug} in {folder}")
    finally:
        Path(temporary).unlink(missing_ok=True)
