#!/usr/bin/env python3
"""Search budgets on the generated corpora: index build time, index size, bytes a query
loads, and query time in headless Chromium from file://.

    python3 benches/search_budget.py [PAGES ...]        (default: 1000 10000)

Needs ../shared/bench/gen_corpus.py (the team's corpus generator; the script says so and
stops when it is missing), a release build (made when missing), Node.js with puppeteer-core
(`npm ci --prefix tests/firefox`) and Chromium. For each size it prints:
- the full build time with and without the index (best and median of 5, taken in turns)
  and their difference;
- the index on disk (assets/search/), raw, and gzipped as a share of the site's text (the
  Markdown of content/), both gzipped the same way: as one stream (like a .tar.gz) and file
  by file (as a server sends them and a zip stores them);
- for 12 one-word queries (common words of the corpus, each typed as a reader would, in an
  inflected form): the index bytes each loads on a fresh page (median and worst), the time
  from the call to the results on a fresh page (cold: the files load) and once more on the
  same page (warm: the files are loaded).
Targets (issue 9): warm < 50 ms and cold < 150 ms at 10,000 pages; gzipped index < 30% of
the gzipped text; <= 300 KB loaded for a one-word query; the index adds <= 1/3 to the build.
"""
import gzip, json, os, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")
WORK = os.environ.get("BENCH_DIR", "/tmp/metodika-bench")
BIN = os.path.join(ROOT, "target", "release", "metodika")
# Words of the corpus, in forms other than the ones most written, as readers type them.
QUERIES = ["vardarbību", "bāriņtiesai", "policijas", "dzīvokli", "sociālajam", "rehabilitāciju",
           "cietušais", "ziņojumā", "pakalpojumu", "asistents", "iestādēm", "krizes"]


def timed(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def build_times(with_cmd, without_cmd, n=5):
    """Best and median of `n` builds each, with and without the index, taken in turns so
    that a slow spell of a shared machine falls on both."""
    a, b = [], []
    for _ in range(n):
        a.append(timed(with_cmd))
        b.append(timed(without_cmd))
    return (min(a), statistics.median(a)), (min(b), statistics.median(b))


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000]
    if not os.path.exists(GEN):
        print(f"search_budget.py: {GEN} is missing; this benchmark needs the shared corpus generator beside the project.", file=sys.stderr)
        return 2
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    for pages in sizes:
        site = os.path.join(WORK, f"neutral-{pages}")
        if not os.path.exists(os.path.join(site, "site.yaml")):
            subprocess.run([sys.executable, GEN, "--pages", str(pages), "--flavor", "neutral", "--out", site], check=True, stdout=subprocess.DEVNULL)
        out = os.path.join(site, "public")
        (with_index, with_median), (without, without_median) = build_times(
            [BIN, "build", "--root", site, "--output", out],
            [BIN, "build", "--root", site, "--output", out + "-nosearch", "--no-search"])
        index_dir = os.path.join(out, "assets", "search")
        # Both gzipped the same two ways: as one stream (a .tar.gz of the files) and file by
        # file (as a web server sends them and a zip stores them).
        raw = gz = files = 0
        sizes_by_file = {}
        index = []
        for name in sorted(os.listdir(index_dir)):
            data = open(os.path.join(index_dir, name), "rb").read()
            sizes_by_file["assets/search/" + name] = len(data)
            raw += len(data)
            gz += len(gzip.compress(data, 6))
            files += 1
            index.append(data)
        index_gz = len(gzip.compress(b"".join(index), 6))
        texts = []
        for dirpath, dirs, names in os.walk(os.path.join(site, "content")):
            dirs.sort()
            for n in sorted(names):
                if n.endswith(".md"):
                    texts.append(open(os.path.join(dirpath, n), "rb").read())
        text_gz = len(gzip.compress(b"".join(texts), 6))
        text_files_gz = sum(len(gzip.compress(t, 6)) for t in texts)
        qfile = os.path.join(WORK, "queries.json")
        json.dump(QUERIES, open(qfile, "w"))
        runs = {}
        for mode in ("--cold", "--warm"):
            ofile = os.path.join(WORK, f"results{mode}.json")
            # Warm: the same queries twice on one page; the second round is measured.
            qs = QUERIES if mode == "--cold" else QUERIES + QUERIES
            json.dump(qs, open(qfile, "w"))
            subprocess.run(["node", os.path.join(HERE, "search_queries.mjs"), out, qfile, ofile, mode], check=True)
            runs[mode] = json.load(open(ofile))
        cold = runs["--cold"]
        warm = runs["--warm"][len(QUERIES):]
        loaded = [sum(sizes_by_file.get(f, 0) for f in r["loaded"]) for r in cold]
        empty = [r["query"] for r in cold if not r["urls"]]
        print(f"== {pages} pages ==")
        print(f"build (best of 5): {with_index:.2f} s with the index, {without:.2f} s without: the index adds {with_index - without:.2f} s ({(with_index - without) / without * 100:.0f}%)")
        print(f"build (median of 5): {with_median:.2f} s with, {without_median:.2f} s without: +{(with_median - without_median) / without_median * 100:.0f}%")
        print(f"index: {files} files, {raw / 1e6:.1f} MB raw")
        print(f"  gzipped as one stream: {index_gz / 1e6:.2f} MB = {index_gz / text_gz * 100:.1f}% of the text's {text_gz / 1e6:.2f} MB")
        print(f"  gzipped file by file: {gz / 1e6:.2f} MB = {gz / text_files_gz * 100:.1f}% of the text's {text_files_gz / 1e6:.2f} MB")
        print(f"one-word query, index bytes loaded: median {statistics.median(loaded) / 1e3:.0f} KB, worst {max(loaded) / 1e3:.0f} KB")
        print(f"query time: cold median {statistics.median(r['ms'] for r in cold):.0f} ms, worst {max(r['ms'] for r in cold):.0f} ms; warm median {statistics.median(r['ms'] for r in warm):.1f} ms, worst {max(r['ms'] for r in warm):.1f} ms")
        if empty:
            print(f"queries that found nothing: {empty}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
