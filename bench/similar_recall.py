#!/usr/bin/env python3
"""Recall of repeat detection on a generated database (docs/design.md,
"Repeat petitions"): N existing letters are re-sent with 0-60 characters
replaced, each asked of POST /api/v1/cases/check as the demo officer, and
counted as found when the original is among the similar matters, by band of
their exact bigram Jaccard (the normalisation of src/core/text.c for CJK,
digits and Latin letters).

    build/xinfang serve --db COPY --listen 127.0.0.1:PORT &
    python3 bench/similar_recall.py COPY PORT [N]

A manual measurement (python3 and a running server), not part of the suite.
"""
import collections
import json
import random
import re
import sqlite3
import sys
import urllib.request

BANDS = [(0.95, ">= 0.95"), (0.90, "0.90-0.95"), (0.85, "0.85-0.90"),
         (0.80, "0.80-0.85"), (0.70, "0.70-0.80"), (0.60, "0.60-0.70"),
         (0.50, "0.50-0.60"), (-1.0, "< 0.50")]


def post(port, path, body, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    req = urllib.request.Request("http://127.0.0.1:%d/api/v1%s" % (port, path),
                                 data=json.dumps(body).encode(), headers=headers)
    with urllib.request.urlopen(req) as r:
        return json.load(r)


def chars(s):
    out = []
    for ch in s:
        c = ord(ch)
        if 0xFF01 <= c <= 0xFF5E:
            ch = chr(c - 0xFEE0)
        ch = ch.lower()
        if re.match(r"[\u4e00-\u9fff\u3400-\u4dbf0-9a-z]", ch):
            out.append(ch)
    return out


def jaccard(a, b):
    a, b = chars(a), chars(b)
    x, y = set(zip(a, a[1:])), set(zip(b, b[1:]))
    return len(x & y) / len(x | y) if x | y else 0.0


def main():
    db, port = sys.argv[1], int(sys.argv[2])
    want = int(sys.argv[3]) if len(sys.argv) > 3 else 400
    rnd = random.Random(7)
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    top = con.execute("SELECT max(id) FROM cases").fetchone()[0]
    token = post(port, "/session", {"username": "officer",
                                    "password": "Xinfang@2026"})["token"]
    seen = collections.defaultdict(lambda: [0, 0])
    n = 0
    while n < want:
        cid = rnd.randint(1, top)
        row = con.execute("SELECT content, category FROM cases WHERE id = ?",
                          (cid,)).fetchone()
        if not row or not row[0]:
            continue
        text = list(row[0])
        cjk = [i for i, c in enumerate(text) if "\u4e00" <= c <= "\u9fff"]
        for _ in range(rnd.randint(0, 60)):
            text[rnd.choice(cjk)] = chr(0x4E00 + rnd.randint(0, 3000))
        resent = "".join(text)
        j = jaccard(row[0], resent)
        got = post(port, "/cases/check", {"content": resent,
                                          "category": row[1]}, token)
        band = next(name for low, name in BANDS if j >= low)
        seen[band][0] += 1
        seen[band][1] += any(s["id"] == cid for s in got["similar"])
        n += 1
    for _, name in BANDS:
        print("%-10s found %d of %d" % (name, seen[name][1], seen[name][0]))


if __name__ == "__main__":
    main()
