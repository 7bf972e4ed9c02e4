// The condensed graph of a large dispatch: one element per electron (its calls "step", "step#2", "step[north]"...
// together), so 10,000 calls of a few electrons draw as a few nodes, quickly and readably.
"use strict";
window.Groups = (function () {
  // A group shows the most pressing status among its nodes.
  const URGENCY = ["FAILED", "RUNNING", "CANCELLED", "PENDING", "COMPLETED", "REUSED"];

  // A call's electron: its name without the suffix that tells calls apart ("step#2", "step[north]").
  function base(name) {
    const bracket = name.endsWith("]") ? name.indexOf("[") : -1;
    if (bracket > 0) return name.slice(0, bracket);
    const hash = name.lastIndexOf("#");
    return hash > 0 && /^\d+$/.test(name.slice(hash + 1)) ? name.slice(0, hash) : name;
  }

  function build(nodes) {
    const keys = new Map();
    const groups = [];
    const of = new Int32Array(nodes.count);
    for (let i = 0; i < nodes.count; i++) {
      const key = nodes.kind[i] + ":" + base(nodes.name[i]);
      let g = keys.get(key);
      if (g === undefined) {
        g = groups.length;
        keys.set(key, g);
        groups.push({ name: base(nodes.name[i]), kind: nodes.kind[i], size: 0, counts: {} });
      }
      of[i] = g;
      groups[g].size++;
      groups[g].counts[nodes.status[i]] = (groups[g].counts[nodes.status[i]] || 0) + 1;
    }
    const edges = new Set();
    for (let i = 0; i < nodes.count; i++) {
      for (const from of nodes.args[i]) if (of[from] !== of[i]) edges.add(of[from] + "_" + of[i]);
    }
    return { groups, of, edges: [...edges].map((e) => e.split("_").map(Number)) };
  }

  function status(group) {
    return URGENCY.find((s) => group.counts[s]) || "PENDING";
  }

  function label(group) {
    if (group.size === 1) return group.name;
    const parts = URGENCY.filter((s) => group.counts[s]).map((s) => group.counts[s] + " " + s.toLowerCase());
    return group.name + " ×" + group.size + "\n" + parts.join(", ");
  }

  /** Moves one node from its old status to its new one; returns its group's index. */
  function move(model, index, from, to) {
    const group = model.groups[model.of[index]];
    if (from === to) return model.of[index];
    group.counts[from] = (group.counts[from] || 1) - 1;
    group.counts[to] = (group.counts[to] || 0) + 1;
    return model.of[index];
  }

  return { build, status, label, move };
})();
