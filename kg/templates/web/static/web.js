// kg serve: suggestions as you type in a search box, and a document's statement panel.
// Served from this server (the pages' policy allows no inline script); every text is
// set with textContent, never parsed as HTML.
"use strict";

(function () {
  function suggestBox(input) {
    const list = document.createElement("ul");
    list.className = "suggestions";
    list.hidden = true;
    input.parentNode.style.position = "relative";
    input.parentNode.appendChild(list);
    let timer = null;
    let asked = "";

    function show(hits) {
      list.replaceChildren();
      for (const hit of hits) {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = hit.url;
        link.textContent = hit.label;
        if (hit.name !== hit.label) {
          const as = document.createElement("span");
          as.className = "muted";
          as.textContent = " as “" + hit.name + "”";
          link.appendChild(as);
        }
        if (hit["class"]) {
          const badge = document.createElement("span");
          badge.className = "badge " + String(hit["class"]).toLowerCase();
          badge.textContent = hit["class"];
          link.append(" ", badge);
        }
        item.appendChild(link);
        list.appendChild(item);
      }
      list.hidden = hits.length === 0;
    }

    function ask() {
      const text = input.value.trim();
      if (text === asked) return;
      asked = text;
      if (!text) { show([]); return; }
      fetch("/api/suggest?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (hits) { if (input.value.trim() === text) show(hits); })
        .catch(function () { show([]); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 120);
    });
    input.addEventListener("keydown", function (event) {
      const links = Array.from(list.querySelectorAll("a"));
      if (list.hidden || !links.length) return;
      const at = links.findIndex(function (a) { return a.classList.contains("active"); });
      let next = at;
      if (event.key === "ArrowDown") next = Math.min(at + 1, links.length - 1);
      else if (event.key === "ArrowUp") next = Math.max(at - 1, 0);
      else if (event.key === "Enter" && at >= 0) { event.preventDefault(); links[at].click(); return; }
      else if (event.key === "Escape") { list.hidden = true; return; }
      else return;
      event.preventDefault();
      links.forEach(function (a, i) { a.classList.toggle("active", i === next); });
    });
    document.addEventListener("click", function (event) {
      if (!list.contains(event.target) && event.target !== input) list.hidden = true;
    });
  }

  function statementPanel() {
    const panel = document.getElementById("st-panel");
    const text = document.getElementById("text");
    if (!panel || !text) return;
    const body = panel.querySelector(".panel-body");
    panel.querySelector(".close").addEventListener("click", function () { panel.hidden = true; });
    text.addEventListener("click", function (event) {
      const mark = event.target.closest("a.hl");
      if (!mark) return;
      event.preventDefault();
      body.replaceChildren();
      for (const number of mark.dataset.st.split(" ")) {
        const row = document.getElementById("st-" + number);
        if (!row) continue;
        const cells = row.querySelectorAll("td");
        const line = document.createElement("p");
        const link = document.createElement("a");
        link.href = "#st-" + number;
        link.textContent = "#" + number;
        line.append(link, " ");
        for (const i of [1, 2, 3]) {
          const part = document.createElement(i === 2 ? "b" : "span");
          const anchor = cells[i].querySelector("a");
          if (anchor) {
            const copy = document.createElement("a");
            copy.href = anchor.getAttribute("href");
            copy.textContent = anchor.textContent;
            part.appendChild(copy);
          } else {
            part.textContent = cells[i].textContent;
          }
          line.append(part, " ");
        }
        const qualifier = cells[4].textContent.trim();
        if (qualifier) {
          const q = document.createElement("span");
          q.className = "muted";
          q.textContent = "(" + qualifier + ")";
          line.appendChild(q);
        }
        body.appendChild(line);
      }
      panel.hidden = false;
      panel.dataset.shown = mark.dataset.st;
    });
  }

  document.querySelectorAll("input[data-suggest]").forEach(suggestBox);
  statementPanel();
  document.body.dataset.kgReady = "true";
})();
