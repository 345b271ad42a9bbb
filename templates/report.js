(function () {
  "use strict";
  // Sorting and filtering only rearrange or hide what the page already shows; without this
  // script every case and finding is still readable. The state lives in the URL fragment
  // (#status=errors&q=7018&sort=-fee&open=1) so that a filtered view can be linked.
  var table = document.getElementById("cases");
  if (!table) { return; }
  var controls = document.getElementById("controls");
  var search = document.getElementById("q");
  var status = document.getElementById("status");
  var shown = document.getElementById("shown");
  var none = document.getElementById("none");
  var expand = document.getElementById("expand");
  var tiles = Array.prototype.slice.call(document.querySelectorAll(".tiles li[data-status]"));
  var bodies = Array.prototype.slice.call(table.tBodies);
  var details = Array.prototype.slice.call(table.querySelectorAll("details"));
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  controls.hidden = false;
  if (details.length === 0) { expand.hidden = true; }

  function remember() {
    var params = new URLSearchParams();
    if (status.value) { params.set("status", status.value); }
    if (search.value.trim()) { params.set("q", search.value.trim()); }
    headers.forEach(function (th) {
      var dir = th.getAttribute("aria-sort");
      if (dir) { params.set("sort", (dir === "descending" ? "-" : "") + th.getAttribute("data-key")); }
    });
    // Some browsers refuse history changes on file:// pages; the view still works there.
    try { history.replaceState(null, "", "#" + params.toString()); } catch (e) { return; }
  }

  function apply() {
    var text = search.value.trim().toLowerCase();
    var want = status.value;
    var count = 0;
    bodies.forEach(function (body) {
      var ok = (want === "" || body.getAttribute("data-status") === want) &&
        (text === "" || body.getAttribute("data-search").indexOf(text) !== -1);
      body.hidden = !ok;
      if (ok) { count += 1; }
    });
    shown.textContent = "Showing " + count + " of " + bodies.length +
      (bodies.length === 1 ? " case" : " cases");
    none.hidden = count !== 0;
    tiles.forEach(function (tile) {
      tile.setAttribute("aria-pressed", String(tile.getAttribute("data-status") === want));
    });
  }

  function sortKey(body, column, numeric) {
    var cell = body.rows[0].cells[column];
    var value = cell.getAttribute("data-sort");
    if (value === null) { value = cell.textContent.trim(); }
    if (numeric) {
      var n = parseFloat(value);
      return isNaN(n) ? -1 : n;
    }
    return value.toLowerCase();
  }

  function sortBy(column, dir) {
    var th = headers[column];
    headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    var numeric = th.getAttribute("data-type") === "number";
    var sign = dir === "ascending" ? 1 : -1;
    bodies.slice().sort(function (a, b) {
      var x = sortKey(a, column, numeric);
      var y = sortKey(b, column, numeric);
      var c = sign * (numeric ? x - y : x.localeCompare(y));
      // Ties keep the report order (by case id) in both directions.
      return c !== 0 ? c : Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
    }).forEach(function (body) { table.appendChild(body); });
  }

  function fromFragment() {
    var hash = location.hash.replace(/^#/, "");
    if (hash.indexOf("rule-") === 0) { return; }
    var params = new URLSearchParams(hash);
    var want = params.get("status") || "";
    var known = Array.prototype.some.call(status.options, function (o) { return o.value === want; });
    status.value = known ? want : "";
    search.value = params.get("q") || "";
    var sort = params.get("sort") || "";
    var key = sort.replace(/^-/, "");
    headers.forEach(function (th, column) {
      if (key && th.getAttribute("data-key") === key) {
        sortBy(column, sort.charAt(0) === "-" ? "descending" : "ascending");
      }
    });
    if (params.get("open") === "1" && expand.textContent === "Expand all") { expand.click(); }
    apply();
  }

  headers.forEach(function (th, column) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    button.title = "Sort by " + th.textContent.toLowerCase();
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      sortBy(column, th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending");
      remember();
    });
  });

  tiles.forEach(function (tile) {
    tile.classList.add("pick");
    tile.setAttribute("role", "button");
    tile.tabIndex = 0;
    function pick() {
      status.value = tile.getAttribute("data-status");
      apply();
      remember();
    }
    tile.addEventListener("click", pick);
    tile.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(); }
    });
  });

  expand.addEventListener("click", function () {
    var open = expand.textContent === "Expand all";
    details.forEach(function (d) { d.open = open; });
    expand.textContent = open ? "Collapse all" : "Expand all";
  });
  // A printed report should show every finding, not closed summaries.
  window.addEventListener("beforeprint", function () {
    details.forEach(function (d) { d.open = true; });
    expand.textContent = "Collapse all";
  });
  search.addEventListener("input", function () { apply(); remember(); });
  status.addEventListener("change", function () { apply(); remember(); });
  window.addEventListener("hashchange", fromFragment);
  fromFragment();
})();
