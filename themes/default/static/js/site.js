/* Metodika page enhancements. Everything here is optional: the page works
   without it. Classic script at the end of <body>. */
(function () {
  "use strict";

  // Wide screens show the navigation as a sidebar. CSS alone shows it where
  // ::details-content is supported, but its links only count as reachable (for
  // keyboards and assistive technology) in an open disclosure, so open it here.
  var nav = document.querySelector("[data-nav-disclosure]");
  var wide = window.matchMedia && window.matchMedia("(min-width: 64em)");
  function syncNav() {
    if (!nav || !wide) return;
    if (wide.matches) {
      nav.open = true;
      nav.classList.add("is-static");
    } else if (nav.classList.contains("is-static")) {
      nav.open = false;
      nav.classList.remove("is-static");
    }
  }
  syncNav();
  if (wide && wide.addEventListener) wide.addEventListener("change", syncNav);

  // A table or code block wider than the column scrolls sideways; make such a
  // region reachable from the keyboard so it can be scrolled without a mouse.
  function markScrollable() {
    var regions = document.querySelectorAll(".content table, .content pre");
    for (var i = 0; i < regions.length; i++) {
      var el = regions[i];
      if (el.scrollWidth > el.clientWidth + 1) {
        if (!el.hasAttribute("tabindex")) {
          el.setAttribute("tabindex", "0");
          el.setAttribute("data-scroll-region", "");
        }
      } else if (el.hasAttribute("data-scroll-region")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-scroll-region");
      }
    }
  }

  // What the browser keeps for the reader (quiz progress): window.Metodika.store. Over
  // http(s) it is localStorage. From file:// it is the localStorage of one hidden frame,
  // assets/storage.html: Firefox gives every file:// page a store of its own, but the frame's
  // store is the same whichever page embeds it (Chromium shares one store either way).
  // Read once per page as a snapshot; writes go through at once.
  var Metodika = (window.Metodika = window.Metodika || {});

  // Small helpers the content kinds' scripts share (they load after this one).
  Metodika.all = function (root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  };
  Metodika.element = function (tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  };
  Metodika.store = (function () {
    var PREFIX = "metodika:";
    var state = "idle"; // idle, starting, frame, direct, none
    var data = null;
    var waiting = [];
    var frame = null;
    var direct = null;

    function probe() {
      try {
        var s = window.localStorage;
        s.setItem(PREFIX + "probe", "1");
        s.removeItem(PREFIX + "probe");
        return s;
      } catch (e) {
        return null;
      }
    }

    function settle(how, snapshot) {
      state = snapshot ? how : "none";
      data = snapshot;
      waiting.splice(0).forEach(function (callback) {
        callback(data !== null);
      });
      // Tests (and anything else) can wait for the saved state to be shown.
      document.body.removeAttribute("data-store-pending");
    }

    function useDirect() {
      if (state !== "starting") return;
      direct = probe();
      var snapshot = null;
      if (direct) {
        snapshot = {};
        for (var i = 0; i < direct.length; i++) {
          var k = direct.key(i);
          if (k && k.indexOf(PREFIX) === 0) snapshot[k] = direct.getItem(k);
        }
      }
      settle("direct", snapshot);
    }

    function start() {
      state = "starting";
      document.body.setAttribute("data-store-pending", "");
      if (location.protocol !== "file:") return useDirect();
      frame = document.createElement("iframe");
      frame.hidden = true;
      frame.tabIndex = -1;
      frame.title = "storage";
      frame.setAttribute("aria-hidden", "true");
      frame.src = (document.body.getAttribute("data-root") || "") + "assets/storage.html";
      // A frame that never answers (refused, missing) leaves the page's own storage.
      var timer = setTimeout(useDirect, 3000);
      window.addEventListener("message", function (event) {
        var m = event.data;
        if (!frame || event.source !== frame.contentWindow || !m || m.metodika !== "store-reply") return;
        if (m.id === "set" || m.id === "remove") {
          inFlight -= 1;
          if (inFlight <= 0) document.body.removeAttribute("data-store-pending");
          return;
        }
        if (m.id !== "all" || state !== "starting") return;
        clearTimeout(timer);
        if (m.ok) settle("frame", m.data || {});
        else useDirect();
      });
      frame.addEventListener("load", function () {
        frame.contentWindow.postMessage({ metodika: "store", id: "all", op: "all" }, "*");
      });
      document.body.appendChild(frame);
    }

    // Writes on their way to the frame, so that a page (or a test) can wait for them.
    var inFlight = 0;

    function write(op, key, value) {
      if (state === "frame") {
        inFlight += 1;
        document.body.setAttribute("data-store-pending", "");
        frame.contentWindow.postMessage({ metodika: "store", id: op, op: op, key: key, value: value }, "*");
      } else if (direct) {
        try {
          if (op === "set") direct.setItem(key, value);
          else direct.removeItem(key);
        } catch (e) {
          /* full or refused: the page goes on without saving */
        }
      }
    }

    return {
      /* Calls back with true when saving works, false when the browser refuses it. */
      ready: function (callback) {
        if (state === "idle") start();
        if (state === "starting") waiting.push(callback);
        else callback(data !== null);
      },
      get: function (key) {
        return data && Object.prototype.hasOwnProperty.call(data, key) ? data[key] : null;
      },
      keys: function (prefix) {
        return data
          ? Object.keys(data)
              .filter(function (k) {
                return k.indexOf(prefix) === 0;
              })
              .sort()
          : [];
      },
      set: function (key, value) {
        if (!data || key.indexOf(PREFIX) !== 0) return;
        data[key] = String(value);
        write("set", key, String(value));
      },
      remove: function (key) {
        if (!data) return;
        delete data[key];
        write("remove", key);
      }
    };
  })();

  // Search (js/search.js and js/search-normalize.js) loads when it is first wanted: on the
  // box's focus, on "/", on a page opened from a result (?h=), or on a call of
  // Metodika.search, which search.js then replaces with the real one. Pages stay light.
  var searchBox = document.querySelector('[data-metodika="search"]');
  if (searchBox) {
    var searchInput = searchBox.querySelector("input");
    var searchLoading = null;
    var loadScript = function (file) {
      return new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = (document.body.getAttribute("data-root") || "") + "assets/js/" + file;
        s.onload = resolve;
        s.onerror = reject;
        document.body.appendChild(s);
      });
    };
    var loadSearch = function () {
      if (!searchLoading) {
        // A glossary or quiz page has the normaliser already (its one fold()).
        var normalizer = Metodika.normalize ? Promise.resolve() : loadScript("search-normalize.js");
        searchLoading = normalizer.then(function () {
          return loadScript("search.js");
        });
      }
      return searchLoading;
    };
    Metodika.search = function (query, options) {
      return loadSearch().then(function () {
        return Metodika.search(query, options);
      });
    };
    searchBox.hidden = false;
    searchInput.addEventListener("focus", loadSearch);
    document.addEventListener("keydown", function (e) {
      var t = e.target;
      var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
      if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        searchInput.focus();
      }
    });
    if (/[?&]h=/.test(location.search)) loadSearch();
  }

  markScrollable();
  var timer;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(markScrollable, 150);
  });
})();
