// A Gantt chart of the nodes that ran: one row per node, ordered by start. Drawn on a canvas the
// size of the view and redrawn on scroll, so 10,000 rows cost what the visible ones cost.
"use strict";
window.Timeline = (function () {
  const AXIS = 24;
  const LABEL = 190;

  function create(box, data, onSelect) {
    const canvas = document.createElement("canvas");
    canvas.id = "timeline";
    canvas.style.position = "sticky";
    canvas.style.top = "0";
    canvas.style.display = "block";
    const spacer = document.createElement("div");
    V.fill(box, canvas, spacer);
    let rows = [];
    let rowH = 20;
    let selected = -1;

    function collect() {
      const n = data.nodes;
      rows = [];
      for (let i = 0; i < n.count; i++) {
        if (n.start[i] !== null && (n.kind[i] === "ELECTRON" || n.kind[i] === "SUBLATTICE")) rows.push(i);
      }
      rows.sort((a, b) => n.start[a] - n.start[b] || a - b);
      rowH = rows.length <= 400 ? 20 : 6;
      spacer.style.height = Math.max(0, AXIS + rows.length * rowH - box.clientHeight) + "px";
    }

    function draw() {
      const n = data.nodes;
      const width = box.clientWidth;
      const height = box.clientHeight;
      const ratio = window.devicePixelRatio || 1;
      canvas.width = width * ratio;
      canvas.height = height * ratio;
      canvas.style.width = width + "px";
      canvas.style.height = height + "px";
      const g = canvas.getContext("2d");
      g.scale(ratio, ratio);
      g.clearRect(0, 0, width, height);
      g.font = "11px system-ui, sans-serif";
      if (!rows.length) {
        g.fillStyle = "#6b7480";
        g.fillText("No node has started yet.", 12, 20);
        return;
      }
      const now = Date.now();
      const t0 = n.start[rows[0]];
      let t1 = t0 + 1;
      for (const i of rows) t1 = Math.max(t1, n.end[i] ?? now);
      const labels = rowH >= 14;
      const left = labels ? LABEL : 8;
      const scale = (width - left - 12) / (t1 - t0);
      const first = Math.floor(box.scrollTop / rowH);
      const last = Math.min(rows.length, first + Math.ceil((height - AXIS) / rowH) + 1);
      for (let r = first; r < last; r++) {
        const i = rows[r];
        const y = AXIS + (r - first) * rowH - (box.scrollTop % rowH);
        const x = left + (n.start[i] - t0) * scale;
        const w = Math.max(2, ((n.end[i] ?? now) - n.start[i]) * scale);
        g.fillStyle = GraphView.COLORS[n.status[i]] || "#9aa4b1";
        g.fillRect(x, y + 2, w, Math.max(1, rowH - 4));
        if (i === selected) { g.strokeStyle = "#1d232b"; g.strokeRect(x - 1, y + 1, w + 2, rowH - 2); }
        if (labels) {
          g.fillStyle = "#1d232b";
          g.fillText(n.name[i].length > 28 ? n.name[i].slice(0, 27) + "…" : n.name[i], 8, y + rowH - 6);
        }
      }
      // The time axis stays on top of the rows.
      g.fillStyle = "#fff";
      g.fillRect(0, 0, width, AXIS);
      g.strokeStyle = "#e3e6ea";
      g.beginPath(); g.moveTo(0, AXIS - 0.5); g.lineTo(width, AXIS - 0.5); g.stroke();
      g.fillStyle = "#6b7480";
      const span = t1 - t0;
      for (let k = 0; k <= 5; k++) {
        const x = left + (span * k / 5) * scale;
        g.fillText("+" + V.duration(Math.round(span * k / 5)), Math.min(x, width - 60), 15);
      }
    }

    canvas.addEventListener("click", (event) => {
      const rect = canvas.getBoundingClientRect();
      const y = event.clientY - rect.top - AXIS + box.scrollTop;
      const r = Math.floor(y / rowH);
      if (y >= 0 && r < rows.length) onSelect(rows[r]);
    });
    box.addEventListener("scroll", () => requestAnimationFrame(draw));
    let pending = false;
    return {
      refresh() {
        // Live updates come every half second; one redraw per frame is plenty.
        if (pending) return;
        pending = true;
        requestAnimationFrame(() => { pending = false; collect(); draw(); });
      },
      select(index) { selected = index; draw(); },
    };
  }

  return { create };
})();
