"""Facts about the project as a whole: bundled seeds, CI command, and the core/UI split."""

from __future__ import annotations

import json
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import newsreader

REPO = Path(__file__).resolve().parent.parent
SHARED_SEEDS = REPO.parent / "shared" / "seeds"


def test_bundled_seeds_are_byte_for_byte_the_shared_ones() -> None:
    if not SHARED_SEEDS.is_dir():
        pytest.skip(f"no shared seeds at {SHARED_SEEDS}")
    shared = {path.name: path.read_bytes() for path in SHARED_SEEDS.iterdir() if path.is_file()}
    bundled = {path.name: path.read_bytes() for path in (REPO / "seeds").iterdir()}
    assert len(bundled) == 5
    assert sorted(bundled) == sorted(shared)
    for name, content in bundled.items():
        assert content == shared[name], f"seeds/{name} differs from {SHARED_SEEDS / name}"


def readme_test_command() -> str:
    """The shell line in the fenced block after "Install and run the tests" in the README."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    after = readme.split("Install and run the tests", 1)[1]
    block = re.search(r"^```[a-z]*\n(.*?)^```", after, re.MULTILINE | re.DOTALL)
    assert block is not None, "no fenced block after 'Install and run the tests'"
    lines = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0].strip()


def test_ci_runs_the_readme_test_command_word_for_word() -> None:
    command = readme_test_command()
    assert "pytest" in command
    ci_lines = [line.strip() for line in (REPO / ".ci" / "run").read_text().splitlines()]
    assert command in ci_lines


def locked_versions() -> dict[str, str]:
    """Every `name==version` pin of requirements.lock, names normalised as PyPI does."""
    pins: dict[str, str] = {}
    for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines():
        requirement = line.split("#", 1)[0].strip()
        if requirement:
            name, version = requirement.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version.strip()
    return pins


def test_the_test_command_installs_from_the_lock() -> None:
    assert "-c requirements.lock" in readme_test_command()


def test_what_is_installed_is_what_the_lock_pins() -> None:
    from importlib.metadata import PackageNotFoundError, version

    pins = locked_versions()
    assert {"textual", "pyyaml", "pytest", "feedparser"} <= set(pins)
    differ = {}
    for name, pinned in pins.items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = None
        if installed != pinned:
            differ[name] = (pinned, installed)
    assert differ == {}, "pinned in requirements.lock, installed here: " + repr(differ)


def core_modules() -> list[str]:
    """Every module of the package outside newsreader.ui."""
    found = ["newsreader"]
    for module in pkgutil.walk_packages(newsreader.__path__, "newsreader."):
        top = module.name.split(".")[1]
        if top in ("ui", "cli", "bench", "__main__"):
            continue
        found.append(module.name)
    return found


def test_the_core_never_imports_textual() -> None:
    modules = core_modules()
    assert {
        "newsreader.loading.article_file",
        "newsreader.model.store",
        "newsreader.model.records",
    } <= set(modules)
    # One fresh interpreter; after each import, whether textual has arrived.
    script = (
        "import importlib, json, sys\n"
        "culprits = []\n"
        "for name in json.loads(sys.argv[1]):\n"
        "    importlib.import_module(name)\n"
        "    if 'textual' in sys.modules and not culprits:\n"
        "        culprits.append(name)\n"
        "print(json.dumps(culprits))\n"
    )
    assert _in_a_fresh_interpreter(script, modules) == [], (
        "the first core module to bring in textual"
    )


def test_the_command_line_imports_the_network_and_extraction_libraries_only_when_used() -> None:
    # Each costs tens of milliseconds to import (trafilatura ~100 ms): a start of the reader
    # on a folder, or `list`, must not pay for fetching and reader mode it does not use.
    heavy = ["trafilatura", "readability", "httpx", "feedparser", "markdownify", "bs4"]
    script = (
        "import json, sys\n"
        "import newsreader.cli.main, newsreader.cli.reader_command, newsreader.ui.app\n"
        "loaded = [name for name in json.loads(sys.argv[1]) if name in sys.modules]\n"
        "print(json.dumps(loaded))\n"
    )
    assert _in_a_fresh_interpreter(script, heavy) == []


def _in_a_fresh_interpreter(script: str, argument: object) -> object:
    """What `script` prints as JSON, run by a new Python with `argument` as JSON in argv[1]."""
    done = subprocess.run(
        [sys.executable, "-c", script, json.dumps(argument)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
