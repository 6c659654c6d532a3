  // -- matrix: actions × personas ----------------------------------------------------------
  // A cell's colour always comes with a symbol, so the grid reads in grey-scale too.
  const CELL = {
    any: { mark: "●", label: "allowed on any project" },
    domain: { mark: "◐", label: "allowed in the same domain" },
    own: { mark: "◒", label: "allowed on its own only" },
    mixed: { mark: "◔", label: "allowed on some targets only" },
    deny: { mark: "·", label: "denied" },
    error: { mark: "!", label: "evaluation error" },
    unknown: { mark: "?", label: "unknown" },
  };

  function legend() {
    return el("div", { cls: "legend" }, ...Object.entries(CELL).map(([value, cell]) =>
      el("span", { cls: "v-" + value }, `${cell.mark} ${cell.label}`)));
  }

  function cellPanel(row, column, cell) {
    const parts = [el("h2", { text: row.name }), el("p", {}, el("strong", { text: column.label }),
      column.title ? el("span", { cls: "hint", text: " — " + column.title }) : null)];
    parts.push(el("p", { cls: "v-" + cell.value, text: `${CELL[cell.value].mark} ${cell.text || CELL[cell.value].label}` }));
    // Targets decided the same way by the same branch are shown once.
    const groups = new Map();
    for (const [target, detail] of cell.targets || []) {
      const key = JSON.stringify([detail.outcome, detail.branch || "", detail.reason || ""]);
      if (!groups.has(key)) groups.set(key, { detail, targets: [] });
      groups.get(key).targets.push([target, detail.description]);
    }
    for (const { detail, targets } of groups.values()) {
      parts.push(el("h3", { text: `${targets.map(([target]) => target).join(", ")}: ${detail.outcome}` }));
      parts.push(el("ul", { cls: "hint" }, ...targets.map(([target, description]) => el("li", { text: `${target}: ${description}` }))));
      if (detail.branch) parts.push(el("div", { cls: "hint", text: "deciding branch" }), el("pre", { cls: "branch", text: detail.branch }));
      if (detail.reason) parts.push(el("pre", { cls: "reason", text: detail.reason }));
    }
    if (row.rule) parts.push(el("h3", { text: "rule" }), el("pre", { cls: "rule-text", text: row.rule }));
    if (row.where) parts.push(el("p", { cls: "mono where", text: row.where }));
    openPanel(...parts);
  }

  function matrixTable(model, root) {
    let actionText = "";
    let onlyDifferences = false;
    const hiddenColumns = new Set();
    const table = el("table", { cls: "matrix" });
    const head = el("tr", {}, el("th", { text: "action" }),
      ...model.columns.map((column, index) => el("th", { "data-col": index, title: column.title || "" }, column.label,
        column.count > 1 ? el("div", { cls: "hint", text: `${column.count} users` }) : null)));
    table.append(el("thead", {}, head));
    const rows = [];
    const groups = [];
    const body = el("tbody");
    // 1,500 actions × 20 personas are 30,000 cells: each is a clone of a prepared cell,
    // and one listener on the table serves them all.
    const prepared = {};
    for (const [value, cell] of Object.entries(CELL)) prepared[value] = el("td", { cls: "cell v-" + value, "data-value": value }, cell.mark);
    const fragment = document.createDocumentFragment();
    for (const group of model.groups) {
      const groupRow = el("tr", { cls: "group" }, el("th", { colspan: model.columns.length + 1, text: group.name }));
      fragment.append(groupRow);
      const members = [];
      for (const row of group.rows) {
        const tr = el("tr", { cls: "action" }, el("th", { title: row.where || "", cls: "mono", text: row.name }));
        row.cells.forEach((cell, index) => {
          const td = prepared[cell.value].cloneNode(true);
          td.dataset.col = index;
          tr.append(td);
        });
        tr._row = row;
        tr._search = row.name.toLowerCase();
        tr._values = row.cells.map((cell) => cell.value);
        rows.push(tr);
        members.push(tr);
        fragment.append(tr);
      }
      groups.push([groupRow, members]);
    }
    body.append(fragment);
    const cellOf = (event) => {
      const td = event.target.closest("td.cell");
      if (!td) return null;
      const row = td.parentElement._row;
      const index = Number(td.dataset.col);
      return { td, row, index, cell: row.cells[index], column: model.columns[index] };
    };
    body.addEventListener("click", (event) => { const hit = cellOf(event); if (hit) cellPanel(hit.row, hit.column, hit.cell); });
    body.addEventListener("mouseover", (event) => {
      const hit = cellOf(event);
      if (hit && !hit.td.title) hit.td.title = `${hit.row.name} — ${hit.column.label}: ${hit.cell.text || CELL[hit.cell.value].label}`;
    });
    table.append(body);
    let columnsFiltered = false;
    function apply() {
      const shownColumns = model.columns.map((_, index) => !hiddenColumns.has(index));
      if (hiddenColumns.size || columnsFiltered) {
        for (const cellNode of table.querySelectorAll("[data-col]")) cellNode.classList.toggle("hidden", !shownColumns[Number(cellNode.dataset.col)]);
        columnsFiltered = hiddenColumns.size > 0;
      }
      for (const tr of rows) {
        const values = tr._values.filter((_, index) => shownColumns[index]);
        const differs = new Set(values).size > 1;
        tr.classList.toggle("hidden", (actionText && !tr._search.includes(actionText)) || (onlyDifferences && !differs));
      }
      for (const [groupRow, members] of groups) groupRow.classList.toggle("hidden", members.every((tr) => tr.classList.contains("hidden")));
      count.textContent = `${rows.filter((tr) => !tr.classList.contains("hidden")).length} of ${rows.length} actions shown`;
    }
    const count = el("span", { cls: "visible-count" });
    const personaFilter = el("details", { cls: "persona-filter" }, el("summary", { text: "personas" }),
      ...model.columns.map((column, index) => el("label", { style: "display:block" },
        el("input", { type: "checkbox", checked: true, "data-filter-persona": column.label,
          onchange: (event) => { if (event.target.checked) hiddenColumns.delete(index); else hiddenColumns.add(index); apply(); } }),
        " " + column.label)));
    root.append(el("div", { cls: "controls" },
      el("label", {}, "action ", el("input", { type: "search", "data-filter": "action", placeholder: "servers:create…",
        oninput: (event) => { actionText = event.target.value.trim().toLowerCase(); apply(); } })),
      el("label", {}, el("input", { type: "checkbox", "data-filter": "differences",
        onchange: (event) => { onlyDifferences = event.target.checked; apply(); } }), " only actions where personas differ"),
      personaFilter, count));
    root.append(legend(), el("div", { cls: "matrix-wrap" }, table));
    apply();
  }

  // The JSON of `policykit matrix --format json`: one matrix, or one per service.
  function matrixModels(data) {
    const matrices = data.matrices || [data];
    return matrices.map((matrix) => {
      const targets = matrix.targets || [];
      const columns = (matrix.columns || []).map((column) => ({
        label: column.label || column.name, title: column.description || "", count: column.users || column.personas || 1 }));
      const groups = [];
      const byName = new Map();
      for (const row of matrix.rows || []) {
        const name = [row.service, row.resource].filter(Boolean).join(" · ") || "actions";
        if (!byName.has(name)) { const group = { name, rows: [] }; byName.set(name, group); groups.push(group); }
        const rule = row.rule || {};
        byName.get(name).rows.push({
          name: row.action,
          rule: rule.text === undefined ? null : (rule.text || "(nothing decides: denied)"),
          where: [rule.location, rule.source, rule.via ? "via " + rule.via : null].filter(Boolean).join(" · "),
          cells: row.cells.map((cell) => ({
            value: CELL[cell.verdict] ? cell.verdict : "unknown",
            text: cell.text,
            targets: targets.map((target) => [target.label || target.relation, {
              outcome: (cell.outcomes || {})[target.relation] || "", description: target.description || "",
              branch: (cell.branches || {})[target.relation],
              reason: (cell.errors || {})[target.relation] }]),
          })),
        });
      }
      const title = matrix.service || (matrix.state && matrix.state.label) || "matrix";
      const targetText = targets.map((target) => `${target.label || target.relation}: ${target.description}`).join(" · ");
      return { title, columns, groups, targets: targetText, skipped: data.skipped || [] };
    });
  }

  function matrixView(section, root) {
    const models = matrixModels(section.data);
    for (const skipped of (models[0] && models[0].skipped) || []) root.append(el("p", { cls: "note skipped", text: "not analysed: " + skipped }));
    const totals = { actions: 0, personas: 0, errors: 0, unknown: 0 };
    for (const model of models) {
      if (models.length > 1) root.append(el("h3", { text: model.title }));
      if (model.targets) root.append(el("p", { cls: "hint targets" }, model.targets));
      matrixTable(model, root);
      totals.actions += model.groups.reduce((sum, group) => sum + group.rows.length, 0);
      totals.personas = Math.max(totals.personas, model.columns.length);
      for (const group of model.groups) for (const row of group.rows) for (const cell of row.cells) {
        if (cell.value === "error") totals.errors += 1;
        if (cell.value === "unknown") totals.unknown += 1;
      }
    }
    const cards = [stat(totals.actions, "actions"), stat(totals.personas, "personas")];
    if (totals.errors) cards.push(stat(totals.errors, "cells with errors", "sev-error"));
    if (totals.unknown) cards.push(stat(totals.unknown, "cells unknown", "sev-warning"));
    const skipped = (models[0] && models[0].skipped.length) || 0;
    if (skipped) cards.push(stat(skipped, "not analysed", "sev-warning"));
    return cards;
  }
  VIEWS.matrix = matrixView;
