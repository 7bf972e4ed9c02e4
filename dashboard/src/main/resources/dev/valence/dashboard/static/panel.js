// The node side panel: everything stored about one node, read when it is clicked.
"use strict";
window.NodePanel = (function () {
  const { api, el, badge, duration, time } = V;

  let shown = 0;

  async function show(panel, dispatchId, index, expander) {
    const ticket = ++shown; // a slow answer for an earlier click must not replace a later one
    try {
      await draw(panel, dispatchId, index, ticket, expander);
    } catch (e) {
      V.fill(panel, el("div", { class: "error" }, "Cannot show the node: " + e.message));
    }
  }

  async function draw(panel, dispatchId, index, ticket, expander) {
    panel.hidden = false;
    V.fill(panel, el("p", { class: "muted" }, "Loading…"));
    let node;
    try {
      node = await api("dispatches/" + encodeURIComponent(dispatchId) + "/nodes/" + index);
    } catch (e) {
      V.fill(panel, el("div", { class: "error" }, e.message));
      return;
    }
    if (ticket !== shown) return;
    const facts = [
      ["Status", badge(node.status)],
      ["Kind", node.kind.toLowerCase()],
      node.electron && ["Electron", el("span", { class: "mono" }, node.electron)],
      node.reusedFrom && ["Reused from", el("a", { id: "panel-reused-from", href: "#/d/" + encodeURIComponent(node.reusedFrom), class: "mono" }, node.reusedFrom)],
      node.childDispatch && ["Sublattice", el("span", {},
        el("a", { href: "#/d/" + encodeURIComponent(node.childDispatch), class: "mono", id: "panel-child" }, node.childDispatch),
        expander && el("button", { id: "panel-expand", style: "margin-left:6px", onclick: async (event) => {
          const button = event.target;
          button.disabled = true;
          const open = await expander.toggle(node.childDispatch).catch(() => false);
          button.textContent = open ? "Fold in the graph" : "Show inside the graph";
          button.disabled = false;
        } }, expander.expanded() ? "Fold in the graph" : "Show inside the graph"))],
      ["Attempts", node.attempts],
      node.startedAt && ["Started", time(node.startedAt)],
      node.endedAt && ["Ended", time(node.endedAt)],
      node.durationMs !== undefined && ["Duration", duration(node.durationMs)],
      node.codeFingerprint && ["Code", el("span", { class: "mono", title: "code fingerprint" }, node.codeFingerprint)],
      node.cacheKey && ["Cache key", el("span", { class: "mono" }, node.cacheKey)],
    ].filter(Boolean);
    V.fill(panel, 
      el("div", { class: "bar" }, el("h2", { id: "panel-name" }, node.name),
        el("button", { style: "margin-left:auto", onclick: () => { panel.hidden = true; }, title: "Close" }, "×")),
      el("dl", {}, facts.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
      node.reason && section("Why", el("p", { id: "panel-reason" }, node.reason)),
      node.error && section("Error", el("pre", { id: "panel-error", class: "mono" }, node.error)),
      node.stdout && section("Stdout" + (node.outputTruncated ? " (end only)" : ""), el("pre", { id: "panel-stdout", class: "mono" }, node.stdout)),
      node.stderr && section("Stderr", el("pre", { id: "panel-stderr", class: "mono" }, node.stderr)),
      node.files && section("Command files", downloads(node)),
      node.value !== undefined && section("Value" + (node.valueTruncated ? " (beginning)" : ""), el("pre", { id: "panel-value", class: "mono" }, node.value)),
      node.valueUnavailable && section("Value", el("p", { class: "muted" }, "Not shown: " + node.valueUnavailable)));
  }

  // A command's output files and its own stdout/stderr, each a download streamed from the store.
  function downloads(node) {
    const link = (file, kind) => el("li", {},
      el("a", { href: file.href, download: file.name, class: "mono", "data-kind": kind }, file.name),
      " ", el("span", { class: "muted" }, size(file.size)));
    return el("ul", { id: "panel-files" },
      node.files.map((file) => link(file, "file")),
      node.streams.map((stream) => link(stream, "stream")));
  }

  function size(bytes) {
    if (bytes < 1024) return bytes + " B";
    if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(1) + " KiB";
    return (bytes / 1024 / 1024).toFixed(1) + " MiB";
  }

  function section(title, body) {
    return [el("h3", {}, title), body];
  }

  return { show };
})();
