"""Markup in every field of an article reaches every widget and screen as the text written.

Rich and Textual markup in a file must never be read as markup: `[/bold]` alone would stop the
reader (a closing tag with nothing open), and `[@click=app.quit]` would run an action when
clicked. The reader is walked through the list, the detail pane, the related tree, the link
list, the raw view, the problems and help screens and the palette's searches.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from newsreader.loading.collection import load_paths
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.widgets.related_tree import RelatedTree

CLOSE = "[/bold]"
CLICK = "[@click=app.quit]x[/]"
RED = "[red]"
EVERY = f"{CLOSE} {CLICK} {RED}"


def screen_text(app: App[object]) -> str:
    """What the terminal shows now, as plain text, a line per row."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def write_marked_up_folder(folder: Path) -> Path:
    folder.mkdir()
    (folder / "marked.md").write_text(
        "---\n"
        f"title: 'Title {EVERY}'\n"
        f"excerpt: 'Excerpt {EVERY}'\n"
        "publishedDateTime: 2023-10-01T08:00:00Z\n"
        "originalUrl: 'https://m.example/a[red]b'\n"
        f"provider:\n  name: 'Prov {EVERY}'\n  domain: p.example\n"
        f"topics:\n  - 'Topic {EVERY}'\n"
        "related:\n"
        f"  - title: 'Related {EVERY}'\n"
        f"    excerpt: 'Rel excerpt {EVERY}'\n"
        "    webUrl: 'https://r.example/[/bold]'\n"
        f"    provider: {{name: 'RelProv {CLOSE}', domain: r.example}}\n"
        "---\n"
        f"Body {EVERY} and a [link {RED}](https://l.example/{CLOSE}) here.\n\n"
        f"Another paragraph {CLICK} with https://u.example/{RED}x in it.\n",
        encoding="utf-8",
    )
    # A file that cannot be read, named with markup, for the problems screen.
    (folder / f"bad [@click=app.quit] {RED}.md").write_bytes(b"---\ntitle: [unclosed\n---\n")
    return folder


async def test_markup_in_every_field_is_shown_as_written_everywhere(tmp_path: Path) -> None:
    store = load_paths([write_marked_up_folder(tmp_path / "news")])
    assert len(store) == 1 and store.problems
    app = NewsreaderApp(store)
    async with app.run_test(size=(160, 50)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = screen_text(app)
        for text in (
            f"Title {EVERY}",
            f"Topic {EVERY}",
            f"Excerpt {EVERY}",
            f"Body {EVERY}",
            f"Prov {EVERY}",
            f"Related {EVERY}",
            f"Another paragraph {CLICK}",
            "https://m.example/a[red]b",
            "https://u.example/[red]x",
            "[1] https://l.example/",
        ):
            assert text in shown, (text, shown)

        # The related item opened up: its excerpt and provider.
        tree = app.query_one(RelatedTree)
        tree.focus()
        await pilot.press("down", "space")
        await pilot.pause()
        shown = screen_text(app)
        assert f"Rel excerpt {EVERY}" in shown, shown
        assert f"RelProv {CLOSE}" in shown, shown

        # The raw view shows the file as written.
        await pilot.press("escape", "v")
        await pilot.pause()
        assert f"title: 'Title {EVERY}'" in screen_text(app)
        await pilot.press("v")

        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert f"bad [@click=app.quit] {RED}.md" in screen_text(app)
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert app.is_running
        await pilot.press("escape")

        # The palette: an article found by its title shows its provider; a topic by its name.
        for query, expected in (("title", f"Prov {EVERY}"), ("topic", f"Topic {EVERY}")):
            await pilot.press("ctrl+p")
            await pilot.press(*query)
            await pilot.pause(0.5)
            shown = screen_text(app)
            assert expected in shown, shown
            await pilot.press("escape")
            await pilot.pause()
        assert app.is_running
