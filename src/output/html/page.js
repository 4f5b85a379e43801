// The review page: the overview and the table of files are drawn at load
// from the JSON data (layout in src/output/html.rs), a file's view when it
// is opened (#file=N, N its index in the data; #open=first opens the first
// file of the table's default order).
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("data").textContent);
  const FILES = DATA.files;
  const LEVELS = ["ERROR", "WARNING", "INFO"];
  const STEP_TITLE = new Map(DATA.steps);
  const app = document.getElementById("app");

  const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  function esc(s) {
    return String(s).replace(/[&<>"']/g, (c) => ESCAPES[c]);
  }
  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  // Per file: its counts, the table's columns.
  const STATS = FILES.map((f, i) => {
    const s = { i: i, path: f.path, status: f.status, ERROR: 0, WARNING: 0, INFO: 0, plan: f.plan.length };
    for (const e of f.entries) s[e[2]] += 1;
    return s;
  });

  // The default order: most work left first, then most ERROR and WARNING
  // entries, then by path.
  function byDefault(a, b) {
    return b.plan - a.plan || b.ERROR - a.ERROR || b.WARNING - a.WARNING || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  }

  const COLUMNS = [
    { key: "path", title: "Path", num: false },
    { key: "status", title: "Status", num: false },
    { key: "ERROR", title: "ERRORs", num: true },
    { key: "WARNING", title: "WARNINGs", num: true },
    { key: "INFO", title: "INFOs", num: true },
    { key: "plan", title: "Work left", num: true },
  ];
  // The table shows the first `limit` rows of its order (laying out
  // thousands of rows at once would take the browser a good part of a
  // second, on every keystroke in the filter); a button shows more.
  const PAGE = 250;
  const state = { key: "plan", dir: -1, text: "", facet: null, limit: PAGE };
  // The table's rows, filtered and sorted (file indices).
  let order = STATS.slice().sort(byDefault).map((s) => s.i);
  const firstFile = order.length ? order[0] : -1;
  let overviewScroll = 0;

  // Facets: what a click on a chart's bar keeps in the table.
  const FACETS = {
    level: (f, v) => f.entries.some((e) => e[2] === v),
    rule: (f, v) => f.entries.some((e) => e[3] === v),
    step: (f, v) => f.plan.some((p) => p[2] === v),
    top: (f, v) => f.top === v,
  };

  function count(list, key) {
    const m = new Map();
    for (const x of list) m.set(key(x), (m.get(key(x)) || 0) + 1);
    return m;
  }

  // Horizontal bars, one per item: {label, n, kind, value, cls, title}.
  function bars(items) {
    if (!items.length) return '<p class="empty">None.</p>';
    const max = Math.max(1, ...items.map((x) => x.n));
    return items
      .map((x) => {
        const pct = ((100 * x.n) / max).toFixed(1);
        return (
          '<div class="bar ' + (x.cls || "") + (x.n ? "" : " zero") + '" data-kind="' + esc(x.kind) +
          '" data-value="' + esc(x.value) + '" title="' + esc(x.title || x.label) + '">' +
          '<span class="label">' + esc(x.label) + "</span>" +
          '<span class="track"><span class="fill" style="display:block;width:' + pct + '%"></span></span>' +
          '<span class="count">' + x.n + "</span></div>"
        );
      })
      .join("");
  }

  function overview() {
    const entries = FILES.flatMap((f) => f.entries);
    const items = FILES.flatMap((f) => f.plan);
    const levels = count(entries, (e) => e[2]);
    const rules = [...count(entries, (e) => e[3])].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const steps = count(items, (p) => p[2]);
    const tops = new Map();
    for (const f of FILES) if (f.plan.length) tops.set(f.top, (tops.get(f.top) || 0) + f.plan.length);
    const folders = [...tops].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const statuses = count(FILES, (f) => f.status);
    const withWork = STATS.filter((s) => s.plan > 0).length;
    const card = (n, k, cls) => '<div class="card ' + (cls || "") + '"><div class="n">' + n + '</div><div class="k">' + esc(k) + "</div></div>";
    let h = '<div class="cards">' +
      card(FILES.length, "files (" + (statuses.get("changed") || 0) + " changed, " + (statuses.get("failed") || 0) + " failed)") +
      card(levels.get("ERROR") || 0, "ERROR entries", "error") +
      card(levels.get("WARNING") || 0, "WARNING entries", "warning") +
      card(levels.get("INFO") || 0, "INFO entries", "info") +
      card(items.length, "plan items (work left)", "plan") +
      card(withWork, "files with work left", "plan") +
      "</div>";
    h += '<div class="grid"><div><h2>Entries by level</h2><div class="chart">' +
      bars(LEVELS.map((l) => ({ label: l, n: levels.get(l) || 0, kind: "level", value: l, cls: l.toLowerCase() }))) +
      "</div><h2>Entries by rule</h2><div class=\"chart\">" +
      bars(rules.map(([r, n]) => ({ label: r, n: n, kind: "rule", value: r, title: r + ": " + (DATA.rules[r] || "") }))) +
      "</div></div><div><h2>Migration plan by step</h2><div class=\"chart\">" +
      (items.length ? bars(DATA.steps.map(([id, title]) => ({ label: title, n: steps.get(id) || 0, kind: "step", value: id, cls: "plan" })))
        : '<p class="empty">No plan items in this run.</p>') +
      "</div><h2>Migration plan by folder</h2><div class=\"chart\">" +
      (folders.length ? bars(folders.slice(0, 30).map(([t, n]) => ({ label: t || "(top level)", n: n, kind: "top", value: t, cls: "plan" })))
        : '<p class="empty">No plan items in this run.</p>') +
      (folders.length > 30 ? '<p class="hint">' + (folders.length - 30) + " more folders not shown.</p>" : "") +
      "</div></div></div>";
    h += "<h2>To run the converted code, besides TensorFlow</h2>";
    const companion = DATA.companion && DATA.companion.files
      ? "<li><code>tfup_compat</code>, this tool's runtime companion: " +
        (DATA.companion.written ? "written to <code>" + esc(DATA.companion.written) + "</code>"
          : "not written by this run (<code>--compat-module PATH</code>)") +
        ' <span class="hint">(' + plural(DATA.companion.files, "file uses it", "files use it") + ")</span></li>"
      : "";
    if (DATA.requirements.length || companion) {
      h += '<ul class="plain">' + companion + DATA.requirements.map((r) =>
        "<li><code>pip install &quot;" + esc(r.pip + r.version) + "&quot;</code>" +
        (r.env ? ", and run with <code>" + esc(r.env) + "</code>" : "") +
        ' <span class="hint">(' + plural(r.files, "file uses it", "files use it") + ")</span></li>").join("") + "</ul>";
    } else {
      h += '<p class="empty">Nothing else.</p>';
    }
    if (DATA.advice.length) {
      h += '<h2>Advice</h2><ul class="plain">' + DATA.advice.map(([k, s]) => "<li><b>" + esc(k) + "</b>: " + esc(s) + "</li>").join("") + "</ul>";
    }
    if (DATA.notes.length) {
      h += '<h2>Notes</h2><ul class="plain">' + DATA.notes.map((n) => "<li>" + esc(n) + "</li>").join("") + "</ul>";
    }
    h += '<h2 id="files">Files</h2><div class="toolbar"><input id="filter" type="search" placeholder="Filter by path" aria-label="Filter by path">' +
      '<span id="facet"></span><span id="shown" class="hint"></span></div>' +
      '<table class="files"><thead><tr>' +
      COLUMNS.map((c) => '<th data-key="' + c.key + '"' + (c.num ? ' class="num"' : "") + ">" + esc(c.title) + "</th>").join("") +
      '</tr></thead><tbody></tbody></table><div id="more" class="more"></div>';
    return h;
  }

  function sortTable() {
    const k = state.key;
    const d = state.dir;
    const text = state.text;
    const facet = state.facet;
    const kept = STATS.filter((s) =>
      (!text || s.path.toLowerCase().includes(text)) && (!facet || FACETS[facet.kind](FILES[s.i], facet.value)));
    kept.sort((a, b) => {
      const x = a[k];
      const y = b[k];
      const c = x < y ? -1 : x > y ? 1 : 0;
      return d * c || byDefault(a, b);
    });
    order = kept.map((s) => s.i);
  }

  function fillTable() {
    sortTable();
    const rows = order.slice(0, state.limit).map((i) => {
      const s = STATS[i];
      const n = (v, cls) => '<td class="num' + (v ? " " + cls : "") + '">' + v + "</td>";
      return '<tr data-i="' + i + '"><td class="path"><a href="#file=' + i + '">' + esc(s.path) + "</a></td>" +
        '<td class="status-' + esc(s.status) + '">' + esc(s.status) + "</td>" +
        n(s.ERROR, "nz-error") + n(s.WARNING, "nz-warning") + n(s.INFO, "") + n(s.plan, "nz-plan") + "</tr>";
    });
    document.querySelector("table.files tbody").innerHTML = rows.join("");
    for (const th of document.querySelectorAll("table.files th")) {
      const c = COLUMNS.find((c) => c.key === th.dataset.key);
      th.textContent = c.title + (c.key === state.key ? (state.dir < 0 ? " ▼" : " ▲") : "");
    }
    const shown = Math.min(order.length, state.limit);
    document.getElementById("shown").textContent = "showing " + shown +
      (shown < order.length ? " of the " + order.length + " that match" : "") +
      (order.length < FILES.length ? ", out of " + FILES.length + " files" : "");
    const more = order.length - shown;
    document.getElementById("more").innerHTML = more > 0
      ? '<button type="button" data-more="' + PAGE * 4 + '">Show ' + Math.min(more, PAGE * 4) + " more</button>" +
        (more > PAGE * 4 ? ' <button type="button" data-more="all">Show all ' + order.length + "</button>" : "")
      : "";
    const f = state.facet;
    document.getElementById("facet").innerHTML = f
      ? '<span class="chip">' + esc(f.label) + ' <button type="button" title="Show all files" id="unfacet">×</button></span>'
      : "";
  }

  // One note under a line: a report entry or a plan item.
  function note(a) {
    const where = a.cell != null ? "cell " + a.cell + ", line " + a.cellLine + ":" + a.col : "line " + a.line + ":" + a.col;
    if (a.plan) {
      return '<div class="note-box PLAN"><span class="badge PLAN">PLAN</span><span class="rule">' +
        esc(STEP_TITLE.get(a.step) || a.step) + " · " + where + "</span><code>" + esc(a.what) + "</code>" +
        (a.replacement != null ? " → <code>" + esc(a.replacement) + "</code>" : "") +
        '<div class="why">' + esc(a.why) + "</div></div>";
    }
    return '<div class="note-box ' + a.level + '"><span class="badge ' + a.level + '">' + a.level + "</span>" +
      '<span class="rule" title="' + esc(DATA.rules[a.rule] || "") + '">' + esc(a.rule) + " · " + where + "</span>" + esc(a.message) + "</div>";
  }

  function annotations(f) {
    const list = f.entries.map((e) => ({ line: e[0], col: e[1], level: e[2], rule: e[3], message: e[4], cell: e[5], cellLine: e[6] }))
      .concat(f.plan.map((p) => ({ plan: true, line: p[0], col: p[1], step: p[2], what: p[3], replacement: p[4], why: p[5], cell: p[6], cellLine: p[7] })));
    list.sort((a, b) => a.line - b.line || a.col - b.col);
    return list;
  }

  // A section's rows with the notes of each line after its row (after the
  // whole change for removed lines); the notes shown leave `byKey`.
  function section(sec, byKey) {
    const cell = sec[0];
    const lines = sec[1];
    const prefix = cell != null ? "c" + cell + ":" : "l";
    let h = "";
    const notesOf = (olds) => {
      let out = "";
      for (const o of olds) {
        const k = prefix + o;
        const list = byKey.get(k);
        if (!list) continue;
        byKey.delete(k);
        out += list.map((a) => '<tr class="note"><td colspan="3">' + note(a) + "</td></tr>").join("");
      }
      return out;
    };
    const gap = (n) => (n > 0 ? '<tr class="gap"><td colspan="3">⋯ ' + plural(n, "unchanged line", "unchanged lines") + "</td></tr>" : "");
    let lastOld = 1;
    for (const [oldStart, newStart, rows] of sec[2]) {
      h += gap(oldStart - lastOld);
      let o = oldStart;
      let n = newStart;
      let block = [];
      for (const r of rows) {
        const tag = r[0];
        const text = esc(r.slice(1));
        if (tag === " ") {
          h += notesOf(block);
          block = [];
          h += '<tr class="row"><td class="no">' + o + '</td><td class="no">' + n + '</td><td class="code mono">' + text + "</td></tr>";
          h += notesOf([o]);
          o += 1;
          n += 1;
        } else if (tag === "-") {
          h += '<tr class="row removed"><td class="no">' + o + '</td><td class="no"></td><td class="code mono">' + text + "</td></tr>";
          block.push(o);
          o += 1;
        } else {
          h += '<tr class="row added"><td class="no"></td><td class="no">' + n + '</td><td class="code mono">' + text + "</td></tr>";
          n += 1;
        }
      }
      h += notesOf(block);
      lastOld = o;
    }
    h += gap(lines - lastOld + 1);
    return '<table class="diff"><colgroup><col class="no"><col class="no"><col></colgroup><tbody>' + h + "</tbody></table>";
  }

  function fileView(i) {
    const f = FILES[i];
    const s = STATS[i];
    const within = order.includes(i) ? order : STATS.map((x) => x.i);
    const at = within.indexOf(i);
    const link = (j, label) => (j === undefined ? '<span class="hint">' + label + "</span>" : '<a href="#file=' + j + '">' + label + "</a>");
    let h = '<div class="nav"><a href="#files">← All files</a>' + link(within[at - 1], "← previous") +
      link(within[at + 1], "next →") + '<span class="hint">' + (at + 1) + " of " + within.length + "</span></div>";
    h += '<div class="filehead"><h2>' + esc(f.path) + '</h2><div class="meta"><span class="status-' + esc(f.status) + '">' +
      esc(f.status) + "</span> · written to <code>" + esc(f.output) + "</code> · " +
      plural(s.ERROR, "ERROR", "ERRORs") + ", " + plural(s.WARNING, "WARNING", "WARNINGs") + ", " +
      plural(s.INFO, "INFO", "INFOs") + ", " + plural(s.plan, "plan item", "plan items") + "</div></div>";
    const all = annotations(f);
    const view = f.view;
    let body = "";
    const byKey = new Map();
    if (view && view.placed) {
      const limit = new Map(view.sections.map((sec) => [sec[0] == null ? "l" : "c" + sec[0] + ":", sec[1]]));
      for (const a of all) {
        const prefix = a.cell != null ? "c" + a.cell + ":" : "l";
        let line = a.cell != null ? a.cellLine : a.line;
        const max = limit.get(prefix);
        if (max !== undefined && line > max) line = max;
        const k = prefix + line;
        if (!byKey.has(k)) byKey.set(k, []);
        byKey.get(k).push(a);
      }
      for (const sec of view.sections) {
        if (sec[0] != null) body += '<div class="section-title">Cell ' + sec[0] + "</div>";
        body += section(sec, byKey);
      }
    } else if (view) {
      for (const sec of view.sections) body += section(sec, byKey);
      if (body) body = '<p class="hint">The notebook\'s cells could not be paired: this is the diff of its JSON text.</p>' + body;
    }
    const left = view && view.placed ? [...byKey.values()].flat() : all;
    if (left.length) {
      h += '<div class="elsewhere"><h3>' + (view && view.placed ? "Not on a shown line" : "Entries") + "</h3>" + left.map(note).join("") + "</div>";
    }
    if (!view) {
      h += '<p class="empty">This run kept no view of the file.</p>';
    } else if (!body) {
      h += '<p class="empty">' + (f.status === "changed" ? "No line to show." : "Nothing changed in this file.") + "</p>";
    }
    return h + body;
  }

  app.innerHTML = "<header><h1>tf_upgrade_v2 — conversion review</h1><div class=\"sub\">" +
    esc([plural(FILES.length, "file", "files"), DATA.root ? "tree " + DATA.root : null, "mode " + DATA.mode,
      DATA.target ? "target " + DATA.target : "no target", DATA.tool].filter(Boolean).join(" · ")) +
    '</div></header><main id="overview" hidden></main><main id="fileview" hidden></main>';
  const overviewEl = document.getElementById("overview");
  const fileEl = document.getElementById("fileview");
  let overviewDrawn = false;

  // The overview and the table are drawn the first time they are shown.
  function drawOverview() {
    overviewDrawn = true;
    overviewEl.innerHTML = overview();
    fillTable();
    overviewEl.addEventListener("click", (ev) => {
      const th = ev.target.closest("table.files th");
      if (th) {
        const key = th.dataset.key;
        state.dir = state.key === key ? -state.dir : key === "path" || key === "status" ? 1 : -1;
        state.key = key;
        fillTable();
        return;
      }
      const bar = ev.target.closest(".bar");
      if (bar) {
        const label = bar.querySelector(".label").textContent;
        state.facet = { kind: bar.dataset.kind, value: bar.dataset.value, label: label };
        fillTable();
        document.getElementById("files").scrollIntoView();
        return;
      }
      const more = ev.target.dataset && ev.target.dataset.more;
      if (more) {
        state.limit = more === "all" ? FILES.length : state.limit + Number(more);
        fillTable();
        return;
      }
      if (ev.target.id === "unfacet") {
        state.facet = null;
        fillTable();
        return;
      }
      const tr = ev.target.closest("table.files tbody tr");
      if (tr && !ev.target.closest("a")) location.hash = "#file=" + tr.dataset.i;
    });
    document.getElementById("filter").addEventListener("input", (ev) => {
      state.text = ev.target.value.trim().toLowerCase();
      fillTable();
    });
  }

  function route() {
    const h = location.hash;
    const m = /^#file=(\d+)$/.exec(h);
    const i = m ? Number(m[1]) : h === "#open=first" ? firstFile : -1;
    if (i >= 0 && i < FILES.length) {
      if (!overviewEl.hidden) overviewScroll = window.scrollY;
      fileEl.innerHTML = fileView(i);
      overviewEl.hidden = true;
      fileEl.hidden = false;
      window.scrollTo(0, 0);
    } else if (overviewEl.hidden) {
      if (!overviewDrawn) drawOverview();
      fileEl.hidden = true;
      fileEl.innerHTML = "";
      overviewEl.hidden = false;
      if (h === "#files") document.getElementById("files").scrollIntoView();
      else window.scrollTo(0, overviewScroll);
    }
  }
  window.addEventListener("hashchange", route);
  route();
  // The first render's time, its layout included (reading a size forces it).
  void document.body.offsetHeight;
  document.body.setAttribute("data-rendered-ms", performance.now().toFixed(1));
})();
