"""Turkish helpers in one place: casing, folding, suffix tables, morphology, one YAML loader.

Everything Turkish-specific that more than one component needs lives here and is loaded through
:class:`haberdar.resources.Resources`, so no component carries its own copy of a suffix list or
a lower-casing rule. The casing primitives are those of :mod:`haberdar.text` (kept there for the
stages that import them); :mod:`haberdar.tr.morph` is the one per-process akana cache.
"""

from __future__ import annotations

from haberdar.text import fold_key, normalize_for_hash, tr_lower, tr_title, tr_upper
from haberdar.tr.suffixes import SuffixTable, case_of_suffix, default_suffixes

__all__ = [
    "SuffixTable",
    "case_of_suffix",
    "default_suffixes",
    "fold_key",
    "normalize_for_hash",
    "tr_lower",
    "tr_title",
    "tr_upper",
]
