// Draws the plotly charts of a page from the JSON in <script type="application/json" id="chart-data">.
// Titles come from data-title-* attributes of #followup-charts (the page's language). Numbers on the axes
// are written as the page's language does (bemanning/i18n.py): "20 000 000" and "12,5" in Norwegian.
var chartNumbers = function () {
  var norwegian = (document.documentElement.lang || "nb") === "nb";
  return { separators: norwegian ? ",\u202f" : ".,", yaxis: { exponentformat: "none", separatethousands: true } };
};
document.addEventListener("DOMContentLoaded", function () {
  var holder = document.getElementById("followup-charts");
  var source = document.getElementById("chart-data");
  if (!holder || !source || !window.Plotly) return;
  var data = JSON.parse(source.textContent);
  var layout = function (title) {
    return Object.assign({ title: { text: title }, height: 340, margin: { l: 70, r: 20, t: 50, b: 40 }, legend: { orientation: "h" } }, chartNumbers());
  };
  var config = { displaylogo: false, responsive: true };
  var agency = data.agency;
  Plotly.newPlot("chart-agency", [
    { type: "bar", name: holder.dataset.labelActual, x: agency.x, y: agency.actual },
    { type: "scatter", mode: "lines", name: holder.dataset.labelBudget, x: agency.x, y: agency.budget },
  ], layout(holder.dataset.titleAgency), config);
  ["brutto_manedsverk", "overtid_andel_pct", "sykefravaer_pct", "sykefravaer_pct_12m"].forEach(function (key) {
    var traces = (data[key] || []).map(function (s) { return { type: "scatter", mode: "lines", name: s.name, x: s.x, y: s.y }; });
    Plotly.newPlot("chart-" + key, traces, layout(holder.dataset["title" + key.charAt(0).toUpperCase() + key.slice(1)] || holder.getAttribute("data-title-" + key)), config);
  });
  holder.setAttribute("data-drawn", "1");
});

// Scenario comparison: FTE need vs now, annual cost by source (stacked), open shifts and violations.
document.addEventListener("DOMContentLoaded", function () {
  var holder = document.getElementById("scenario-charts");
  var source = document.getElementById("chart-data");
  if (!holder || !source || !window.Plotly) return;
  var d = JSON.parse(source.textContent);
  var a = function (name) { return holder.getAttribute("data-" + name); };
  var layout = function (title, extra) {
    return Object.assign({ title: { text: title }, height: 340, margin: { l: 90, r: 20, t: 50, b: 60 }, legend: { orientation: "h" } }, chartNumbers(), extra || {});
  };
  var config = { displaylogo: false, responsive: true };
  var bar = function (name, y) { return { type: "bar", name: name, x: d.names, y: y }; };
  Plotly.newPlot("chart-fte", [bar(a("fte-need"), d.fte.need), bar(a("fte-current"), d.fte.current)], layout(a("title-fte")), config);
  Plotly.newPlot("chart-cost", [bar(a("cost-own"), d.cost.own), bar(a("cost-overtime"), d.cost.overtime), bar(a("cost-agency"), d.cost.agency)],
    layout(a("title-cost"), { barmode: "stack" }), config);
  Plotly.newPlot("chart-quality", [bar(a("quality-uncovered"), d.quality.uncovered), bar(a("quality-hard"), d.quality.hard)], layout(a("title-quality")), config);
  holder.setAttribute("data-drawn", "1");
});
