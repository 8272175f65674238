"""List every party of every event in a store, and those that are not named (issue 14).

    haberdar run ../shared/corpus/*.jsonl --db /tmp/corpora.db
    python bench/parties.py /tmp/corpora.db [--out parties.tsv]

A party must be a named entity, a titled person or a named group, never a bare common noun
("grup", "bakanları", "esnafı"). A party counts as unnamed here when it has no title and no word
of it starts with a capital letter — the check a reader makes first; the full list (with counts)
is written for a reader to go through.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db")
    ap.add_argument("--out", help="write 'count<TAB>party<TAB>title' for every party here")
    args = ap.parse_args()
    exe = Path(sys.executable).with_name("haberdar")
    out = subprocess.run([str(exe), "export", "events", "--db", args.db, "--format", "jsonl"],
                         check=True, capture_output=True, text=True).stdout
    parties: Counter[tuple[str, str]] = Counter()
    events = 0
    for line in out.splitlines():
        ev = json.loads(line)
        events += 1
        for side in ("actors", "recipients"):
            for p in ev.get(side) or []:
                parties[(p.get("name") or "", p.get("title") or "")] += 1
    unnamed = {k: n for k, n in parties.items() if not k[1] and not any(w[:1].isupper() for w in k[0].split())}
    print(json.dumps({"events": events, "distinct_parties": len(parties), "party_mentions": sum(parties.values()),
                      "unnamed_distinct": len(unnamed), "unnamed_mentions": sum(unnamed.values()),
                      "unnamed": sorted(unnamed, key=lambda k: -unnamed[k])[:50]}, ensure_ascii=False, indent=1))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            for (name, title), n in parties.most_common():
                fh.write(f"{n}\t{name}\t{title}\n")


if __name__ == "__main__":
    main()
