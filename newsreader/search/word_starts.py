"""Which word beginnings a text holds, as a small set of bits: a quick "cannot match".

A query word matches only where a word of the text begins, so a text can hold it only if one
of its words begins with the query word's first three letters. Each text keeps those
beginnings (the first three letters of each of its words, fewer for shorter words) hashed
into WORD_START_BITS bits, two bits each: a Bloom filter. A query word whose bits are not all
set in a text's signature is not in that text; one whose bits are set may be, and the text
itself decides. (A text of a few thousand characters sets about 7% of the bits, so about one
such text in two hundred lets through a beginning it does not have.)

A word here is a run of letters and digits (what str.isalnum accepts), as in
`newsreader.search.search_text.found`. The text is searched as folded (casefolded, whitespace
collapsed), and so is the query.
"""

from __future__ import annotations

import re
import zlib

WORD_START_BITS = 2048
# Letters of a word's beginning that go into the signature.
PREFIX_LETTERS = 3
# Beginnings whose bits are remembered (they recur from text to text); past this many the
# memory starts again.
_MEMO_LIMIT = 200_000

_WORD = re.compile(r"[^\W_]+")
_memo: dict[str, int] = {}


def _bits(prefix: str) -> int:
    """The two bits of one word beginning."""
    bits = _memo.get(prefix)
    if bits is None:
        # crc32 rather than hash(): the same bits in every process, whatever its hash seed.
        digest = zlib.crc32(prefix.encode("utf-8", "surrogatepass"))
        bits = (1 << (digest % WORD_START_BITS)) | (1 << ((digest >> 16) % WORD_START_BITS))
        if len(_memo) >= _MEMO_LIMIT:
            _memo.clear()
        _memo[prefix] = bits
    return bits


def word_beginnings(text: str) -> set[str]:
    """The first PREFIX_LETTERS letters of every word in `text` (all of a shorter word)."""
    tokens = set(text.split())
    beginnings = {token[:PREFIX_LETTERS] for token in tokens if token.isalnum()}
    # Tokens with punctuation in them ("(approves", "ai's", "e-mail") hold several words.
    mixed = [token for token in tokens if not token.isalnum()]
    if mixed:
        beginnings.update(word[:PREFIX_LETTERS] for word in _WORD.findall(" ".join(mixed)))
    return beginnings


def signature(text: str) -> int:
    """The bits of every word beginning in `text` (folded as queries search it)."""
    bits = 0
    for prefix in word_beginnings(text):
        bits |= _bits(prefix)
    return bits


def needle_bits(needle: str) -> int | None:
    """The bits any text holding `needle` where a word begins must have, or None when the
    signature cannot tell (a needle of one or two letters that a longer word may begin with,
    or one that does not begin with a letter or digit).

    `needle` is folded like the text.
    """
    first = _WORD.match(needle)
    if first is None:
        return None
    word = first.group()
    if len(word) >= PREFIX_LETTERS:
        return _bits(word[:PREFIX_LETTERS])
    if len(word) < len(needle):
        # "ai's", "e-mail": the text's word is exactly this short one.
        return _bits(word)
    return None
