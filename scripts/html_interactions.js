// Appended to a `--html` page by scripts/check_html.sh: drives the page as
// a reader would (sorting, filtering, a chart's bar, more rows, opening a
// file, the next file, back to the overview) and writes the outcome on <body> as
// data-interactions="ok" or "failed: WHAT". It writes nothing to the
// console, where any message fails the check.
(function () {
  const body = document.body;
  const problems = [];
  const expect = (ok, what) => { if (!ok) problems.push(what); };
  const rows = () => [...document.querySelectorAll("table.files tbody tr")];
  const cell = (tr, n) => tr.children[n].textContent;
  const total = rows().length;
  expect(total > 0, "no row in the table");

  // Sorting by ERRORs: descending, then ascending.
  const th = document.querySelector('table.files th[data-key="ERROR"]');
  th.click();
  let errors = rows().map((tr) => Number(cell(tr, 2)));
  expect(errors.every((v, i) => i === 0 || errors[i - 1] >= v), "ERRORs not descending");
  th.click();
  errors = rows().map((tr) => Number(cell(tr, 2)));
  expect(errors.every((v, i) => i === 0 || errors[i - 1] <= v), "ERRORs not ascending");
  document.querySelector('table.files th[data-key="path"]').click();
  const paths = rows().map((tr) => cell(tr, 0));
  expect(paths.every((v, i) => i === 0 || paths[i - 1] <= v), "paths not ascending");

  // Filtering by a part of the last path.
  const filter = document.getElementById("filter");
  const part = paths[paths.length - 1].slice(-8).toLowerCase();
  filter.value = part;
  filter.dispatchEvent(new Event("input"));
  expect(rows().length >= 1 && rows().every((tr) => cell(tr, 0).toLowerCase().includes(part)), "filter");
  filter.value = "";
  filter.dispatchEvent(new Event("input"));
  expect(rows().length === total, "filter cleared");

  // A bar of the rules chart keeps the files with that rule.
  const bar = document.querySelector('.bar[data-kind="rule"]');
  if (bar) {
    bar.click();
    expect(rows().length >= 1 && rows().length <= total, "rule bar");
    const un = document.getElementById("unfacet");
    expect(!!un, "no chip to undo the bar");
    if (un) un.click();
    expect(rows().length === total, "bar undone");
  }

  // More rows, where the table holds more than it shows.
  const more = document.querySelector("#more button");
  if (more) {
    more.click();
    expect(rows().length > total, "no more rows shown");
  }

  // Opening the first row, then the next file, then the overview.
  const steps = [
    () => rows()[0].click(),
    () => {
      const view = document.getElementById("fileview");
      expect(!view.hidden && !!view.querySelector(".filehead"), "file view not shown");
      const next = [...view.querySelectorAll(".nav a")].find((a) => a.textContent.startsWith("next"));
      if (next) next.click();
    },
    () => {
      expect(!!document.querySelector("#fileview .filehead"), "next file not shown");
      location.hash = "#files";
    },
    () => {
      expect(!document.getElementById("overview").hidden, "overview not back");
      body.setAttribute("data-interactions", problems.length ? "failed: " + problems.join("; ") : "ok");
    },
  ];
  let i = 0;
  const run = () => {
    steps[i]();
    i += 1;
    if (i < steps.length) setTimeout(run, 50);
  };
  run();
})();
