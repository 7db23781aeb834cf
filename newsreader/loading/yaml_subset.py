"""A fast reader for the plain YAML that article front matter is written in.

Article files use a small part of YAML: block mappings and lists, one-line quoted or plain
scalars, and one-line flow mappings such as `provider: {name: Forbes, domain: forbes.com}`.
libyaml parses that in C but builds every value through Python calls, three times slower than
reading the lines directly. `load` reads that part only and gives up (returns UNSUPPORTED) on
anything else: anchors, tags, block scalars, multi-line scalars, tabs, unusual characters,
anything odd. The caller then loads the text with PyYAML, so whatever `load` returns is what
PyYAML's safe loader would have built from the same text; plain scalars are resolved and
built by PyYAML's own resolver and constructors.
"""

from __future__ import annotations

import re
from typing import Any, Final

import yaml

from newsreader.loading.front_matter import MAX_YAML_DEPTH, LenientLoader

UNSUPPORTED: Final = object()


class _Unsupported(Exception):
    """The text uses YAML this reader leaves to PyYAML."""


# Characters that YAML forbids, tabs, and the Unicode line breaks (NEL, LS, PS) and BOM that
# libyaml treats specially: a text holding any of them goes to PyYAML.
_UNUSUAL_CHARACTER = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_LINE = re.compile(
    r"""
    (\ *)                                           # indentation
    (-(?:\ +|$))?                                   # a list item's dash
    (?:([^\W\d][\w.\-\ ]*?|"[^"\\\n]*"|'[^'\n]*')\ *:(?:\ +|$))?   # a key, plain or quoted
    (?:"([^"\\\n]*)"\ *$|(.*))                     # a simple quoted value, or any value
    """,
    re.VERBOSE | re.MULTILINE,
)
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"(?: +#.*)? *')
_SINGLE_QUOTED = re.compile(r"'([^']*(?:''[^']*)*)'(?: +#.*)? *")
_FLOW_MAPPING = re.compile(r"\{([^{}\[\]\"'#]*)\}(?: +#.*)? *")
_FLOW_SEQUENCE = re.compile(r"\[([^{}\[\]\"'#]*)\](?: +#.*)? *")
_FLOW_ENTRY = re.compile(r"([^\W\d][\w.\-\ ]*?) *:(?: +(.*))?")
# Characters a plain scalar may not start with (`-` may start one when a non-space follows).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_ESCAPE = re.compile(r'\\(?:([0abtnvfre "/\\N_LP])|x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|(.?))')
_ESCAPED = {
    "0": "\0",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
# libyaml refuses a key longer than 1,024 characters; well below that is left to it.
_MAX_KEY = 1000

# PyYAML's implicit resolvers by first character, and the loader whose constructors build
# what they resolve to: the same ones PyYAML would use for this text.
_RESOLVERS: dict[Any, list[tuple[str, re.Pattern[str]]]] = LenientLoader.yaml_implicit_resolvers
_BUILDER = LenientLoader("")
_STR = "tag:yaml.org,2002:str"
_BUILT_TAGS = frozenset(
    "tag:yaml.org,2002:" + name for name in ("null", "bool", "int", "float", "timestamp")
)
# Resolved plain scalars (numbers, dates, true/false, null), kept because files repeat them.
_RESOLVED: dict[str, Any] = {}
_MAX_RESOLVED = 50_000
# Keys as written -> keys as built (text only: a key that resolves to None is not kept).
_KEYS: dict[str, Any] = {}
# Standard PyYAML has no resolver that applies to every first character; with one, every
# plain scalar would need it, so this reader stands aside.
_ENABLED = None not in _RESOLVERS

_ITEM: Final = object()  # the key of a pending list item


def load(text: str) -> Any:
    """The data PyYAML's safe loader builds from `text`, or UNSUPPORTED if left to PyYAML."""
    if not _ENABLED or _UNUSUAL_CHARACTER.search(text):
        return UNSUPPORTED
    try:
        return _parse(text)
    except _Unsupported:
        return UNSUPPORTED


class SharedMapping(dict[Any, Any]):
    """A list item's mapping that the reader has read before, in this or another text.

    Files repeat whole list items (the same related story under many articles), so the reader
    keeps each item it reads by its text and gives the same object when the text comes again.
    It must not be changed; what is worked out from it can be kept on it (`related_record`).
    """

    __slots__ = ("related_record",)
    related_record: Any


# List items read more than once, by their text (the item's lines, its dash's indentation
# included), and the hashes of the texts of items read once: most items are read only once
# (an article's own images), and are not worth keeping.
_ITEMS: dict[str, SharedMapping] = {}
_MAX_ITEMS = 10_000
_SEEN: set[int] = set()
_MAX_SEEN = 200_000
# Where a list item whose dash stands at a given column ends: at the next line that starts at
# or left of that column with something other than a comment.
_ITEM_ENDS: dict[int, re.Pattern[str]] = {}


def _item_end(text: str, start: int, indent: int) -> int:
    pattern = _ITEM_ENDS.get(indent)
    if pattern is None:
        pattern = _ITEM_ENDS[indent] = re.compile(rf"\n {{0,{indent}}}[^ \n#]")
    found = pattern.search(text, start)
    return len(text) if found is None else found.start()


def _parse(text: str) -> Any:
    root: dict[Any, Any] | None = None
    # Open collections, outermost first: (indentation, collection, is_list); the innermost is
    # also held in `indent_now`, `collection` and `is_list`.
    frames: list[tuple[int, Any, bool]] = []
    collection: Any = None
    indent_now, is_list = -1, False
    # A key (or list item) whose value is on the lines below: (collection, key, indentation
    # of the collection, whether it is a list).
    pending: tuple[Any, Any, int, bool] | None = None
    # A list item read for the first time, kept once complete: (its text, its mapping, how many
    # frames are open while it is).
    recording: tuple[str, SharedMapping, int] | None = None
    # Items read in full, kept only once the whole text has been read without a fault.
    complete: list[tuple[str, SharedMapping, int]] = []
    match_line = _LINE.match
    position, end = 0, len(text)
    while position <= end:
        line_start = position
        line = match_line(text, position)
        position = line.end() + 1  # type: ignore[union-attr]
        indentation, dash, key, quoted, rest = line.groups()  # type: ignore[union-attr]
        if dash is None and key is None:
            if quoted is None and (not rest or rest[0] == "#"):
                continue  # blank, or a comment
            raise _Unsupported  # a scalar where a key should be
        indent = len(indentation)
        if root is None:
            if indent or dash:
                raise _Unsupported
            root = collection = {}
            indent_now = 0
            frames.append((0, root, False))
        if pending is not None:
            owner, owner_key, owner_indent, owner_is_list = pending
            pending = None
            nested: Any = None
            if indent > owner_indent or (indent == owner_indent and dash and not owner_is_list):
                nested = [] if dash else {}
                indent_now, collection, is_list = indent, nested, bool(dash)
                frames.append((indent, nested, is_list))
                if len(frames) > MAX_YAML_DEPTH:
                    raise _Unsupported
            if owner_key is _ITEM:
                owner.append(nested)
            else:
                owner[owner_key] = nested
        if indent != indent_now or is_list != bool(dash):
            # Back out to the collection this line belongs to.
            while indent < indent_now or (indent == indent_now and is_list and not dash):
                frames.pop()
                if not frames:
                    raise _Unsupported
                if recording is not None and len(frames) < recording[2]:
                    complete.append(recording)
                    recording = None
                indent_now, collection, is_list = frames[-1]
            if indent != indent_now or is_list != bool(dash):
                raise _Unsupported
        if dash:
            if key is None:
                if quoted is not None:
                    collection.append(quoted)
                elif not rest or rest[0] == "#":
                    pending = (collection, _ITEM, indent, True)
                else:
                    collection.append(_value(rest))
                continue
            # `- key: value` opens a mapping at the column of its key.
            mapping: dict[Any, Any]
            if recording is None:
                item_end = _item_end(text, line_start, indent)
                item_text = text[line_start:item_end]
                known = _ITEMS.get(item_text)
                # An item nests no deeper than it has lines.
                if known is not None and len(frames) + item_text.count("\n") < MAX_YAML_DEPTH:
                    collection.append(known)
                    position = item_end + 1
                    continue
                seen = hash(item_text)
                if seen in _SEEN:
                    mapping = SharedMapping()
                    recording = (item_text, mapping, len(frames) + 1)
                else:
                    if len(_SEEN) >= _MAX_SEEN:
                        _SEEN.clear()
                    _SEEN.add(seen)
                    mapping = {}
            else:
                mapping = {}
            collection.append(mapping)
            indent_now, collection, is_list = indent + len(dash), mapping, False
            frames.append((indent_now, mapping, False))
            if len(frames) > MAX_YAML_DEPTH:
                raise _Unsupported
        name = _KEYS.get(key)
        if name is None:
            name = _key(key)
        if quoted is not None:
            collection[name] = quoted
        elif not rest or rest[0] == "#":
            pending = (collection, name, indent_now, False)
        else:
            collection[name] = _value(rest)
    if pending is not None:
        owner, owner_key, _, _ = pending
        if owner_key is _ITEM:
            owner.append(None)
        else:
            owner[owner_key] = None
    if recording is not None:
        complete.append(recording)
    if len(_ITEMS) + len(complete) > _MAX_ITEMS:
        _ITEMS.clear()
    for item_text, mapping, _ in complete:
        _ITEMS[item_text] = mapping
    return root


def _key(text: str) -> Any:
    if len(text) > _MAX_KEY:
        raise _Unsupported
    first = text[0]
    name = text[1:-1] if first == '"' or first == "'" else _plain(text)
    if isinstance(name, str) and len(_KEYS) < _MAX_RESOLVED:
        _KEYS[text] = name
    return name


def _value(text: str) -> Any:
    first = text[0]
    if first == '"':
        match = _DOUBLE_QUOTED.fullmatch(text)
        if match is None:
            raise _Unsupported
        content = match.group(1)
        return _ESCAPE.sub(_unescape, content) if "\\" in content else content
    if first == "'":
        match = _SINGLE_QUOTED.fullmatch(text)
        if match is None:
            raise _Unsupported
        return match.group(1).replace("''", "'")
    if first == "{":
        return _flow_mapping(text)
    if first == "[":
        return _flow_sequence(text)
    if first in _INDICATORS and (first != "-" or text[1:2] in ("", " ")):
        raise _Unsupported
    comment = text.find(" #")
    if comment >= 0:
        text = text[:comment]
    text = text.rstrip(" ")
    if ": " in text or text[-1] == ":":
        raise _Unsupported
    return _plain(text)


def _unescape(match: re.Match[str]) -> str:
    named, byte, code, _other = match.groups()
    if named is not None:
        return _ESCAPED[named]
    if byte is not None:
        return chr(int(byte, 16))
    if code is not None:
        value = int(code, 16)
        if not 0xD800 <= value <= 0xDFFF:
            return chr(value)
    raise _Unsupported


def _flow_mapping(text: str) -> dict[Any, Any]:
    match = _FLOW_MAPPING.fullmatch(text)
    if match is None:
        raise _Unsupported
    mapping: dict[Any, Any] = {}
    for entry in _flow_entries(match.group(1)):
        pair = _FLOW_ENTRY.fullmatch(entry)
        if pair is None:
            raise _Unsupported
        key, value = pair.groups()
        mapping[_plain(key)] = _flow_plain(value) if value else None
    return mapping


def _flow_sequence(text: str) -> list[Any]:
    match = _FLOW_SEQUENCE.fullmatch(text)
    if match is None:
        raise _Unsupported
    return [_flow_plain(item) for item in _flow_entries(match.group(1))]


def _flow_entries(inside: str) -> list[str]:
    """The comma-separated entries of a one-line flow collection (a trailing comma allowed)."""
    if not inside.strip(" "):
        return []
    entries = [entry.strip(" ") for entry in inside.split(",")]
    if entries[-1] == "":
        entries.pop()
    if not all(entries):
        raise _Unsupported
    return entries


def _flow_plain(text: str) -> Any:
    text = text.rstrip(" ")
    if ":" in text or "?" in text or (text[0] in _INDICATORS and text[1:2] in ("", " ")):
        raise _Unsupported
    if text[0] in _INDICATORS and text[0] != "-":
        raise _Unsupported
    return _plain(text)


def _plain(text: str) -> Any:
    """A plain scalar as PyYAML resolves and builds it: text, or a number, date, bool, null."""
    resolvers = _RESOLVERS.get(text[0])
    if resolvers is None:
        return text
    try:
        return _RESOLVED[text]
    except KeyError:
        pass
    tag = _STR
    for candidate, pattern in resolvers:
        if pattern.match(text):
            tag = candidate
            break
    if tag == _STR:
        value: Any = text
    elif tag in _BUILT_TAGS:
        node = yaml.ScalarNode(tag, text)
        value = _BUILDER.yaml_constructors[tag](_BUILDER, node)
    else:
        raise _Unsupported  # merge keys and the like
    if len(_RESOLVED) >= _MAX_RESOLVED:
        _RESOLVED.clear()
    _RESOLVED[text] = value
    return value
