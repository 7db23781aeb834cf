"""The fast front matter reader builds exactly what PyYAML builds, or stands aside."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsreader.bench.corpus import write_corpus
from newsreader.loading import yaml_subset
from newsreader.loading.front_matter import load_front_matter

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (True is not 1, keys in the same order)."""
    if isinstance(a, yaml_subset.SharedMapping):
        a = dict(a)  # a list item read before: a dict all the same
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return len(a) == len(b) and all(
            same(key_a, key_b) and same(a[key_a], b[key_b])
            for key_a, key_b in zip(a, b, strict=True)
        )
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and a != a:
        return b != b
    if isinstance(a, dt.datetime):
        return a == b and a.utcoffset() == b.utcoffset()
    return bool(a == b)


def check(text: str) -> None:
    """Either the subset reader declines, or it agrees with PyYAML; PyYAML never fails on it."""
    fast = yaml_subset.load(text)
    if fast is yaml_subset.UNSUPPORTED:
        return
    try:
        expected = load_front_matter(text)
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        pytest.fail(f"PyYAML refuses {text!r} ({error}) but the subset reader built {fast!r}")
    assert same(fast, expected), f"{text!r}: {fast!r} != {expected!r}"


def front_matters(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            closing = _CLOSING.search(text, 4) if text.startswith("---\n") else None
            if closing:
                found.append(text[4 : closing.start()])
    return found


def test_reads_the_seeds_and_a_generated_corpus_as_pyyaml_does(tmp_path: Path) -> None:
    write_corpus(tmp_path, 300, seed=3)
    texts = front_matters(SEEDS) + front_matters(tmp_path)
    assert len(texts) > 200
    for text in texts:
        fast = yaml_subset.load(text)
        assert fast is not yaml_subset.UNSUPPORTED, text[:200]
        assert same(fast, load_front_matter(text))


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x",
        "a: !!str 1",
        "a: |\n  text",
        "a: >\n  text",
        "a: one\n  two",
        'a: "one\n  two"',
        "a:\tb",
        "a: b\u2028c",
        "a: b: c",
        "<<: {a: 1}",
        "- a\n- b",
        "{a: 1}",
        "a: {b: {c: 1}}",
        "a: [b, [c]]",
        '"a\\"b": 1',
        "a: 'unclosed",
        "%YAML 1.1\n---\na: 1",
        "a: 1\n--- \nb: 2",
    ],
)
def test_leaves_anything_unusual_to_pyyaml(text: str) -> None:
    assert yaml_subset.load(text) is yaml_subset.UNSUPPORTED


_ITEM_BLOCKS = [
    "  - title: A\n    url: x\n",
    "  - title: A\n    url: x\n    provider: {name: P, domain: p.com}\n",
    "  - title: A\n    images:\n      - url: y\n        width: 5\n",
    "  - title: A\n    images:\n    - url: y\n    tags:\n",
    "  - title: A\n    note:\n# a comment\n    url: x\n",
    "  - title: A\n\n    url: x\n",
    "  - title: A\n   bad: indent\n",
    "  - title: A\n    quality: 87\n  -\n    title: B\n",
    "  - name: &anchor A\n",
    "  -   title: Wide\n      url: x\n",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_ITEM_BLOCKS), min_size=1, max_size=6),
    st.sampled_from(["related:\n", "related:\n  # items\n"]),
    st.sampled_from(["", "type: article\n", "other:\n  - x\n"]),
)
def test_list_items_read_again_from_memory_are_read_as_pyyaml_reads_them(
    items: list[str], head: str, tail: str
) -> None:
    text = head + "".join(items) + tail
    # Three times: items read twice are kept, and the third time come from the reader's memory.
    check(text)
    check(text)
    check(text)
    check(text.replace("related:", "first: 1\nrelated:"))


_KEYS = ["title", "a b", "yes", "null", "On", "x.y", "k-1", '"quoted"', "'single'", "key ", "é"]
_SEPARATORS = [":", ": ", ":  ", " : ", ":\t"]
_VALUES = [
    "",
    '"a"',
    '"a \\"b\\" c"',
    '"\\u00e9\\x41\\n\\t\\\\\\/"',
    '"\\e[31m"',
    '"\\ud800"',
    '"\\q"',
    "'it''s'",
    "plain text",
    "a: b",
    "a #c",
    "a#b",
    "a:b",
    "-1",
    "- x",
    "-",
    "1_000",
    "0x1F",
    "0o17",
    "017",
    "1:20",
    "190:20:30",
    "1.5e3",
    "1e3",
    "+.5",
    ".inf",
    ".NaN",
    "0b101",
    "yes",
    "No",
    "off",
    "~",
    "Null",
    "TRUE",
    "2023-10-06",
    "2023-10-06T23:04:00Z",
    "2023-02-30",
    "2019-12-08T08:00:00-08:00",
    "2019-12-08 08:00:00.5 +1",
    "9" * 5000,
    "{name: A, domain: b.com}",
    "{a: , b: 1}",
    "{a: 1,}",
    "{a}",
    "{a:b}",
    "{}",
    "[a, b]",
    "[a, b,]",
    "[1, yes, ~]",
    "[]",
    "[a: b]",
    "&a x",
    "*a",
    "!!str x",
    "|",
    ">-",
    "%x",
    "@x",
    "`x",
    "? x",
    ": x",
    "http://x.com/a b",
    "a  b  ",
    "é ʻ 한국 “q”",
    "<<",
    "=",
    "# comment",
    '"a" # c',
    '"a"b',
    "'a' 'b'",
    "x\x85y",
    "\ufeffx",
    "a\x00",
]
_DASHES = ["", "- ", "-", "-   "]


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        indent = " " * draw(st.sampled_from([0, 0, 0, 1, 2, 2, 4, 6]))
        dash = draw(st.sampled_from(_DASHES))
        kind = draw(st.sampled_from(["pair", "pair", "value", "blank", "comment"]))
        if kind == "pair":
            key = draw(st.sampled_from(_KEYS))
            separator = draw(st.sampled_from(_SEPARATORS))
            line = f"{indent}{dash}{key}{separator}{draw(st.sampled_from(_VALUES))}"
        elif kind == "value":
            line = f"{indent}{dash}{draw(st.sampled_from(_VALUES))}"
        elif kind == "blank":
            line = indent
        else:
            line = f"{indent}# note"
        lines.append(line)
    return "\n".join(lines)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_line_soup_is_read_as_pyyaml_reads_it_or_left_to_it(text: str) -> None:
    check(text)


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, dt.UTC])),
)
_DATA = st.recursive(
    _SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(min_size=1, max_size=12) | st.integers(), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.text(min_size=1, max_size=12), _DATA, min_size=1, max_size=5),
    st.sampled_from([False, None]),
    st.integers(2, 4),
)
def test_data_dumped_by_pyyaml_is_read_back_the_same(
    data: dict[str, Any], flow_style: bool | None, indent: int
) -> None:
    text = yaml.safe_dump(
        data, default_flow_style=flow_style, indent=indent, allow_unicode=True, width=10**6
    )
    check(text)
