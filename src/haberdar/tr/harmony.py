"""Turkish vowel harmony: the one place that knows which vowels are front and back.

Used where a form has to be built rather than read: an infinitive from a verb root
("gel" → "gelmek"), a possessive from a noun ("heyet" → "heyeti"), a suffix's vowel.
"""

from __future__ import annotations

VOWELS = frozenset("aeıioöuüâîû")  # with the circumflexed vowels of loanwords
PLAIN_VOWELS = frozenset("aeıioöuü")
FRONT = frozenset("eiöü")
BACK = frozenset("aıou")
# the 3rd-person possessive's high vowel after a word's last vowel (i-type harmony)
_HIGH = {"a": "ı", "ı": "ı", "e": "i", "i": "i", "o": "u", "u": "u", "ö": "ü", "ü": "ü"}


def harmonise(stem: str, front: str, back: str) -> str:
    """``front`` after a stem whose last plain vowel is front, ``back`` after a back one
    (``front`` when it has none)."""
    for c in reversed(stem):
        if c in FRONT:
            return front
        if c in BACK:
            return back
    return front


def harmonise4(stem: str, a: str, e: str, o: str, oe: str) -> str:
    """Four-way (i-type) harmony on the last vowel of ``stem``: ``a`` after a/ı, ``e`` after e/i,
    ``o`` after o/u, ``oe`` after ö/ü (``e`` when it has none)."""
    for c in reversed(stem):
        if c in "aı":
            return a
        if c in "ei":
            return e
        if c in "ou":
            return o
        if c in "öü":
            return oe
    return e


def verb_root(infinitive: str) -> str:
    """"görüşmek" → "görüş"; a root is returned unchanged."""
    if infinitive.endswith(("mak", "mek")) and len(infinitive) > 4:
        return infinitive[:-3]
    return infinitive


def infinitive(root: str) -> str:
    """"gel" → "gelmek", "yap" → "yapmak" (on the last vowel, circumflexed ones counting as
    back; a root without a vowel takes "mak")."""
    for c in reversed(root):
        if c in VOWELS:
            return root + ("mek" if c in FRONT else "mak")
    return root + "mak"


def possessive_3sg(noun: str) -> str:
    """Third-person possessive of a lower-case noun: "heyet" → "heyeti", "temsilci" → "temsilcisi"."""
    last = next((c for c in reversed(noun) if c in PLAIN_VOWELS), "e")
    v = _HIGH[last]
    return noun + ("s" + v if noun[-1] in PLAIN_VOWELS else v)
