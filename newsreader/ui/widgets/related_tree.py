"""The "Related (N)" tree under an article: one node per related article."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from newsreader.core.present import related_label
from newsreader.model.records import Related

# The meta that makes a click on the icon toggle the node, as Tree's own labels carry.
TOGGLE_STYLE = Style.from_meta({"toggle": True})


class RelatedTree(Tree[Related]):
    """Related articles; expanding one shows its excerpt and URL, enter opens it."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Open related article", id="related.open", show=False),
        Binding("space,right,l", "toggle_node", "Show excerpt", id="related.toggle", show=False),
        Binding("left,h", "collapse", "Hide excerpt", id="related.collapse", show=False),
        Binding("j", "cursor_down", "Down", id="related.down", show=False),
        Binding("k", "cursor_up", "Up", id="related.up", show=False),
    ]

    class OpenRequested(Message):
        """Enter was pressed on a related article (or one of its detail lines)."""

        def __init__(self, related: Related) -> None:
            self.related = related
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Related", id=id)
        self.auto_expand = False
        self.guide_depth = 3
        self._items: tuple[Related, ...] = ()
        self._in_library: frozenset[str] = frozenset()
        self._wrapped_to = 0

    def process_label(self, label: str | Text) -> Text:
        # Related titles come from article files: never parse them as markup.
        return label if isinstance(label, Text) else Text(label)

    def render_label(self, node: TreeNode[Related], base_style: Style, style: Style) -> Text:
        # An article's node keeps its provider, date and quality visible by shortening the
        # title; every line is cut to the pane so the tree never scrolls sideways.
        depth = 0 if node is self.root else (1 if node.parent is self.root else 2)
        width = max(self.scrollable_content_region.width - depth * self.guide_depth - 3, 10)
        if depth == 1 and node.data is not None:
            marker = "↪ " if node.data.url in self._in_library else ""
            label = Text(marker, style="bold") + related_label(node.data, width - len(marker))
        else:
            label = Text(node.label) if isinstance(node.label, str) else node.label.copy()
            label.truncate(width, overflow="ellipsis")
        label.stylize(style)
        if node.allow_expand:
            icon = self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
            return Text.assemble((icon, base_style + TOGGLE_STYLE), label)
        return label

    def show_related(
        self, items: Sequence[Related], in_library: frozenset[str] = frozenset()
    ) -> None:
        """Show these related articles; those whose URL is in `in_library` are marked."""
        self._items = tuple(items)
        self._in_library = in_library
        self._populate()

    def _populate(self) -> None:
        self.clear()
        self.root.set_label(Text(f"Related ({len(self._items)})", style="bold"))
        self.root.expand()
        self._wrapped_to = self._wrap_width()
        for item in self._items:
            # The excerpt and URL lines are made when the node is first expanded: most
            # articles are passed by without, and a move through the list stays cheap.
            self.root.add(
                related_label(item), data=item, allow_expand=bool(item.excerpt or item.url)
            )

    def _add_details(self, node: TreeNode[Related]) -> None:
        item = node.data
        if item is None or node.children or node.parent is not self.root:
            return
        for line in textwrap.wrap(item.excerpt, self._wrapped_to):
            node.add_leaf(Text(line, style="italic"), data=item)
        if item.url:
            node.add_leaf(Text(item.url, style="underline"), data=item)

    @on(Tree.NodeExpanded)
    def _expanded(self, event: Tree.NodeExpanded[Related]) -> None:
        event.stop()
        self._add_details(event.node)

    def _wrap_width(self) -> int:
        return max(self.size.width - 10, 30)

    def on_resize(self) -> None:
        # Excerpts are wrapped to the width, so a new width wants them wrapped again; a new
        # height (another article's tree) does not.
        if self._items and self._wrap_width() != self._wrapped_to:
            expanded = {id(node.data) for node in self.root.children if node.is_expanded}
            cursor_line = self.cursor_line
            self._populate()
            for node in self.root.children:
                if id(node.data) in expanded:
                    self._add_details(node)
                    node.expand()
            self.cursor_line = cursor_line

    def action_collapse(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)
            node.parent.collapse()
        elif node is not self.root:
            node.collapse()

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected[Related]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.OpenRequested(event.node.data))
