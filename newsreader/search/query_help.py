"""The query language in brief, as the reader's help shows it (README's table says the same)."""

from __future__ import annotations

QUERY_SYNTAX: tuple[tuple[str, str], ...] = (
    ("robot arm", "both words, in the title, excerpt, body or provider"),
    ('"exact phrase"', "these words together, in this order"),
    ("-sport  -provider:forbes", "everything except what matches"),
    ('title:robot  provider:"The Statesman"  topic:AI', "words in that field"),
    ("source:2023-10  url:techcrunch.com", "text in the file's path, or in the article's URL"),
    ("quality:>=80  heat:<10", "numbers compared (>=, >, <=, <, =)"),
    ("after:2023-10-01  before:2023-11  date:2023-10", "a year, month or day, local time"),
    ("is:unread  is:read  is:starred", "read and starred marks"),
    ("ai robot OR climate", "either side of OR; AND binds tighter"),
    ("(ai OR robot) -sport", "parentheses group"),
)
"""(what to type, what it keeps) for each part of the language."""

QUERY_NOTES = (
    "Case is ignored, and a word matches where a word begins: robot finds Robots and "
    'robotics, not chatbot. Quote text with a colon in it ("re:Invent").'
)
