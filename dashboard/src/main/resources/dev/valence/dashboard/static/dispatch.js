// One dispatch: its facts, the graph, the timeline and the node table, a side panel for the node
// clicked, and live updates from the server's event stream while it runs.
"use strict";
window.DispatchPage = (function () {
  const { api, el, badge, duration, time } = V;
  const ROWS = 200;
  let current = null;

  function stop() {
    if (!current) return;
    if (current.events) current.events.close();
    if (current.graph) current.graph.destroy();
    current = null;
  }

  async function show(root, id, info) {
    stop();
    const page = { id, info, data: null, graph: null, timeline: null, events: null, rows: ROWS, filter: "", selected: -1 };
    current = page;
    window.valenceTimings = null; // set again once this dispatch is drawn (the browser tests wait for it)
    document.getElementById("crumb").textContent = "dispatch " + id;
    V.fill(root, el("p", { class: "muted" }, "Loading…"));
    let data;
    try {
      data = await api("dispatches/" + encodeURIComponent(id));
    } catch (e) {
      V.fill(root, el("div", { class: "error" }, e.message), el("a", { href: "#/" }, "← all dispatches"));
      return;
    }
    if (current !== page) return;
    page.data = data;
    window.valenceTimings = { dataMs: performance.now() };
    const timings = window.valenceTimings;
    layout(root, page);
    if (data.status === "RUNNING") watch(page);
    await drawGraph(page);
    timings.renderMs = performance.now();
    if (current === page) timings.dispatch = id;
  }

  function layout(root, page) {
    const d = page.data;
    const search = el("input", { type: "search", id: "node-search", placeholder: "Find a node by name" });
    search.addEventListener("input", () => {
      page.filter = search.value.trim();
      page.rows = ROWS;
      const found = page.graph ? page.graph.find(page.filter) : null;
      document.getElementById("found").textContent = page.filter ? (found ?? matching(page).length) + " found" : "";
      fillTable(page);
    });
    const tabs = el("div", { class: "tabs" },
      ["graph", "timeline", "nodes"].filter((name) => name !== "graph" || page.info.graph).map((name) => el("button", { "data-tab": name, onclick: () => tab(page, name) },
        name[0].toUpperCase() + name.slice(1))));
    V.fill(root, 
      el("div", { class: "head" },
        el("h1", {}, d.lattice), el("span", { id: "dispatch-status" }, badge(d.status)),
        el("span", { class: "mono muted", title: "dispatch id" }, d.id),
        el("span", { style: "margin-left:auto" }),
        el("button", { id: "cancel", class: "danger", hidden: d.status !== "RUNNING", onclick: () => cancel(page) }, "Cancel dispatch"),
        el("button", { id: "delete", hidden: d.status === "RUNNING", onclick: () => remove(page) }, "Delete")),
      el("div", { class: "facts", id: "facts" }),
      d.error ? el("div", { class: "error", id: "dispatch-error" }, d.error) : null,
      el("div", { class: "bar" }, search, el("span", { id: "found", class: "muted" }),
        el("span", { class: "legend" }, Object.entries(GraphView.COLORS).map(([s, c]) =>
          el("span", {}, el("i", { style: "background:" + c }), s.toLowerCase())))),
      page.info.graph ? null : el("div", { class: "notice", id: "no-graph" },
        "The graph view is not available: this dashboard was built without npm, which fetches its graph libraries. The node table and the timeline work."),
      tabs,
      el("div", { class: "workspace" },
        el("div", { class: "view" },
          el("section", { id: "graph-view", "data-view": "graph" },
            el("div", { class: "bar" },
              el("button", { onclick: () => page.graph && page.graph.fit() }, "Fit"),
              el("button", { onclick: () => page.graph && page.graph.zoom(1.5) }, "+"),
              el("button", { onclick: () => page.graph && page.graph.zoom(1 / 1.5) }, "−"),
              el("span", { id: "graph-note", class: "muted" })),
            el("div", { id: "graph" })),
          el("section", { id: "timeline-view", "data-view": "timeline", hidden: true },
            el("p", { class: "muted" }, "The nodes that ran, by start time. Reused nodes did not run."),
            el("div", { id: "timeline-box" })),
          el("section", { id: "nodes-view", "data-view": "nodes", hidden: true },
            el("table", { id: "nodes-table" }, el("thead", {}, el("tr", {},
              ["#", "Name", "Kind", "Status", "Started", "Duration", "Reused from"].map((h) => el("th", {}, h)))),
              el("tbody", {})),
            el("div", { class: "pager" }, el("button", { id: "more", onclick: () => { page.rows += ROWS; fillTable(page); } }, "Show more")))),
        el("aside", { id: "panel", hidden: true })));
    facts(page);
    fillTable(page);
    page.timeline = Timeline.create(document.getElementById("timeline-box"), page.data, (i) => select(page, i));
    tab(page, page.info.graph ? "graph" : "nodes");
  }

  function tab(page, name) {
    document.querySelectorAll(".tabs button").forEach((b) => b.classList.toggle("active", b.dataset.tab === name));
    document.querySelectorAll("[data-view]").forEach((v) => { v.hidden = v.dataset.view !== name; });
    if (name === "timeline") page.timeline.refresh();
  }

  function facts(page) {
    const d = page.data;
    const c = d.counts;
    const end = d.endedAt ?? Date.now();
    V.fill(document.getElementById("facts"), 
      el("span", {}, "started ", el("b", {}, time(d.createdAt))),
      el("span", {}, "duration ", el("b", { id: "dispatch-duration" }, duration(end - d.createdAt))),
      el("span", {}, "nodes ", el("b", {}, d.nodes.count)),
      el("span", {}, "ran ", el("b", { id: "count-computed" }, c.computed)),
      el("span", {}, "reused ", el("b", { id: "count-reused" }, c.reused)),
      el("span", {}, "failed ", el("b", { id: "count-failed" }, c.failed)),
      c.running ? el("span", {}, "running ", el("b", {}, c.running)) : null,
      d.redispatchOf ? el("span", {}, "re-runs ", el("a", { href: "#/d/" + encodeURIComponent(d.redispatchOf), class: "mono" }, V.shortId(d.redispatchOf))) : null,
      d.parentId ? el("span", {}, "child of ", el("a", { href: "#/d/" + encodeURIComponent(d.parentId), class: "mono" }, V.shortId(d.parentId))) : null,
      el("span", {}, "reuse ", el("b", {}, d.reuse)));
  }

  function matching(page) {
    const n = page.data.nodes;
    const needle = page.filter.toLowerCase();
    const out = [];
    for (let i = 0; i < n.count; i++) if (!needle || n.name[i].toLowerCase().includes(needle)) out.push(i);
    return out;
  }

  function fillTable(page) {
    const n = page.data.nodes;
    const indexes = matching(page);
    const body = document.querySelector("#nodes-table tbody");
    V.fill(body, ...indexes.slice(0, page.rows).map((i) => el("tr", {
      "data-index": i, class: i === page.selected ? "selected" : null, onclick: () => select(page, i) },
      el("td", { class: "num muted" }, i), el("td", {}, n.name[i]), el("td", { class: "muted" }, n.kind[i].toLowerCase()),
      el("td", {}, badge(n.status[i])), el("td", {}, time(n.start[i])),
      el("td", { class: "num" }, n.start[i] !== null && n.end[i] !== null ? duration(n.end[i] - n.start[i]) : ""),
      el("td", { class: "mono" }, n.reusedFrom[i] !== null ? V.shortId(n.reusedFromIds[n.reusedFrom[i]]) : ""))));
    document.getElementById("more").hidden = indexes.length <= page.rows;
  }

  async function drawGraph(page, every) {
    const note = document.getElementById("graph-note");
    const box = document.getElementById("graph");
    if (!page.info.graph) return; // the notice above the tabs says why
    if (page.graph) { page.graph.destroy(); page.graph = null; }
    const handlers = {
      select: (i) => select(page, i),
      // A node of an expanded sublattice: its panel reads the child dispatch.
      selectInside: (dispatchId, i, elementId) => {
        if (page.graph) page.graph.select(i, elementId);
        NodePanel.show(document.getElementById("panel"), dispatchId, i, expander(page, elementId));
      },
      toggle: (elementId, dispatchId, i) => toggleSublattice(page, elementId, dispatchId, i),
      // A condensed element stands for many nodes: list them in the table.
      group: (name) => {
        const search = document.getElementById("node-search");
        search.value = name;
        search.dispatchEvent(new Event("input"));
        tab(page, "nodes");
      },
    };
    try {
      page.graph = await GraphView.render(box, page.data.nodes, handlers, every);
    } catch (e) {
      V.fill(box, el("div", { class: "notice", id: "no-graph" }, "The graph cannot be drawn: " + e.message));
      return;
    }
    if (current !== page) { page.graph.destroy(); return; }
    const count = page.data.nodes.count;
    if (page.graph.condensed) {
      V.fill(note, count + " nodes, drawn one element per electron; click one to list its nodes. ",
        el("button", { id: "draw-every", onclick: () => {
          note.textContent = "Laying out " + count + " nodes…";
          const timings = window.valenceTimings = { clickMs: performance.now() };
          drawGraph(page, true).then(() => { timings.renderMs = performance.now(); });
        } },
          "Draw every node"));
    } else {
      note.textContent = page.graph.big ? count + " nodes: a breadth-first layout (quick for large graphs); zoom in for names." : "";
    }
  }

  function select(page, index) {
    page.selected = index;
    document.querySelectorAll("#nodes-table tr.selected").forEach((r) => r.classList.remove("selected"));
    const row = document.querySelector('#nodes-table tr[data-index="' + index + '"]');
    if (row) row.classList.add("selected");
    if (page.graph) page.graph.select(index);
    page.timeline.select(index);
    NodePanel.show(document.getElementById("panel"), page.id, index, expander(page, "n" + index));
  }

  // What the panel of a sublattice node offers: showing its child inside the graph, or folding it.
  function expander(page, elementId) {
    if (!page.graph || !page.graph.canExpand) return null;
    return {
      expanded: () => page.graph.isExpanded(elementId),
      toggle: (childId) => toggleSublattice(page, elementId, null, null, childId),
    };
  }

  // Expands or folds a sublattice's element; the child's id comes from the node's details when not known.
  async function toggleSublattice(page, elementId, dispatchId, index, childId) {
    if (!page.graph || !page.graph.canExpand) return false;
    if (page.graph.isExpanded(elementId)) return page.graph.toggle(elementId, null);
    let child = childId;
    if (!child) {
      const node = await api("dispatches/" + encodeURIComponent(dispatchId || page.id) + "/nodes/" + index);
      child = node.childDispatch;
    }
    if (!child) return false; // its child has not started
    const data = await api("dispatches/" + encodeURIComponent(child));
    if (current !== page || !page.graph) return false;
    return page.graph.toggle(elementId, data);
  }

  function watch(page) {
    const events = new EventSource("/api/dispatches/" + encodeURIComponent(page.id) + "/events");
    page.events = events;
    const apply = (message) => {
      if (current !== page) return;
      const change = JSON.parse(message.data);
      const n = page.data.nodes;
      const before = change.nodes.map(([i]) => n.status[i]);
      for (const [i, status, start, end] of change.nodes) {
        n.status[i] = status; n.start[i] = start; n.end[i] = end;
        const row = document.querySelector('#nodes-table tr[data-index="' + i + '"]');
        if (row) {
          row.children[3].replaceChildren(badge(status));
          row.children[4].textContent = time(start);
          row.children[5].textContent = start !== null && end !== null ? duration(end - start) : "";
        }
      }
      if (page.graph) page.graph.update(change.nodes, before);
      page.timeline.refresh();
      page.data.counts = change.counts;
      page.data.status = change.status;
      V.fill(document.getElementById("dispatch-status"), badge(change.status));
      facts(page);
    };
    events.addEventListener("snapshot", apply);
    events.addEventListener("nodes", apply);
    events.addEventListener("end", (message) => {
      apply(message);
      events.close();
      // The end brings statuses only; read the rest (end time, error, reused-from) once.
      api("dispatches/" + encodeURIComponent(page.id)).then((data) => {
        if (current !== page) return;
        page.data.endedAt = data.endedAt; page.data.error = data.error; page.data.nodes.reusedFrom = data.nodes.reusedFrom; page.data.nodes.reusedFromIds = data.nodes.reusedFromIds;
        facts(page); fillTable(page);
        document.getElementById("cancel").hidden = true;
        document.getElementById("delete").hidden = false;
      }).catch(() => {});
    });
    events.addEventListener("gone", () => {
      events.close();
      document.getElementById("facts").prepend(el("div", { class: "notice" }, "This dispatch was deleted."));
    });
  }

  async function cancel(page) {
    if (!confirm("Cancel dispatch " + page.id + "? Its running electrons are interrupted.")) return;
    const button = document.getElementById("cancel");
    button.disabled = true;
    try {
      await api("dispatches/" + encodeURIComponent(page.id) + "/cancel", { method: "POST" });
    } catch (e) {
      alert("Cannot cancel: " + e.message);
      button.disabled = false;
    }
  }

  async function remove(page) {
    if (!confirm("Delete dispatch " + page.id + " from the store? Later dispatches no longer reuse its results.")) return;
    try {
      await api("dispatches/" + encodeURIComponent(page.id), { method: "DELETE" });
      location.hash = "#/";
    } catch (e) {
      alert("Cannot delete: " + e.message);
    }
  }

  return { show, stop };
})();
