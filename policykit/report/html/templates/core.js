  // Every value from the data goes into the page through textContent or setAttribute:
  // never as markup, so a rule or project name cannot inject anything.
  const DATA = JSON.parse(document.getElementById("policykit-data").textContent);

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = String(value);
      else if (key === "cls") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const slug = (text) => String(text).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  const loc = (path, line, column) => [path, line, column].filter((p) => p !== null && p !== undefined && p !== "").join(":");

  // A view returns its figures as stats; the page shows them as cards, or as one row of
  // the per-service table of a whole-cloud report.
  const stat = (number, label, cls) => ({ number, label, cls: cls || "" });
  function card(number, label, cls) {
    return el("div", { cls: "card " + (cls || "") }, el("span", { cls: "n", text: number }), el("span", { cls: "l", text: label }));
  }

  // -- side panel: a matrix cell, a rule's documentation ------------------------------
  const panel = document.getElementById("panel");
  const panelBody = document.getElementById("panel-body");
  function openPanel(...content) {
    panelBody.replaceChildren(...content);
    panel.hidden = false;
    document.getElementById("panel-close").focus();
  }
  document.getElementById("panel-close").addEventListener("click", () => { panel.hidden = true; });
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") panel.hidden = true; });

  function showRule(code) {
    const rule = DATA.rules[code];
    if (!rule) return;
    openPanel(el("h2", { text: `${code} ${rule.name}` }), el("p", { cls: "sev sev-" + rule.severity, text: rule.severity }),
      el("pre", { cls: "rule-doc", text: rule.doc }));
  }

  const VIEWS = {};
