"""Untrusted text loses terminal escapes and control characters, and keeps everything else."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.text.sanitize import OTHER_WHITESPACE, clean_line, clean_text, printable

ESC = "\x1b"


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        (f"{ESC}[31mred{ESC}[0m text", "red text"),
        (f"{ESC}[1;38;5;196mbold{ESC}[m", "bold"),
        (f"{ESC}]0;pwned title{ESC}\\after", "after"),  # OSC title, ST terminated
        (f"{ESC}]0;pwned title\x07after", "after"),  # OSC title, BEL terminated
        (f"{ESC}]52;c;cm0gLXJmIH4=\x07paste", "paste"),  # OSC 52: write the clipboard
        (f"{ESC}]8;;https://evil.example/\x07link{ESC}]8;;\x07", "link"),  # OSC 8 hyperlink
        (f"{ESC}[2J{ESC}[Hcleared", "cleared"),  # clear screen, cursor home
        (f"{ESC}c reset", " reset"),  # full reset (two-byte escape)
        ("\x9b31mred\x9b0m", "red"),  # 8-bit CSI
        ("\x9d0;title\x07x", "x"),  # 8-bit OSC
        (f"{ESC}Pq#0;2;0;0;0#0~~@@{ESC}\\after", "after"),  # DCS (sixel)
        (f"{ESC}_apc payload{ESC}\\z", "z"),  # APC
        (f"{ESC}]0;never terminated", ""),  # an unterminated OSC runs to the end
    ],
)
def test_terminal_escapes_are_removed(dirty: str, clean: str) -> None:
    assert clean_text(dirty) == clean


def test_control_characters_are_removed_but_newlines_and_tabs_kept() -> None:
    assert clean_text("a\x00b\x07c\x08d\x0be\x0cf\x7fg\x85h\x90i") == "abcdefghi"
    assert clean_text("line one\n\tindented\nline three") == "line one\n\tindented\nline three"
    # Carriage returns would let text overwrite itself; they become newlines.
    assert clean_text("visible\rhidden\r\nnext") == "visible\nhidden\nnext"


def test_bidirectional_overrides_and_isolates_are_removed() -> None:
    assert clean_text("abc\u202edcba\u202c") == "abcdcba"
    assert clean_text("x\u2066y\u2067z\u2068w\u2069") == "xyzw"
    assert clean_text("\u202a\u202b\u202d") == ""


def test_ordinary_text_is_untouched() -> None:
    text = "Hawaiʻi’s “smart” reef — 조선일보 [bold]not markup[/] 100% é\n\ttab"
    assert clean_text(text) == text


def test_clean_line_folds_whitespace_to_single_spaces() -> None:
    assert clean_line("  a\n\tb   c\r\nd  ") == "a b c d"
    assert clean_line(f"{ESC}[31m  red  {ESC}[0m\n") == "red"


def _forbidden(text: str) -> list[str]:
    return [ch for ch in text if (ord(ch) < 0x20 and ch not in "\n\t") or 0x7F <= ord(ch) < 0xA0]


escape_heavy = st.text(
    alphabet=st.sampled_from([ESC, *"[]\\\x07\x9b\x9c\x9dP_^X;0m", *"a \n\t\r\x00\x7f\x85\u202e"]),
    max_size=200,
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=500), escape_heavy))
def test_output_never_holds_escapes_or_controls(text: str) -> None:
    cleaned = clean_text(text)
    assert ESC not in cleaned
    assert _forbidden(cleaned) == []
    assert not set(cleaned) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    line = clean_line(text)
    assert _forbidden(line) == []
    assert "\n" not in line and "\t" not in line


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x20, exclude_categories=["Cc", "Cs"])))
def test_text_without_controls_passes_through_unchanged(text: str) -> None:
    bidi = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    text = "".join(ch for ch in text if ch not in bidi)
    assert clean_text(text) == text


def test_printable_spells_out_controls_and_undecodable_file_name_bytes() -> None:
    # A file name may hold escapes, and bytes that are not UTF-8 (held as surrogates).
    name = "/news/caf\udce9/\x1b]0;pwned\x07.md: a\tb\n"
    assert printable(name) == "/news/caf\\xe9/\\x1b]0;pwned\\x07.md: a\\x09b\\x0a"
    assert printable("\u202eevil\u2066") == "\\u202eevil\\u2066"
    assert printable("Hawaiʻi’s — 조선일보 [bold]") == "Hawaiʻi’s — 조선일보 [bold]"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_printable_output_always_encodes_and_holds_no_controls(text: str) -> None:
    line = printable(text)
    line.encode("utf-8")  # no lone surrogates left
    assert _forbidden(line) == []
    assert "\n" not in line and "\t" not in line


def test_other_whitespace_is_every_whitespace_character_but_the_space() -> None:
    every = {chr(code) for code in range(0x110000) if chr(code).isspace()} - {" "}
    assert set(OTHER_WHITESPACE) == every
