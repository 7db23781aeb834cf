"""Finding article files under folders: order, what is skipped, and what is a problem."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import run_python, without_root_powers

from newsreader.loading.article_file import load_file
from newsreader.loading.collection import load_paths
from newsreader.loading.discover import discover, first_files
from newsreader.model.records import Problem


def touch(folder: Path, relative: str, text: str = "Some Article Heading Here\n\nBody.\n") -> Path:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def relative_names(root: Path, paths: list[Path]) -> list[str]:
    return [path.relative_to(root).as_posix() for path in paths]


def test_folders_are_walked_recursively_in_name_order(tmp_path: Path) -> None:
    # Created out of order, so that the listing order of the file system does not help.
    for name in ["b/z.md", "b/a/deep/x.txt", "a.md", "c.markdown", "b/m.MD", "B2/n.md"]:
        touch(tmp_path, name)
    found = discover([tmp_path])
    assert relative_names(tmp_path, found.files) == [
        "a.md",
        "c.markdown",
        "B2/n.md",
        "b/m.MD",
        "b/z.md",
        "b/a/deep/x.txt",
    ]
    assert found.problems == []
    assert discover([tmp_path]).files == found.files


def test_hidden_folders_and_files_are_not_entered(tmp_path: Path) -> None:
    touch(tmp_path, ".git/objects/x.md")
    touch(tmp_path, ".hidden.md")
    touch(tmp_path, "shown/.cache/y.md")
    touch(tmp_path, "shown/seen.md")
    found = discover([tmp_path])
    assert relative_names(tmp_path, found.files) == ["shown/seen.md"]
    assert found.skipped_files == 0


def test_other_file_types_and_yaml_data_files_are_counted_as_skipped(tmp_path: Path) -> None:
    touch(tmp_path, "article.md")
    touch(tmp_path, "topics.yaml", "name: AI\ntags: [robots]\n")
    touch(tmp_path, "tags.yml", "- a\n")
    touch(tmp_path, "logo.png", "not really a png")
    touch(tmp_path, "sub/notes.json", "{}")
    found = discover([tmp_path])
    assert relative_names(tmp_path, found.files) == ["article.md"]
    assert found.skipped_files == 4
    store = load_paths([tmp_path])
    assert store.summary() == "1 files, 1 articles, 0 problems, 4 skipped"


def test_a_file_named_directly_is_taken_whatever_its_type(tmp_path: Path) -> None:
    path = touch(tmp_path, "notes.rst")
    assert discover([path]).files == [path]


def test_a_missing_path_is_a_problem(tmp_path: Path) -> None:
    found = discover([tmp_path / "nowhere"])
    assert found.files == []
    [problem] = found.problems
    assert problem.source == tmp_path / "nowhere"


def test_a_file_named_twice_is_taken_once(tmp_path: Path) -> None:
    path = touch(tmp_path, "a.md")
    assert discover([path, tmp_path, path]).files == [path]


def test_broken_symlink_is_a_problem(tmp_path: Path) -> None:
    touch(tmp_path, "good.md")
    (tmp_path / "broken.md").symlink_to(tmp_path / "gone.md")
    found = discover([tmp_path])
    assert relative_names(tmp_path, found.files) == ["good.md"]
    [problem] = found.problems
    assert problem.source == tmp_path / "broken.md"
    assert "broken symbolic link" in problem.reason


def test_a_broken_symlink_named_directly_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "broken.md").symlink_to(tmp_path / "gone.md")
    [problem] = discover([tmp_path / "broken.md"]).problems
    assert "broken symbolic link" in problem.reason


def test_a_symlink_to_itself_is_a_loop_problem(tmp_path: Path) -> None:
    touch(tmp_path, "good.md")
    (tmp_path / "self.md").symlink_to(tmp_path / "self.md")
    found = discover([tmp_path])
    assert relative_names(tmp_path, found.files) == ["good.md"]
    [problem] = found.problems
    assert problem.source == tmp_path / "self.md"
    assert "loop" in problem.reason


def test_a_folder_symlink_back_to_a_parent_is_a_loop_problem(tmp_path: Path) -> None:
    touch(tmp_path, "top/a.md")
    touch(tmp_path, "top/sub/b.md")
    (tmp_path / "top" / "sub" / "up").symlink_to(tmp_path / "top")
    found = discover([tmp_path / "top"])
    assert relative_names(tmp_path, found.files) == ["top/a.md", "top/sub/b.md"]
    [problem] = found.problems
    assert problem.source == tmp_path / "top" / "sub" / "up"
    assert "loop" in problem.reason


def test_a_second_link_to_a_folder_already_walked_is_not_a_problem(tmp_path: Path) -> None:
    touch(tmp_path, "real/a.md")
    (tmp_path / "zlink").symlink_to(tmp_path / "real")
    found = discover([tmp_path])
    assert relative_names(tmp_path, found.files) == ["real/a.md"]
    assert found.problems == []


UNREADABLE_CHECK = """
import json, os, sys
from pathlib import Path
from newsreader.loading.discover import discover
from newsreader.loading.collection import load_paths
from newsreader.loading.article_file import load_file
from newsreader.model.records import Problem
root, locked = Path(sys.argv[1]), Path(sys.argv[2])
result = load_file(locked) if locked.is_file() else None
found = discover([root])
store = load_paths([root])
print(json.dumps({
    "readable": os.access(locked, os.R_OK),
    "file_problem": result.reason if isinstance(result, Problem) else None,
    "found": [path.relative_to(root).as_posix() for path in found.files],
    "found_problems": [str(problem.source) for problem in found.problems],
    "loaded": len(store),
    "store_problems": [str(problem.source) for problem in store.problems],
}))
"""


def check_unreadable(root: Path, locked: Path) -> dict[str, object]:
    """Discover and load `root` in a process without root's powers, `locked` made unreadable."""
    locked.chmod(0)
    try:
        out = run_python(UNREADABLE_CHECK, str(root), str(locked), prefix=without_root_powers())
    finally:
        locked.chmod(0o755 if locked.is_dir() else 0o644)
    result: dict[str, object] = json.loads(out)
    assert result["readable"] is False
    return result


def test_an_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    path = touch(tmp_path, "secret.md")
    touch(tmp_path, "open.md")
    result = check_unreadable(tmp_path, path)
    assert "permission denied" in str(result["file_problem"])
    assert result["loaded"] == 1
    assert result["store_problems"] == [str(path)]


def test_an_unreadable_folder_is_a_problem(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    touch(tmp_path, "locked/a.md")
    touch(tmp_path, "open.md")
    result = check_unreadable(tmp_path, folder)
    assert result["found"] == ["open.md"]
    assert result["found_problems"] == [str(folder)]
    assert result["loaded"] == 1


def test_a_folder_named_like_a_file_is_walked(tmp_path: Path) -> None:
    touch(tmp_path, "x.md/inner.md")
    touch(tmp_path, "y.md")
    found = discover([tmp_path])
    assert relative_names(tmp_path, found.files) == ["y.md", "x.md/inner.md"]
    assert found.problems == []
    assert discover([tmp_path / "x.md"]).files == [tmp_path / "x.md" / "inner.md"]
    # Handed to the loader as if it were a file, it is a problem, not a crash.
    result = load_file(tmp_path / "x.md")
    assert isinstance(result, Problem)
    assert "folder" in result.reason


def test_a_named_pipe_is_neither_walked_into_nor_waited_on(tmp_path: Path) -> None:
    touch(tmp_path, "good.md")
    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)
    assert relative_names(tmp_path, discover([tmp_path]).files) == ["good.md"]
    # Named directly it is taken, and the loader must not block opening it.
    assert discover([pipe]).files == [pipe]
    result = load_file(pipe)
    assert isinstance(result, Problem)
    assert "not a regular file" in result.reason


def test_a_ring_of_symlinks_named_directly_is_a_loop_problem(tmp_path: Path) -> None:
    (tmp_path / "a.md").symlink_to(tmp_path / "b.md")
    (tmp_path / "b.md").symlink_to(tmp_path / "a.md")
    found = discover([tmp_path / "a.md"])
    assert found.files == []
    [problem] = found.problems
    assert "loop" in problem.reason


def test_first_files_are_the_newest_files_the_walk_finds(tmp_path: Path) -> None:
    for month in ("2023/12", "2024/01", "2024/02"):
        folder = tmp_path / month
        folder.mkdir(parents=True)
        for day in ("01", "02", "03"):
            (folder / f"{day}.md").write_text("x")
        (folder / "notes.json").write_text("{}")
        (folder / ".hidden.md").write_text("x")
    (tmp_path / ".drafts").mkdir()
    (tmp_path / ".drafts" / "draft.md").write_text("x")
    named = tmp_path / "2023/12/01.md"

    first = first_files([tmp_path, named], limit=5)

    assert [path.relative_to(tmp_path).as_posix() for path in first] == [
        "2023/12/01.md",  # named on its own: taken first
        "2024/02/03.md",
        "2024/02/02.md",
        "2024/02/01.md",
        "2024/01/03.md",
    ]
    assert set(first) <= set(discover([tmp_path, named]).files) | {named}
    assert first_files([tmp_path], limit=0) == []
    assert first_files([tmp_path / "missing"]) == []
