"""Event mentions (PLOVER) from Turkish news: who met, called, visited, agreed with or accused
whom, where, when and about what. See :mod:`.extract` for the grammar."""

from haberdar.analyse.events.extract import EventExtractor, Tagger
from haberdar.analyse.events.model import EventMention, Evidence, Participant, Place

__all__ = ["EventExtractor", "EventMention", "Evidence", "Participant", "Place", "Tagger"]
