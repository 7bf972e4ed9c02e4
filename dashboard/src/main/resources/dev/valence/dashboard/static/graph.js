// The graph view: cytoscape draws, ELK lays out. Large graphs use cytoscape's own breadth-first
// layout and cheap edges, because a layered layout of thousands of nodes takes too long for a page.
"use strict";
window.GraphView = (function () {
  const BIG = 1500;
  const COLORS = { PENDING: "#9aa4b1", RUNNING: "#2f7fe0", COMPLETED: "#2e9e5b", REUSED: "#7a5cc7",
    FAILED: "#d64545", CANCELLED: "#d29b2a" };
  let loading = null;

  function script(src) {
    return new Promise((resolve, reject) => {
      const tag = document.createElement("script");
      tag.src = src;
      tag.onload = resolve;
      tag.onerror = () => reject(new Error("cannot load " + src));
      document.head.append(tag);
    });
  }

  // The libraries are loaded only when a graph is drawn: the list page does not need 2 MB of script.
  function load() {
    if (!loading) {
      loading = script("/vendor/cytoscape.min.js")
        .then(() => script("/vendor/elk.bundled.js"))
        .then(() => script("/vendor/cytoscape-elk.js"));
    }
    return loading;
  }

  function style(big) {
    const rules = [
      { selector: "node", style: {
        "background-color": COLORS.PENDING,
        label: "data(label)", color: "#1d232b", "font-size": 10, "text-valign": "bottom", "text-margin-y": 3,
        width: 18, height: 18, "border-width": 0, "min-zoomed-font-size": big ? 9 : 4 } },
      // A selector per status, not a function: cytoscape caches selector styles, not mapper functions.
      ...Object.entries(COLORS).map(([status, color]) => ({ selector: "node[status = '" + status + "']", style: { "background-color": color } })),
      { selector: "node[kind != 'ELECTRON'][kind != 'SUBLATTICE']", style: { width: 10, height: 10, opacity: 0.7 } },
      { selector: "node[kind = 'SUBLATTICE']", style: { shape: "round-rectangle", width: 24 } },
      // An expanded sublattice: a box around its child dispatch's nodes, its name on top.
      { selector: ":parent", style: { shape: "round-rectangle", "background-color": "#eef1f5", "background-opacity": 1,
        "border-width": 1, "border-color": "#9aa4b1", "text-valign": "top", "text-margin-y": -4, padding: 12 } },
      { selector: "node[size > 1]", style: { shape: "round-rectangle", width: 44, height: 26, "text-wrap": "wrap" } },
      // Reused nodes are marked twice: their colour and a double ring.
      { selector: "node[status = 'REUSED']", style: { "border-width": 3, "border-style": "double", "border-color": "#4b3587" } },
      { selector: "node[status = 'RUNNING']", style: { "border-width": 3, "border-color": "#a9c9f5" } },
      { selector: "node.match", style: { "border-width": 4, "border-color": "#f2a900", "border-style": "solid", "z-index": 10 } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#1d232b", "border-style": "solid" } },
      { selector: "edge", style: big
        ? { "curve-style": "haystack", width: 1, "line-color": "#c9ced6", opacity: 0.6 }
        : { "curve-style": "bezier", width: 1.2, "line-color": "#c2c8d0", "target-arrow-shape": "triangle",
          "target-arrow-color": "#c2c8d0", "arrow-scale": 0.7 } },
    ];
    return rules;
  }

  function elements(nodes, model) {
    const list = [];
    if (model) {
      model.groups.forEach((g, k) => g.kind !== "CONSTANT" && list.push({ group: "nodes", data: { id: "g" + k, group: k, label: Groups.label(g),
        kind: g.kind, status: Groups.status(g), size: g.size } }));
      const shown = (k) => model.groups[k].kind !== "CONSTANT";
      for (const [from, to] of model.edges) if (shown(from) && shown(to)) list.push({ group: "edges", data: { id: "e" + from + "_" + to, source: "g" + from, target: "g" + to } });
      return list;
    }
    // Constants are literal arguments: drawn, they only clutter; the node table lists them.
    const drawn = (i) => nodes.kind[i] !== "CONSTANT";
    for (let i = 0; i < nodes.count; i++) {
      if (drawn(i)) list.push({ group: "nodes", data: { id: "n" + i, index: i, label: nodes.name[i], kind: nodes.kind[i], status: nodes.status[i] } });
    }
    for (let i = 0; i < nodes.count; i++) {
      if (!drawn(i)) continue;
      for (const from of nodes.args[i]) {
        if (!drawn(from)) continue;
        list.push({ group: "edges", data: { id: "e" + from + "_" + i, source: "n" + from, target: "n" + i } });
      }
    }
    return list;
  }

  function layout(big) {
    return big
      ? { name: "breadthfirst", directed: true, spacingFactor: 0.9, animate: false, fit: true, padding: 20 }
      : { name: "elk", fit: true, padding: 20, animate: false, nodeDimensionsIncludeLabels: true,
        elk: { algorithm: "layered", "elk.direction": "DOWN", "elk.layered.spacing.nodeNodeBetweenLayers": 40,
          "elk.spacing.nodeNode": 16, "elk.hierarchyHandling": "INCLUDE_CHILDREN" } };
  }

  /**
   * Draws the graph; resolves to a controller once laid out and drawn. A graph over BIG nodes is
   * drawn condensed (one element per electron) unless {@code every} asks for every node.
   */
  async function render(container, nodes, handlers, every) {
    await load();
    const t = window.valenceTimings || {};
    t.libsMs = performance.now();
    const model = nodes.count > BIG && !every ? Groups.build(nodes) : null;
    const big = !model && nodes.count > BIG;
    const cy = cytoscape({
      container, style: style(big),
      minZoom: 0.02, maxZoom: 4, wheelSensitivity: 0.3,
      // Big graphs: draw a bitmap while panning and zooming, and hide edges meanwhile.
      textureOnViewport: big, hideEdgesOnViewport: big, pixelRatio: big ? 1 : "auto",
      boxSelectionEnabled: false,
    });
    // Added after creation in one call: several times faster than passing 10,000 elements to the constructor.
    cy.add(elements(nodes, model));
    window.valenceGraph = cy; // for the browser tests and for the curious in the console
    t.elementsMs = performance.now();
    await new Promise((resolve) => {
      const run = cy.layout(layout(big));
      run.one("layoutstop", resolve);
      run.run();
    });
    t.layoutMs = performance.now();
    let autoFit = true; // until the user zooms, the graph keeps fitting its view
    const fitAll = () => {
      cy.fit(undefined, 20);
      if (cy.zoom() > 1.5) { cy.zoom(1.5); cy.center(); } // a small graph is not blown up to the window's size
    };
    fitAll();
    container.addEventListener("wheel", () => { autoFit = false; }, { passive: true });
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    cy.on("tap", "node", (event) => {
      const data = event.target.data();
      if (model) handlers.group(model.groups[data.group].name);
      else if (data.dispatch) handlers.selectInside(data.dispatch, data.index, event.target.id());
      else handlers.select(data.index);
    });
    // A double click on a sublattice shows its child dispatch inside the graph, or folds it again.
    cy.on("dbltap", "node[kind = 'SUBLATTICE']", (event) => {
      if (!model && !big) handlers.toggle(event.target.id(), event.target.data("dispatch") || null, event.target.data("index"));
    });
    // The side panel narrows the view: cytoscape must be told, or its canvas overflows the panel.
    const resizing = new ResizeObserver(() => { cy.resize(); if (autoFit) fitAll(); });
    resizing.observe(container);
    const element = (index) => cy.getElementById(model ? "g" + model.of[index] : "n" + index);

    const relayout = () => new Promise((resolve) => {
      const run = cy.layout(layout(false));
      run.one("layoutstop", resolve);
      run.run();
    });

    return {
      big,
      condensed: !!model,
      /** Whether sublattices can be shown inside the graph: in the layered view only. */
      canExpand: !model && !big,
      /** @return whether the sublattice drawn as this element shows its child's nodes */
      isExpanded(elementId) { return cy.getElementById(elementId).isParent(); },
      /**
       * Shows a child dispatch's nodes inside its sublattice's element (a compound node), or
       * removes them. Their statuses are those read now: the child's own page follows it live.
       */
      async toggle(elementId, child) {
        const holder = cy.getElementById(elementId);
        if (holder.empty()) return false;
        if (holder.isParent()) {
          cy.remove(holder.descendants());
        } else {
          const inner = child.nodes;
          const added = [];
          const drawn = (i) => inner.kind[i] !== "CONSTANT";
          for (let i = 0; i < inner.count; i++) {
            if (drawn(i)) added.push({ group: "nodes", data: { id: elementId + "/" + i, parent: elementId, index: i,
              dispatch: child.id, label: inner.name[i], kind: inner.kind[i], status: inner.status[i] } });
          }
          for (let i = 0; i < inner.count; i++) {
            if (!drawn(i)) continue;
            for (const from of inner.args[i]) {
              if (drawn(from)) added.push({ group: "edges", data: { id: elementId + "/e" + from + "_" + i,
                source: elementId + "/" + from, target: elementId + "/" + i } });
            }
          }
          cy.add(added);
        }
        await relayout();
        if (autoFit) fitAll();
        return holder.isParent();
      },
      /** Applies [index, status] changes; {@code before} holds the statuses they replace. */
      update(changes, before) {
        cy.batch(() => {
          if (!model) {
            for (const [index, status] of changes) cy.getElementById("n" + index).data("status", status);
            return;
          }
          const touched = new Set();
          changes.forEach(([index, status], k) => touched.add(Groups.move(model, index, before[k], status)));
          for (const g of touched) {
            cy.getElementById("g" + g).data({ status: Groups.status(model.groups[g]), label: Groups.label(model.groups[g]) });
          }
        });
      },
      select(index, elementId) {
        cy.$(":selected").unselect();
        const node = elementId ? cy.getElementById(elementId) : element(index);
        node.select();
        if (node.empty()) return; // constants are not drawn
        const box = node.renderedBoundingBox();
        if (box.x2 < 0 || box.y2 < 0 || box.x1 > cy.width() || box.y1 > cy.height()) cy.center(node);
      },
      find(text) {
        cy.batch(() => cy.nodes(".match").removeClass("match"));
        if (!text) return 0;
        const needle = text.toLowerCase();
        const matches = cy.nodes().filter((n) => n.data("label").split("\n")[0].toLowerCase().includes(needle));
        matches.addClass("match");
        if (matches.length) cy.fit(matches.length > 200 ? matches.slice(0, 200) : matches, 60);
        return matches.length;
      },
      fit() { autoFit = true; fitAll(); },
      zoom(factor) {
        autoFit = false;
        cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
      },
      destroy() { resizing.disconnect(); cy.destroy(); if (window.valenceGraph === cy) window.valenceGraph = null; },
    };
  }

  return { render, COLORS };
})();
