/* revmentor course staff page: every list and action goes through REST API v1.
 *
 * User text is only ever written with textContent; every write sends the CSRF token from the
 * csrftoken cookie; results are announced in the page's aria-live status region. Every POST is one
 * user action (act): its button is disabled while it is in flight and it carries an
 * Idempotency-Key, reused when the same action is retried, so nothing is ever done twice (ADR 0010).
 * The cookie, request, error, announcing and action helpers are the blocks' too: revmentor_common.js,
 * which the template loads first.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("rm-config").textContent);
  var msg = config.messages;
  var status = document.getElementById("rm-status");
  var pinned = [];
  var forbidden = [];
  var currentRun = null;

  var RevMentor = window.RevMentor;
  var format = RevMentor.format;
  var busy = RevMentor.busy;
  var setDisabled = RevMentor.setDisabled;

  function say(text) { RevMentor.announce(status, text); }

  /* A domain word's label in the page's language (config.labels, from data.py), or the word. */
  function label(labels, word) { return (labels && labels[word]) || word; }
  function roleLabel(role) { return label(config.labels.role, role); }

  /* A REST answer's data, or an Error whose message says what went wrong (error.body: the answer,
   * error.status: its HTTP status). */
  function unwrap(result) {
    if (result.parseError) { throw result.parseError; }
    if (!result.ok) {
      var error = new Error(RevMentor.restError(result.body).message || result.statusText);
      error.body = result.body;
      error.status = result.status;
      throw error;
    }
    return result.body;
  }

  function api(method, path, body) {
    return RevMentor.request(method, config.api + path, body).then(unwrap);
  }

  function fail(error) { say(format(msg.error, { detail: error.message })); }

  /* One user action on `owner` (RevMentor.act): the request with `button` busy while it is in
   * flight and an Idempotency-Key reused when it is retried. Returns the promise of its data, or
   * null when the action is already in flight (a double click). */
  function act(owner, button, method, path, body) {
    var fingerprint = method + " " + path + " " + JSON.stringify(body === undefined ? null : body);
    return RevMentor.act(owner, button, fingerprint, function (key) {
      return RevMentor.request(method, config.api + path, body, key);
    }, unwrap);
  }

  function submitButton(form) { return form.querySelector("button[type=submit]"); }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function list(items) {
    var ul = el("ul");
    (items || []).forEach(function (item) { ul.appendChild(el("li", item)); });
    return ul;
  }

  /* The one row of a table with nothing to list, saying so across its `columns`. */
  function emptyRow(text, columns) {
    var row = el("tr");
    var cell = el("td", text);
    cell.colSpan = columns;
    row.appendChild(cell);
    return row;
  }

  /* "Next session planned: <date>" when the pair has a confirmed plan: the day only. */
  function nextPlanned(health) {
    var p = el("p", msg.nextPlanned + " ", "rm-next-planned");
    p.appendChild(RevMentor.timeElement(health.next_planned, false));
    return p;
  }

  function healthCell(health) {
    if (!health) { return el("td", "–"); }
    var td = el("td");
    td.appendChild(el("span", label(config.labels.health, health.status), "rm-health " + health.status));
    if (health.next_planned) { td.appendChild(nextPlanned(health)); }
    return td;
  }

  /* Every body cell of `table` carries its column's heading in data-label, which the stylesheet
   * shows before the cell where a narrow screen turns the rows into cards (.rm-cards). */
  function labelCells(table) {
    var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.cells, function (cell, index) {
        if (cell.colSpan === 1 && headings[index]) { cell.setAttribute("data-label", headings[index]); }
      });
    });
  }
  document.querySelectorAll("table.rm-cards").forEach(labelCells);

  /* A count as the page's language writes it (5,000; 5 000; 5.000). */
  function number(n) {
    try {
      return new Intl.NumberFormat(document.documentElement.lang || undefined).format(n);
    } catch {  // an unknown language tag: the browser's own
      return new Intl.NumberFormat().format(n);
    }
  }

  /* One of the program's long lists, paged, sorted, filtered and searched by the REST API: the
   * page never holds more than one page of it, and says which rows of how many it shows.
   *
   * options: path (under the program), table (its id; each sortable heading holds a
   * button[data-sort] with the API's ordering key), filters ({query parameter: select's id}),
   * search (the search form's id; its input is named "search"), pager (the pager's id), columns,
   * empty (the message when nothing matches), sort ({key, ascending}: the API's default order),
   * row (builds one <tr> from one item of the answer). Returns {load, reset}: load() reads the
   * current page again, reset() goes back to the first page. */
  function serverTable(options) {
    var table = document.getElementById(options.table);
    var pager = document.getElementById(options.pager);
    var range = pager.querySelector(".rm-pager-range");
    var previous = pager.querySelector("[data-page=previous]");
    var next = pager.querySelector("[data-page=next]");
    var searchForm = document.getElementById(options.search);
    var state = { page: 1, key: options.sort.key, ascending: options.sort.ascending, search: "", last: 1 };
    var latest = 0;

    function query() {
      var params = new URLSearchParams({ page: String(state.page), page_size: String(PAGE_SIZE) });
      Object.keys(options.filters).forEach(function (name) {
        var value = document.getElementById(options.filters[name]).value;
        if (value) { params.set(name, value); }
      });
      if (state.search) { params.set("search", state.search); }
      if (state.key) { params.set("ordering", (state.ascending ? "" : "-") + state.key); }
      return params;
    }

    function showSort() {
      table.querySelectorAll("th[aria-sort]").forEach(function (th) {
        var key = th.querySelector("button").dataset.sort;
        th.setAttribute("aria-sort", key === state.key ? (state.ascending ? "ascending" : "descending") : "none");
      });
    }

    function render(page) {
      var tbody = table.querySelector("tbody");
      tbody.textContent = "";
      if (!page.results.length) { tbody.appendChild(emptyRow(options.empty, options.columns)); }
      page.results.forEach(function (item) { tbody.appendChild(options.row(item)); });
      labelCells(table);
      state.last = page.num_pages || 1;
      range.textContent = page.count ? format(msg.showing, {
        first: number(page.start + 1), last: number(page.start + page.results.length), total: number(page.count)
      }) : "";
      setDisabled(previous, !page.previous);
      setDisabled(next, !page.next);
      table.setAttribute("aria-busy", "false");
    }

    function load() {
      var mine = ++latest;
      table.setAttribute("aria-busy", "true");
      showSort();
      return api("GET", base + options.path + "?" + query()).then(function (page) {
        if (mine === latest) { render(page); }
      }).catch(function (error) {
        if (mine !== latest) { return; }
        table.setAttribute("aria-busy", "false");
        // A page past the end (404): the list got shorter since it was read; show its first page.
        if (error.status === 404 && state.page > 1) { state.page = 1; return load(); }
        fail(error);
      });
    }

    function reset() { state.page = 1; return load(); }

    function turn(step) {
      return function () {
        state.page = Math.min(Math.max(state.page + step, 1), state.last);
        load().then(function () { range.focus(); });
      };
    }
    previous.addEventListener("click", turn(-1));
    next.addEventListener("click", turn(1));

    Object.keys(options.filters).forEach(function (name) {
      document.getElementById(options.filters[name]).addEventListener("change", reset);
    });

    // Search as one types (after a pause) and on Enter; the same text is not asked twice.
    var input = searchForm.elements.search;
    var timer = null;
    function search() {
      window.clearTimeout(timer);
      var text = input.value.trim();
      if (text === state.search) { return; }
      state.search = text;
      reset();
    }
    searchForm.addEventListener("submit", function (event) { event.preventDefault(); search(); });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 300);
    });

    table.querySelectorAll("th button[data-sort]").forEach(function (button) {
      button.addEventListener("click", function () {
        if (state.key === button.dataset.sort) {
          state.ascending = !state.ascending;
        } else {
          state.key = button.dataset.sort;
          state.ascending = true;
        }
        reset();
      });
    });

    return { load: load, reset: reset };
  }

  // ---- Program settings -----------------------------------------------------------------------
  var programForm = document.getElementById("rm-program-form");

  /* The leadership items' editor: one row an item, each a label. A row that was there keeps its
   * key, so its ratings stay with it; a new row sends only its label, and the server makes its key
   * from it. A row staff did not edit sends the label as stored (the defaults are shown in the
   * page's language but stay ours, translated for each reader). */
  var itemList = document.getElementById("rm-f-items");
  var itemAdd = document.getElementById("rm-f-item-add");
  var itemError = document.getElementById("rm-f-leadership-error");

  function itemRows() { return Array.prototype.slice.call(itemList.children); }

  function renumberItems() {
    var rows = itemRows();
    rows.forEach(function (row, index) {
      var n = index + 1;
      var input = row.querySelector("input");
      input.id = "rm-f-item-" + n;
      row.querySelector("label").htmlFor = input.id;
      row.querySelector("label").textContent = format(msg.itemLabel, { n: n });
      var remove = row.querySelector("[data-item-remove]");
      remove.setAttribute("aria-label", format(msg.removeItem, { n: n }));
      setDisabled(remove, rows.length <= Number(itemList.dataset.min));
    });
    setDisabled(itemAdd, rows.length >= Number(itemList.dataset.max));
  }

  function removeItem(event) {
    var row = event.currentTarget.closest("li");
    var next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    renumberItems();
    (next ? next.querySelector("input") : itemAdd).focus();
  }

  function leadershipItems() {
    return itemRows().map(function (row) {
      var input = row.querySelector("input");
      var unchanged = input.value === input.defaultValue && row.dataset.label;
      var item = { label: unchanged ? row.dataset.label : input.value };
      if (row.dataset.key) { item.key = row.dataset.key; }
      return item;
    });
  }

  function showItemError(messages) {
    itemError.textContent = [].concat(messages).join(" ");
    var number = /^\D*(\d+)\s*:/.exec(itemError.textContent);
    var rows = itemRows();
    var row = rows[number ? Number(number[1]) - 1 : 0] || rows[0];
    if (row) {
      row.querySelector("input").setAttribute("aria-invalid", "true");
      row.querySelector("input").focus();
    }
  }

  if (itemList) {
    itemRows().forEach(function (row) {
      row.querySelector("[data-item-remove]").addEventListener("click", removeItem);
    });
    itemAdd.addEventListener("click", function () {
      var row = el("li");
      var label = el("label");
      var line = el("div", null, "rm-item-row");
      var input = el("input");
      input.required = true;
      input.maxLength = itemList.querySelector("input") ? itemList.querySelector("input").maxLength : 120;
      input.setAttribute("aria-describedby", itemError.id);
      var remove = el("button", msg.remove, "rm-button");
      remove.type = "button";
      remove.setAttribute("data-item-remove", "");
      remove.addEventListener("click", removeItem);
      line.appendChild(input);
      line.appendChild(remove);
      row.appendChild(label);
      row.appendChild(line);
      itemList.appendChild(row);
      renumberItems();
      input.focus();
    });
    renumberItems();
  }

  RevMentor.bind(programForm, "submit", function () {
    var errors = document.getElementById("rm-program-errors");
    errors.textContent = "";
    var body = {};
    ["name", "organizational_outcome", "description", "expectations", "mentor_label", "mentee_label", "status"].forEach(function (name) {
      body[name] = programForm.elements[name].value;
    });
    ["cadence_days", "default_capacity"].forEach(function (name) {
      body[name] = Number(programForm.elements[name].value);
    });
    var weights = programForm.querySelectorAll("[data-weight]");
    if (weights.length) {
      body.matching_weights = {};
      weights.forEach(function (input) { body.matching_weights[input.dataset.weight] = Number(input.value); });
    }
    if (itemList) {
      itemError.textContent = "";
      itemList.querySelectorAll("[aria-invalid]").forEach(function (input) { input.removeAttribute("aria-invalid"); });
      body.leadership_items = leadershipItems();
    }
    var request = act(
      programForm, submitButton(programForm), config.program ? "PATCH" : "POST",
      config.program ? "programs/" + config.program + "/" : "programs/",
      config.program ? body : Object.assign({ course_id: config.courseId }, body)
    );
    if (!request) { return; }
    request.then(function (program) {
      say(msg.saved);
      busy(submitButton(programForm), true);  // until the page reloads
      programForm.rmInFlight = true;
      window.location.search = "?program=" + program.uuid;
    }).catch(function (error) {
      fail(error);
      if (error.body && !error.body.detail) {
        // The items' errors next to their list; the other fields' below the form.
        var fields = Object.keys(error.body).filter(function (field) {
          return !(itemList && field === "leadership_items");
        });
        fields.forEach(function (field) {
          errors.appendChild(el("li", field + ": " + [].concat(error.body[field]).join(" ")));
        });
        var first = programForm.elements[fields[0]];
        if (first && first.focus) { first.focus(); }
        if (itemList && error.body.leadership_items) { showItemError(error.body.leadership_items); }
      }
    });
  });

  if (!config.program) { return; }
  var base = "programs/" + config.program + "/";

  // ---- Skills ---------------------------------------------------------------------------------
  var skillForm = document.getElementById("rm-skill-form");
  RevMentor.bind(skillForm, "submit", function () {
    var form = skillForm;
    var input = document.getElementById("rm-skill-name");
    var request = act(form, submitButton(form), "POST", base + "skills/", { name: input.value });
    if (!request) { return; }
    request.then(function (skill) {
      var li = el("li", skill.name + " ");
      li.appendChild(el("code", skill.slug));
      document.getElementById("rm-skills").appendChild(li);
      input.value = "";
      say(msg.saved);
    }).catch(fail);
  });

  // ---- Participants ---------------------------------------------------------------------------
  var PAGE_SIZE = 50;

  /* One participant's row. The cells follow the headings of #rm-participants. */
  function participantRow(p) {
    var row = el("tr");
    [p.username, roleLabel(p.role), label(config.labels.participantStatus, p.status), p.department || "–"].forEach(
      function (v) { row.appendChild(el("td", v)); }
    );
    row.appendChild(el("td", (p.role === "mentor" ? p.skills_offered : p.skills_sought).join(", ") || "–"));
    row.appendChild(el("td", p.languages.join(", ") || "–"));
    row.appendChild(editCell(p));
    return row;
  }

  var participants = serverTable({
    path: "participants/",
    table: "rm-participants",
    filters: { role: "rm-p-role", status: "rm-p-status" },
    search: "rm-p-search-form",
    pager: "rm-p-pager",
    columns: 7,
    empty: msg.noParticipants,
    sort: { key: "", ascending: true },  // the API's own order: by role, then username
    row: participantRow
  });
  function loadParticipants() { return participants.load(); }

  // Every row or none: a file with problems lists every problem of every row and writes nothing;
  // a large file is queued, and its progress is polled until it ends.
  var importTable = document.getElementById("rm-import-report");
  var importProgress = document.getElementById("rm-import-progress");
  var importProgressLine = document.getElementById("rm-import-progress-line");

  function importRow(row, username, result, details) {
    var tr = el("tr");
    tr.appendChild(el("td", row));
    tr.appendChild(el("td", username));
    tr.appendChild(el("td", result));
    var cell = el("td");
    if (details.length) { cell.appendChild(list(details)); }
    tr.appendChild(cell);
    return tr;
  }

  function showImportProblems(problems) {
    var tbody = importTable.querySelector("tbody");
    tbody.textContent = "";
    problems.forEach(function (p) {
      var details = [];
      Object.keys(p.errors).forEach(function (column) {
        p.errors[column].forEach(function (message) { details.push(column + ": " + message); });
      });
      tbody.appendChild(importRow(p.row, p.username, msg.notImported, details));
    });
    labelCells(importTable);
    importTable.hidden = false;
    say(format(msg.importRejected, { n: problems.length }));
  }

  function showImport(outcome) {
    if (outcome.status === "pending" || outcome.status === "running") {
      importProgressLine.hidden = false;
      importProgress.value = outcome.progress;
      say(format(msg.importRunning, { rows: outcome.rows, progress: outcome.progress }));
      window.setTimeout(function () {
        api("GET", base + "participants/import/" + outcome.id + "/").then(showImport).catch(fail);
      }, 1500);
      return;
    }
    importProgressLine.hidden = true;
    if (outcome.status === "rejected") { showImportProblems(outcome.problems); return; }
    if (outcome.status === "failed") { say(format(msg.importFailed, { detail: outcome.detail })); return; }
    var tbody = importTable.querySelector("tbody");
    tbody.textContent = "";
    var counts = { added: 0, updated: 0 };
    outcome.results.forEach(function (r) {
      counts[r.status] += 1;
      tbody.appendChild(importRow(r.row, r.username, r.status, []));
    });
    labelCells(importTable);
    importTable.hidden = false;
    say(format(msg.imported, counts));
    loadParticipants();
  }

  var importForm = document.getElementById("rm-import-form");
  RevMentor.bind(importForm, "submit", function () {
    var form = importForm;
    var file = document.getElementById("rm-import-file").files[0];
    if (!file) { return; }
    say(msg.loading);
    file.text().then(function (text) {
      return act(form, submitButton(form), "POST", base + "participants/import/", { csv: text });
    }).then(function (outcome) {
      if (outcome) { showImport(outcome); }
    }).catch(function (error) {
      importProgressLine.hidden = true;
      if (error.body && error.body.rows) { showImportProblems(error.body.rows); } else { fail(error); }
    });
  });

  // ---- Matching -------------------------------------------------------------------------------
  function samePair(a, b) { return a[0] === b[0] && a[1] === b[1]; }
  function without(listOfPairs, pair) { return listOfPairs.filter(function (p) { return !samePair(p, pair); }); }
  function has(listOfPairs, pair) { return listOfPairs.some(function (p) { return samePair(p, pair); }); }

  function toggleButton(label, activeLabel, isActive, onClick) {
    var button = el("button", isActive ? activeLabel : label, "rm-button");
    button.type = "button";
    button.setAttribute("aria-pressed", isActive ? "true" : "false");
    button.addEventListener("click", onClick);
    return button;
  }

  function showRun(run) {
    currentRun = run;
    document.getElementById("rm-run-result").hidden = false;
    if (run.status === "pending" || run.status === "running") {
      say(format(msg.runQueued, { progress: run.progress }));
      window.setTimeout(function () { api("GET", base + "matching-runs/" + run.id + "/").then(showRun).catch(fail); }, 1500);
      return;
    }
    var stats = run.stats || {};
    document.getElementById("rm-run-stats").textContent =
      format(msg.runStats, {
        matched: stats.matched || 0,
        total: (stats.total_score || 0).toFixed(2),
        mean: (stats.mean_score || 0).toFixed(2),
        minimum: (stats.min_score || 0).toFixed(2)
      }) +
      // Runs that weigh the private self-description keep no greedy baseline (services.matching).
      (stats.greedy_total === undefined ? "" : format(msg.runGreedy, { total: stats.greedy_total.toFixed(2) }));
    var tbody = document.querySelector("#rm-proposals tbody");
    tbody.textContent = "";
    run.proposals.forEach(function (p) {
      var pair = [p.mentor, p.mentee];
      var row = el("tr");
      row.appendChild(el("td", p.mentor));
      row.appendChild(el("td", p.mentee));
      row.appendChild(el("td", p.score.toFixed(2)));
      var why = el("td");
      why.appendChild(list(p.explanation));
      row.appendChild(why);
      var actions = el("td");
      actions.appendChild(toggleButton(msg.pin, msg.unpin, has(pinned, pair), function () {
        pinned = has(pinned, pair) ? without(pinned, pair) : pinned.concat([pair]);
        forbidden = without(forbidden, pair);
        showRun(currentRun);
      }));
      actions.appendChild(toggleButton(msg.forbid, msg.allow, has(forbidden, pair), function () {
        forbidden = has(forbidden, pair) ? without(forbidden, pair) : forbidden.concat([pair]);
        pinned = without(pinned, pair);
        showRun(currentRun);
      }));
      row.appendChild(actions);
      tbody.appendChild(row);
    });
    labelCells(document.getElementById("rm-proposals"));
    var unmatched = document.getElementById("rm-unmatched");
    unmatched.textContent = "";
    if (!run.unmatched.length) { unmatched.appendChild(el("li", msg.none)); }
    run.unmatched.forEach(function (u) { unmatched.appendChild(el("li", u.username + " (" + u.role + "): " + u.reason)); });
    offerCapacityFix(run);
    setDisabled(document.getElementById("rm-publish"), run.status !== "done");
    say(format(msg.runDone, { n: run.proposals.length }));
  }

  function startRun(event) {
    var button = event.currentTarget;
    var request = act(button, button, "POST", base + "matching-runs/", { pinned: pinned, forbidden: forbidden });
    if (!request) { return; }
    say(msg.loading);
    request.then(showRun).catch(fail);
  }
  RevMentor.bind(document.getElementById("rm-run"), "click", startRun);
  RevMentor.bind(document.getElementById("rm-rerun"), "click", startRun);
  RevMentor.bind(document.getElementById("rm-publish"), "click", function (event) {
    if (!currentRun) { return; }
    var button = event.currentTarget;
    var request = act(button, button, "POST", base + "matching-runs/" + currentRun.id + "/publish/");
    if (!request) { return; }
    request.then(function (run) {
      var report = document.getElementById("rm-publish-report");
      report.textContent = "";
      run.publish_report.skipped.forEach(function (s) {
        report.appendChild(el("li", s.mentor + " + " + s.mentee + ": " + s.reason));
      });
      setDisabled(document.getElementById("rm-publish"), true);
      say(format(msg.published, { created: run.publish_report.created.length, skipped: run.publish_report.skipped.length }));
      loadPairs();
    }).catch(fail);
  });

  // ---- Pairs ----------------------------------------------------------------------------------
  /* One pair's row. The cells follow the headings of #rm-pairs. */
  function pairRow(pair) {
    var row = el("tr");
    row.appendChild(el("td", pair.mentor));
    row.appendChild(el("td", pair.mentee));
    row.appendChild(el("td", label(config.labels.pairStatus, pair.status)));
    row.appendChild(healthCell(pair.health));
    var reasons = el("td");
    var why = pair.health ? pair.health.reasons : (pair.closed_reason ? [pair.closed_reason] : []);
    if (why.length) { reasons.appendChild(list(why)); } else { reasons.textContent = "–"; }
    row.appendChild(reasons);
    var created = el("td");
    created.appendChild(RevMentor.timeElement(pair.created, false));
    row.appendChild(created);
    var details = el("td");
    var button = el("button", msg.view, "rm-button");
    button.type = "button";
    button.setAttribute("aria-label", format(msg.viewPair, { mentor: pair.mentor, mentee: pair.mentee }));
    button.addEventListener("click", function () { showPair(pair.uuid); });
    details.appendChild(button);
    row.appendChild(details);
    return row;
  }

  var pairs = serverTable({
    path: "pairs/",
    table: "rm-pairs",
    filters: { health: "rm-f-health", status: "rm-f-pstatus" },
    search: "rm-pair-search-form",
    pager: "rm-pair-pager",
    columns: 7,
    empty: msg.noPairs,
    sort: { key: "created", ascending: false },  // newest first, as the API lists them
    row: pairRow
  });
  function loadPairs() { return pairs.load(); }

  function showPair(uuid) {
    api("GET", "pairs/" + uuid + "/").then(function (pair) {
      var panel = document.getElementById("rm-pair-detail");
      var dl = panel.querySelector("dl");
      dl.textContent = "";
      var facts = [
        [msg.mentor, pair.mentor], [msg.mentee, pair.mentee],
        [msg.status, label(config.labels.pairStatus, pair.status)], [msg.source, label(config.labels.pairSource, pair.source)],
        [msg.score, pair.score === null ? "–" : pair.score.toFixed(2)],
        [msg.acceptedBy, pair.accepted_by.map(roleLabel).join(", ") || "–"],
        [msg.created, RevMentor.timeElement(pair.created, true)],
        [msg.activated, pair.activated_at ? RevMentor.timeElement(pair.activated_at, true) : "–"],
        [msg.closed, pair.closed_at ? RevMentor.timeElement(pair.closed_at, true) : "–"],
        [msg.closedReason, pair.closed_reason || "–"]
      ];
      facts.forEach(function (fact) {
        dl.appendChild(el("dt", fact[0]));
        var value = el("dd");
        if (typeof fact[1] === "string" || typeof fact[1] === "number") { value.textContent = fact[1]; } else { value.appendChild(fact[1]); }
        dl.appendChild(value);
      });
      dl.appendChild(el("dt", msg.whyMatched));
      var why = el("dd");
      if (pair.explanation.length) { why.appendChild(list(pair.explanation)); } else { why.textContent = "–"; }
      dl.appendChild(why);
      dl.appendChild(el("dt", msg.health));
      var health = el("dd");
      if (pair.health) {
        health.appendChild(el("span", label(config.labels.health, pair.health.status), "rm-health " + pair.health.status));
        health.appendChild(list(pair.health.reasons));
        if (pair.health.next_planned) { health.appendChild(nextPlanned(pair.health)); }
      } else {
        health.textContent = "–";
      }
      dl.appendChild(health);
      panel.hidden = false;
      panel.dispatchEvent(new CustomEvent("rm-pair-shown", { detail: pair }));  // Pairs by hand
      panel.focus();
    }).catch(fail);
  }

  // ---- Pairs by hand --------------------------------------------------------------------------
  /* Staff preview a pair (the score and explanation matching gives it, and whether its rules
   * allow it, or why not) and confirm it; end an open pair with a reason from its detail panel;
   * and find a new partner for a mentee whose pair ended, best score first. */
  var handForm = document.getElementById("rm-hand-form");
  var handPreview = document.getElementById("rm-hand-preview");
  var handConfirm = document.getElementById("rm-hand-confirm");
  var handVerdict = document.getElementById("rm-hand-verdict");
  var endForm = document.getElementById("rm-end-form");
  var endReason = document.getElementById("rm-end-reason");
  var rematchLine = document.getElementById("rm-rematch-line");
  var rematchButton = document.getElementById("rm-rematch");
  var partnersPanel = document.getElementById("rm-partners");
  var partnersAgain = document.getElementById("rm-partners-again");
  var previewed = null;
  var shownPair = null;
  var partnersFor = null;

  /* The datalist of each field suggests the program's active participants of that role whose
   * username or department holds what was typed (the server searches; 20 at most). */
  var SUGGESTIONS = 20;
  function suggest(role) {
    var input = document.getElementById("rm-hand-" + role);
    var options = document.getElementById("rm-hand-" + role + "s");
    var timer = null;
    var asked = null;
    function ask() {
      var text = input.value.trim();
      if (text === asked) { return; }
      asked = text;
      var params = new URLSearchParams({ role: role, status: "active", page_size: String(SUGGESTIONS) });
      if (text) { params.set("search", text); }
      api("GET", base + "participants/?" + params).then(function (page) {
        if (asked !== text) { return; }
        options.textContent = "";
        page.results.forEach(function (p) {
          var option = el("option");
          option.value = p.username;
          options.appendChild(option);
        });
      }).catch(fail);
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 300);
    });
    return function () { asked = null; ask(); };
  }
  var suggestions = [suggest("mentor"), suggest("mentee")];
  function fillPeople() { suggestions.forEach(function (refresh) { refresh(); }); }

  function scoreFacts(dl, score, explanation) {
    dl.textContent = "";
    dl.appendChild(el("dt", msg.score));
    dl.appendChild(el("dd", score === null ? "–" : score.toFixed(2)));
    dl.appendChild(el("dt", msg.whyMatched));
    var why = el("dd");
    if (explanation.length) { why.appendChild(list(explanation)); } else { why.textContent = "–"; }
    dl.appendChild(why);
  }

  function showVerdict(allowed, reason) {
    handVerdict.textContent = allowed ? msg.handAllowed : format(msg.handRefused, { reason: reason });
    handVerdict.className = allowed ? "rm-verdict-ok" : "rm-verdict-refused";
    handConfirm.hidden = !allowed;
  }

  function showPreview(preview, again) {
    previewed = { mentor: preview.mentor, mentee: preview.mentee, again: again };
    document.getElementById("rm-hand-preview-title").textContent =
      format(msg.handPreviewTitle, { mentor: preview.mentor, mentee: preview.mentee });
    scoreFacts(handPreview.querySelector("dl"), preview.score, preview.explanation);
    showVerdict(preview.allowed, preview.reason);
    handPreview.hidden = false;
    handPreview.focus();
    say(preview.allowed ? msg.handAllowed : format(msg.handRefused, { reason: preview.reason }));
  }

  RevMentor.bind(handForm, "submit", function () {
    var mentor = handForm.elements.mentor.value.trim();
    var mentee = handForm.elements.mentee.value.trim();
    if (!mentor || !mentee) {
      say(msg.handNeedBoth);
      (mentor ? handForm.elements.mentee : handForm.elements.mentor).focus();
      return;
    }
    var again = handForm.elements.again.checked;
    var params = new URLSearchParams({ mentor: mentor, mentee: mentee, again: String(again) });
    say(msg.loading);
    api("GET", base + "pairs/preview/?" + params).then(function (preview) {
      showPreview(preview, again);
    }).catch(fail);
  });

  /* Pair two people by hand; a refusal (409) shows its reason where the pair was previewed. */
  function makePair(button, pair, done) {
    var request = act(button, button, "POST", base + "pairs/", pair);
    if (!request) { return; }
    request.then(function (made) {
      say(format(msg.handPaired, { mentor: made.mentor, mentee: made.mentee }));
      done();
      loadPairs();
      fillPeople();
    }).catch(function (error) {
      fail(error);
      if (button === handConfirm && error.body && error.body.detail) { showVerdict(false, error.body.detail); }
    });
  }

  RevMentor.bind(handConfirm, "click", function () {
    if (!previewed) { return; }
    makePair(handConfirm, previewed, function () { handPreview.hidden = true; previewed = null; handForm.reset(); });
  });

  document.getElementById("rm-pair-detail").addEventListener("rm-pair-shown", function (event) {
    shownPair = event.detail;
    var open = config.openPairStatuses.indexOf(shownPair.status) !== -1;
    // A declined pair ended too: its mentee may get a new partner (never the declined one).
    var ended = !open;
    endForm.hidden = !open;
    endReason.value = "";
    endReason.removeAttribute("aria-invalid");
    document.getElementById("rm-end-complete").hidden = shownPair.status !== "active";
    rematchLine.hidden = !ended;
    rematchButton.textContent = format(msg.rematch, { mentee: shownPair.mentee });
  });

  function endPair(event, completed) {
    var button = event.currentTarget;
    var reason = endReason.value.trim();
    if (!reason) {
      endReason.setAttribute("aria-invalid", "true");
      say(msg.endReasonNeeded);
      endReason.focus();
      return;
    }
    endReason.removeAttribute("aria-invalid");
    var request = act(endForm, button, "POST", "pairs/" + shownPair.uuid + "/close/", { reason: reason, completed: completed });
    if (!request) { return; }
    request.then(function (pair) {
      endReason.value = "";
      say(format(completed ? msg.pairCompleted : msg.pairClosed, { mentor: pair.mentor, mentee: pair.mentee }));
      loadPairs();
      showPair(pair.uuid);
    }).catch(fail);
  }
  RevMentor.bind(endForm, "submit", function (event) { endPair({ currentTarget: event.submitter || document.getElementById("rm-end-close") }, event.submitter && event.submitter.value === "complete"); });

  function loadPartners() {
    var mentee = partnersFor;
    var params = new URLSearchParams({ mentee: mentee, again: String(partnersAgain.checked) });
    say(msg.loading);
    api("GET", base + "pairs/partners/?" + params).then(function (body) {
      document.getElementById("rm-partners-title").textContent = format(msg.partnersTitle, { mentee: mentee });
      var items = document.getElementById("rm-partners-list");
      items.textContent = "";
      if (!body.results.length) { items.appendChild(el("li", format(msg.partnersNone, { mentee: mentee }))); }
      body.results.forEach(function (partner) {
        var item = el("li");
        item.appendChild(el("strong", partner.mentor));
        item.appendChild(document.createTextNode(" · " + format(msg.scoreLine, { score: partner.score.toFixed(2) })));
        item.appendChild(list(partner.explanation));
        var button = el("button", format(msg.pairWith, { mentor: partner.mentor, mentee: mentee }), "rm-button rm-primary");
        button.type = "button";
        RevMentor.bind(button, "click", function () {
          makePair(button, { mentor: partner.mentor, mentee: mentee, again: partnersAgain.checked }, function () {
            partnersPanel.hidden = true;
          });
        });
        item.appendChild(button);
        items.appendChild(item);
      });
      partnersPanel.hidden = false;
      partnersPanel.focus();
      say(format(msg.partnersReady, { n: body.results.length, mentee: mentee }));
    }).catch(fail);
  }

  RevMentor.bind(rematchButton, "click", function () {
    if (!shownPair) { return; }
    partnersFor = shownPair.mentee;
    partnersAgain.checked = false;
    loadPartners();
  });
  partnersAgain.addEventListener("change", function () { if (partnersFor) { loadPartners(); } });

  fillPeople();

  // ---- Edit participant -------------------------------------------------------------------------
  // One button a participant row; the panel edits what staff may change of the profile (never
  // the participant's private answers, which the API neither shows nor takes from staff),
  // withdraws or reinstates.
  var personPanel = document.getElementById("rm-person");
  var personForm = document.getElementById("rm-person-form");
  var personErrors = document.getElementById("rm-person-errors");
  var person = null;
  var TEXT_FIELDS = ["timezone", "department", "learning_preferences", "motivations"];
  var LIST_FIELDS = ["interests", "languages"];

  function commaList(value) {
    return value.split(",").map(function (item) { return item.trim(); }).filter(Boolean);
  }
  function participantPath(username) { return base + "participants/" + encodeURIComponent(username) + "/"; }
  function skillsField(p) { return p.role === "mentor" ? "skills_offered" : "skills_sought"; }

  function editCell(p) {
    var cell = el("td");
    var button = el("button", msg.edit, "rm-button");
    button.type = "button";
    button.setAttribute("aria-label", format(msg.editParticipant, { username: p.username }));
    button.setAttribute("aria-controls", "rm-person");
    button.addEventListener("click", function () { api("GET", participantPath(p.username)).then(showPerson).catch(fail); });
    cell.appendChild(button);
    return cell;
  }

  function showFieldErrors(list, error) {
    if (!error.body || error.body.detail) { return; }
    Object.keys(error.body).forEach(function (field) {
      list.appendChild(el("li", field + ": " + [].concat(error.body[field]).join(" ")));
    });
  }

  function showPerson(p) {
    person = p;
    personErrors.textContent = "";
    document.getElementById("rm-person-name").textContent = p.username;
    document.getElementById("rm-person-facts").textContent = format(msg.participantFacts, {
      role: roleLabel(p.role), status: label(config.labels.participantStatus, p.status)
    });
    var fields = personForm.elements;
    document.getElementById("rm-pe-capacity-field").hidden = p.role !== "mentor";
    fields.capacity.value = p.capacity;
    fields.seniority.value = p.seniority === null ? "" : p.seniority;
    fields.manager.value = p.manager || "";
    TEXT_FIELDS.forEach(function (name) { fields[name].value = p[name]; });
    LIST_FIELDS.forEach(function (name) { fields[name].value = p[name].join(", "); });
    fields.skills.value = p[skillsField(p)].join(", ");
    document.getElementById("rm-person-withdraw").hidden = p.status !== "active";
    document.getElementById("rm-person-reinstate").hidden = p.status === "active";
    document.getElementById("rm-pe-reason").value = "";
    personPanel.hidden = false;
    personPanel.focus();
  }

  /* The fields the form changed, as the API takes them. */
  function personChanges() {
    var fields = personForm.elements;
    var wanted = {
      seniority: fields.seniority.value === "" ? null : Number(fields.seniority.value),
      manager: fields.manager.value.trim() || null
    };
    if (person.role === "mentor") { wanted.capacity = Number(fields.capacity.value); }
    TEXT_FIELDS.forEach(function (name) { wanted[name] = fields[name].value; });
    LIST_FIELDS.forEach(function (name) { wanted[name] = commaList(fields[name].value); });
    wanted[skillsField(person)] = commaList(fields.skills.value);
    var changes = {};
    Object.keys(wanted).forEach(function (name) {
      if (JSON.stringify(wanted[name]) !== JSON.stringify(person[name])) { changes[name] = wanted[name]; }
    });
    return changes;
  }

  function personUpdated(text) {
    return function (p) {
      showPerson(p);
      say(text || msg.saved);
      loadParticipants();
      loadPairs();
    };
  }

  RevMentor.bind(personForm, "submit", function () {
    if (!person) { return; }
    personErrors.textContent = "";
    var changes = personChanges();
    if (!Object.keys(changes).length) { say(msg.saved); return; }
    var request = act(personForm, submitButton(personForm), "PATCH", participantPath(person.username), changes);
    if (!request) { return; }
    request.then(personUpdated()).catch(function (error) {
      fail(error);
      showFieldErrors(personErrors, error);
    });
  });

  RevMentor.bind(document.getElementById("rm-person-withdraw-button"), "click", function (event) {
    var button = event.currentTarget;
    var reason = document.getElementById("rm-pe-reason").value.trim();
    var request = act(button, button, "DELETE", participantPath(person.username), reason ? { reason: reason } : undefined);
    if (!request) { return; }
    var username = person.username;
    request.then(personUpdated(format(msg.withdrawn, { username: username }))).catch(fail);
  });

  RevMentor.bind(document.getElementById("rm-person-reinstate-button"), "click", function (event) {
    var button = event.currentTarget;
    var username = person.username;
    var request = act(button, button, "POST", participantPath(username) + "reinstate/");
    if (!request) { return; }
    request.then(personUpdated(format(msg.reinstated, { username: username }))).catch(fail);
  });

  document.getElementById("rm-person-close").addEventListener("click", function () {
    personPanel.hidden = true;
    person = null;
    var heading = document.getElementById("rm-participants-title");
    heading.tabIndex = -1;
    heading.focus();
  });

  // ---- Mentor capacity ------------------------------------------------------------------------
  // When matching says no mentor has any capacity, the fix is one click away: the capacity of
  // every active mentor, editable in place; saving previews matching again with the same pins.
  var capacityPanel = document.getElementById("rm-capacity");
  var capacityForm = document.getElementById("rm-capacity-form");
  var capacityErrors = document.getElementById("rm-capacity-errors");

  /* Matching's reason code (services/explanations.py) for a mentee no mentor has a seat for. */
  function noCapacity(unmatched) {
    return (unmatched.reasons || []).some(function (reason) { return reason.code === "mentee_no_capacity"; });
  }

  function offerCapacityFix(run) {
    document.getElementById("rm-capacity-fix").hidden = !run.unmatched.some(function (u) {
      return u.role === "mentee" && noCapacity(u);
    });
  }

  function openCapacity() {
    capacityErrors.textContent = "";
    api("GET", base + "participants/?role=mentor&status=active&page_size=100").then(function (page) {
      var tbody = capacityPanel.querySelector("tbody");
      tbody.textContent = "";
      if (!page.results.length) { tbody.appendChild(emptyRow(msg.noMentors, 2)); }
      // At most a page of mentors here; the others stay one search away in the participant list.
      document.getElementById("rm-capacity-more").textContent = page.count > page.results.length
        ? format(msg.capacityMore, { shown: number(page.results.length), total: number(page.count) }) : "";
      page.results.forEach(function (mentor, index) {
        var row = el("tr");
        var name = el("th");
        name.scope = "row";
        var labelNode = el("label", mentor.username);
        labelNode.htmlFor = "rm-cap-" + index;
        name.appendChild(labelNode);
        row.appendChild(name);
        var cell = el("td");
        var input = el("input");
        input.type = "number";
        input.id = "rm-cap-" + index;
        input.min = document.getElementById("rm-pe-capacity").min;
        input.max = document.getElementById("rm-pe-capacity").max;
        input.value = mentor.capacity;
        input.dataset.username = mentor.username;
        input.dataset.capacity = mentor.capacity;
        input.setAttribute("aria-label", format(msg.capacityOf, { username: mentor.username }));
        cell.appendChild(input);
        row.appendChild(cell);
        tbody.appendChild(row);
      });
      capacityPanel.hidden = false;
      var first = capacityPanel.querySelector("input");
      (first || capacityPanel).focus();
    }).catch(fail);
  }
  RevMentor.bind(document.getElementById("rm-capacity-fix-button"), "click", openCapacity);

  RevMentor.bind(capacityForm, "submit", function () {
    capacityErrors.textContent = "";
    var changed = [].filter.call(capacityForm.querySelectorAll("input[data-username]"), function (input) {
      return input.value !== input.dataset.capacity;
    });
    var button = submitButton(capacityForm);
    capacityForm.rmInFlight = true;
    busy(button, true);
    var failed = 0;
    changed.reduce(function (previous, input) {
      return previous.then(function () {
        return api("PATCH", participantPath(input.dataset.username), { capacity: Number(input.value) }).then(function (p) {
          input.dataset.capacity = String(p.capacity);
        }).catch(function (error) {
          failed += 1;
          capacityErrors.appendChild(el("li", input.dataset.username + ": " + error.message));
        });
      });
    }, Promise.resolve()).then(function () {
      capacityForm.rmInFlight = false;
      busy(button, false);
      loadParticipants();
      if (failed) { say(format(msg.error, { detail: capacityErrors.textContent })); return; }
      say(format(msg.capacitySaved, { n: changed.length }));
      document.getElementById("rm-rerun").click();
    });
  });

  // ---- Expectations ---------------------------------------------------------------------------
  // A new text asks every open pair to accept again: before saving one, staff are told how many
  // pairs (the server counts them) and confirm; cancelling sends nothing.
  var expectationsField = programForm.elements.expectations;
  var expectationsConfirm = document.getElementById("rm-expectations-confirm");
  var confirmedText = null;

  // Runs before the settings form's own submit listener (a capture listener on the form).
  programForm.addEventListener("submit", function (event) {
    var text = expectationsField.value;
    if (programForm.rmInFlight || text === expectationsField.defaultValue || text === confirmedText) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    api("GET", base + "expectations-change/").then(function (change) {
      if (!change.pairs_to_accept_again) {
        confirmedText = text;
        programForm.requestSubmit();
        return;
      }
      document.getElementById("rm-expectations-confirm-text").textContent =
        format(msg.expectationsToAccept, { n: change.pairs_to_accept_again });
      expectationsConfirm.hidden = false;
      expectationsConfirm.focus();
    }).catch(fail);
  }, true);

  document.getElementById("rm-expectations-confirm-yes").addEventListener("click", function () {
    confirmedText = expectationsField.value;
    expectationsConfirm.hidden = true;
    programForm.requestSubmit();
  });
  document.getElementById("rm-expectations-confirm-no").addEventListener("click", function () {
    expectationsConfirm.hidden = true;
    say(msg.notSaved);
    expectationsField.focus();
  });


  // ---- Organizational outcome -----------------------------------------------------------------
  /* Record a milestone (POST), or change the one being edited (PATCH); delete one after asking.
   * The charts and tables are the server's, so the page reloads once a change is saved. */
  var outcomeForm = document.getElementById("rm-outcome-form");
  var outcomeErrors = document.getElementById("rm-outcome-errors");
  var outcomeCancel = document.getElementById("rm-o-cancel");
  var editing = null;  // the id of the record being edited, or null for a new one

  function outcomeReload(text) {
    say(text);
    RevMentor.leave();
    window.location.hash = "rm-outcome-title";
    window.location.reload();
  }

  function outcomeFailed(error) {
    fail(error);
    if (error.body && !error.body.detail) {
      Object.keys(error.body).forEach(function (field) {
        outcomeErrors.appendChild(el("li", field + ": " + [].concat(error.body[field]).join(" ")));
      });
      var first = outcomeForm.elements[Object.keys(error.body)[0]];
      if (first && first.focus) { first.focus(); }
    }
  }

  function stopEditing() {
    editing = null;
    outcomeForm.reset();
    outcomeCancel.hidden = true;
  }

  RevMentor.bind(outcomeForm, "submit", function () {
    outcomeErrors.textContent = "";
    var raw = outcomeForm.elements.value.value.trim();
    var body = {
      measure: outcomeForm.elements.measure.value,
      // a number when the field holds one; otherwise the text, which the server names as wrong
      value: raw !== "" && isFinite(Number(raw)) ? Number(raw) : raw,
      recorded_on: outcomeForm.elements.recorded_on.value,
      note: outcomeForm.elements.note.value
    };
    var path = base + "outcome-records/" + (editing ? editing + "/" : "");
    var request = act(outcomeForm, submitButton(outcomeForm), editing ? "PATCH" : "POST", path, body);
    if (!request) { return; }
    request.then(function () { outcomeReload(msg.outcomeSaved); }).catch(outcomeFailed);
  });

  outcomeCancel.addEventListener("click", function () {
    stopEditing();
    outcomeForm.elements.measure.focus();
  });

  document.querySelectorAll("#rm-outcome-records tr[data-record]").forEach(function (row) {
    var record = row.dataset;
    var facts = { measure: record.measure, day: record.day };
    row.querySelector("[data-outcome-edit]").addEventListener("click", function () {
      editing = record.record;
      outcomeForm.elements.measure.value = record.measure;
      outcomeForm.elements.value.value = record.value;
      outcomeForm.elements.recorded_on.value = record.day;
      outcomeForm.elements.note.value = record.note;
      outcomeCancel.hidden = false;
      say(format(msg.outcomeEditing, facts));
      outcomeForm.elements.measure.focus();
    });
    var remove = row.querySelector("[data-outcome-delete]");
    RevMentor.bind(remove, "click", function () {
      if (!window.confirm(format(msg.outcomeDelete, facts))) { return; }
      var request = act(remove, remove, "DELETE", base + "outcome-records/" + record.record + "/");
      if (!request) { return; }
      request.then(function () { outcomeReload(msg.outcomeDeleted); }).catch(fail);
    });
  });

  loadParticipants();
  loadPairs();
})();
