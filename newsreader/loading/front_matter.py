"""YAML front matter from untrusted files: loaded safely, with lines kept for messages.

python-frontmatter's YAML handler does the loading, with a safe loader (libyaml's CSafeLoader
when present) extended so that mappings and lists remember their lines, values that look like
dates or numbers but are not stay text, merge keys have a budget, and documents that nest
deep enough to overflow libyaml's stack are refused before it sees them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

import yaml
from frontmatter.default_handlers import SafeLoader as FrontMatterSafeLoader
from frontmatter.default_handlers import YAMLHandler

# Real front matter nests five or six levels. libyaml builds nodes recursively in C, so a file
# nesting some tens of thousands of `[` would overflow the stack and crash the process.
MAX_YAML_DEPTH = 100
# Merge keys (`<<: *a`) copy every key of the merged mapping; nested merges grow exponentially.
MAX_MERGED_KEYS = 10_000
# The front matter starts on the file's second line, after the opening `---`.
FRONT_MATTER_FIRST_LINE = 2

# python-frontmatter's YAML handler loads with yaml.CSafeLoader when libyaml is present and
# yaml.SafeLoader otherwise: safe tags only, never Python objects.
YAML_HANDLER = YAMLHandler()


class KeyedDict(dict[Any, Any]):
    """A YAML mapping that remembers the (0-based) front matter line of each key."""

    key_lines: dict[Any, int]


class LinedList(list[Any]):
    """A YAML sequence that remembers the (0-based) front matter line of each item."""

    item_lines: list[int]


# Integers beyond this (far beyond any count, score or year) are kept as the text written.
MAX_INTEGER = 2**63 - 1


class LenientLoader(FrontMatterSafeLoader):  # type: ignore[misc,valid-type]
    """python-frontmatter's safe loader (libyaml's CSafeLoader when present), for untrusted files.

    A value that looks like a date or number but is not one (`2023-02-30`, a 5,000-digit
    number) stays text for the field reader to report, instead of failing the whole file;
    merge keys have a budget.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.merged_keys = 0

    def construct_lenient_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)

    def construct_lenient_int(self, node: yaml.ScalarNode) -> Any:
        try:
            value = self.construct_yaml_int(node)
        except ValueError:
            return self.construct_scalar(node)
        # YAML 1.1's hex, binary, octal and sexagesimal forms escape Python's limit on digits
        # (`0xfff...`): a number no field could mean stays the text written, as a long decimal
        # one does, so that nothing downstream ever has to print it.
        if not -MAX_INTEGER <= value <= MAX_INTEGER:
            return self.construct_scalar(node)
        return value

    def construct_written_bool(self, node: yaml.ScalarNode) -> Any:
        """Only `true` and `false` (any case) are booleans: YAML 1.1 also reads yes, no, on and
        off so, and a title `No` or `On` would be lost. Those stay the text written."""
        text = self.construct_scalar(node)
        folded = text.lower()
        if folded in ("true", "false"):
            return folded == "true"
        return text

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        """PyYAML's merge-key expansion, stopping once a document has merged too many keys."""
        merged: list[tuple[yaml.Node, yaml.Node]] = []
        own: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:value":
                key_node.tag = "tag:yaml.org,2002:str"
            if key_node.tag != "tag:yaml.org,2002:merge":
                own.append((key_node, value_node))
                continue
            if isinstance(value_node, yaml.MappingNode):
                sources = [value_node]
            elif isinstance(value_node, yaml.SequenceNode):
                # Earlier mappings in the list win, so they go last.
                sources = list(reversed(value_node.value))
            else:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"expected a mapping or list of mappings for merging, found {value_node.id}",
                    value_node.start_mark,
                )
            for source in sources:
                if not isinstance(source, yaml.MappingNode):
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping",
                        node.start_mark,
                        f"expected a mapping for merging, found {source.id}",
                        source.start_mark,
                    )
                self.flatten_mapping(source)
                self.merged_keys += len(source.value)
                if self.merged_keys > MAX_MERGED_KEYS:
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        f"merge keys (<<) expand to more than {MAX_MERGED_KEYS:,} keys",
                        value_node.start_mark,
                    )
                merged.extend(source.value)
        node.value = merged + own


LenientLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", LenientLoader.construct_lenient_timestamp
)
LenientLoader.add_constructor("tag:yaml.org,2002:int", LenientLoader.construct_lenient_int)
LenientLoader.add_constructor("tag:yaml.org,2002:bool", LenientLoader.construct_written_bool)


class ArticleYamlLoader(LenientLoader):
    """The lenient loader, with mappings and lists that remember their lines for notes.

    Building those costs about a third more than plain dicts and lists, so it is used only to
    name the lines of a file that has something to note.
    """

    def construct_keyed_map(self, node: yaml.MappingNode) -> Any:
        data = KeyedDict()
        data.key_lines = {}
        yield data
        data.update(self.construct_mapping(node))
        # construct_mapping flattened the merge keys, so node.value holds the final pairs.
        for key_node, _value_node in node.value:
            key = self.construct_object(key_node)
            if isinstance(key, str | int | float | bool | date) or key is None:
                data.key_lines[key] = key_node.start_mark.line

    def construct_lined_seq(self, node: yaml.SequenceNode) -> Any:
        data = LinedList()
        data.item_lines = [item.start_mark.line for item in node.value]
        yield data
        data.extend(self.construct_sequence(node))


ArticleYamlLoader.add_constructor("tag:yaml.org,2002:map", ArticleYamlLoader.construct_keyed_map)
ArticleYamlLoader.add_constructor("tag:yaml.org,2002:seq", ArticleYamlLoader.construct_lined_seq)


class TooDeeplyNested(ValueError):
    """Front matter that nests collections deeper than MAX_YAML_DEPTH."""

    def __init__(self, line: int) -> None:
        super().__init__(f"nested too deeply at front matter line {line + 1}")
        # The 0-based front matter line where the nesting went too deep.
        self.line = line


def load_front_matter(front_matter: str, *, with_lines: bool = False) -> Any:
    """The YAML data of a front matter, through python-frontmatter's handler and a safe loader.

    `with_lines` builds mappings and lists that know their lines (for `key_line` and
    `item_line`), at some cost. Raises yaml.YAMLError (with the position) for invalid YAML and
    TooDeeplyNested before handing libyaml a document that could overflow its stack.
    """
    if _nesting_bound(front_matter) > MAX_YAML_DEPTH:
        too_deep_at = _line_too_deep(front_matter, MAX_YAML_DEPTH)
        if too_deep_at is not None:
            raise TooDeeplyNested(too_deep_at)
    loader = ArticleYamlLoader if with_lines else LenientLoader
    return YAML_HANDLER.load(front_matter, Loader=loader)


_LEADING_INDICATORS = re.compile(r"^[ \t?:-]+", re.MULTILINE)


def _nesting_bound(text: str) -> int:
    """An upper bound on how deep YAML `text` nests, found without parsing it.

    A nested block collection starts further right than its parent, or (a sequence under a
    mapping key) at the same column, so block depth is at most twice the widest run of
    indentation and indicators; every flow level needs a `[` or `{`, with at most one
    single-pair mapping inside each.
    """
    widest = max((len(match.group()) for match in _LEADING_INDICATORS.finditer(text)), default=0)
    flow_openers = text.count("[") + text.count("{")
    return 2 * (widest + 1) + 2 * flow_openers + 1


def _line_too_deep(text: str, limit: int) -> int | None:
    """The line where `text` nests deeper than `limit`, None if it does not.

    Found from the parser's events, which it produces without recursing. libyaml (0.2.5 on)
    stops at a thousand flow levels while it scans ahead, before it has reported the levels
    it passed; the pure-Python parser, which has no such stop, then counts them.
    """
    try:
        return _first_line_deeper_than(text, limit, ArticleYamlLoader)
    except yaml.YAMLError:
        return _first_line_deeper_than(text, limit, yaml.SafeLoader)


def _first_line_deeper_than(text: str, limit: int, loader: Any) -> int | None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limit and event.start_mark is not None:
                return int(event.start_mark.line)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def key_line(mapping: Mapping[Any, Any], key: str) -> int | None:
    """The file line of `key` in a mapping the YAML loader built, when it is known."""
    key_lines = getattr(mapping, "key_lines", None)
    line = key_lines.get(key) if key_lines else None
    return None if line is None else line + FRONT_MATTER_FIRST_LINE


def item_line(items: list[Any], index: int) -> int | None:
    """The file line of the item at `index` of a list the YAML loader built."""
    item_lines = getattr(items, "item_lines", None)
    if not item_lines or index >= len(item_lines):
        return None
    return int(item_lines[index]) + FRONT_MATTER_FIRST_LINE
