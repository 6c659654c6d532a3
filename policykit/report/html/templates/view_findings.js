  // -- findings ------------------------------------------------------------------------
  const SEVERITY_MARK = { error: "✖", warning: "▲", info: "ℹ" };

  function findingsOf(data) { return Array.isArray(data) ? data : (data.findings || []); }

  function sourceLine(finding) {
    if (!finding.source_line && finding.source_line !== "") return null;
    const text = finding.source_line;
    const column = finding.source_column || finding.column || 1;
    const start = Math.max(0, column - 1);
    let end = start + 1;
    if (finding.end_line === finding.line && finding.end_column && finding.end_column > finding.column) end = start + (finding.end_column - finding.column);
    return el("pre", { cls: "source", title: `line ${finding.line}` },
      el("span", { cls: "ln", text: `${finding.line} | ` }), text.slice(0, start),
      el("mark", { text: text.slice(start, end) || " " }), text.slice(end));
  }

  // A grouped finding (one per file and rule) keeps every member, listed on demand.
  function members(finding) {
    if (!finding.members || !finding.members.length) return null;
    return el("details", { cls: "members" }, el("summary", { text: `${finding.count || finding.members.length} places` }),
      el("ul", {}, ...finding.members.map((member) => el("li", {}, el("span", { cls: "mono", text: loc("", member.line, member.column).replace(/^:/, "") + " " }),
        member.subject ? el("span", { cls: "mono", text: member.subject + ": " }) : null, member.message))));
  }

  function findingsView(section, root) {
    const findings = findingsOf(section.data);
    const counts = { error: 0, warning: 0, info: 0 };
    findings.forEach((f) => { counts[f.severity] = (counts[f.severity] || 0) + 1; });
    const shown = { error: true, warning: true, info: true };
    let text = "";
    const byFile = new Map();
    findings.forEach((f) => { if (!byFile.has(f.path)) byFile.set(f.path, []); byFile.get(f.path).push(f); });
    const rows = [];
    const files = [];
    const body = el("div", { cls: "findings" });
    for (const [path, list] of byFile) {
      const table = el("table", { cls: "list" }, el("thead", {}, el("tr", {},
        el("th", { text: "where" }), el("th", { text: "code" }), el("th", { text: "severity" }), el("th", { text: "finding" }))));
      const tbody = el("tbody");
      for (const f of list) {
        const code = el("a", { href: "#rule-" + f.code, cls: "mono code-link", onclick: (e) => { e.preventDefault(); showRule(f.code); } }, f.code);
        const row = el("tr", { cls: "finding", "data-severity": f.severity },
          el("td", { cls: "mono", text: loc("", f.line, f.column).replace(/^:/, "") || "—" }),
          el("td", {}, code, f.name ? el("div", { cls: "hint", text: f.name }) : null),
          el("td", { cls: "sev sev-" + f.severity, text: `${SEVERITY_MARK[f.severity] || ""} ${f.severity}` }),
          el("td", {}, el("div", { text: f.message }), sourceLine(f), f.hint ? el("div", { cls: "hint", text: "hint: " + f.hint }) : null,
            members(f)));
        row._search = [f.code, f.name, f.message, f.hint, f.subject, path].join(" ").toLowerCase();
        rows.push(row);
        tbody.append(row);
      }
      table.append(tbody);
      const details = el("details", { cls: "file", open: true }, el("summary", {}, el("span", { cls: "mono", text: path }), ` — ${plural(list.length, "finding")}`), table);
      details._rows = list.length;
      files.push(details);
      body.append(details);
    }
    function apply() {
      for (const row of rows) {
        const visible = shown[row.dataset.severity] !== false && (!text || row._search.includes(text));
        row.classList.toggle("hidden", !visible);
      }
      for (const details of files) details.classList.toggle("hidden", !details.querySelector("tr.finding:not(.hidden)"));
      visibleCount.textContent = `${rows.filter((r) => !r.classList.contains("hidden")).length} of ${rows.length} shown`;
    }
    const visibleCount = el("span", { cls: "visible-count" });
    const controls = el("div", { cls: "controls" },
      ...["error", "warning", "info"].map((sev) => el("label", {},
        el("input", { type: "checkbox", checked: true, "data-filter-severity": sev, onchange: (e) => { shown[sev] = e.target.checked; apply(); } }),
        ` ${SEVERITY_MARK[sev]} ${sev} (${counts[sev] || 0})`)),
      el("label", {}, "text ", el("input", { type: "search", "data-filter": "text", placeholder: "code, rule, message…", oninput: (e) => { text = e.target.value.trim().toLowerCase(); apply(); } })),
      visibleCount);
    root.append(controls);
    if (!findings.length) root.append(el("p", { cls: "clean", text: "No findings." }));
    root.append(body);
    apply();
    return [stat(counts.error || 0, "errors", "sev-error"), stat(counts.warning || 0, "warnings", "sev-warning"), stat(counts.info || 0, "info", "sev-info")];
  }

  VIEWS.findings = findingsView;
