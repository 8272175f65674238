"""Line classifier that tells page chrome from article text.

Text copied from a news page carries the site around the article: headers, menu words,
render timestamps, bylines and photo captions before it; hashtags, newsletter and consent
notices, author placeholders and comment headers after it. The classifier does not know any
site: it weighs structural evidence per line —

* **position**: where the line stands relative to the article's *content span* (the first and
  last lines that read as running prose). Chrome is peeled off the head and the tail of the
  page; inside the span only unambiguous chrome is removed, so subheadings survive;
* **length** and **terminal punctuation**: prose lines are long and end in a full stop;
* **stopword density** with justext's Turkish stoplist: prose is ~30 % function words, menus
  and names are ~0 %;
* **capitalisation**: ALL-CAPS section labels, Title-Case captions and bylines;
* **repetition**: a line seen earlier in the article (teaser blocks printed twice), and lines
  repeated across many articles of the corpus (``common_lines``);
* **cues**: the vocabulary of chrome in ``data/chrome_tr.yaml`` (newsletter, consent, share,
  comments, author, navigation), which confirms the structural evidence.

Each removed line gets a reason a person can read.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from haberdar.resources import Resources
from haberdar.text import tr_lower

_WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*|\d+", re.UNICODE)
_TERMINAL = (".", "!", "?", "…", '"', "»", ")", ":", ";")
_HASHTAG_LINE_RE = re.compile(r"^(#[\w'’\-]+(\s+[\w'’\-]+)*\s*)+$")
_GLUED_DOUBLE_RE = re.compile(r"^(\w{3,})\1$")
# A notice or prompt is a sentence or two; a longer line with such words is an article about them.
NOTICE_MAX_WORDS = 40
_SEPARATOR_RE = re.compile(r"\s[|•·»›]\s|\s[-–—]\s")


@dataclass(slots=True)
class Line:
    no: int
    text: str
    words: list[str]
    stop_ratio: float
    caps_ratio: float  # share of letters in upper case
    title_ratio: float  # share of words starting with a capital
    terminal: bool

    @property
    def n_words(self) -> int:
        return len(self.words)

    @property
    def is_prose(self) -> bool:
        """Running text: long enough and full of function words."""
        n = self.n_words
        # Headlines can be long, but rarely past 18 words, and they do not end in a full stop.
        if n >= 12 and (self.terminal or n >= 18) and self.stop_ratio >= 0.08:
            return True
        return n >= 7 and self.terminal and self.stop_ratio >= 0.12 and self.title_ratio < 0.7


def analyse_line(no: int, text: str, stopwords: Collection[str]) -> Line:
    words = _WORD_RE.findall(text)
    n = len(words) or 1
    # Only lower-case words count: the stoplist also holds words that are common names in
    # capitalised use ("Konya", "Kalın"), and function words are written in lower case.
    stops = sum(1 for w in words if w.islower() and tr_lower(w) in stopwords)
    letters = [c for c in text if c.isalpha()]
    caps = sum(1 for c in letters if c.isupper())
    titled = sum(1 for w in words if w[:1].isupper())
    alpha_words = sum(1 for w in words if w[:1].isalpha()) or 1
    return Line(
        no=no,
        text=text,
        words=words,
        stop_ratio=stops / n,
        caps_ratio=caps / (len(letters) or 1),
        title_ratio=titled / alpha_words,
        terminal=text.rstrip().endswith(_TERMINAL),
    )


def cue_kinds(text: str, res: Resources) -> set[str]:
    """Kinds of chrome vocabulary found in a line (word-boundary matches)."""
    # Whole words only: "üye ol" must not fire inside "üye olduğu".
    low = " " + " ".join(_WORD_RE.findall(tr_lower(text))) + " "
    found = set()
    for kind, phrases in res.chrome.items():
        if any(f" {p} " in low for p in phrases):
            found.add(kind)
    return found


def looks_like_headline(line: Line) -> bool:
    """A headline: 4–25 words, mostly capitalised or not ending in a full stop, little else."""
    if not 3 <= line.n_words <= 30:
        return False
    if line.text.rstrip().endswith((".", ":", ";", ",")) and not line.text.rstrip().endswith("..."):
        return False
    return True


def is_caption_like(line: Line) -> bool:
    """A short Title-Case run with no function word: a name under a photo, a byline."""
    return (
        2 <= line.n_words <= 5
        and line.title_ratio >= 0.99
        and line.stop_ratio == 0
        and not line.terminal
    )


def is_menu_word(line: Line) -> bool:
    """One or two words with no sentence around them: a section label or a menu item."""
    t = line.text.rstrip()
    if line.n_words == 0:
        return bool(t)  # punctuation or symbols only
    if line.n_words <= 2 and not t.endswith((".", "!", "?", "…")):
        return True
    return False


def is_hashtags(line: Line) -> bool:
    return bool(_HASHTAG_LINE_RE.match(line.text.strip())) and line.text.lstrip().startswith("#")


def is_author_placeholder(line: Line, cues: set[str]) -> bool:
    t = line.text.strip()
    if _GLUED_DOUBLE_RE.match(t):
        return True  # a CMS printing the author name twice: "AdminAdmin", "EditörEditör"
    return "author" in cues and line.n_words <= 3 and not line.terminal


def chrome_reason(
    line: Line,
    cues: set[str],
    *,
    region: str,
    stamp_kind: str | None,
    credit: bool,
    common: bool,
) -> str | None:
    """Why ``line`` is chrome, or None to keep it.

    ``region`` is "head" (before the content span), "tail" (after it) or "body".
    """
    if stamp_kind is not None:
        return "render timestamp (date without year)" if stamp_kind == "no-year" else "date stamp"
    if credit:
        return "source credit"
    if is_hashtags(line):
        return "hashtags"
    if is_author_placeholder(line, cues):
        return "author placeholder"
    if "consent" in cues and line.n_words <= NOTICE_MAX_WORDS and (region != "body" or not line.is_prose):
        return "consent/copyright notice"
    if "newsletter" in cues and line.n_words <= NOTICE_MAX_WORDS and (region != "body" or line.n_words <= 15):
        return "newsletter/subscription prompt"
    if "share" in cues and line.n_words <= 6 and not line.is_prose:
        return "share buttons"
    if "comments" in cues and line.n_words <= 4 and not line.terminal:
        return "comments header"
    if "related" in cues and line.n_words <= 6 and not line.terminal:
        return "related-links header"
    if common and not line.is_prose:
        return "repeated across the corpus"
    if region == "head":
        if _SEPARATOR_RE.search(line.text) and line.n_words <= 10 and line.stop_ratio < 0.1 and not line.terminal:
            return "site header"
        if is_caption_like(line):
            return "photo caption or byline"
        if is_menu_word(line):
            return "menu word" if "navigation" in cues or line.caps_ratio > 0.5 else "page label"
        if line.text.rstrip().endswith(":") and line.n_words <= 3:
            return "page label"
        return None
    if region == "tail":
        if not line.is_prose:
            if is_menu_word(line):
                return "menu word"
            if is_caption_like(line):
                return "photo caption or byline"
            if line.n_words <= 6 and line.stop_ratio < 0.15:
                return "page footer"
        return None
    # Inside the article only structure that cannot be text goes.
    if is_menu_word(line) and line.caps_ratio > 0.5:
        return "menu word"
    if line.text.rstrip().endswith(":") and line.n_words <= 2:
        return "page label"
    return None


def content_span(lines: list[Line], blocked: Iterable[int]) -> tuple[int, int] | None:
    """Index range [first, last] of prose lines, ignoring lines already known to be chrome."""
    blocked = set(blocked)
    prose = [i for i, ln in enumerate(lines) if ln.is_prose and i not in blocked]
    if not prose:
        return None
    return prose[0], prose[-1]


_LAST_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+([^.!?]+[.!?]?)\s*$")


def split_seo_tail(text: str, res: Resources) -> tuple[str, str | None]:
    """Split off an aggregator's tag sentence glued to a paragraph ("… Son dakika X haberleri.").

    The sentence must be short, carry navigation vocabulary and name "haber(ler)" as its last
    word — the shape of a listing tag, not of a sentence someone wrote about the news.
    """
    m = _LAST_SENTENCE_RE.search(text)
    if not m:
        return text, None
    sentence = m.group(1)
    words = _WORD_RE.findall(sentence)
    if not 2 <= len(words) <= 7 or not tr_lower(words[-1]).startswith("haber"):
        return text, None
    if "navigation" not in cue_kinds(sentence, res):
        return text, None
    return text[: m.start()].rstrip(), sentence.strip()


_CTA_END_RE = re.compile(r"\b(tıklayınız|tıklayın|tıklayiniz|tiklayiniz|tiklayin|tıkla)[\s.…!]*$", re.IGNORECASE)
_CTA_MAX_WORDS = 6


def split_cta_tail(text: str) -> tuple[str, str | None]:
    """Split off a call to action glued to the end of a text ("… Devamı için tıklayınız").

    Feeds and teaser lists end descriptions with a link prompt. The prompt starts at the last
    sentence end, quote or capitalised clause start within its last few words.
    """
    m = _CTA_END_RE.search(text)
    if not m:
        return text, None
    cut = m.start()
    words = list(re.finditer(r"\S+", text[: m.start()]))
    for w in reversed(words[-_CTA_MAX_WORDS:]):
        tok = w.group()
        if tok.endswith((".", "!", "?", "…", '"', "”", "'")):
            break
        cut = w.start()
        if tok[:1].isupper():
            break
    head = text[:cut].rstrip()
    if not _WORD_RE.search(head):
        return text, None
    return head, text[cut:].strip()
