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


def clean_text(text: str) -> str:
    """Remove terminal escape sequences and control characters; keep newlines and tabs."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    return text.translate(_DROP_TABLE)


def clean_line(text: str) -> str:
    """Like `clean_text`, and fold all whitespace (newlines included) to single spaces."""
    return _WHITESPACE_RUN.sub(" ", clean_text(text)).strip()
