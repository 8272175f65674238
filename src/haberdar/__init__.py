"""haberdar: Turkish news in the wild turned into a verified record of events."""

__version__ = "0.1.0"
