"""Train the packaged NER model from the Milliyet CoNLL data.

    python -m haberdar.analyse.ner.train            # = haberdar train-ner
    python -m haberdar.analyse.ner.train ../shared/ner/milliyet_train.conll \
        src/haberdar/data/ner/ner_model.npz --dev-tail 0.1

Steps, each chosen by measurement on the dev split (see ``data/ner/MODEL.md``):

1. read the CoNLL file and drop the known noise (one-token digit ``ORG`` spans);
2. hold out the dev split: the last 10% of sentences in file order (:func:`split_dev`);
3. build a gazetteer of words seen inside entities from the training part only; the features
   of training sentences come from a gazetteer built on the *other* contiguous blocks of the
   file, so the CRF learns how far a hit can be trusted for a name it has not seen;
4. train the first-pass CRF (CRFsuite L-BFGS, elastic net c1=0.05, c2=0.005, 150 iterations);
5. jackknife: five CRFs, each trained without one contiguous block, tag that block; from those
   honest first-pass tags compute document features (how the same word was labelled within
   ±10 sentences) and train the second-pass CRF on them;
6. convert both to our ``.npz`` format and score the dev split with the fast tagger.

Optional, off by default because they did not help on dev: k-means clusters of akana word
embeddings (``--clusters 64,256,1024``, -0.5 F1) and capitalised-run features.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from haberdar.analyse.ner.conll import clean_training_tags, format_score, read_conll, score
from haberdar.analyse.ner.features import (
    FeatureConfig,
    FeatureExtractor,
    Resources,
    document_features,
)
from haberdar.analyse.ner.model import DEFAULT_MODEL_PATH, CrfLayer, NerModel

Tagged = tuple[list[str], list[str]]
DEFAULT_CONLL = (
    Path(__file__).resolve().parents[4].parent / "shared" / "ner" / "milliyet_train.conll"
)


def load_tagged(conll_path: str | Path, clean: bool = True) -> list[Tagged]:
    """Sentences as ``(tokens, tags)``, with the known annotation noise removed if ``clean``."""
    out: list[Tagged] = []
    for sent in read_conll(conll_path):
        toks = [t for t, _ in sent]
        tags = [tag or "O" for _, tag in sent]
        out.append((toks, clean_training_tags(toks, tags) if clean else tags))
    return out


def split_dev(
    data: Sequence[Tagged], dev_every: int = 0, dev_tail: float = 0.1
) -> tuple[list[Tagged], list[Tagged]]:
    """(train, dev), both in file order; deterministic.

    The official split (the default) is the *last* ``round(dev_tail * n)`` sentences: 2,481 of
    24,813, sentence indices 22,332…24,812 (0-based). It is the stricter choice because whole
    articles, and the names in them, are then unseen in training, as they are in real use. With
    ``dev_tail == 0`` and ``dev_every > 1``, sentence ``i`` is dev iff ``i % dev_every ==
    dev_every - 1`` instead (neighbouring sentences of the same article leak into training, so
    it scores about 1.5 points higher). Both 0: no dev split.
    """
    if dev_tail > 0:
        if dev_every > 1:
            raise ValueError("give dev_every or dev_tail, not both")
        cut = len(data) - round(dev_tail * len(data))
        return list(data[:cut]), list(data[cut:])
    if dev_every <= 1:
        return list(data), []
    train = [s for i, s in enumerate(data) if i % dev_every != dev_every - 1]
    dev = [s for i, s in enumerate(data) if i % dev_every == dev_every - 1]
    return train, dev


# --------------------------------------------------------------------------- resources

_WORD_RE = re.compile(r"[^\W\d_][^\W_]*")


def corpus_words(paths: Iterable[str | Path], min_count: int = 2) -> Counter[str]:
    """Word counts from JSONL news corpora (fields ``text``/``content``/``title``)."""
    counts: Counter[str] = Counter()
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            for line in fh:
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue
                for key in ("title", "text", "content"):
                    val = rec.get(key)
                    if isinstance(val, str) and val != "None":
                        counts.update(_WORD_RE.findall(val))
    return Counter({w: c for w, c in counts.items() if c >= min_count})


def spherical_kmeans(
    x: np.ndarray, k: int, iters: int = 25, seed: int = 0, weights: np.ndarray | None = None
) -> np.ndarray:
    """k-means on unit vectors with cosine similarity; returns unit-norm centroids (k, dim)."""
    rng = np.random.default_rng(seed)
    cents = x[rng.choice(len(x), size=k, replace=False)].copy()
    w = np.ones(len(x), dtype=np.float32) if weights is None else weights.astype(np.float32)
    for _ in range(iters):
        assign = np.empty(len(x), dtype=np.int64)
        for s in range(0, len(x), 8192):
            assign[s : s + 8192] = np.argmax(x[s : s + 8192] @ cents.T, axis=1)
        new = np.zeros_like(cents)
        np.add.at(new, assign, x * w[:, None])
        norms = np.linalg.norm(new, axis=1)
        empty = norms == 0
        if empty.any():
            new[empty] = x[rng.choice(len(x), size=int(empty.sum()), replace=False)]
            norms[empty] = 1.0
        cents = (new / norms[:, None]).astype(np.float32)
    return cents


def build_clusters(
    words: Counter[str], sizes: Sequence[int], seed: int = 0
) -> dict[str, np.ndarray]:
    """Centroid sets ``{"c{k}": (k, 256)}`` over akana embeddings of ``words`` (frequency-weighted)."""
    import akana

    vocab = list(words)
    vecs = np.asarray(akana.embed_batch(vocab), dtype=np.float32)
    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
    wts = np.log1p(np.asarray([words[w] for w in vocab], dtype=np.float32))
    return {f"c{k}": spherical_kmeans(vecs, k, seed=seed, weights=wts) for k in sizes}


def build_gazetteer(data: Iterable[Tagged], min_count: int = 1) -> dict[str, tuple[str, ...]]:
    """Lower-cased words that occur inside entities, with the entity types they carry.

    A word is listed for type T when at least half of its capitalised occurrences are inside a T
    entity, so common words that start a name now and then ("Milli") do not flood it.
    """
    from haberdar.text import tr_lower

    inside: dict[str, Counter[str]] = defaultdict(Counter)
    total: Counter[str] = Counter()
    for toks, tags in data:
        for tok, tag in zip(toks, tags, strict=True):
            if not tok[:1].isupper():
                continue
            lw = tr_lower(tok)
            total[lw] += 1
            if tag != "O":
                inside[lw][tag[2:]] += 1
    gaz: dict[str, tuple[str, ...]] = {}
    for lw, c in inside.items():
        types = tuple(sorted(t for t, n in c.items() if n >= min_count and 2 * n >= total[lw]))
        if types:
            gaz[lw] = types
    return gaz


# --------------------------------------------------------------------------- training


def _blocks(n: int, folds: int) -> list[range]:
    """``folds`` contiguous blocks of ``range(n)``: neighbouring sentences (one article) stay
    together, so held-out predictions never profit from the same article's gold labels."""
    edges = [round(k * n / folds) for k in range(folds + 1)]
    return [range(edges[k], edges[k + 1]) for k in range(folds)]


def _attributes(
    data: Sequence[Tagged],
    resources: Resources,
    config: FeatureConfig,
    folds: int,
    shared: FeatureExtractor,
) -> list[list[list[str]]]:
    """Feature strings for training sentences; gazetteer features come from held-out blocks."""
    if not (config.gazetteer and folds > 1):
        return [shared.sentence_attributes(toks) for toks, _ in data]
    out: list[list[list[str]]] = []
    for block in _blocks(len(data), folds):
        others = [s for i, s in enumerate(data) if i not in block]
        res = Resources(centroids=resources.centroids, gazetteer=build_gazetteer(others))
        ext = FeatureExtractor(res, config)
        ext.share_caches(shared)
        out.extend(ext.sentence_attributes(data[i][0]) for i in block)
    return out


def _train_crf(
    xs: Sequence[list[list[str]]],
    ys: Sequence[list[str]],
    path: Path,
    params: dict[str, Any],
) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for x, y in zip(xs, ys, strict=True):
        trainer.append(x, y)
    trainer.set_params({**params, "feature.possible_transitions": True})
    trainer.train(str(path))


def _jackknife_tags(
    xs: Sequence[list[list[str]]],
    ys: Sequence[list[str]],
    folds: int,
    params: dict[str, Any],
    tmp: Path,
    log: Any,
) -> list[list[str]]:
    """First-pass tags for every training sentence from a CRF that did not see its block."""
    import pycrfsuite

    out: list[list[str]] = []
    for k, block in enumerate(_blocks(len(xs), folds)):
        keep = [i for i in range(len(xs)) if i not in block]
        path = tmp / f"fold{k}.crfsuite"
        _train_crf([xs[i] for i in keep], [ys[i] for i in keep], path, params)
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        out.extend(tagger.tag(xs[i]) for i in block)
        tagger.close()
        log(f"jackknife fold {k + 1}/{folds} done")
    return out


def train(
    conll_path: str | Path = DEFAULT_CONLL,
    out_path: str | Path = DEFAULT_MODEL_PATH,
    dev_every: int = 0,
    dev_tail: float = 0.1,
    config: FeatureConfig | None = None,
    cluster_sizes: Sequence[int] = (),
    corpora: Sequence[str | Path] | None = None,
    gazetteer_folds: int = 5,
    stage_folds: int = 5,
    c1: float = 0.05,
    c2: float = 0.005,
    max_iterations: int = 150,
    fold_iterations: int | None = 100,
    seed: int = 0,
    verbose: bool = True,
) -> dict[str, Any]:
    """Train, save the model to ``out_path`` and return dev scores (empty without a dev split).

    ``corpora`` are JSONL news files whose vocabulary joins the training vocabulary for the
    embedding clusters (default: ``shared/corpus/*.jsonl`` next to the CoNLL file when present).
    With ``config.doc_window > 0`` a second CRF is trained on top of first-pass tags that come
    from ``stage_folds`` jackknife models (``fold_iterations`` L-BFGS iterations each).
    """
    config = config or FeatureConfig()
    t0 = time.perf_counter()

    def log(msg: str) -> None:
        if verbose:
            print(f"[{time.perf_counter() - t0:7.1f}s] {msg}", file=sys.stderr, flush=True)

    data = load_tagged(conll_path)
    train_set, dev_set = split_dev(data, dev_every, dev_tail)
    log(f"{len(train_set)} training / {len(dev_set)} dev sentences")

    centroids: dict[str, np.ndarray] = {}
    if config.clusters and cluster_sizes:
        words: Counter[str] = Counter(t for toks, _ in train_set for t in toks if t[:1].isalpha())
        if corpora is None:
            cdir = Path(conll_path).resolve().parent.parent / "corpus"
            corpora = sorted(cdir.glob("*.jsonl")) if cdir.is_dir() else []
        if corpora:
            words.update(corpus_words(corpora))
        centroids = build_clusters(words, cluster_sizes, seed=seed)
        log(f"clusters {list(centroids)} over {len(words)} word types")
    gazetteer = build_gazetteer(train_set) if config.gazetteer else {}
    resources = Resources(centroids=centroids, gazetteer=gazetteer)

    shared = FeatureExtractor(resources, config)
    xs = _attributes(train_set, resources, config, gazetteer_folds, shared)
    ys = [tags for _, tags in train_set]
    log(f"features extracted ({sum(len(x) for x in xs)} tokens)")
    params = {"c1": c1, "c2": c2, "max_iterations": max_iterations}
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        _train_crf(xs, ys, tmp / "stage1.crfsuite", params)
        layers = [CrfLayer.from_crfsuite(tmp / "stage1.crfsuite")]
        log("first-pass CRF trained")
        if config.doc_window > 0:
            fold_params = {**params, "max_iterations": fold_iterations or max_iterations}
            pre = _jackknife_tags(xs, ys, stage_folds, fold_params, tmp, log)
            doc = document_features(
                shared, [t for t, _ in train_set], pre, config.doc_window, config.stage1_tags
            )
            for x, d in zip(xs, doc, strict=True):
                for xi, di in zip(x, d, strict=True):
                    xi.extend(di)
            _train_crf(xs, ys, tmp / "stage2.crfsuite", params)
            layers.append(CrfLayer.from_crfsuite(tmp / "stage2.crfsuite"))
            log("second-pass CRF trained")
    del xs
    meta = {
        "trained_on": Path(conll_path).name,
        "dev_every": dev_every,
        "dev_tail": dev_tail,
        "train_sentences": len(train_set),
        "c1": c1,
        "c2": c2,
        "max_iterations": max_iterations,
        "fold_iterations": fold_iterations or max_iterations,
        "gazetteer_folds": gazetteer_folds,
        "stage_folds": stage_folds,
        "cluster_sizes": list(cluster_sizes),
        "seed": seed,
    }
    model = NerModel(layers, resources, config, meta)
    model.save(out_path)
    log(f"saved {out_path} ({Path(out_path).stat().st_size / 1e6:.1f} MB)")
    result: dict[str, Any] = {}
    if dev_set:
        model = NerModel.load(out_path)
        pred = model.tag_sentences([toks for toks, _ in dev_set])
        result = score([tags for _, tags in dev_set], pred)
        if verbose:
            print(format_score(result))
            if len(layers) > 1:
                first = NerModel(layers[:1], resources, config)
                pred1 = first.tag_sentences([toks for toks, _ in dev_set])
                r1 = score([tags for _, tags in dev_set], pred1)
                print(f"(first pass alone: F1 {r1['overall']['f1']:.4f})")
    log("done")
    return result


def main(argv: list[str] | None = None) -> None:
    """Command line entry: ``python -m haberdar.analyse.ner.train [CONLL] [OUT] [options]``."""
    ap = argparse.ArgumentParser(prog="haberdar train-ner", description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("conll", nargs="?", default=None, help=f"training data (e.g. {DEFAULT_CONLL})")
    ap.add_argument("out", nargs="?", default=None, help="model file to write; replacing the packaged "
                    f"model ({DEFAULT_MODEL_PATH}) needs --replace-packaged")
    ap.add_argument("--replace-packaged", action="store_true",
                    help="write the packaged model (the default OUT) — a 7-minute training")
    ap.add_argument(
        "--dev-tail", type=float, default=0.1, help="hold out the last fraction (default 0.1)"
    )
    ap.add_argument(
        "--dev-every", type=int, default=0, help="hold out every N-th sentence instead of the tail"
    )
    ap.add_argument("--no-dev", action="store_true", help="train on every sentence")
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.005)
    ap.add_argument("--max-iterations", type=int, default=150)
    ap.add_argument(
        "--clusters", default="", help="k-means sizes, comma separated, e.g. 64,256 ('' = none)"
    )
    ap.add_argument("--gazetteer-folds", type=int, default=5)
    ap.add_argument("--stage-folds", type=int, default=5)
    ap.add_argument("--fold-iterations", type=int, default=100)
    ap.add_argument("--config", default="{}", help="FeatureConfig overrides as JSON")
    args = ap.parse_args(argv)
    if args.conll is None and not args.replace_packaged:
        ap.error(f"give the training data and an output file: train-ner CONLL OUT.npz (e.g. {DEFAULT_CONLL}); "
                 "--replace-packaged rebuilds the packaged model from it")
    args.conll = args.conll or str(DEFAULT_CONLL)
    if args.out is None:
        if not args.replace_packaged:
            ap.error("give an output file: train-ner CONLL OUT.npz (--replace-packaged writes the packaged model)")
        args.out = str(DEFAULT_MODEL_PATH)
    if args.no_dev:
        args.dev_every, args.dev_tail = 0, 0.0
    elif args.dev_every > 1:
        args.dev_tail = 0.0
    cfg = FeatureConfig.from_dict({**FeatureConfig().to_dict(), **json.loads(args.config)})
    sizes = [int(s) for s in args.clusters.split(",") if s.strip()]
    cfg = FeatureConfig.from_dict({**cfg.to_dict(), "clusters": bool(sizes)})
    res = train(
        args.conll,
        args.out,
        dev_every=args.dev_every,
        dev_tail=args.dev_tail,
        config=cfg,
        cluster_sizes=sizes,
        gazetteer_folds=args.gazetteer_folds,
        stage_folds=args.stage_folds,
        fold_iterations=args.fold_iterations,
        c1=args.c1,
        c2=args.c2,
        max_iterations=args.max_iterations,
    )
    if res:
        print(json.dumps({"overall_f1": round(res["overall"]["f1"], 4)}))


if __name__ == "__main__":
    main()
