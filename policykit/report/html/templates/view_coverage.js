  // -- coverage: the policy file with covered, partial and uncovered rules and leaves -------
  function coverageClass(covered, branches) {
    if (!branches) return "";
    return covered >= branches ? "cov-covered" : covered > 0 ? "cov-partial" : "cov-uncovered";
  }
  const COVERAGE_MARK = { "cov-covered": "✓", "cov-partial": "◐", "cov-uncovered": "✗", "": " " };

  function leafTitle(leaf) {
    const missing = (leaf.missing || []).length ? ` — never decided ${leaf.missing.join(", ")}` : "";
    return `${leaf.check}: decided true ${leaf.decisive_true}×, false ${leaf.decisive_false}×${missing}`;
  }

  // One source line, with each leaf that starts on it marked where its text stands.
  function markedLine(text, leaves) {
    const pieces = [];
    let at = 0;
    for (const leaf of leaves.slice().sort((a, b) => a.column - b.column)) {
      const start = Math.max(at, (leaf.column || 1) - 1);
      const length = text.startsWith(leaf.check, start) ? leaf.check.length : 1;
      pieces.push(text.slice(at, start));
      pieces.push(el("span", { cls: "leaf " + coverageClass(leaf.covered, leaf.branches), title: leafTitle(leaf),
        "data-leaf": leaf.check }, text.slice(start, start + length) || " "));
      at = start + length;
    }
    pieces.push(text.slice(at));
    return pieces;
  }

  function coverageFile(file, source, root) {
    const byLine = new Map();
    for (const rule of file.rules || []) {
      if (rule.line) byLine.set(rule.line, { rule, leaves: [] });
    }
    for (const rule of file.rules || []) for (const leaf of rule.leaves || []) {
      if (!leaf.line) continue;
      if (!byLine.has(leaf.line)) byLine.set(leaf.line, { rule: null, leaves: [] });
      byLine.get(leaf.line).leaves.push(leaf);
    }
    const head = el("h3", {}, el("span", { cls: "mono", text: file.path }),
      el("span", { cls: "pct", text: ` ${file.percent}%` }),
      el("span", { cls: "hint", text: ` — ${file.branches_covered} of ${file.branches} branches, ${file.rules_evaluated} of ${file.rules_total} rules evaluated` }));
    root.append(head);
    if (source === undefined || source === null) {
      root.append(el("p", { cls: "note", text: "the file's text could not be read; its rules:" }));
    }
    const lines = source === undefined || source === null ? [] : source.split(/\r\n|\r|\n/);
    const listing = el("div", { cls: "cov-listing mono" });
    lines.forEach((text, index) => {
      const entry = byLine.get(index + 1);
      const cls = entry && entry.rule ? coverageClass(entry.rule.covered, entry.rule.branches) : "";
      const title = entry && entry.rule ? `${entry.rule.name}: evaluated ${entry.rule.evaluated}×, ${entry.rule.covered} of ${entry.rule.branches} branches` : "";
      listing.append(el("div", { cls: "cov-line " + cls, title, "data-line": index + 1, "data-rule": entry && entry.rule ? entry.rule.name : null },
        el("span", { cls: "ln", text: String(index + 1) }), el("span", { cls: "mark", text: COVERAGE_MARK[cls] }),
        el("span", { cls: "code" }, entry ? markedLine(text, entry.leaves) : text)));
    });
    if (!lines.length) {
      for (const rule of file.rules || []) listing.append(el("div", { cls: "cov-line " + coverageClass(rule.covered, rule.branches), "data-rule": rule.name },
        el("span", { cls: "ln", text: String(rule.line || "") }), el("span", { cls: "code", text: `${rule.name}: ${rule.rule}` })));
    }
    root.append(listing);
  }

  // Cases that failed or could not run come first: a coverage figure means little beside them.
  function failedCases(files, root) {
    const failed = [];
    for (const file of files || []) {
      if (file.error) failed.push(el("tr", { cls: "case-error" }, el("td", { cls: "mono", text: file.path }), el("td", { cls: "sev sev-error", text: "✖ unusable" }),
        el("td", { colspan: 3, text: typeof file.error === "string" ? file.error : JSON.stringify(file.error) })));
      for (const item of file.cases || []) {
        if (item.passed) continue;
        failed.push(el("tr", { cls: "case-failed" }, el("td", { cls: "mono", text: item.location }), el("td", { cls: "sev sev-error", text: "✖ failed" }),
          el("td", { text: `${item.who} · ${item.action} · ${item.target}` }), el("td", { text: `expected ${item.expect}, got ${item.decision}` }),
          el("td", { text: item.error || "" })));
      }
    }
    if (!failed.length) return 0;
    root.append(el("h3", { text: "Failed cases" }), el("table", { cls: "list" }, el("thead", {}, el("tr", {},
      el("th", { text: "where" }), el("th", { text: "" }), el("th", { text: "case" }), el("th", { text: "decision" }), el("th", { text: "" }))), el("tbody", {}, ...failed)));
    return failed.length;
  }

  function coverageView(section, root) {
    const data = section.data;
    failedCases(data.files, root);
    const coverage = data.coverage || data;
    const sources = data.sources || {};
    let onlyUncovered = false;
    root.append(el("div", { cls: "controls" }, el("label", {}, el("input", { type: "checkbox", "data-filter": "uncovered",
      onchange: (event) => { onlyUncovered = event.target.checked;
        for (const line of root.querySelectorAll(".cov-line")) line.classList.toggle("hidden", onlyUncovered && !/cov-(partial|uncovered)/.test(line.className)); } }),
      " only rules not fully covered"),
      el("span", { cls: "legend" }, el("span", { cls: "cov-covered", text: "✓ covered" }), el("span", { cls: "cov-partial", text: "◐ partly" }),
        el("span", { cls: "cov-uncovered", text: "✗ never decided" }))));
    for (const file of coverage.files || []) coverageFile(file, sources[file.path], root);
    const registered = coverage.registered_defaults || { total: 0, reached: 0, unreached: [] };
    if (registered.total) {
      root.append(el("h3", { text: `Registered defaults: ${registered.reached} of ${registered.total} reached` }));
      if (registered.unreached.length) root.append(el("details", {}, el("summary", { text: `${registered.unreached.length} no case reached` }),
        el("ul", {}, ...registered.unreached.map((name) => el("li", { cls: "mono", text: typeof name === "string" ? name : name.name })))));
    }
    const cards = [stat(`${coverage.percent}%`, "branch coverage"), stat(`${coverage.branches_covered}/${coverage.branches}`, "branches covered")];
    if (data.summary) {
      cards.push(stat(data.summary.passed || 0, "cases passed"));
      if (data.summary.failed) cards.push(stat(data.summary.failed, "cases failed", "sev-error"));
      if (data.summary.errors) cards.push(stat(data.summary.errors, "errors", "sev-error"));
    }
    return cards;
  }
  VIEWS.coverage = coverageView;
