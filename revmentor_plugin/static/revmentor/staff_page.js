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
  var pairRows = [];
  var sortKey = "created";
  var sortAscending = false;

  var RevMentor = window.RevMentor;
  var format = RevMentor.format;
  var busy = RevMentor.busy;
  var setDisabled = RevMentor.setDisabled;

  function say(text) { RevMentor.announce(status, text); }

  /* A domain word's label in the page's language (config.labels, from data.py), or the word. */
  function label(labels, word) { return (labels && labels[word]) || word; }
  function roleLabel(role) { return label(config.labels.role, role); }

  /* A REST answer's data, or an Error whose message says what went wrong (error.body: the answer). */
  function unwrap(result) {
    if (result.parseError) { throw result.parseError; }
    if (!result.ok) {
      var error = new Error(RevMentor.restError(result.body).message || result.statusText);
      error.body = result.body;
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

  function healthCell(health) {
    if (!health) { return el("td", "–"); }
    var td = el("td");
    td.appendChild(el("span", label(config.labels.health, health.status), "rm-health " + health.status));
    return td;
  }

  // ---- Program settings -----------------------------------------------------------------------
  var programForm = document.getElementById("rm-program-form");
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
        Object.keys(error.body).forEach(function (field) {
          errors.appendChild(el("li", field + ": " + [].concat(error.body[field]).join(" ")));
        });
        var first = programForm.elements[Object.keys(error.body)[0]];
        if (first && first.focus) { first.focus(); }
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
  /* The first 100 rows of one of the program's lists, filtered by the value of each filter
   * select that has one (filters: {query parameter: select's id}). */
  function loadList(path, filters) {
    var params = new URLSearchParams({ page_size: "100" });
    Object.keys(filters).forEach(function (name) {
      var value = document.getElementById(filters[name]).value;
      if (value) { params.set(name, value); }
    });
    return api("GET", base + path + "?" + params);
  }

  function loadParticipants() {
    return loadList("participants/", { role: "rm-p-role", status: "rm-p-status" }).then(function (page) {
      var tbody = document.querySelector("#rm-participants tbody");
      tbody.textContent = "";
      if (!page.results.length) { tbody.appendChild(emptyRow(msg.noParticipants, 7)); }
      page.results.forEach(function (p) {
        var row = el("tr");
        [p.username, roleLabel(p.role), label(config.labels.participantStatus, p.status), p.department || "–"].forEach(
          function (v) { row.appendChild(el("td", v)); }
        );
        row.appendChild(el("td", (p.role === "mentor" ? p.skills_offered : p.skills_sought).join(", ")));
        row.appendChild(el("td", p.languages.join(", ")));
        row.appendChild(editCell(p));
        tbody.appendChild(row);
      });
    }).catch(fail);
  }
  document.getElementById("rm-p-role").addEventListener("change", loadParticipants);
  document.getElementById("rm-p-status").addEventListener("change", loadParticipants);

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
  var HEALTH_RANK = {};  // worst first, as the page lists them
  config.healthStatuses.forEach(function (name, rank) { HEALTH_RANK[name] = rank; });

  function sortValue(pair, key) {
    if (key === "health") { return pair.health ? HEALTH_RANK[pair.health.status] : 3; }
    return String(pair[key] || "");
  }

  function renderPairs() {
    var rows = pairRows.slice().sort(function (a, b) {
      var x = sortValue(a, sortKey), y = sortValue(b, sortKey);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return sortAscending ? order : -order;
    });
    document.querySelectorAll("#rm-pairs th[aria-sort]").forEach(function (th) {
      var key = th.querySelector("button").dataset.sort;
      th.setAttribute("aria-sort", key === sortKey ? (sortAscending ? "ascending" : "descending") : "none");
    });
    var tbody = document.querySelector("#rm-pairs tbody");
    tbody.textContent = "";
    if (!rows.length) { tbody.appendChild(emptyRow(msg.noPairs, 7)); }
    rows.forEach(function (pair) {
      var row = el("tr");
      row.appendChild(el("td", pair.mentor));
      row.appendChild(el("td", pair.mentee));
      row.appendChild(el("td", label(config.labels.pairStatus, pair.status)));
      row.appendChild(healthCell(pair.health));
      var reasons = el("td");
      reasons.appendChild(list(pair.health ? pair.health.reasons : (pair.closed_reason ? [pair.closed_reason] : [])));
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
      tbody.appendChild(row);
    });
  }

  function loadPairs() {
    return loadList("pairs/", { health: "rm-f-health", status: "rm-f-pstatus" }).then(function (page) {
      pairRows = page.results;
      renderPairs();
    }).catch(fail);
  }

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
      } else {
        health.textContent = "–";
      }
      dl.appendChild(health);
      panel.hidden = false;
      panel.focus();
    }).catch(fail);
  }

  document.querySelectorAll("#rm-pairs th button[data-sort]").forEach(function (button) {
    button.addEventListener("click", function () {
      if (sortKey === button.dataset.sort) { sortAscending = !sortAscending; } else { sortKey = button.dataset.sort; sortAscending = true; }
      renderPairs();
    });
  });
  document.getElementById("rm-f-health").addEventListener("change", loadPairs);
  document.getElementById("rm-f-pstatus").addEventListener("change", loadPairs);

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

  function noCapacity(reason) {
    return msg.noCapacityReasons.some(function (text) { return reason.indexOf(text) !== -1; });
  }

  function offerCapacityFix(run) {
    document.getElementById("rm-capacity-fix").hidden = !run.unmatched.some(function (u) {
      return u.role === "mentee" && noCapacity(u.reason);
    });
  }

  function openCapacity() {
    capacityErrors.textContent = "";
    api("GET", base + "participants/?role=mentor&status=active&page_size=100").then(function (page) {
      var tbody = capacityPanel.querySelector("tbody");
      tbody.textContent = "";
      if (!page.results.length) { tbody.appendChild(emptyRow(msg.noMentors, 2)); }
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

  loadParticipants();
  loadPairs();
})();
