"""The reader's keys, as data: the bindings of the app itself, and every binding id the
config's [keys] table may name."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from newsreader.ui.screens.article_screen import ArticleScreen, ArticleText
from newsreader.ui.screens.help import HelpScreen, HelpScroll, describe_bindings
from newsreader.ui.screens.pipe_prompt import PipePrompt
from newsreader.ui.screens.problems import ProblemList, ProblemsScreen
from newsreader.ui.screens.raw_file import RawFileScreen, RawFileScroll
from newsreader.ui.screens.tag import TagScreen
from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.article_view import ArticleView
from newsreader.ui.widgets.filter_bar import FilterBar
from newsreader.ui.widgets.link_list import LinkList
from newsreader.ui.widgets.related_tree import RelatedTree

READER_BINDINGS: list[BindingType] = [
    Binding("q", "quit", "Quit", id="quit"),
    Binding("question_mark", "help", "Help", id="help"),
    # Textual's own palette key (every action, go to an article or a topic, themes),
    # given an id so that help, README and [keys] know it.
    Binding(
        "ctrl+p",
        "command_palette",
        "Palette",
        id="command_palette",
        show=False,
        priority=True,
    ),
    # A priority binding: the filter takes focus as the `/` is read, so keys typed right
    # after it (a paste, a fast typist) land in the filter rather than in the list.
    Binding("slash", "filter", "Filter", id="filter", priority=True),
    Binding("o", "open_article", "Open in browser", id="open_article"),
    Binding("r", "toggle_read", "Read/unread", id="toggle_read"),
    Binding("f", "toggle_star", "Star", id="toggle_star"),
    Binding("t", "tag", "Tag / untag", id="tag", show=False),
    Binding("n", "next_unread", "Next unread", id="next_unread", show=False),
    Binding("N", "previous_unread", "Previous unread", id="previous_unread", show=False),
    Binding("A", "mark_all_read", "Mark all shown read", id="mark_all_read", show=False),
    Binding("a", "mark_group_read", "Mark the group read", id="mark_group_read", show=False),
    Binding("H", "toggle_hide_read", "Hide/show read articles", id="toggle_hide_read", show=False),
    Binding(
        "ctrl+n",
        "next_unread_group",
        "Next group with unread",
        id="next_unread_group",
        show=False,
    ),
    Binding("minus", "collapse_all", "Collapse every group", id="collapse_all", show=False),
    Binding("plus,equals_sign", "expand_all", "Expand every group", id="expand_all", show=False),
    Binding("u", "undo", "Undo mark all read", id="undo", show=False),
    Binding("O", "cycle_sort", "Next sort order", id="cycle_sort", show=False),
    Binding("s", "save_markdown", "Save as Markdown", id="save_markdown", show=False),
    Binding("vertical_line", "pipe", "Pipe to a command", id="pipe", show=False),
    Binding("S", "reverse_sort", "Reverse the sort", id="reverse_sort", show=False),
    Binding("b", "cycle_grouping", "Next grouping", id="cycle_grouping", show=False),
    Binding("exclamation_mark", "problems", "Problems", id="problems"),
    Binding(
        "R",
        "rescan",
        "Fetch the feeds, rescan the folders, merge marks",
        id="rescan",
        show=False,
    ),
    Binding("z", "toggle_dense", "One-line / two-line rows", id="toggle_dense", show=False),
    Binding(
        "less_than_sign", "narrow_list", "Give the list less room", id="narrow_list", show=False
    ),
    Binding(
        "greater_than_sign",
        "widen_list",
        "Give the list more room",
        id="widen_list",
        show=False,
    ),
    Binding("y", "copy_url", "Copy the URL", id="copy_url", show=False),
    Binding("Y", "copy_markdown_link", "Copy a Markdown link", id="copy_link", show=False),
    Binding("x", "full_text", "Full text", id="full_text"),
    Binding("v", "toggle_raw", "Raw file", id="toggle_raw", show=False),
    Binding("w", "read_full_screen", "Read on the whole screen", id="read_full_screen", show=False),
    Binding("e", "edit", "Edit the file", id="edit", show=False),
    Binding("backspace,alt+left", "back", "Back", id="back", show=False),
    Binding("alt+right", "forward", "Forward", id="forward", show=False),
    Binding("tab", "app.focus_next", "Next pane", id="focus_next", show=False),
    Binding("shift+tab", "app.focus_previous", "Previous pane", id="focus_previous", show=False),
]


def binding_scopes() -> dict[str, list[Binding]]:
    """The bindings of each part of the main screen, by the name help gives it."""
    return {
        "article list": describe_bindings(ArticleList.BINDINGS),
        "filter bar": describe_bindings(FilterBar.BINDINGS),
        "detail pane": describe_bindings(ArticleView.BINDINGS),
        "links list": describe_bindings(LinkList.BINDINGS),
        "related tree": describe_bindings(RelatedTree.BINDINGS),
    }


def all_binding_ids() -> set[str]:
    """Every binding id of the reader, for the config's [keys] table."""
    classes = (
        ArticleList,
        ArticleView,
        FilterBar,
        LinkList,
        RelatedTree,
        HelpScreen,
        HelpScroll,
        ArticleScreen,
        ArticleText,
        PipePrompt,
        ProblemsScreen,
        ProblemList,
        RawFileScreen,
        RawFileScroll,
        TagScreen,
    )
    every: list[list[BindingType]] = [READER_BINDINGS, *(cls.BINDINGS for cls in classes)]
    return {
        binding.id
        for bindings in every
        for binding in describe_bindings(bindings)
        if binding.id is not None
    }


def help_sections() -> list[tuple[str, list[Binding]]]:
    """The help screen's sections: each part of the main screen with its keys."""
    return [
        ("Anywhere", describe_bindings(READER_BINDINGS)),
        ("Article list", describe_bindings(ArticleList.BINDINGS)),
        ("Filter bar", describe_bindings(FilterBar.BINDINGS)),
        ("Detail pane", describe_bindings(ArticleView.BINDINGS)),
        ("Tag dialog", describe_bindings(TagScreen.BINDINGS)),
        ("Links list", describe_bindings(LinkList.BINDINGS)),
        ("Related tree", describe_bindings(RelatedTree.BINDINGS)),
    ]
