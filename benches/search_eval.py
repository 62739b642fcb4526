#!/usr/bin/env python3
"""Search quality on Latvian text: the lemma-query evaluation of ../shared/RESEARCH.md.

    python3 benches/search_eval.py [--queries 200] [--work DIR] [--wrap 72]

Reads the Latvian treebank sample ../shared/lvtb/lv_lvtb-ud-test.conllu (measuring data only:
it is not in this repository, and this script says so and stops when it is missing). Builds a
site with one page per treebank document, then asks `window.Metodika.search` in headless
Chromium, from file://, for each query lemma. Relevant = the documents holding any form of the
lemma (any token whose lemma it is). Prints recall@10, precision@10 and MRR, overall and by
part of speech.

Queries: the lemmas (lower case) of NOUN, VERB, ADJ, ADV and PROPN tokens that occur in at
least two documents, ordered by the SHA-1 of the lemma (a fixed, reproducible sample), the
first N of them. recall@10 = relevant in the top 10 / min(10, relevant); precision@10 =
relevant in the top 10 / results in the top 10 (a query with no results scores 0); MRR = 1 /
rank of the first relevant result.

--wrap N writes each sentence hard-wrapped at N columns, as authors wrap Markdown: the
figures must be the same as without it (a line break separates words and keeps them adjacent).
"""
import argparse, collections, hashlib, json, os, re, subprocess, sys, shutil, textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "..", "shared", "lvtb", "lv_lvtb-ud-test.conllu")
POS = {"NOUN", "VERB", "ADJ", "ADV", "PROPN"}


def read_documents(path):
    docs, current, text = [], None, []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("# newdoc id = "):
            current = {"id": line.split("= ", 1)[1], "sentences": [], "lemmas": collections.Counter(), "pos": collections.Counter()}
            docs.append(current)
        elif line.startswith("# text = ") and current is not None:
            current["sentences"].append(line.split("= ", 1)[1])
        elif line and not line.startswith("#") and current is not None:
            cols = line.split("\t")
            if len(cols) > 3 and cols[0].isdigit():
                lemma = cols[2].lower()
                current["lemmas"][lemma] += 1
                if cols[3] in POS:
                    current["pos"][(lemma, cols[3])] += 1
    return docs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--work", default="/tmp/metodika-search-eval")
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "metodika"))
    ap.add_argument("--wrap", type=int, default=0, help="hard-wrap each sentence at this many columns (0: one line)")
    ap.add_argument("--reuse", action="store_true", help="query the site built by the last run (after changing only the theme's JS, copied in by hand)")
    args = ap.parse_args()
    if not os.path.exists(DATA):
        print(f"search_eval.py: {DATA} is missing; this measurement needs the shared treebank sample beside the project.", file=sys.stderr)
        return 2
    docs = read_documents(DATA)
    site = os.path.join(args.work, "site")
    if args.reuse:
        for i, d in enumerate(docs):
            d["slug"] = f"d{i:03d}"
    else:
        build_site(docs, site, args)
    return evaluate(docs, site, args)


def build_site(docs, site, args):
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(os.path.join(site, "content"))
    with open(os.path.join(site, "site.yaml"), "w", encoding="utf-8") as f:
        f.write("title: Korpuss\nlanguage: lv\n")
    with open(os.path.join(site, "content", "_index.md"), "w", encoding="utf-8") as f:
        f.write("---\ntitle: Korpuss\n---\n")
    # One page per `newdoc` (an id can start several documents: they are pages of their own).
    for i, d in enumerate(docs):
        d["slug"] = f"d{i:03d}"
        with open(os.path.join(site, "content", d["slug"] + ".md"), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: \"{d['slug']}\"\n---\n\n")
            for s in d["sentences"]:
                # The text as plain paragraphs: Markdown must not read it as markup.
                text = s.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("#", "\\#").replace("<", "&lt;").replace("[", "\\[").replace("`", "\\`")
                if args.wrap:
                    lines = textwrap.wrap(text, args.wrap, break_long_words=False, break_on_hyphens=False)
                    # A wrapped line must not start a list, quote, heading underline or table.
                    text = "\n".join(re.sub(r"^(\d+)([.)])", r"\1\\\2", re.sub(r"^([-+>=|])", r"\\\1", l)) for l in lines)
                f.write(text + "\n\n")
    if not os.path.exists(args.binary):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    subprocess.run([args.binary, "build", "--root", site, "--output", os.path.join(site, "public")], check=True, stdout=subprocess.DEVNULL)


def evaluate(docs, site, args):

    holders = collections.defaultdict(set)
    pos_of = collections.defaultdict(collections.Counter)
    for d in docs:
        for lemma in d["lemmas"]:
            holders[lemma].add(d["slug"] + ".html")
        for (lemma, pos), n in d["pos"].items():
            pos_of[lemma][pos] += n
    candidates = [l for l in pos_of if len(holders[l]) >= 2 and any(c.isalpha() for c in l)]
    candidates.sort(key=lambda l: hashlib.sha1(l.encode()).hexdigest())
    queries = candidates[: args.queries]
    qfile, ofile = os.path.join(args.work, "queries.json"), os.path.join(args.work, "results.json")
    json.dump(queries, open(qfile, "w"))
    subprocess.run(["node", os.path.join(ROOT, "benches", "search_queries.mjs"), os.path.join(site, "public"), qfile, ofile], check=True)
    results = json.load(open(ofile))

    by_pos = collections.defaultdict(list)
    misses = []
    for r in results:
        lemma = r["query"]
        rel = holders[lemma]
        top = [u.split("#")[0].split("?")[0] for u in r["urls"]][:10]
        seen, ranked = set(), []
        for u in top:
            if u not in seen:
                seen.add(u)
                ranked.append(u)
        hits = sum(1 for u in ranked if u in rel)
        recall = hits / min(10, len(rel))
        precision = hits / len(ranked) if ranked else 0.0
        mrr = next((1 / (i + 1) for i, u in enumerate(ranked) if u in rel), 0.0)
        pos = pos_of[lemma].most_common(1)[0][0]
        for key in ("all", pos):
            by_pos[key].append((recall, precision, mrr))
        if recall < 1 or precision < 1:
            misses.append((lemma, pos, len(rel), round(recall, 2), round(precision, 2), [u for u in ranked if u not in rel][:3]))
    print(f"{len(results)} lemma queries over {len(docs)} documents (one page each)")
    print(f"{'':6} {'queries':>7} {'recall@10':>9} {'P@10':>6} {'MRR':>6}")
    for key in ["all"] + sorted(k for k in by_pos if k != "all"):
        rows = by_pos[key]
        avg = [sum(x[i] for x in rows) / len(rows) for i in range(3)]
        print(f"{key:6} {len(rows):7} {avg[0]:9.3f} {avg[1]:6.3f} {avg[2]:6.3f}")
    if os.environ.get("VERBOSE"):
        for m in misses:
            print("  ", m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
