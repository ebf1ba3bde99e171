// The three-rates bar chart (部门三率对比) from the JSON the rates partial embeds
// (#rates-chart-data). Drawn on page load and again whenever htmx swaps a new partial in; a
// static file, not inline, so the page works under the CSP.
(function () {
  function draw() {
    var el = document.getElementById("rates-chart");
    var source = document.getElementById("rates-chart-data");
    if (!el || !source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    // On a phone the departments' names would overlap under vertical bars: lay the bars on their
    // side, one name per row, and let the chart grow with the number of departments.
    var narrow = el.clientWidth < 600;
    el.style.height = narrow ? Math.max(320, 60 + data.labels.length * data.series.length * 12) + "px" : "";
    var chart = echarts.getInstanceByDom(el) || echarts.init(el);
    chart.resize();
    var names = { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: !narrow && data.labels.length > 4 ? 30 : 0 } };
    var values = { type: "value", max: 100, axisLabel: { formatter: "{value}%" } };
    if (narrow) { names.inverse = true; }
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + "%"; } },
      legend: { top: 0 },
      grid: narrow ? { left: 10, right: 16, bottom: 10, top: 50, containLabel: true } : { left: 40, right: 10, bottom: 60, top: 40 },
      xAxis: narrow ? values : names,
      yAxis: narrow ? names : values,
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
