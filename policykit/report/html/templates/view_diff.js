  // -- diff: who gains (security) and who loses (breakage) -----------------------------------
  const KIND = {
    gain: { mark: "▲", label: "gains", cls: "gain" },
    loss: { mark: "▼", label: "loses", cls: "loss" },
    error: { mark: "!", label: "evaluation error", cls: "sev-error" },
  };

  function ruleBox(label, rule, scopes) {
    if (!rule) return el("div", {}, el("div", { cls: "hint", text: label }), el("pre", { text: "(no such action)" }));
    return el("div", { cls: "rule-side" }, el("div", { cls: "hint", text: `${label} · ${rule.source || ""}${rule.via ? " via " + rule.via : ""}` }),
      el("pre", { cls: "rule-text", text: rule.text || "(nothing decides: denied)" }),
      rule.location ? el("div", { cls: "mono hint", text: rule.location }) : null,
      scopes ? el("div", { cls: "hint", text: "scope types: " + scopes.join(", ") }) : null);
  }

  function symbolicLine(symbolic) {
    if (!symbolic) return null;
    const parts = [el("strong", { text: "symbolic: " }), symbolic.status || ""];
    if (symbolic.reason) parts.push(el("span", { cls: "hint", text: " — " + symbolic.reason }));
    const box = el("div", { cls: "symbolic symbolic-" + (symbolic.status || "unknown") }, ...parts);
    if (symbolic.command) box.append(el("pre", { cls: "witness", text: symbolic.command }));
    return box;
  }

  function changeTable(changes, kind) {
    const rows = changes.filter((change) => change.kind === kind);
    if (!rows.length) return null;
    return el("table", { cls: "list changes" }, el("thead", {}, el("tr", {}, el("th", { text: "persona" }), el("th", { text: "target" }),
      el("th", { text: "before → after" }), el("th", { text: "deciding branch before / after" }))),
      el("tbody", {}, ...rows.map((change) => el("tr", { cls: "change " + KIND[kind].cls, "data-kind": kind },
        el("td", {}, el("span", { cls: KIND[kind].cls, text: KIND[kind].mark + " " }), change.persona,
          change.personas > 1 ? el("span", { cls: "hint", text: ` (${change.personas} personas)` }) : null),
        el("td", { text: change.relation }),
        el("td", { text: `${change.before} → ${change.after}` }),
        el("td", {}, el("pre", { text: change.branch_before || "" }), el("pre", { text: change.branch_after || "" }))))));
  }

  function diffView(section, root) {
    const data = section.data;
    const summary = data.summary || {};
    const actions = data.actions || [];
    let kindShown = { gain: true, loss: true, error: true, none: true };
    let text = "";
    // Gains first: they are the security question; then losses, then the rest.
    const order = (action) => (action.gains ? 0 : action.losses ? 1 : action.errors ? 2 : 3);
    const sorted = actions.slice().sort((a, b) => order(a) - order(b) || a.action.localeCompare(b.action));
    const blocks = [];
    const list = el("div", { cls: "diff-actions" });
    for (const action of sorted) {
      const kinds = [action.gains ? "gain" : null, action.losses ? "loss" : null, action.errors ? "error" : null].filter(Boolean);
      const counts = [action.gains ? `${KIND.gain.mark} ${action.gains} gain${action.gains === 1 ? "" : "s"}` : null,
        action.losses ? `${KIND.loss.mark} ${action.losses} loss${action.losses === 1 ? "" : "es"}` : null,
        action.errors ? `! ${action.errors} error${action.errors === 1 ? "" : "s"}` : null].filter(Boolean).join(" · ");
      const block = el("details", { cls: "diff-action", open: Boolean(action.gains), "data-kinds": kinds.join(" ") || "none" },
        el("summary", {}, el("span", { cls: "mono", text: action.action }),
          action.old_action && action.old_action !== action.action ? el("span", { cls: "hint", text: ` (was ${action.old_action})` }) : null,
          el("span", { cls: "hint", text: ` — ${action.status || ""}${counts ? " · " + counts : ""}` })),
        el("div", { cls: "rule-pair" }, ruleBox("before", action.old, action.old_scope_types), ruleBox("after", action.new, action.new_scope_types)),
        symbolicLine(action.symbolic),
        changeTable(action.changes || [], "gain"), changeTable(action.changes || [], "loss"), changeTable(action.changes || [], "error"));
      block._kinds = kinds.length ? kinds : ["none"];
      block._search = [action.action, action.old_action, action.old && action.old.text, action.new && action.new.text,
        ...(action.changes || []).map((change) => change.persona)].join(" ").toLowerCase();
      blocks.push(block);
      list.append(block);
    }
    function apply() {
      for (const block of blocks) block.classList.toggle("hidden", !block._kinds.some((kind) => kindShown[kind]) || (text && !block._search.includes(text)));
      count.textContent = `${blocks.filter((block) => !block.classList.contains("hidden")).length} of ${blocks.length} actions shown`;
    }
    const count = el("span", { cls: "visible-count" });
    const toggle = (kind, label) => el("label", {}, el("input", { type: "checkbox", checked: true, "data-filter-kind": kind,
      onchange: (event) => { kindShown[kind] = event.target.checked; apply(); } }), " " + label);
    root.append(el("p", { cls: "hint", text: `old: ${(data.old && data.old.sources || []).join(", ")} · new: ${(data.new && data.new.sources || []).join(", ")}` }));
    root.append(el("div", { cls: "controls" }, toggle("gain", "▲ gains"), toggle("loss", "▼ losses"), toggle("error", "! errors"), toggle("none", "rule changed, same decisions"),
      el("label", {}, "text ", el("input", { type: "search", "data-filter": "text", placeholder: "action, rule, persona…",
        oninput: (event) => { text = event.target.value.trim().toLowerCase(); apply(); } })), count));
    if (!actions.length) root.append(el("p", { cls: "clean", text: "No action changes for these personas." }));
    root.append(list);
    apply();
    const cards = [stat(summary.gains || 0, "gains (security)", "gain"), stat(summary.losses || 0, "losses (breakage)", "loss"),
      stat(summary.changed || 0, "actions changed"), stat(summary.actions || 0, "actions compared")];
    if (summary.errors) cards.push(stat(summary.errors, "evaluation errors", "sev-error"));
    if (summary.unknown) cards.push(stat(summary.unknown, "unknown (symbolic)", "sev-warning"));
    return cards;
  }
  VIEWS.diff = diffView;
