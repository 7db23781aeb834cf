"""Make untrusted text safe to hold: no terminal escapes, no control characters."""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (colours, cursor moves, clears), OSC (titles, clipboard,
# hyperlinks), DCS/SOS/PM/APC strings, and two-byte escapes. Unterminated strings run to the end.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?            # CSI
    | \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # OSC
    | \x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?        # DCS, SOS, PM, APC
    | \x9b[0-?]*[ -/]*[@-~]?            # 8-bit CSI
    | \x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?     # 8-bit OSC
    | \x1b[ -~]?                        # any other escape
    """,
    re.VERBOSE,
)

# C0 controls except tab and newline, DEL, C1 controls, and the bidirectional overrides and
# isolates that can make text display in an order other than the one it is stored in.
_DROPPED = (
    [c for c in range(0x00, 0x20) if c not in (0x09, 0x0A)]
    + list(range(0x7F, 0xA0))
    + list(range(0x202A, 0x202F))
    + list(range(0x2066, 0x206A))
)
_DROP_TABLE = dict.fromkeys(_DROPPED)
_WHITESPACE_RUN = re.compile(r"\s+")
# Anything `clean_text` would change (carriage returns and escapes are among the dropped
# characters): searching for it is a fast scan, where `translate` copies the text.
_NEEDS_CLEANING = re.compile("[" + "".join(re.escape(chr(code)) for code in _DROPPED) + "]")
# Every character Python counts as whitespace, but the space (str.isspace; a test checks the
# list against the whole of Unicode, which is too slow to scan at every start).
OTHER_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# The same as _NEEDS_CLEANING, and any whitespace but the space: what `clean_line` would
# change besides runs of spaces and spaces at the ends.
_NEEDS_FOLDING = re.compile(
    "["
    + "".join(
        re.escape(character) for character in sorted({*map(chr, _DROPPED), *OTHER_WHITESPACE})
    )
    + "]"
)


def clean_text(text: str) -> str:
    """Remove terminal escape sequences and control characters; keep newlines and tabs."""
    if not _NEEDS_CLEANING.search(text):
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    return text.translate(_DROP_TABLE)


def clean_line(text: str) -> str:
    """Like `clean_text`, and fold all whitespace (newlines included) to single spaces."""
    if (
        not _NEEDS_FOLDING.search(text)
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
    ):
        return text
    return _WHITESPACE_RUN.sub(" ", clean_text(text)).strip()


# What `printable` spells out: the dropped characters above, newlines and tabs too.
_SPELLED_OUT = {code: f"\\x{code:02x}" for code in range(0x00, 0xA0) if code < 0x20 or code >= 0x7F}
_SPELLED_OUT.update({code: f"\\u{code:04x}" for code in _DROPPED if code > 0xFF})
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def printable(text: str) -> str:
    """One line safe to print whatever it came from (file names included), nothing hidden.

    Control characters become `\\x1b`-style escapes, and bytes of a file name that were not
    valid UTF-8 (held as surrogates) become `\\xe9`, so the line still names the file.
    """
    text = text.translate(_SPELLED_OUT)
    if not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(_spell_surrogate, text)


def _spell_surrogate(match: re.Match[str]) -> str:
    code = ord(match.group())
    # Python holds an undecodable byte 0xNN of a file name as the surrogate U+DCNN.
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"
