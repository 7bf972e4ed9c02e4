// Shared helpers of the dashboard's page: fetching the API, formatting, building elements.
"use strict";
window.V = (function () {
  const token = document.querySelector('meta[name="valence-token"]').content;
  const STATUSES = ["PENDING", "RUNNING", "COMPLETED", "REUSED", "FAILED", "CANCELLED"];

  async function api(path, options) {
    const init = Object.assign({ headers: {} }, options || {});
    // Writes carry the token in a header, which a page of another site cannot send.
    if (init.method && init.method !== "GET") init.headers["X-Valence-Token"] = token;
    const response = await fetch("/api/" + path, init);
    const body = await response.json().catch(() => ({ error: response.statusText }));
    if (!response.ok) throw new Error(body.error || response.statusText);
    return body;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // replaceChildren writes null as the text "null"; this drops absent parts instead.
  function fill(node, ...children) {
    node.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false && c !== ""));
    return node;
  }

  function badge(status) {
    return el("span", { class: "status s-" + status, "data-status": status }, status.toLowerCase());
  }

  function duration(ms) {
    if (ms === null || ms === undefined) return "";
    if (ms < 1000) return ms + " ms";
    const s = ms / 1000;
    if (s < 60) return s.toFixed(s < 10 ? 2 : 1) + " s";
    const m = Math.floor(s / 60);
    if (m < 60) return m + " min " + Math.round(s % 60) + " s";
    return Math.floor(m / 60) + " h " + (m % 60) + " min";
  }

  function time(ms) {
    if (ms === null || ms === undefined) return "";
    const d = new Date(ms);
    const today = new Date().toDateString() === d.toDateString();
    return today ? d.toLocaleTimeString() : d.toLocaleString();
  }

  function shortId(id) {
    return id.length > 12 ? id.slice(0, 8) + "…" : id;
  }

  return { api, el, fill, badge, duration, time, shortId, STATUSES, token };
})();
