"""Knowledge base: canonical entities, their names and aliases, and the offices they held.

Public API::

    from haberdar.kb import KnowledgeBase, Entity, Role, load_default_kb

    kb = load_default_kb()                      # curated KB (+ Wikidata tables with a kb_dir)
    kb.holders("MİT Başkanı", on=date(2024, 9, 13))   # → [Entity(İbrahim Kalın)]
    kb.find("Al Thani")                         # → [Entity(Muhammed bin Abdurrahman Al Sani), …]
    kb.roles_of(entity_id, on=None)
    kb.role_key("Mit Başkanı") == kb.role_key("Milli İstihbarat Teşkilatı Başkanı")
"""

from haberdar.kb.base import ImportStats, KnowledgeBase
from haberdar.kb.default import load_default_kb
from haberdar.kb.model import Entity, Role, parse_partial_date

__all__ = [
    "Entity",
    "ImportStats",
    "KnowledgeBase",
    "Role",
    "load_default_kb",
    "parse_partial_date",
]
