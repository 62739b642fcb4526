/* Metodika quizzes (content kind `quiz`) and the "my progress" page.
   Without this script every question reads as a worksheet with its answer in a
   disclosure. With it: answers are checked and scored here, in the browser, and
   progress is kept through window.Metodika.store (site.js), which every page of the
   site shares, also opened from file:// in Chromium and Firefox. Saved answers are
   keyed by each question's fingerprint (data-hash), so editing a question forgets
   only its own answer. Where storage is refused the quiz still works and says that
   nothing is saved. */
(function () {
  "use strict";

  var all = window.Metodika.all;
  var element = window.Metodika.element;

  var body = document.body;
  // Defined once, by js/kinds/quiz-nav.js (linked from every page of a site with a quiz).
  var prefix = window.Metodika.quizStorePrefix;

  // The reader's saved progress: window.Metodika.store (site.js), one store for every page
  // of the site, from file:// too. `saving` is false where the browser refuses storage.
  var store = window.Metodika && window.Metodika.store;
  var saving = false;

  function load(key) {
    if (!saving) return null;
    try {
      var value = JSON.parse(store.get(prefix + key));
      return value && typeof value === "object" ? value : null;
    } catch (e) {
      return null;
    }
  }

  function save(key, value) {
    if (saving) store.set(prefix + key, JSON.stringify(value));
  }

  /* Text answers are compared ignoring case and diacritics (folded as search folds them, by
     js/search-normalize.js, linked before), spaces and end punctuation. */
  function fold(text) {
    return window.Metodika.normalize
      .fold(text)
      .replace(/[.!?;,:]+$/, "")
      .replace(/\s+/g, " ")
      .trim();
  }

  function format(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : all;
    });
  }


  function shuffled(array) {
    var a = array.slice();
    for (var i = a.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  function number(value) {
    var lang = document.documentElement.lang || undefined;
    return Number(value.toFixed(1)).toLocaleString(lang);
  }


  /* ---------- One quiz ---------- */

  function Quiz(root) {
    this.root = root;
    this.key = root.getAttribute("data-key");
    this.passMark = parseInt(root.getAttribute("data-pass-mark"), 10) || 0;
    this.shuffle = root.getAttribute("data-shuffle") === "true";
    this.pool = parseInt(root.getAttribute("data-pool"), 10) || 0;
    this.items = all(root, "[data-quiz-item]");
    this.questions = all(root, "[data-quiz-question]");
    this.saved = load(this.key) || {};
    if (!this.saved.answers || typeof this.saved.answers !== "object") this.saved.answers = {};
    this.saved.title = root.getAttribute("data-title");
    this.label = function (name) {
      return root.getAttribute("data-label-" + name) || "";
    };
    this.setUp();
  }

  Quiz.prototype.setUp = function () {
    var quiz = this;
    quiz.root.classList.add("is-interactive");
    all(quiz.root, "[data-quiz-js]").forEach(function (el) {
      el.hidden = false;
    });
    var storage = quiz.root.querySelector("[data-quiz-storage]");
    if (storage) {
      storage.textContent = saving ? quiz.label("saved") : quiz.label("not-saved");
      storage.hidden = false;
      if (!saving) storage.classList.add("is-warning");
    }
    quiz.questions.forEach(function (q) {
      if (q.getAttribute("data-type") === "ordering") quiz.addMoveButtons(q);
      q.querySelector("[data-quiz-check]").addEventListener("click", function () {
        quiz.check(q, true);
        quiz.score();
      });
      // Enter in a text answer checks it, as in a form.
      all(q, "input[type=text]").forEach(function (input) {
        input.addEventListener("keydown", function (event) {
          if (event.key !== "Enter") return;
          event.preventDefault();
          quiz.check(q, true);
          quiz.score();
        });
      });
    });
    quiz.root.querySelector("[data-quiz-check-all]").addEventListener("click", function () {
      quiz.drawnQuestions().forEach(function (q) {
        quiz.check(q, true);
      });
      quiz.score(true);
    });
    quiz.root.querySelector("[data-quiz-retry]").addEventListener("click", function () {
      quiz.retry();
    });
    quiz.start(false);
  };

  /* Draws the attempt's items (all, or `pool` of them), shuffles, restores saved answers. */
  Quiz.prototype.start = function (fresh) {
    var quiz = this;
    var ids = quiz.items.map(function (i) {
      return i.id;
    });
    var draw = null;
    if (quiz.pool && quiz.pool < ids.length) {
      var kept = (fresh ? [] : quiz.saved.draw || []).filter(function (id) {
        return ids.indexOf(id) >= 0;
      });
      // Questions edited or removed since: top up with others.
      var rest = shuffled(
        ids.filter(function (id) {
          return kept.indexOf(id) < 0;
        })
      );
      draw = kept.slice(0, quiz.pool).concat(rest).slice(0, quiz.pool);
    }
    quiz.saved.draw = draw;
    var n = 0;
    quiz.items.forEach(function (item) {
      var shown = !draw || draw.indexOf(item.id) >= 0;
      item.hidden = !shown;
      if (!shown) return;
      n += 1;
      var numbers = all(item, "[data-quiz-number]");
      numbers[0].textContent = n + ".";
      for (var m = 1; m < numbers.length; m++) numbers[m].textContent = n + "." + m + ".";
    });
    quiz.questions.forEach(function (q) {
      quiz.reset(q);
      var saved = quiz.saved.answers[q.getAttribute("data-hash")];
      if (saved && !fresh) {
        quiz.restore(q, saved.a);
        if (saved.c) quiz.check(q, false);
      }
    });
    quiz.score(false);
    save(quiz.key, quiz.saved);
  };

  Quiz.prototype.drawnQuestions = function () {
    return this.questions.filter(function (q) {
      var item = q.closest("[data-quiz-item]");
      return !item || !item.hidden;
    });
  };

  /* Empties a question and lays out its options for a new attempt. */
  Quiz.prototype.reset = function (q) {
    var type = q.getAttribute("data-type");
    all(q, "input[type=radio], input[type=checkbox]").forEach(function (i) {
      i.checked = false;
    });
    all(q, "input[type=text]").forEach(function (i) {
      i.value = "";
    });
    all(q, "select").forEach(function (s) {
      s.value = "";
    });
    this.clearMarks(q);
    if (this.shuffle && (type === "single" || type === "multiple")) {
      var list = q.querySelector(".quiz-options");
      shuffled(all(list, "[data-quiz-option]")).forEach(function (o) {
        list.appendChild(o);
      });
    }
    if (type === "ordering") {
      var steps = q.querySelector("[data-quiz-steps]");
      var items = all(steps, "li");
      var order = shuffled(items);
      var inOrder = order.every(function (li, i) {
        return li.getAttribute("data-position") === String(i);
      });
      if (inOrder && order.length > 1) order.push(order.shift());
      order.forEach(function (li) {
        steps.appendChild(li);
      });
      this.updateMoveButtons(q);
    }
  };

  Quiz.prototype.clearMarks = function (q) {
    q.classList.remove("is-right", "is-wrong", "is-partly");
    all(q, ".quiz-mark").forEach(function (m) {
      m.parentNode.removeChild(m);
    });
    all(q, "[data-quiz-option]").forEach(function (o) {
      o.classList.remove("is-right", "is-wrong", "is-missed");
    });
    all(q, "[data-quiz-option-feedback]").forEach(function (f) {
      f.hidden = true;
    });
    all(q, "[data-quiz-mark]").forEach(function (m) {
      m.textContent = "";
    });
    all(q, "[data-quiz-pair]").forEach(function (p) {
      p.classList.remove("is-right", "is-wrong");
    });
    q.querySelector("[data-quiz-feedback]").textContent = "";
  };

  /* The reader's answer, as saved. */
  Quiz.prototype.answer = function (q) {
    switch (q.getAttribute("data-type")) {
      case "single":
      case "true_false":
        var chosen = q.querySelector("input:checked");
        return chosen ? chosen.value : null;
      case "multiple":
        return all(q, "input:checked").map(function (i) {
          return i.value;
        });
      case "matching":
        return all(q, "select").map(function (s) {
          return s.value;
        });
      case "ordering":
        return all(q, "[data-quiz-steps] > li").map(function (li) {
          return li.getAttribute("data-position");
        });
      default:
        return q.querySelector("input[type=text]").value;
    }
  };

  Quiz.prototype.restore = function (q, answer) {
    if (answer === null || answer === undefined) return;
    var type = q.getAttribute("data-type");
    if (type === "single" || type === "true_false" || type === "multiple") {
      var values = [].concat(answer);
      all(q, "input").forEach(function (i) {
        i.checked = values.indexOf(i.value) >= 0;
      });
    } else if (type === "matching") {
      all(q, "select").forEach(function (s, i) {
        if (answer[i] !== undefined) s.value = answer[i];
      });
    } else if (type === "ordering") {
      var steps = q.querySelector("[data-quiz-steps]");
      var items = all(steps, "li");
      if (answer.length !== items.length) return;
      answer.forEach(function (position) {
        items.forEach(function (li) {
          if (li.getAttribute("data-position") === String(position)) steps.appendChild(li);
        });
      });
      this.updateMoveButtons(q);
    } else if (typeof answer === "string") {
      q.querySelector("input[type=text]").value = answer;
    }
  };

  /* Grades a question: points from 0 to 1 and a verdict. */
  Quiz.prototype.grade = function (q) {
    var type = q.getAttribute("data-type");
    var answer = this.answer(q);
    if (type === "single" || type === "true_false") {
      if (answer === null) return { points: 0, verdict: "unanswered" };
      var right = q.querySelector("input:checked").hasAttribute("data-correct");
      return { points: right ? 1 : 0, verdict: right ? "right" : "wrong" };
    }
    if (type === "multiple") {
      if (!answer.length) return { points: 0, verdict: "unanswered" };
      var correct = all(q, "input[data-correct]").length;
      var hits = all(q, "input[data-correct]:checked").length;
      var misses = answer.length - hits;
      var points = Math.max(0, (hits - misses) / correct);
      return { points: points, verdict: points === 1 ? "right" : points > 0 ? "partly" : "wrong" };
    }
    if (type === "matching") {
      var selects = all(q, "select");
      if (
        selects.every(function (s) {
          return s.value === "";
        })
      )
        return { points: 0, verdict: "unanswered" };
      var good = selects.filter(function (s) {
        return s.value === s.getAttribute("data-answer");
      }).length;
      return this.fraction(good, selects.length);
    }
    if (type === "ordering") {
      var placed = answer.filter(function (position, i) {
        return position === String(i);
      }).length;
      return this.fraction(placed, answer.length);
    }
    var accepted = [];
    try {
      accepted = JSON.parse(q.querySelector("input[type=text]").getAttribute("data-accept"));
    } catch (e) {
      accepted = [];
    }
    var given = fold(answer);
    if (!given) return { points: 0, verdict: "unanswered" };
    var ok = accepted.some(function (a) {
      return fold(a) === given;
    });
    return { points: ok ? 1 : 0, verdict: ok ? "right" : "wrong" };
  };

  Quiz.prototype.fraction = function (good, total) {
    var points = total ? good / total : 0;
    return { points: points, verdict: points === 1 ? "right" : points > 0 ? "partly" : "wrong" };
  };

  /* Checks one question: marks, feedback (announced), and the saved answer. */
  Quiz.prototype.check = function (q, remember) {
    var quiz = this;
    var type = q.getAttribute("data-type");
    var result = quiz.grade(q);
    quiz.clearMarks(q);
    q.classList.add("is-" + (result.verdict === "unanswered" ? "wrong" : result.verdict));
    if (type === "single" || type === "multiple" || type === "true_false") {
      all(q, "[data-quiz-option]").forEach(function (o) {
        var input = o.querySelector("input");
        var right = input.hasAttribute("data-correct");
        var feedback = o.querySelector("[data-quiz-option-feedback]");
        var label = o.querySelector(".quiz-option-label");
        if (input.checked) {
          o.classList.add(right ? "is-right" : "is-wrong");
          label.appendChild(
            element("span", "quiz-mark", right ? " ✓ " + quiz.label("right-option") : " ✗ " + quiz.label("wrong-option"))
          );
          if (feedback.textContent.trim()) feedback.hidden = false;
        } else if (right && result.verdict !== "unanswered" && result.verdict !== "right") {
          o.classList.add("is-missed");
          label.appendChild(element("span", "quiz-mark", " ← " + quiz.label("correct-answer")));
          if (type === "multiple") {
            feedback.hidden = false;
            if (!feedback.querySelector(".quiz-missed")) {
              feedback.insertBefore(element("p", "quiz-missed", quiz.label("missed")), feedback.firstChild);
            }
          }
        }
      });
    } else if (type === "matching") {
      all(q, "[data-quiz-pair]").forEach(function (row) {
        var select = row.querySelector("select");
        var right = select.value === select.getAttribute("data-answer");
        row.classList.add(right ? "is-right" : "is-wrong");
        var expected = select.options[parseInt(select.getAttribute("data-answer"), 10) + 1];
        row.querySelector("[data-quiz-mark]").textContent = right
          ? "✓ " + quiz.label("right-option")
          : "✗ " + quiz.label("correct-answer") + ": " + (expected ? expected.textContent : "");
      });
    }
    var feedback = q.querySelector("[data-quiz-feedback]");
    var verdict = {
      right: quiz.label("right"),
      wrong: quiz.label("wrong"),
      partly: format(quiz.label("partly"), { percent: Math.round(result.points * 100) }),
      unanswered: quiz.label("unanswered")
    }[result.verdict];
    var line = element("p", "quiz-verdict quiz-verdict-" + result.verdict);
    line.appendChild(element("strong", "", verdict));
    var fragment = document.createDocumentFragment();
    fragment.appendChild(line);
    var answerBody = q.querySelector("[data-quiz-answer] .quiz-answer-body");
    if (answerBody) {
      var copy = answerBody.cloneNode(true);
      // Choices are marked in place; the right answer is repeated only where it is not.
      all(copy, ".quiz-key-options").forEach(function (e) {
        e.parentNode.removeChild(e);
      });
      if (result.verdict === "right" || type === "true_false") {
        Array.prototype.slice.call(copy.children).forEach(function (e) {
          if (!e.hasAttribute("data-quiz-explanation")) copy.removeChild(e);
        });
      }
      all(copy, "[id]").forEach(function (e) {
        e.removeAttribute("id");
      });
      fragment.appendChild(copy);
    }
    feedback.appendChild(fragment);
    if (remember) {
      quiz.saved.answers[q.getAttribute("data-hash")] = { a: quiz.answer(q), p: result.points, c: true };
      save(quiz.key, quiz.saved);
    }
    return result;
  };

  /* The score, once every question of the attempt is checked (or on "check all"). */
  Quiz.prototype.score = function (announce) {
    var quiz = this;
    var drawn = quiz.drawnQuestions();
    var points = 0;
    var done = drawn.every(function (q) {
      var s = quiz.saved.answers[q.getAttribute("data-hash")];
      if (s && s.c) points += Number(s.p) || 0;
      return s && s.c;
    });
    var out = quiz.root.querySelector("[data-quiz-score]");
    var best = typeof quiz.saved.best === "number" ? quiz.saved.best : null;
    if (!done || !drawn.length) {
      out.textContent = best === null ? "" : format(quiz.label("best"), { best: best });
      out.className = "quiz-score";
      return;
    }
    var percent = Math.round((points / drawn.length) * 100);
    var passed = percent >= quiz.passMark;
    if (announce !== false) {
      quiz.saved.last = percent;
      if (best === null || percent > best) best = percent;
      quiz.saved.best = best;
      quiz.saved.passed = quiz.saved.passed === true || passed;
      save(quiz.key, quiz.saved);
    }
    out.className = "quiz-score " + (passed ? "is-passed" : "is-failed");
    out.textContent =
      format(quiz.label("score"), { score: percent, points: number(points), max: drawn.length }) +
      " " +
      format(quiz.label(passed ? "passed" : "failed"), { pass: quiz.passMark }) +
      (best === null ? "" : " " + format(quiz.label("best"), { best: best }));
  };

  /* "Try again": forgets this attempt's answers (the best score stays), draws anew. */
  Quiz.prototype.retry = function () {
    var quiz = this;
    quiz.questions.forEach(function (q) {
      delete quiz.saved.answers[q.getAttribute("data-hash")];
    });
    quiz.start(true);
    var first = quiz.drawnQuestions()[0];
    var control = first && first.querySelector("input, select, button");
    if (control) control.focus();
  };

  /* Ordering by keyboard: "up" and "down" buttons on every step, moves announced. */
  Quiz.prototype.addMoveButtons = function (q) {
    var quiz = this;
    var steps = q.querySelector("[data-quiz-steps]");
    all(steps, "li").forEach(function (li) {
      var text = li.querySelector(".quiz-step-text").textContent.trim();
      var buttons = element("span", "quiz-step-buttons");
      [
        ["up", "↑ "],
        ["down", "↓ "]
      ].forEach(function (pair) {
        var b = element("button", "kind-button quiz-step-button", pair[1] + quiz.label(pair[0]));
        b.type = "button";
        b.setAttribute("data-move", pair[0]);
        b.setAttribute("aria-label", quiz.label(pair[0]) + ": " + text);
        b.addEventListener("click", function () {
          quiz.move(q, li, pair[0], text);
        });
        buttons.appendChild(b);
      });
      li.appendChild(buttons);
    });
    quiz.updateMoveButtons(q);
  };

  Quiz.prototype.move = function (q, li, direction, text) {
    var steps = li.parentNode;
    if (direction === "up" && li.previousElementSibling) {
      steps.insertBefore(li, li.previousElementSibling);
    } else if (direction === "down" && li.nextElementSibling) {
      steps.insertBefore(li.nextElementSibling, li);
    } else {
      return;
    }
    this.updateMoveButtons(q);
    var items = all(steps, "li");
    var button = li.querySelector('[data-move="' + direction + '"]');
    if (button.getAttribute("aria-disabled") === "true") {
      button = li.querySelector('[data-move="' + (direction === "up" ? "down" : "up") + '"]');
    }
    button.focus();
    q.querySelector("[data-quiz-announce]").textContent = format(this.label("moved"), {
      step: text,
      position: items.indexOf(li) + 1,
      total: items.length
    });
  };

  Quiz.prototype.updateMoveButtons = function (q) {
    var items = all(q, "[data-quiz-steps] > li");
    items.forEach(function (li, i) {
      var up = li.querySelector('[data-move="up"]');
      var down = li.querySelector('[data-move="down"]');
      if (up) up.setAttribute("aria-disabled", i === 0 ? "true" : "false");
      if (down) down.setAttribute("aria-disabled", i === items.length - 1 ? "true" : "false");
    });
  };

  /* ---------- The "my progress" page ---------- */

  function Progress(root) {
    var label = function (name) {
      return root.getAttribute("data-label-" + name) || "";
    };
    all(root, "[data-quiz-nojs]").forEach(function (el) {
      el.hidden = true;
    });
    var status = root.querySelector("[data-quiz-status]");
    function fill() {
      all(root, "[data-quiz-key]").forEach(function (row) {
        var saved = load(row.getAttribute("data-quiz-key"));
        var cell = row.querySelector("[data-quiz-best]");
        if (saved && typeof saved.best === "number") {
          cell.textContent = saved.best + " % · " + (saved.passed ? label("passed") : label("done"));
          row.className = saved.passed ? "is-passed" : "is-done";
        } else {
          cell.textContent = label("none");
          row.className = "";
        }
      });
    }
    if (!saving) {
      status.textContent = label("not-saved");
      fill();
      return;
    }
    all(root, "[data-quiz-js]").forEach(function (el) {
      el.hidden = false;
    });
    root.querySelector("[data-quiz-clear]").addEventListener("click", function () {
      store.keys(prefix).forEach(function (k) {
        store.remove(k);
      });
      fill();
      status.textContent = label("cleared");
    });
    fill();
  }

  function startAll(available) {
    saving = available;
    all(document, '[data-metodika="quiz"]').forEach(function (root) {
      new Quiz(root);
    });
    all(document, '[data-metodika="quiz-progress"]').forEach(function (root) {
      new Progress(root);
    });
  }
  if (store) store.ready(startAll);
  else startAll(false);
})();
