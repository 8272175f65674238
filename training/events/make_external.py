#!/usr/bin/env python3
"""Build blind held-out Turkish news evaluation sets from external sources.

Usage:  python3 make_external.py SOURCE [SOURCE ...]
Each SOURCE has a loader below returning a list of article dicts
(aid, published, site, title, text, source, licence).  Selection rule,
identical for all sources:
  * keep texts with 200 <= len(text) <= 6000 characters;
  * up to 400 articles: ~2/3 drawn at random from those whose text contains a
    meeting cue word (case-insensitive substring, see CUES), the rest drawn at
    random from the remaining articles (cue or not);
  * final list shuffled; everything seeded with SEED.
Output: /work/annot/external/<source>.jsonl
"""
import json
import os
import random
import re
import subprocess
import sys
import zipfile
from urllib.parse import urlparse

OUT = "/work/annot/external"
SEED = 20261207
MAXN = 400
CUES = ["görüş", "ziyaret", "kabul et", "telefon", "bir araya gel", "zirve",
        "heyet", "ağırla", "temas"]
MONTHS = {m: i + 1 for i, m in enumerate(
    "Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık".split())}


def tr_lower(s):
    return s.replace("I", "ı").replace("İ", "i").lower()


def has_cue(text):
    t = tr_lower(text)
    return any(c in t for c in CUES)


def existing_urls():
    """url/site fields of the corpora we already have (only those fields)."""
    urls = set()
    d = "/work/shared/corpus"
    for fn in ("sozcu2014.jsonl", "rss_2017_2018.jsonl", "tr_financial_news_2025.jsonl"):
        p = os.path.join(d, fn)
        if not os.path.exists(p):
            continue
        for line in open(p, encoding="utf-8"):
            try:
                u = json.loads(line).get("url")
            except Exception:
                continue
            if u:
                urls.add(u.rstrip("/"))
    return urls


# ---------------------------------------------------------------- loaders
def load_sadedegel_hurriyet():
    """sadedegel 0.21.2 wheel (PyPI), sadedegel/dataset/raw/*.txt:
    98 Hürriyet columns/articles; the page header inside each text has
    '<title> <d Month yyyy> PAYLAŞ Yorum yaz A <body>'."""
    whl_dir = "/tmp/x"
    whl = os.path.join(whl_dir, "sadedegel-0.21.2-py3-none-any.whl")
    if not os.path.exists(whl):
        subprocess.check_call([sys.executable, "-m", "pip", "download", "--no-deps",
                               "sadedegel==0.21.2", "-d", whl_dir])
    z = zipfile.ZipFile(whl)
    names = sorted(n for n in z.namelist()
                   if n.startswith("sadedegel/dataset/raw/") and n.endswith(".txt"))
    pat = re.compile(r"^(.*?)\s+(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})\s+PAYLAŞ\s+Yorum yaz\s+A\s+(.*)$", re.S)
    arts = []
    for n in names:
        raw = z.read(n).decode("utf-8").strip()
        slug = os.path.basename(n)[:-4]
        hid = slug.rsplit("-", 1)[-1]
        m = pat.match(raw)
        if m:
            title, d, mon, y, body = m.groups()
            published = "%04d-%02d-%02d" % (int(y), MONTHS[mon], int(d))
        else:
            title, published, body = "", None, raw
        if not published:
            continue  # requirement: a publication date per article
        arts.append(dict(aid="sdg:%s" % hid, published=published, site="hurriyet.com.tr",
                         title=title.strip(), text=body.strip(),
                         source="https://pypi.org/project/sadedegel/0.21.2/ (wheel) :: "
                                "sadedegel/dataset/raw/%s ; upstream https://github.com/GlobalMaksimum/sadedegel" % os.path.basename(n),
                         licence="sadedegel package MIT (code+bundled data); article text (c) Hürriyet, redistributed by sadedegel for NLP research"))
    return arts


KEMIK_REPO = "https://github.com/teaddict/turkce-metin-ozetleme"
KEMIK_COMMIT = "3646b89d2601385edb0579821c2503def836bafd"
KEMIK_DIR = "src/main/resources/datasets/1371haber/raw_texts"


def load_kemik_1371haber():
    """teaddict/turkce-metin-ozetleme @3646b89 (GPL-3.0 repo), folder
    src/main/resources/datasets/1371haber/raw_texts/{siyasi,ekonomi,saglik,spor,teknoloji}:
    1,371 Turkish news texts (600 from the YTU Kemik '1150 haber' style news
    collection, 2000s; 771 technology news 2006-2013), ISO-8859-9 converted to UTF-8
    by the repo author.  No per-article date is stored: 'published' is the latest
    4-digit year (1950-2013) mentioned in the text (an estimate); texts that
    mention no year >= 1997 are dropped."""
    gitdir = "/work/.mirror/teaddict+turkce-metin-ozetleme/repo"
    files = subprocess.check_output(["git", "--git-dir", gitdir, "ls-tree", "-r", "--name-only",
                                     KEMIK_COMMIT, KEMIK_DIR + "/"], text=True).split()
    arts = []
    for path in sorted(files):
        if not path.endswith(".txt"):
            continue
        cat = path.split("/")[-2]
        raw = subprocess.check_output(["git", "--git-dir", gitdir, "show", KEMIK_COMMIT + ":" + path])
        t = raw.decode("utf-8").replace("\ufeff", "").replace("\r", "").strip()
        years = [int(y) for y in re.findall(r"\b(19[5-9]\d|20[0-2]\d)\b", t)]
        years = [y for y in years if y <= 2013]
        if not years or max(years) < 1997:
            continue  # no usable year evidence (or only historical years)
        lines = t.split("\n")
        title = ""
        if len(lines) > 1 and len(lines[0].strip()) < 150 and not lines[0].rstrip().endswith((".", "!", "?", ":", '"')):
            title = lines[0].strip()
            t = "\n".join(lines[1:]).strip()
        num = os.path.basename(path)[:-4].replace("_utf8_", "")
        arts.append(dict(aid="k1371:%s/%s" % (cat, num), published=str(max(years)),
                         published_basis="estimate (lower bound): latest year 1997-2013 mentioned in the text",
                         category=cat,
                         site="unknown Turkish newspaper/portal (YTU Kemik news collection; outlet not recorded)",
                         title=title, text=t,
                         source="%s/blob/%s/%s" % (KEMIK_REPO, KEMIK_COMMIT, path),
                         licence="repo GPL-3.0 (code); texts: YTU Kemik NLP group news dataset, distributed for academic research; copyright of original publishers"))
    return arts


SONDAKIKA_REPO = "https://github.com/erdemsahins/SonDakika.com_Veri_Kazima_Web_Scraping"
SONDAKIKA_COMMIT = "c36a266f358ddc619638442a3e6e67ae4605088f"


def load_sondakika_2020():
    """erdemsahins/SonDakika.com_Veri_Kazima_Web_Scraping @c36a266 (MIT), bigdata.csv:
    50 sondakika.com news pages (Link, Body_text) scraped in spring 2020 (repo
    commits 2020-06-20 .. 2020-07-19; sondakika.com ids 132xxxxx = April-June 2020).
    No per-article date field: published = '2020' (scrape year)."""
    import csv, io
    gitdir = "/work/.mirror/erdemsahins+SonDakika.com_Veri_Kazima_Web_Scraping/repo"
    raw = subprocess.check_output(["git", "--git-dir", gitdir, "show", SONDAKIKA_COMMIT + ":bigdata.csv"]).decode("utf-8")
    csv.field_size_limit(10 ** 9)
    arts = []
    for row in csv.DictReader(io.StringIO(raw)):
        url = row["Link"].strip()
        m = re.search(r"/haber/haber-(.*)-(\d+)/?$", url)
        slug, nid = (m.group(1), m.group(2)) if m else ("", row[""])
        arts.append(dict(aid="sdk:%s" % nid, url=url, published="2020",
                         published_basis="scrape year (repo commit 2020-06-20); no per-article date",
                         site="sondakika.com", title="",
                         text=re.sub(r"[ \t]+", " ", row["Body_text"]).strip(),
                         source="%s/blob/%s/bigdata.csv (%s)" % (SONDAKIKA_REPO, SONDAKIKA_COMMIT, url),
                         licence="repo MIT (c) 2020 erdemsahins; article text (c) sondakika.com / originating agencies"))
    return arts


DM_REPO = "https://github.com/ugurcn4/data-mining"
DM_COMMIT = "17c6725fad99fd572926eb86fd7018aa7b3431bd"


def load_trnews_multi_2025():
    """ugurcn4/data-mining @17c6725 (no licence file), data/raw/all_news_dataset.csv
    (category,title,content,url,source,date): 2,015 pages scraped from the category
    pages of ntv.com.tr, sabah.com.tr, haberturk.com, cnnturk.com on 2025-05-27.
    'date' is the scrape date, so published = '2025-05' (articles current on the
    category pages that day).  Video/landing pages and pages whose text starts
    with the scraper's '{ title }' placeholder are dropped; duplicate urls dropped."""
    import csv, io
    gitdir = "/work/.mirror/ugurcn4+data-mining/repo"
    raw = subprocess.check_output(["git", "--git-dir", gitdir, "show",
                                   DM_COMMIT + ":data/raw/all_news_dataset.csv"]).decode("utf-8")
    csv.field_size_limit(10 ** 9)
    arts, seen = [], set()
    for row in csv.DictReader(io.StringIO(raw)):
        url = row["url"].strip()
        text = re.sub(r"[ \t]+", " ", row["content"]).strip()
        if not url or url in seen or text.startswith("{ title }") or "/video" in url:
            continue
        seen.add(url)
        nid = re.sub(r"[^A-Za-z0-9]+", "-", urlparse(url).path.strip("/"))[-60:]
        arts.append(dict(aid="trm25:%s:%s" % (row["source"], nid), url=url,
                         published=row["date"][:7],
                         published_basis="scrape date %s (category page listing); exact publication date not stored" % row["date"],
                         category=row["category"], site=urlparse(url).netloc.replace("www.", ""),
                         title=row["title"].strip(), text=text,
                         source="%s/blob/%s/data/raw/all_news_dataset.csv (%s)" % (DM_REPO, DM_COMMIT, url),
                         licence="no licence file in repo (student data-mining project, README: research/education); article text (c) the outlets"))
    return arts


LOADERS = {
    "sadedegel_hurriyet": load_sadedegel_hurriyet,
    "kemik_1371haber": load_kemik_1371haber,
    "sondakika_2020": load_sondakika_2020,
    "trnews_multi_2025": load_trnews_multi_2025,
}


# ---------------------------------------------------------------- selection
def select(arts, name):
    rng = random.Random(SEED)
    seen_urls = existing_urls()
    pool, seen_text = [], set()
    for a in arts:
        t = a["text"]
        if not (200 <= len(t) <= 6000):
            continue
        key = t[:200]
        if key in seen_text:
            continue
        if a.get("url") and a["url"].rstrip("/") in seen_urls:
            continue
        seen_text.add(key)
        pool.append(a)
    pool.sort(key=lambda a: a["aid"])
    n = min(MAXN, len(pool))
    cue = [a for a in pool if has_cue(a["text"])]
    n_cue = min(len(cue), round(n * 2 / 3))
    picked = rng.sample(cue, n_cue)
    ids = {a["aid"] for a in picked}
    rest = [a for a in pool if a["aid"] not in ids]
    picked += rng.sample(rest, min(len(rest), n - n_cue))
    rng.shuffle(picked)
    stats = dict(pool=len(pool), cue_pool=len(cue), picked=len(picked),
                 picked_cue=sum(has_cue(a["text"]) for a in picked))
    return picked, stats


def main(names):
    for name in names:
        arts = LOADERS[name]()
        picked, stats = select(arts, name)
        path = os.path.join(OUT, name + ".jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for a in picked:
                rec = {k: a[k] for k in ("aid", "published", "site", "title", "text", "source", "licence")}
                rec.update({k: a[k] for k in ("published_basis", "category", "url") if k in a})
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        years = sorted({a["published"][:4] for a in picked})
        print(name, "loaded", len(arts), stats, "years", years[0] if years else None, "-", years[-1] if years else None)


if __name__ == "__main__":
    main(sys.argv[1:] or list(LOADERS))
