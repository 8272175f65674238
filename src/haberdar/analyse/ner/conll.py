"""CoNLL reading/writing, the conlleval-style span scorer, and the ``haberdar ner`` contract.

The CoNLL files we meet are "token<TAB>tag" (the Milliyet NER data) but also plain token-per-line
files or files with extra columns (POS, lemma…); the reader keeps the first column as the token
and the *last* column as the tag when there are at least two, so one reader serves training,
scoring and the CLI. Scoring is exact-span micro P/R/F1 like ``conlleval``: a predicted entity
counts only if its type and both boundaries match a gold entity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

Sentence = list[tuple[str, str | None]]
_SPLIT_RE = re.compile(r"\t| +")


def iter_conll(lines: Iterable[str]) -> Iterator[Sentence]:
    """Yield sentences as ``[(token, tag_or_None), ...]`` from CoNLL lines.

    Columns are split on tabs (or runs of spaces when no tab is present); the first column is the
    token and, when there are two or more columns, the last one is the tag. Blank lines end a
    sentence; ``-DOCSTART-`` lines are skipped because they are not tokens.
    """
    sent: Sentence = []
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line.strip():
            if sent:
                yield sent
                sent = []
            continue
        cols = line.split("\t") if "\t" in line else _SPLIT_RE.split(line.strip())
        tok = cols[0] if cols[0] else line.strip()
        if tok.startswith("-DOCSTART-"):
            continue
        tag = cols[-1].strip() if len(cols) > 1 else None
        sent.append((tok, tag or None))
    if sent:
        yield sent


def read_conll(path: str | Path) -> list[Sentence]:
    """Read a whole CoNLL file (UTF-8) into a list of sentences; see :func:`iter_conll`."""
    with open(path, encoding="utf-8") as fh:
        return list(iter_conll(fh))


def write_conll(sentences: Iterable[tuple[Sequence[str], Sequence[str]]], out: IO[str]) -> None:
    """Write ``(tokens, tags)`` pairs as "token<TAB>tag" lines, a blank line after each sentence."""
    for tokens, tags in sentences:
        for tok, tag in zip(tokens, tags, strict=True):
            out.write(f"{tok}\t{tag}\n")
        out.write("\n")


def clean_training_tags(tokens: Sequence[str], tags: Sequence[str]) -> list[str]:
    """Drop known annotation noise: one-token entity spans that are only digits.

    The Milliyet data has 9 ``ORG`` spans on the digit "2" inside scores ("10 - 1 [ORG 2] puan");
    a bare number is never a PER/LOC/ORG on its own, while real names that start with a digit
    ("2 No'lu DGM") continue with ``I-`` tags and are kept.
    """
    out = list(tags)
    n = len(out)
    for i, (tok, tag) in enumerate(zip(tokens, out, strict=True)):
        if tag.startswith("B-") and tok.isdigit():
            nxt = out[i + 1] if i + 1 < n else "O"
            if nxt != "I-" + tag[2:]:
                out[i] = "O"
    return out


# --------------------------------------------------------------------------- scoring


def get_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity spans ``(start, end_exclusive, type)`` from IOB1/IOB2/BIOES-ish tags.

    Like conlleval, an ``I-X`` that does not continue an ``X`` chunk starts a new one, so a
    tagger's ill-formed output is scored the way conlleval would score it.
    """
    spans: list[tuple[int, int, str]] = []
    start = -1
    cur = ""
    for i, tag in enumerate(tags):
        if tag == "O" or not tag or len(tag) < 2 or tag[1] != "-":
            if start >= 0:
                spans.append((start, i, cur))
                start = -1
            continue
        prefix, typ = tag[0], tag[2:]
        if prefix in ("B", "S") or start < 0 or typ != cur:
            if start >= 0:
                spans.append((start, i, cur))
            start, cur = i, typ
        if prefix in ("E", "S"):
            spans.append((start, i + 1, cur))
            start = -1
    if start >= 0:
        spans.append((start, len(tags), cur))
    return spans


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "pred": n_pred, "gold": n_gold}


def score(gold_seqs: Iterable[Sequence[str]], pred_seqs: Iterable[Sequence[str]]) -> dict[str, Any]:
    """Exact-span micro P/R/F1, overall and per type, plus token accuracy.

    Returns ``{"overall": {precision, recall, f1, tp, pred, gold}, "per_type": {TYPE: {...}},
    "token_accuracy": float, "sentences": n, "tokens": n}``.
    """
    tp: dict[str, int] = {}
    npred: dict[str, int] = {}
    ngold: dict[str, int] = {}
    ntok = ncorrect = nsent = 0
    for gold, pred in zip(gold_seqs, pred_seqs, strict=True):
        if len(gold) != len(pred):
            raise ValueError(f"sentence {nsent}: {len(gold)} gold vs {len(pred)} predicted tags")
        nsent += 1
        ntok += len(gold)
        ncorrect += sum(g == p for g, p in zip(gold, pred, strict=True))
        gs = set(get_spans(gold))
        ps = set(get_spans(pred))
        for _, _, t in gs:
            ngold[t] = ngold.get(t, 0) + 1
        for _, _, t in ps:
            npred[t] = npred.get(t, 0) + 1
        for _, _, t in gs & ps:
            tp[t] = tp.get(t, 0) + 1
    types = sorted(set(ngold) | set(npred))
    per_type = {t: _prf(tp.get(t, 0), npred.get(t, 0), ngold.get(t, 0)) for t in types}
    overall = _prf(sum(tp.values()), sum(npred.values()), sum(ngold.values()))
    return {
        "overall": overall,
        "per_type": per_type,
        "token_accuracy": ncorrect / ntok if ntok else 0.0,
        "sentences": nsent,
        "tokens": ntok,
    }


def format_score(result: dict[str, Any]) -> str:
    """A small conlleval-like table of :func:`score` output."""
    lines = [f"{'type':<8}{'P':>8}{'R':>8}{'F1':>8}{'gold':>8}{'pred':>8}"]
    rows = list(result["per_type"].items()) + [("overall", result["overall"])]
    for name, s in rows:
        lines.append(
            f"{name:<8}{s['precision']:>8.4f}{s['recall']:>8.4f}{s['f1']:>8.4f}"
            f"{s['gold']:>8}{s['pred']:>8}"
        )
    lines.append(f"token accuracy {result['token_accuracy']:.4f} over {result['tokens']} tokens")
    return "\n".join(lines)


# --------------------------------------------------------------------------- CLI contract


def ner_conll(in_path: str | Path, out_stream: IO[str], model: Any = None) -> int:
    """``haberdar ner FILE.conll``: tag a token-per-line file, write "token<TAB>tag" lines.

    Extra input columns (including any gold tag) are ignored; a blank line separates sentences in
    both input and output. ``model`` defaults to the packaged :class:`NerModel`. Returns the
    number of sentences written.
    """
    if model is None:
        from haberdar.analyse.ner.model import NerModel

        model = NerModel.load()
    n = 0
    with open(in_path, encoding="utf-8") as fh:
        batch: list[list[str]] = []
        for sent in iter_conll(fh):
            batch.append([tok for tok, _ in sent])
            if len(batch) >= 2048:
                write_conll(zip(batch, model.tag_sentences(batch), strict=True), out_stream)
                n += len(batch)
                batch = []
        if batch:
            write_conll(zip(batch, model.tag_sentences(batch), strict=True), out_stream)
            n += len(batch)
    return n
