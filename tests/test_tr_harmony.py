"""Vowel harmony in one place (haberdar.tr.harmony): the forms the event grammar builds."""

from __future__ import annotations

from haberdar.tr.harmony import harmonise, harmonise4, infinitive, possessive_3sg, verb_root


def test_infinitive_and_root() -> None:
    assert infinitive("gel") == "gelmek" and infinitive("yap") == "yapmak" and infinitive("görüş") == "görüşmek"
    assert verb_root("görüşmek") == "görüş" and verb_root("gel") == "gel"


def test_possessive_and_suffix_vowels() -> None:
    assert possessive_3sg("heyet") == "heyeti" and possessive_3sg("temsilci") == "temsilcisi"
    assert possessive_3sg("lider") == "lideri" and possessive_3sg("başkan") == "başkanı"
    assert harmonise("Ankara", "de", "da") == "da" and harmonise("İzmir", "de", "da") == "de"
    assert harmonise4("yaz", "ıcı", "ici", "ucu", "ücü") == "ıcı" and harmonise4("gör", "ıcı", "ici", "ucu", "ücü") == "ücü"
