// The dispatch list: filter, sort and paging are done by the server; this only asks and draws.
"use strict";
window.DispatchList = (function () {
  const { api, el, badge, duration, time, shortId } = V;
  const PAGE = 50;
  const state = { status: "", q: "", sort: "started", order: "desc", offset: 0 };
  let timer = null;

  function columns() {
    return [
      ["status", "Status", "status"], ["lattice", "Lattice", "lattice"], [null, "Id"],
      ["started", "Started", "started"], ["duration", "Duration", "duration", "num"],
      [null, "Ran", null, "num"], [null, "Reused", null, "num"], [null, "Failed", null, "num"],
    ];
  }

  function show(root) {
    stop();
    const search = el("input", { type: "search", id: "list-search", placeholder: "Search lattice or id", value: state.q });
    search.addEventListener("input", () => { state.q = search.value; state.offset = 0; load(); });
    const status = el("select", { id: "list-status" },
      el("option", { value: "" }, "Any status"),
      ["RUNNING", "COMPLETED", "FAILED", "CANCELLED", "INTERRUPTED"].map((s) =>
        el("option", { value: s, selected: state.status === s }, s.toLowerCase())));
    status.addEventListener("change", () => { state.status = status.value; state.offset = 0; load(); });
    const head = el("tr", {}, columns().map(([key, label, sort, cls]) => {
      const th = el("th", { class: [sort ? "sortable" : "", cls || "", state.sort === sort ? "sorted" : "",
        state.sort === sort && state.order === "asc" ? "asc" : ""].join(" ").trim() }, label);
      if (sort) th.addEventListener("click", () => {
        state.order = state.sort === sort && state.order === "desc" ? "asc" : "desc";
        state.sort = sort; state.offset = 0; show(root);
      });
      return th;
    }));
    V.fill(root, 
      el("div", { class: "bar" }, search, status, el("span", { id: "list-total", class: "muted" })),
      el("table", { id: "dispatch-table" }, el("thead", {}, head), el("tbody", {})),
      el("div", { class: "pager" },
        el("button", { id: "prev", onclick: () => { state.offset = Math.max(0, state.offset - PAGE); load(); } }, "← Newer"),
        el("span", { id: "page", class: "muted" }),
        el("button", { id: "next", onclick: () => { state.offset += PAGE; load(); } }, "Older →")));
    document.getElementById("crumb").textContent = "dispatches";
    load();
    // Running dispatches change: the list refreshes itself while it is shown.
    timer = setInterval(load, 3000);
  }

  function stop() {
    if (timer) clearInterval(timer);
    timer = null;
  }

  async function load() {
    const query = new URLSearchParams({ sort: state.sort, order: state.order, offset: state.offset, limit: PAGE });
    if (state.status) query.set("status", state.status);
    if (state.q) query.set("q", state.q);
    let page;
    try {
      page = await api("dispatches?" + query);
    } catch (e) {
      const body = document.querySelector("#dispatch-table tbody");
      if (body) V.fill(body, el("tr", {}, el("td", { colspan: 8 }, "Cannot read the dispatches: " + e.message)));
      return;
    }
    const body = document.querySelector("#dispatch-table tbody");
    if (!body) return; // the page moved on meanwhile
    V.fill(body, ...page.items.map(row));
    if (page.items.length === 0) {
      body.append(el("tr", {}, el("td", { colspan: 8, class: "muted" }, page.total ? "No more dispatches." : "No dispatches match.")));
    }
    document.getElementById("list-total").textContent = page.total + " dispatch" + (page.total === 1 ? "" : "es");
    document.getElementById("page").textContent = page.total
      ? (page.offset + 1) + "–" + Math.min(page.total, page.offset + page.items.length) + " of " + page.total : "";
    document.getElementById("prev").disabled = page.offset === 0;
    document.getElementById("next").disabled = page.offset + page.items.length >= page.total;
  }

  function row(d) {
    return el("tr", { "data-id": d.id, onclick: () => { location.hash = "#/d/" + encodeURIComponent(d.id); } },
      el("td", {}, badge(d.status)),
      el("td", {}, el("a", { href: "#/d/" + encodeURIComponent(d.id) }, d.lattice)),
      el("td", { class: "mono", title: d.id }, shortId(d.id)),
      el("td", {}, time(d.createdAt)),
      el("td", { class: "num" }, duration(d.durationMs)),
      el("td", { class: "num" }, d.computed ?? ""),
      el("td", { class: "num" }, d.reused ?? ""),
      el("td", { class: "num" }, d.failed || ""));
  }

  return { show, stop };
})();
