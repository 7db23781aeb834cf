"""The words merging compares: a text's terms (stems of its words, without stopwords) and its
two-word phrases, the same on both sides of a pairing."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]\"“”—–]|\s-\s|\n")
# Words too common to tell one article from another.
_STOPWORD_LIST = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    said says say saying told tell according many much may might must one two new like also
    however still even well back year years week weeks day days time way ways make makes made
"""
_STOPWORDS = frozenset(_STOPWORD_LIST.split())


# Stems of the words met so far: texts share most of their words.
_STEMS: dict[str, str] = {}
_MAX_STEMS = 262_144


def _stem(token: str) -> str:
    stem = _STEMS.get(token)
    if stem is None:
        if len(_STEMS) >= _MAX_STEMS:
            _STEMS.clear()
        stem = _STEMS[token] = _stem_of(token)
    return stem


def _stem_of(token: str) -> str:
    """A crude English stem, the same on both sides: plurals, -ing, -ed and a final e go."""
    if token.endswith(("'s", "’s")):
        token = token[:-2]
    if len(token) > 4 and token.endswith("ies"):
        token = token[:-3] + "y"
    elif token.endswith("sses"):
        token = token[:-2]
    elif len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        token = token[:-1]
    if len(token) > 6 and token.endswith("ing"):
        token = token[:-3]
    elif len(token) > 5 and token.endswith("ed"):
        token = token[:-2]
    if len(token) > 4 and token.endswith("e"):
        token = token[:-1]
    return token


def _is_term(token: str) -> bool:
    return len(token) > 1 and token not in _STOPWORDS


def term_set(text: str) -> set[str]:
    """The distinct terms of a text: stems of its words, without stopwords."""
    tokens = set(_TOKEN.findall(text.lower()))
    tokens -= _STOPWORDS
    stems = _STEMS
    return {stems.get(token) or _stem(token) for token in tokens if len(token) > 1}


def phrases(text: str) -> set[tuple[str, str]]:
    """Pairs of terms that stand next to each other in the text ("science fiction").

    A stopword or a punctuation mark between two words keeps them from being a pair.
    """
    pairs: set[tuple[str, str]] = set()
    for clause in _CLAUSE_BREAK.split(text.lower()):
        previous: str | None = None
        for token in _TOKEN.findall(clause):
            term = _stem(token) if _is_term(token) else None
            if previous is not None and term is not None:
                pairs.add((previous, term))
            previous = term
    return pairs
