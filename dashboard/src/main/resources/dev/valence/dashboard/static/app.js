// Routes the page by its hash: "#/" is the dispatch list, "#/d/<id>" one dispatch.
"use strict";
(function () {
  let info = null;

  async function route() {
    const root = document.getElementById("app");
    if (!info) {
      try {
        info = await V.api("info");
      } catch (e) {
        V.fill(root, V.el("div", { class: "error" }, "The dashboard cannot be read: " + e.message));
        return;
      }
    }
    DispatchList.stop();
    DispatchPage.stop();
    const match = location.hash.match(/^#\/d\/(.+)$/);
    if (match) DispatchPage.show(root, decodeURIComponent(match[1]), info);
    else DispatchList.show(root);
  }

  window.addEventListener("hashchange", route);
  route();
})();
