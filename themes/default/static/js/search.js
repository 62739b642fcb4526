/* Site search, offline too. The index (assets/search/, built by crates/search/src/index.rs) is a
   set of small scripts: meta.js; t-XX.js, the entries (lemmas and stems) starting with XX,
   each with its postings per form; f-XX.js, the forms starting with XX with the entries they
   belong to; p-*.js, further pages of long posting lists; r-N.js, chunks of records. A query
   loads only the files it needs, with script tags (fetch is blocked on file://), and keeps
   them for the next query.

   window.Metodika.search(query, options) → Promise of [{url, title, section, kind,
   snippet, score}], best first; the search box below uses nothing else. A query word is
   folded (lower case, no diacritics) and looked up among the forms: the index lists every
   form of every lemma of the site, so "strādāju" finds "jāstrādā". A word no dictionary
   knows is matched by its light stem, computed by search-normalize.js exactly as the index
   did. Every word must match (AND); the last word also matches as a prefix while it is
   typed (options.prefix: true, as the search box does; by default only when it matches
   nothing as a whole word); a word of 5+ letters that matches nothing forgives one typo. Per word, an exact form ranks above another
   form of its lemma, which ranks above a prefix, which ranks above a typo; within one of
   these, title and headings above the body. */
(function () {
  "use strict";

  var Metodika = (window.Metodika = window.Metodika || {});
  var normalize = Metodika.normalize;
  var body = document.body;
  var base = (body.getAttribute("data-root") || "") + "assets/search/";
  var loaded = {};
  var data = { meta: null, shards: {}, forms: {}, pages: {}, records: {} };
  // How a word matched, best first; a form that is also a form of another lemma of the site
  // ("varu": vara and varēt) is less certain.
  var CLASS = { exact: 5, lemma: 4, shared: 3, prefix: 2, typo: 1 };

  // The index files call these when they load.
  Metodika.searchData = {
    meta: function (m) {
      data.meta = m;
      data.stored = storedPlaces(m);
    },
    shard: function (key, entries) {
      data.shards[key] = entries;
    },
    // {entry: "common|rest|rest"} → {form: [entry, ...]}
    forms: function (key, byEntry) {
      var table = {};
      Object.keys(byEntry).forEach(function (entry) {
        var parts = byEntry[entry].split("|");
        for (var i = 1; i < parts.length; i++) {
          var form = parts[0] + parts[i];
          (table[form] = table[form] || []).push(entry);
        }
      });
      data.forms[key] = table;
    },
    page: function (id, text) {
      data.pages[id] = numbers(text);
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

  function prefixKey(term, n) {
    return Array.from(term)
      .slice(0, n)
      .map(function (c) {
        return /[a-z0-9]/.test(c) ? c : "_";
      })
      .join("");
  }

  function has(list, key) {
    return list.indexOf(key) >= 0;
  }

  /* The forms file a folded word is in: the longest key of the index that starts it. */
  function formsKey(folded) {
    for (var n = Math.min(6, Array.from(folded).length); n >= 1; n--) {
      var key = prefixKey(folded, n);
      if (has(data.meta.forms, key)) return key;
    }
    return null;
  }

  function stem(folded) {
    return data.meta.language === "en" ? normalize.stemEn(folded) : normalize.stemLv(folded);
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

  /* The numbers of a posting list as written by index.rs: base 32, lowest digit first, one
     character a digit; the first 32 characters of DIGITS end a number. */
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGIT = {};
  for (var d = 0; d < DIGITS.length; d++) DIGIT[DIGITS.charAt(d)] = d;

  function numbers(text) {
    var out = [];
    var v = 0;
    var scale = 1;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGIT[text.charAt(i)];
      if (digit >= 32) {
        v += (digit - 32) * scale;
        scale *= 32;
      } else {
        out.push(v + digit * scale);
        v = 0;
        scale = 1;
      }
    }
    return out;
  }

  /* Postings number the records pages first: page p's own record is p, and the other
     records (headings, items) follow all pages, in order. meta.pages says how many records
     each page has; this gives each number its record's place in the r- files. */
  function storedPlaces(m) {
    var counts = numbers(m.pages || "");
    var place = new Int32Array(m.records);
    var next = counts.length;
    var at = 0;
    for (var p = 0; p < counts.length; p++) {
      place[p] = at;
      for (var k = 1; k < counts[p]; k++) place[next++] = at + k;
      at += counts[p];
    }
    return place;
  }

  /* Calls fn(record, weight) for each posting of [weight, count, number, gap, ...], with
     the record's place in the r- files. */
  function decode(list, fn) {
    var i = 0;
    while (i < list.length) {
      var w = list[i];
      var n = list[i + 1];
      var r = 0;
      for (var k = 0; k < n; k++) {
        r = k === 0 ? list[i + 2] : r + list[i + 2 + k];
        fn(data.stored[r], w);
      }
      i += 2 + n;
    }
  }

  /* The forms files a folded word needs: its own, and for a prefix the files of longer
     keys it starts (a few). */
  function formsFiles(folded, prefix) {
    var key = formsKey(folded);
    var files = key ? [key] : [];
    if (prefix) {
      data.meta.forms.forEach(function (k) {
        if (k.length > folded.length && k.indexOf(prefixKey(folded, 6)) === 0 && files.length < 6) files.push(k);
      });
    }
    return Promise.all(
      files.map(function (k) {
        return load("f-" + k + ".js");
      })
    ).then(function () {
      return files;
    });
  }

  /* The entries a query word reaches as a whole word: the lemmas it is a form of, or, for a
     word no dictionary knows, its light stem. {entry key: class} */
  function lookUp(folded) {
    return formsFiles(folded, false).then(function (files) {
      var found = [];
      files.forEach(function (k) {
        (data.forms[k][folded] || []).forEach(function (e) {
          if (!has(found, e)) found.push(e);
        });
      });
      return found;
    });
  }

  function wholeEntries(folded) {
    return lookUp(folded).then(function (found) {
      if (found.length) return found;
      // The index lists forms with a prefix (ne-, jā-) only where the site uses them:
      // "nestrādājām" is looked up as "strādājām".
      var prefixes = (data.meta.prefixes || []).filter(function (p) {
        return folded.indexOf(p) === 0 && folded.length - p.length >= 3;
      });
      return Promise.all(
        prefixes.map(function (p) {
          return lookUp(folded.slice(p.length));
        })
      ).then(function (lists) {
        return [].concat.apply([], lists).filter(function (e) {
          return e.charAt(0) === "@";
        });
      });
    }).then(function (found) {
      var reach = {};
      var known = false;
      found.forEach(function (e) {
        reach[e] = "lemma";
        known = known || e.charAt(0) === "@";
      });
      // A word the dictionary knows is matched by its lemmas alone; another by its stem.
      if (!known) reach["~" + stem(folded)] = "lemma";
      // A word typed in its base form means that lemma, not another whose form it also is
      // ("meklēšana" the noun, not a form of "meklēt"; "vara", not "varēt").
      if (reach["@" + folded]) {
        Object.keys(reach).forEach(function (e) {
          if (e !== "@" + folded) delete reach[e];
        });
      }
      return reach;
    });
  }

  /* The entries of forms that start with the word (prefix), or are a typo away from it. */
  function nearEntries(folded, prefix, typos) {
    return formsFiles(folded, prefix).then(function (files) {
      var reach = {};
      var key = formsKey(folded);
      var count = 0;
      files.forEach(function (k) {
        var table = data.forms[k];
        Object.keys(table).forEach(function (form) {
          if (form === folded) return;
          var how = null;
          if (prefix && form.indexOf(folded) === 0 && count < 60) {
            how = "prefix";
            count++;
          } else if (typos && k === key && within(form, folded, typos)) {
            how = "typo";
          }
          if (!how) return;
          table[form].forEach(function (e) {
            if (!reach[e] || CLASS[reach[e]] < CLASS[how]) reach[e] = how;
          });
        });
      });
      return reach;
    });
  }

  /* The posting lists of the entries reached, one group per form: {how, form, idf, list or
     pages}. The form typed itself is "exact". */
  function groupsOf(reach, folded, typed) {
    // Typed with diacritics, a word means that spelling: "nozīme", not "nozīmē".
    var marked = typed !== folded;
    var entries = Object.keys(reach);
    var shards = {};
    entries.forEach(function (e) {
      var k = prefixKey(e.slice(1), 2);
      if (has(data.meta.shards, k)) shards[k] = true;
    });
    return Promise.all(
      Object.keys(shards).map(function (k) {
        return load("t-" + k + ".js");
      })
    ).then(function () {
      var groups = [];
      entries.forEach(function (e) {
        var entry = (data.shards[prefixKey(e.slice(1), 2)] || {})[e];
        if (!entry) return;
        var idf = Math.log(1 + data.meta.records / entry.n);
        Object.keys(entry.g).forEach(function (form) {
          var f = normalize.fold(form);
          var g = entry.g[form];
          var inline = typeof g === "string";
          var how = reach[e];
          if (f === folded) how = !marked || form === typed ? "exact" : "shared";
          else if (how === "lemma" && entry.a && has(entry.a, form)) how = "shared";
          groups.push({
            how: how,
            form: f,
            idf: idf,
            list: inline ? numbers(g) : null,
            pages: inline ? null : g,
            loaded: 0
          });
        });
      });
      return groups;
    });
  }

  /* For one query word, the groups it matches. `prefix`: true also takes the words it
     begins (as it is typed), "auto" only when it matches nothing as a whole word, false
     never. Typos are forgiven only for a word that matches nothing as it is. */
  function groupsFor(word, prefix) {
    var folded = normalize.fold(word);
    var typed = word.toLowerCase();
    return wholeEntries(folded)
      .then(function (reach) {
        return groupsOf(reach, folded, typed);
      })
      .then(function (groups) {
        var none = !groups.length;
        var wantPrefix = folded.length >= 2 && (prefix === true || (prefix === "auto" && none));
        var typos = !none ? 0 : folded.length >= 9 ? 2 : folded.length >= 5 ? 1 : 0;
        if (!wantPrefix && !typos) return { folded: folded, groups: groups };
        return nearEntries(folded, wantPrefix, typos)
          .then(function (reach) {
            return groupsOf(reach, folded, typed);
          })
          .then(function (more) {
            var seen = {};
            groups.forEach(function (g) {
              seen[g.form] = true;
            });
            return {
              folded: folded,
              groups: groups.concat(
                more.filter(function (g) {
                  return !seen[g.form];
                })
              )
            };
          });
      });
  }

  function scoreOf(how, w, idf) {
    var s = w * idf;
    return CLASS[how] + s / (s + 20);
  }

  /* The best score still unread in a group (-1 when it is read whole). */
  function bound(g) {
    if (g.list || g.loaded >= g.pages.h.length) return -1;
    return scoreOf(g.how, g.pages.h[g.loaded], g.idf);
  }

  function readPage(g) {
    var id = g.pages.p + "-" + g.loaded;
    return load("p-" + id + ".js").then(function () {
      g.loaded++;
    });
  }

  /* record → best score over the read part of the groups. */
  function collect(groups) {
    var found = {};
    groups.forEach(function (g) {
      function each(r, w) {
        var sc = scoreOf(g.how, w, g.idf);
        if (!found[r] || found[r] < sc) found[r] = sc;
      }
      if (g.list) decode(g.list, each);
      else for (var m = 0; m < g.loaded; m++) decode(data.pages[g.pages.p + "-" + m], each);
    });
    return found;
  }

  function best(found, limit) {
    return Object.keys(found)
      .map(Number)
      .sort(function (a, b) {
        return found[b] - found[a] || a - b;
      })
      .slice(0, limit);
  }

  /* Reads pages until the top `limit` cannot change (one word), or whole (several words,
     which must all match). */
  function settle(groups, limit, whole) {
    var open = groups.filter(function (g) {
      return bound(g) >= 0;
    });
    if (!open.length) return Promise.resolve();
    if (whole) return Promise.all(open.map(function readAll(g) {
      return bound(g) < 0 ? null : readPage(g).then(function () { return readAll(g); });
    }));
    var found = collect(groups);
    var top = best(found, limit);
    var next = open.reduce(function (a, g) {
      return bound(g) > bound(a) ? g : a;
    });
    if (top.length >= limit && found[top[limit - 1]] >= bound(next)) return Promise.resolve();
    return readPage(next).then(function () {
      return settle(groups, limit, whole);
    });
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  /* The text with the words that match the query marked: the forms that matched, and
     words starting with a typed prefix. */
  function highlight(text, marks) {
    return String(text).replace(/[\p{Alphabetic}\p{N}]+/gu, function (w) {
      var f = normalize.fold(w);
      var hit = marks.forms[f] || marks.prefixes.some(function (p) {
        return f.indexOf(p) === 0;
      });
      return hit ? "<mark>" + escapeHtml(w) + "</mark>" : escapeHtml(w);
    });
  }

  function marksOf(perWord) {
    var marks = { forms: {}, prefixes: [] };
    perWord.forEach(function (m) {
      m.groups.forEach(function (g) {
        if (g.how !== "prefix") marks.forms[g.form] = true;
      });
      var prefixed = m.groups.some(function (g) {
        return g.how === "prefix";
      });
      if (prefixed) marks.prefixes.push(m.folded);
    });
    return marks;
  }

  /* A URL of the index (from the site root) as seen from this page. */
  function fromHere(url) {
    return (body.getAttribute("data-root") || "") + url;
  }

  /* record → score for a list of words (all must match), with the marks to highlight. */
  function match(words, limit, prefix) {
    return Promise.all(
      words.map(function (w, i) {
        return groupsFor(w, i === words.length - 1 ? prefix : false);
      })
    ).then(function (perWord) {
      return Promise.all(
        perWord.map(function (m) {
          return settle(m.groups, limit, words.length > 1);
        })
      ).then(function () {
        var sets = perWord.map(function (m) {
          return collect(m.groups);
        });
        var scores = {};
        Object.keys(sets[0]).forEach(function (r) {
          var total = 0;
          for (var i = 0; i < sets.length; i++) {
            if (!sets[i][r]) return;
            total += sets[i][r];
          }
          scores[r] = total;
        });
        return { scores: scores, perWord: perWord };
      });
    });
  }

  /* Whether a record's URL is only its place on the page of the record before it. */
  function samePage(url) {
    return url === 1 || String(url).charAt(0) === "#";
  }

  /* A record with its URL and section whole: one of the same page as the record before it
     gives only "#anchor" (or 1: the anchor made of its title), and 0 for the section before
     (see index.rs). */
  function record(r) {
    var chunk = data.records[Math.floor(r / data.meta.chunk)];
    var i = r % data.meta.chunk;
    var rec = chunk[i].slice();
    var k = i;
    while (rec[2] === 0 && k > 0) rec[2] = chunk[--k][2];
    k = i;
    if (samePage(rec[0])) {
      while (k > 0 && samePage(chunk[k][0])) k--;
      var page = chunk[k][0].split("#")[0];
      if (rec[0] === 1) rec[0] = page + "#" + normalize.slug(rec[1]);
      else rec[0] = rec[0] === "#" ? page : page + rec[0];
    }
    return rec;
  }

  Metodika.search = function (query, options) {
    options = options || {};
    var limit = options.limit || 10;
    var words = normalize.words(query).slice(0, 8);
    if (!words.length) return Promise.resolve([]);
    var phrase = words.map(normalize.fold).join(" ");
    // What was typed, and the glossary's other names for it.
    var names = [phrase];
    return load("meta.js")
      .then(function () {
        // The glossary's other names for what was typed (VP → Valsts policija).
        var others = [];
        (data.meta.synonyms || []).forEach(function (set) {
          if (has(set, phrase)) {
            set.forEach(function (name) {
              if (name !== phrase && !has(others, name)) others.push(name);
            });
          }
        });
        names = [phrase].concat(others);
        return Promise.all(
          [match(words, limit, options.prefix === undefined ? "auto" : options.prefix)].concat(
            others.map(function (name) {
              return match(name.split(" "), limit, false);
            })
          )
        ).then(function (all) {
          var scores = {};
          all.forEach(function (m, k) {
            Object.keys(m.scores).forEach(function (r) {
              // Another name of the thing counts as a match of another form.
              var s = k === 0 ? m.scores[r] : m.scores[r] * 0.75;
              if (!scores[r] || scores[r] < s) scores[r] = s;
            });
          });
          return { scores: scores, perWord: all.reduce(function (a, m) { return a.concat(m.perWord); }, []), synonym: others.length > 0 };
        });
      })
      .then(function (m) {
        var scores = m.scores;
        // A glossary entry of what was typed is its definition: first.
        var definitions = data.meta.definitions || {};
        Object.keys(scores).forEach(function (r) {
          var own = definitions[r];
          if (own && own.some(function (n) { return has(names, n); })) scores[r] += 100;
        });
        var ranked = best(scores, limit);
        var chunks = {};
        ranked.forEach(function (r) {
          chunks[Math.floor(r / data.meta.chunk)] = true;
        });
        return Promise.all(
          Object.keys(chunks).map(function (n) {
            return load("r-" + n + ".js");
          })
        ).then(function () {
          var marks = marksOf(m.perWord);
          return ranked
            .map(function (r) {
              var rec = record(r);
              var score = scores[r];
              // The words side by side, as typed, rank higher.
              if (words.length > 1 && normalize.fold(rec[1] + " " + rec[4]).indexOf(phrase) >= 0) score *= 1.5;
              return {
                url: fromHere(rec[0]),
                title: rec[1],
                section: rec[2],
                kind: rec[3],
                snippet: highlight(rec[4], marks),
                titleHtml: highlight(rec[1], marks),
                score: Math.round(score * 1000) / 1000
              };
            })
            .sort(function (a, b) {
              return b.score - a.score;
            });
        });
      });
  };

  /* The closest spelling in the index to a word that found nothing, for "did you mean". */
  Metodika.searchSuggest = function (word) {
    var folded = normalize.fold(word);
    return load("meta.js").then(function () {
      var key = formsKey(folded);
      if (!key) return null;
      return load("f-" + key + ".js").then(function () {
        var table = data.forms[key];
        var bestForm = null;
        var bestDistance = 3;
        Object.keys(table).forEach(function (form) {
          for (var d = 1; d < bestDistance; d++) {
            if (within(form, folded, d)) {
              bestForm = form;
              bestDistance = d;
              break;
            }
          }
        });
        if (!bestForm) return null;
        // Shown as the site writes it, with its diacritics.
        var entry = table[bestForm][0];
        var shard = prefixKey(entry.slice(1), 2);
        if (!has(data.meta.shards, shard)) return bestForm;
        return load("t-" + shard + ".js").then(function () {
          var e = data.shards[shard][entry];
          var forms = e ? Object.keys(e.g) : [];
          for (var i = 0; i < forms.length; i++) {
            if (normalize.fold(forms[i]) === bestForm) return forms[i];
          }
          return forms.length && entry.charAt(0) === "@" ? bestForm : forms[0] || bestForm;
        });
      });
    });
  };

  /* The marks for a query on the page a result led to. */
  Metodika.searchMarks = function (query) {
    var words = normalize.words(query).slice(0, 8);
    return load("meta.js").then(function () {
      return Promise.all(
        words.map(function (w, i) {
          return groupsFor(w, i === words.length - 1 ? "auto" : false);
        })
      ).then(marksOf);
    });
  };

  /* ---------- The search box (combobox) ---------- */

  var box = document.querySelector('[data-metodika="search"]');
  if (!box) return;
  var input = box.querySelector("input");
  var list = box.querySelector("[role=listbox]");
  var status = box.querySelector("[data-search-status]");
  var empty = box.querySelector("[data-search-empty]");
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
    if (empty) {
      empty.hidden = true;
      empty.textContent = "";
    }
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
    if (empty) {
      empty.hidden = true;
      empty.textContent = "";
    }
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

  // "Nothing found" where the results would be, for sighted readers too; the suggestion
  // is a button that puts the word in the box (in place of the last word) and searches.
  function showEmpty(query, last, term) {
    if (!empty) return;
    empty.textContent = label("none");
    if (term) {
      var text = label("suggest");
      var at = text.indexOf("{word}");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "search-suggestion";
      button.textContent = term;
      button.addEventListener("mousedown", function (e) {
        e.preventDefault();
      });
      button.addEventListener("click", function () {
        var cut = query.toLowerCase().lastIndexOf(last.toLowerCase());
        input.value = cut >= 0 ? query.slice(0, cut) + term + query.slice(cut + last.length) : term;
        input.focus();
        run();
      });
      empty.appendChild(document.createTextNode(" " + (at >= 0 ? text.slice(0, at) : "")));
      empty.appendChild(button);
      if (at >= 0) empty.appendChild(document.createTextNode(text.slice(at + 6)));
    }
    empty.hidden = false;
  }

  function run() {
    var query = input.value;
    var ticket = ++current;
    if (!normalize.words(query).length) {
      close();
      status.textContent = "";
      return;
    }
    Metodika.search(query, { limit: 10, prefix: true })
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
          showEmpty(query, words[words.length - 1], term);
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
    var main = document.querySelector("main");
    if (main && normalize.words(query).length) {
      Metodika.searchMarks(query).then(function (marks) {
        var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
        var nodes = [];
        while (walker.nextNode()) nodes.push(walker.currentNode);
        nodes.forEach(function (node) {
          var parent = node.parentNode;
          if (!parent || /^(SCRIPT|STYLE|MARK|TEXTAREA)$/.test(parent.nodeName)) return;
          // Only HTML text: in the flowchart's SVG an HTML <mark> is not drawn (its word
          // would vanish).
          if (parent.namespaceURI !== "http://www.w3.org/1999/xhtml") return;
          var html = highlight(node.nodeValue, marks);
          if (html.indexOf("<mark>") < 0) return;
          var span = document.createElement("span");
          span.innerHTML = html;
          while (span.firstChild) parent.insertBefore(span.firstChild, node);
          parent.removeChild(node);
        });
        // A result that is a whole page (no #place in its link) opens at the first word
        // it was found by, not at the top of a long page.
        var first = location.hash ? null : main.querySelector("mark");
        if (first) first.scrollIntoView({ block: "center" });
      });
    }
  }
})();
