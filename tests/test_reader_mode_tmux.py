"""Reader mode in a real terminal (tmux): `x` fetches a local page's text; after a restart,
with the server gone, the kept text is shown at once."""

from __future__ import annotations

import shlex
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import installed_command
from pytest_httpserver import HTTPServer
from test_tmux_e2e import Terminal, wait_for_file

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

PAGE = (
    "<!doctype html><html><head><meta charset='utf-8'><title>Tide tables</title></head><body>"
    "<nav><a href='/'>Home</a></nav><article><h1>Tide tables</h1>"
    + "".join(
        f"<p>Part {n} of the tide story: the harbour master printed new tables after the "
        "spring tides came higher than any in the last forty years.</p>"
        for n in range(1, 6)
    )
    + "</article></body></html>"
)


@pytest.fixture
def server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    if server.is_running():
        server.stop()


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    made = [Terminal(f"newsreader-test-{uuid.uuid4().hex[:8]}") for _ in range(2)]
    yield made
    for term in made:
        term.tmux("kill-server")


def test_x_fetches_the_text_and_it_is_kept_for_next_time(
    server: HTTPServer, terminals: list[Terminal], tmp_path: Path
) -> None:
    server.expect_request("/tides").respond_with_data(PAGE, content_type="text/html")
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "tides.md").write_text(
        '---\ntitle: "New tide tables"\nexcerpt: "Only the excerpt."\n'
        f'originalUrl: "{server.url_for("/tides")}"\nsecured: "abc;def"\n---\n'
    )
    status = tmp_path / "status.txt"
    command = (
        f"cd {shlex.quote(str(tmp_path))} && TZ=UTC {shlex.quote(str(installed_command()))} "
        f"--data-dir {shlex.quote(str(tmp_path / 'data'))} {shlex.quote(str(articles))}; "
        f"echo $? > {shlex.quote(str(status))}; sleep 5"
    )
    first, second = terminals
    first.start(command)
    first.wait_for("Only the excerpt.")
    assert "Part 1 of the tide story" not in first.screen()
    first.keys("x")
    screen = first.wait_for("Part 1 of the tide story")
    assert "fetched from" in screen.replace("\n", " ")
    first.keys("q")
    assert wait_for_file(status).strip() == "0"

    server.stop()
    status.unlink()
    second.start(command)
    screen = second.wait_for("Part 1 of the tide story")
    assert "Fetching" not in screen
    second.keys("q")
    assert wait_for_file(status).strip() == "0"
