  // -- the page --------------------------------------------------------------------------
  function draw() {
    document.getElementById("page-meta").textContent = `${DATA.tool} · ${DATA.generated}`;
    const notes = document.getElementById("notes");
    for (const note of DATA.notes || []) notes.append(el("div", { cls: "note", text: note }));
    const main = document.getElementById("main");
    const nav = document.getElementById("nav");
    const summary = document.getElementById("summary");
    main.replaceChildren();
    let service = undefined;
    DATA.sections.forEach((section, index) => {
      if (section.service !== service) {
        service = section.service;
        if (service) main.append(el("h2", { cls: "service", id: "service-" + slug(service), text: service }));
      }
      const id = `section-${index}-${slug(section.kind)}`;
      const root = el("section", { id, cls: "view view-" + section.kind, "data-kind": section.kind });
      root.append(el(service ? "h3" : "h2", { text: section.title }));
      main.append(root);
      nav.append(el("a", { href: "#" + id, text: section.title }));
      const view = VIEWS[section.kind];
      const cards = view ? view(section, root) : [];
      if (cards && cards.length) summary.append(el("div", { cls: "summary-group", "data-section": id }, el("div", { cls: "l", text: section.title }), el("div", { cls: "summary" }, ...cards)));
    });
    const codes = Object.keys(DATA.rules || {}).sort();
    if (codes.length) {
      const docs = el("section", { id: "rules", cls: "view view-rules" }, el("h2", { text: "Rules" }));
      for (const code of codes) {
        const rule = DATA.rules[code];
        docs.append(el("details", { id: "rule-" + code }, el("summary", {}, el("span", { cls: "mono", text: code }), ` ${rule.name} — ${rule.summary}`), el("pre", { text: rule.doc })));
      }
      main.append(docs);
    }
    document.body.dataset.rendered = String(performance.now());
  }
  draw();
