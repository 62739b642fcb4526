/* Site search, offline too. The index (assets/search/, built by src/search/index.rs) is a
   set of small scripts: meta.js, one t-XX.js per two-letter term prefix and one r-N.js per
   chunk of records. A query loads only the files it needs, with script tags (fetch is
   blocked on file://), and keeps them for the next query.

   window.Metodika.search(query, options) → Promise of [{url, title, section, kind,
   snippet, score}], best first; the search box below uses nothing else. Words are turned
   into terms by search-normalize.js exactly as the index did (folded, stemmed), so
   "barintiesa" finds "bāriņtiesām". Every word must match (AND); the last word also
   matches as a prefix while it is typed; a word of 5+ letters forgives one typo. */
(function () {
  "use strict";

  var Metodika = (window.Metodika = window.Metodika || {});
  var normalize = Metodika.normalize;
  var body = document.body;
  var base = (body.getAttribute("data-root") || "") + "assets/search/";
  var loaded = {};
  var data = { meta: null, shards: {}, records: {} };

  // The index files call these when they load.
  Metodika.searchData = {
    meta: function (m) {
      data.meta = m;
    },
    shard: function (key, terms) {
      data.shards[key] = terms;
    },
    records: function (n, list) {
      data.records[n] = list;
    }
  };

  function load(file) {
    if (!loaded[file]) {
      loaded[file] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = base + file;
        s.onload = resolve;
        s.onerror = function () {
          reject(new Error("cannot load " + file));
        };
        document.head.appendChild(s);
      });
    }
    return loaded[file];
  }

  function shardKey(term) {
    return Array.from(term)
      .slice(0, 2)
      .map(function (c) {
        return /[a-z0-9]/.test(c) ? c : "_";
      })
      .join("");
  }

  // Edit distance, stopping early once it exceeds `max`.
  function within(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return false;
    var prev = [];
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      var cur = [i];
      var best = i;
      for (var k = 1; k <= b.length; k++) {
        var v = Math.min(prev[k] + 1, cur[k - 1] + 1, prev[k - 1] + (a[i - 1] === b[k - 1] ? 0 : 1));
        cur.push(v);
        if (v < best) best = v;
      }
      if (best > max) return false;
      prev = cur;
    }
    return prev[b.length] <= max;
  }

  /* For one query word: record → [weight, how it matched], from the shard of its prefix. */
  function matches(word, isLast) {
    var folded = normalize.fold(word);
    var stem = normalize.stemLv(folded);
    var key = shardKey(stem);
    var keys = data.meta.shards;
    var wanted = [key];
    if (isLast && folded.length < 2) wanted = keys.filter(function (k) { return k[0] === folded; });
    wanted = wanted.filter(function (k) { return keys.indexOf(k) >= 0; });
    return Promise.all(
      wanted.map(function (k) {
        return load("t-" + k + ".js");
      })
    ).then(function () {
      var found = {};
      var typos = folded.length >= 9 ? 2 : folded.length >= 5 ? 1 : 0;
      function add(list, factor, how) {
        // [how the term is written, record, weight, record, weight, ...]
        var total = data.meta.records;
        var idf = Math.log(1 + total / ((list.length - 1) / 2));
        for (var i = 1; i < list.length; i += 2) {
          var r = list[i];
          var score = list[i + 1] * idf * factor;
          if (!found[r] || found[r][0] < score) found[r] = [score, how];
        }
      }
      wanted.forEach(function (k) {
        var shard = data.shards[k] || {};
        Object.keys(shard).forEach(function (term) {
          if (term === stem) add(shard[term], 1, "exact");
          else if (isLast && term.indexOf(folded) === 0) add(shard[term], 0.6, "prefix");
          else if (isLast && term.indexOf(stem) === 0 && stem.length >= 3) add(shard[term], 0.5, "prefix");
          else if (typos && within(term, stem, typos)) add(shard[term], 0.35, "typo");
        });
      });
      return found;
    });
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  /* The text with the words that match the query marked. */
  function highlight(text, stems) {
    return String(text).replace(/[\p{Alphabetic}\p{N}]+/gu, function (w) {
      var term = normalize.stemLv(normalize.fold(w));
      var hit = stems.some(function (s) {
        return s.length >= 2 && term.indexOf(s) === 0;
      });
      return hit ? "<mark>" + escapeHtml(w) + "</mark>" : escapeHtml(w);
    });
  }

  /* A URL of the index (from the site root) as seen from this page. */
  function fromHere(url) {
    return (body.getAttribute("data-root") || "") + url;
  }

  Metodika.search = function (query, options) {
    options = options || {};
    var limit = options.limit || 10;
    var words = normalize.words(query).slice(0, 8);
    if (!words.length) return Promise.resolve([]);
    return load("meta.js")
      .then(function () {
        return Promise.all(
          words.map(function (w, i) {
            return matches(w, i === words.length - 1);
          })
        );
      })
      .then(function (perWord) {
        // Every word must match.
        var scores = {};
        Object.keys(perWord[0]).forEach(function (r) {
          var total = 0;
          for (var i = 0; i < perWord.length; i++) {
            if (!perWord[i][r]) return;
            total += perWord[i][r][0];
          }
          scores[r] = total;
        });
        var ranked = Object.keys(scores)
          .map(Number)
          .sort(function (a, b) {
            return scores[b] - scores[a] || a - b;
          })
          .slice(0, limit);
        var chunks = {};
        ranked.forEach(function (r) {
          chunks[Math.floor(r / data.meta.chunk)] = true;
        });
        return Promise.all(
          Object.keys(chunks).map(function (n) {
            return load("r-" + n + ".js");
          })
        ).then(function () {
          var stems = words.map(function (w) {
            return normalize.stemLv(normalize.fold(w));
          });
          var phrase = normalize.fold(query).trim();
          return ranked
            .map(function (r) {
              var rec = data.records[Math.floor(r / data.meta.chunk)][r % data.meta.chunk];
              var score = scores[r];
              // The words side by side, as typed, rank higher.
              if (words.length > 1 && normalize.fold(rec[1] + " " + rec[4]).indexOf(phrase) >= 0) score *= 1.5;
              return {
                url: fromHere(rec[0]),
                title: rec[1],
                section: rec[2],
                kind: rec[3],
                snippet: highlight(rec[4], stems),
                titleHtml: highlight(rec[1], stems),
                score: Math.round(score * 100) / 100
              };
            })
            .sort(function (a, b) {
              return b.score - a.score;
            });
        });
      });
  };

  /* The closest term of the index to a word that found nothing, for "did you mean". */
  Metodika.searchSuggest = function (word) {
    var folded = normalize.fold(word);
    var stem = normalize.stemLv(folded);
    return load("meta.js").then(function () {
      var key = shardKey(stem);
      if (data.meta.shards.indexOf(key) < 0) return null;
      return load("t-" + key + ".js").then(function () {
        var best = null;
        var shard = data.shards[key];
        Object.keys(shard).forEach(function (term) {
          if (within(term, stem, 2) && (!best || shard[term].length > shard[best].length)) best = term;
        });
        return best && shard[best][0];
      });
    });
  };

  /* ---------- The search box (combobox) ---------- */

  var box = document.querySelector('[data-metodika="search"]');
  if (!box) return;
  var input = box.querySelector("input");
  var list = box.querySelector("[role=listbox]");
  var status = box.querySelector("[data-search-status]");
  var label = function (name) {
    return box.getAttribute("data-label-" + name) || "";
  };
  var active = -1;
  var current = 0;

  function options() {
    return Array.prototype.slice.call(list.querySelectorAll("[role=option]"));
  }

  function setActive(i) {
    var opts = options();
    active = opts.length ? (i + opts.length) % opts.length : -1;
    opts.forEach(function (o, k) {
      o.setAttribute("aria-selected", k === active ? "true" : "false");
    });
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function close() {
    list.hidden = true;
    list.textContent = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function withHighlight(url, query) {
    var hash = url.indexOf("#");
    var path = hash >= 0 ? url.slice(0, hash) : url;
    var anchor = hash >= 0 ? url.slice(hash) : "";
    return path + "?h=" + encodeURIComponent(query) + anchor;
  }

  function show(results, query) {
    list.textContent = "";
    results.forEach(function (r, i) {
      var li = document.createElement("li");
      li.id = "site-search-option-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.className = "search-result";
      // An option holds no link (nothing interactive inside an option): it goes to its
      // page itself, on a click or on Enter.
      var href = withHighlight(r.url, query);
      li.setAttribute("data-href", href);
      var a = document.createElement("span");
      a.className = "search-result-body";
      a.innerHTML =
        '<span class="search-result-title">' + r.titleHtml + "</span>" +
        '<span class="search-result-meta"><span class="search-result-kind">' +
        escapeHtml(label("kind-" + r.kind) || r.kind) + "</span>" +
        (r.section ? ' · <span class="search-result-section">' + escapeHtml(r.section) + "</span>" : "") +
        "</span>" +
        (r.snippet ? '<span class="search-result-snippet">' + r.snippet + "</span>" : "");
      li.appendChild(a);
      li.addEventListener("mousedown", function (e) {
        e.preventDefault();
      });
      li.addEventListener("click", function () {
        location.href = href;
      });
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
  }

  function run() {
    var query = input.value;
    var ticket = ++current;
    if (!normalize.words(query).length) {
      close();
      status.textContent = "";
      return;
    }
    Metodika.search(query, { limit: 10 })
      .then(function (results) {
        if (ticket !== current) return;
        if (results.length) {
          show(results, query);
          status.textContent = label("found").replace("{n}", results.length);
          return;
        }
        close();
        var words = normalize.words(query);
        return Metodika.searchSuggest(words[words.length - 1]).then(function (term) {
          if (ticket !== current) return;
          status.textContent = term ? label("none") + " " + label("suggest").replace("{word}", term) : label("none");
        });
      })
      .catch(function () {
        status.textContent = label("unavailable");
      });
  }

  var timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (list.hidden) run();
      else setActive(active + 1);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive(active - 1);
    } else if (e.key === "Enter") {
      var opts = options();
      if (opts.length) {
        e.preventDefault();
        location.href = opts[Math.max(active, 0)].getAttribute("data-href");
      }
    } else if (e.key === "Escape") {
      if (!list.hidden) close();
      else input.value = "";
      status.textContent = "";
    }
  });
  input.addEventListener("blur", function () {
    setTimeout(close, 150);
  });
  // What was typed while this script loaded.
  if (input.value) run();
  box.querySelector("form").addEventListener("submit", function (e) {
    e.preventDefault();
  });

  /* ---------- Marks on the page a result led to (?h=words) ---------- */

  var h = /[?&]h=([^&#]*)/.exec(location.search);
  if (h) {
    var query = decodeURIComponent(h[1].replace(/\+/g, " "));
    var stems = normalize.words(query).map(function (w) {
      return normalize.stemLv(normalize.fold(w));
    });
    var main = document.querySelector("main");
    if (main && stems.length) {
      var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
      var nodes = [];
      while (walker.nextNode()) nodes.push(walker.currentNode);
      nodes.forEach(function (node) {
        var parent = node.parentNode;
        if (!parent || /^(SCRIPT|STYLE|MARK|TEXTAREA)$/.test(parent.nodeName)) return;
        var html = highlight(node.nodeValue, stems);
        if (html.indexOf("<mark>") < 0) return;
        var span = document.createElement("span");
        span.innerHTML = html;
        while (span.firstChild) parent.insertBefore(span.firstChild, node);
        parent.removeChild(node);
      });
    }
  }
})();
