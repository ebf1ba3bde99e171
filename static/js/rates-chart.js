// The three-rates bar chart (部门三率对比) from the JSON the rates partial embeds
// (#rates-chart-data). Drawn on page load and again whenever htmx swaps a new partial in; a
// static file, not inline, so the page works under the CSP.
(function () {
  function draw() {
    var el = document.getElementById("rates-chart");
    var source = document.getElementById("rates-chart-data");
    if (!el || !source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    var chart = echarts.getInstanceByDom(el) || echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + "%"; } },
      legend: { top: 0 },
      grid: { left: 40, right: 10, bottom: 60, top: 40 },
      xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: data.labels.length > 4 ? 30 : 0 } },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: data.series.map(function (s) { return { name: s.name, type: "bar", data: s.values }; })
    }, true);
  }
  window.addEventListener("resize", function () {
    var el = document.getElementById("rates-chart");
    var chart = el && window.echarts && echarts.getInstanceByDom(el);
    if (chart) { chart.resize(); }
  });
  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
