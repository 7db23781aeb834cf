"""The side-by-side run: a corpus per size, both programs measured on it, one table."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from newsreader.bench.corpus import GENERATED, write_corpus
from newsreader.bench.goals import say
from newsreader.bench.peer import PeerResult, measure_peer, render_peer_table
from newsreader.bench.processes import isolated_env
from newsreader.bench.table import machine_description
from newsreader.loading.cache import RACY_SECONDS


def peer_report(
    sizes: Sequence[int], runs: int, seed: int, base: Path, shape: str = GENERATED
) -> str:
    """Measure newsreader beside newsboat at each size; the Markdown report."""
    installed = shutil.which("newsboat") is not None
    if not installed:
        say("newsboat is not installed (apt-get install newsboat): measuring newsreader alone")
    results: list[PeerResult] = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="newsreader-peer-", dir=base) as folder:
            work = Path(folder)
            root = work / "corpus"
            write_corpus(root, size, seed, shape=shape)
            say(f"{size:,} files written")
            time.sleep(RACY_SECONDS + 0.1)  # the folder at rest, as the load cache wants it
            env = isolated_env(work / "home")
            results.append(measure_peer(root, size, runs, env, installed))
    version = "newsboat not installed"
    if installed:
        import subprocess

        said = subprocess.run(["newsboat", "--version"], capture_output=True, text=True)
        version = said.stdout.splitlines()[0] if said.stdout else "newsboat"
    return "\n".join(
        [
            machine_description(base),
            f"Peer: {version}. Command: python -m newsreader.bench --peer newsboat --sizes "
            f"{','.join(map(str, sizes))} --runs {runs} --shape {shape}; "
            f"medians of {runs} interleaved run(s).",
            "Each cell: newsboat / newsreader, then newsreader ÷ newsboat (✓ when ≤ 1).",
            "",
            render_peer_table(results, installed),
        ]
    )
