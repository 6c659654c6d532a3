  // -- the page --------------------------------------------------------------------------
  function notesList(notes) {
    const box = document.getElementById("notes");
    for (const note of notes || []) {
      const level = typeof note === "string" ? "error" : note.level;
      box.append(el("div", { cls: "note note-" + level, text: typeof note === "string" ? note : note.text }));
    }
  }

  // Per service: one table row with every figure of its sections, so the summary of a
  // whole cloud fits a printed page.
  function serviceTable(rows) {
    const labels = [];
    for (const row of rows) for (const figure of row.stats) if (!labels.includes(figure.label)) labels.push(figure.label);
    return el("table", { cls: "list service-summary" },
      el("thead", {}, el("tr", {}, el("th", { text: "service" }), ...labels.map((label) => el("th", { text: label })))),
      el("tbody", {}, ...rows.map((row) => el("tr", { "data-service": row.name },
        el("th", {}, el("a", { href: "#" + row.anchor, text: row.name })),
        ...labels.map((label) => {
          const figure = row.stats.find((f) => f.label === label);
          const zero = figure && (figure.number === 0 || figure.number === "0");
          return el("td", { cls: figure && !zero ? figure.cls : "", "data-label": label, text: figure ? figure.number : "—" });
        })))));
  }

  function draw() {
    document.getElementById("page-meta").textContent = `${DATA.tool} · ${DATA.generated}`;
    notesList(DATA.notes);
    const main = document.getElementById("main");
    const nav = document.getElementById("nav");
    const summary = document.getElementById("summary");
    main.replaceChildren();
    const perService = DATA.sections.some((section) => section.service);
    const serviceRows = [];
    let current = null;
    DATA.sections.forEach((section, index) => {
      const id = `section-${index}-${slug(section.kind)}`;
      if (perService && (!current || current.name !== (section.service || DATA.title))) {
        const name = section.service || section.title;
        current = { name, anchor: section.service ? "service-" + slug(name) : id, stats: [] };
        serviceRows.push(current);
        if (section.service) {
          main.append(el("h2", { cls: "service", id: current.anchor, text: name }));
          nav.append(el("a", { href: "#" + current.anchor, text: name }));
        }
      }
      const root = el("section", { id, cls: "view view-" + section.kind, "data-kind": section.kind, "data-service": section.service || "" });
      root.append(el(section.service ? "h3" : "h2", { text: section.title }));
      main.append(root);
      if (!perService || !section.service) nav.append(el("a", { href: "#" + id, text: section.title }));
      const view = VIEWS[section.kind];
      const stats = view ? view(section, root) : [];
      if (perService) current.stats.push(...stats);
      else if (stats.length) summary.append(el("div", { cls: "summary-group", "data-section": id },
        DATA.sections.length > 1 ? el("div", { cls: "l", text: section.title }) : null,
        el("div", { cls: "summary" }, ...stats.map((f) => card(f.number, f.label, f.cls)))));
    });
    if (perService) summary.append(serviceTable(serviceRows));
    const codes = Object.keys(DATA.rules || {}).sort();
    if (codes.length) {
      const docs = el("section", { id: "rules", cls: "view view-rules" }, el("h2", { text: "Rules" }));
      for (const code of codes) {
        const rule = DATA.rules[code];
        docs.append(el("details", { id: "rule-" + code }, el("summary", {}, el("span", { cls: "mono", text: code }), ` ${rule.name} — ${rule.summary}`), el("pre", { text: rule.doc })));
      }
      main.append(docs);
      nav.append(el("a", { href: "#rules", text: "Rules" }));
    }
    document.body.dataset.rendered = String(performance.now());
  }
  draw();
