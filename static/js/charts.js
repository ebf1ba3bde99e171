// Every chart of a page: an element with data-chart="<id of a JSON script>" holding the spec that
// shuanglian/lib/chartspec.py writes ({kind, labels, series: [{name, type, axis, unit, values}],
// axes: [{unit, max}]}). The same numbers are in the table under the chart. A static file, not
// inline, so the page works under the CSP; redrawn after htmx swaps and on resize.
(function () {
  function option(spec) {
    var hbar = spec.kind === "hbar";
    var names = { type: "category", data: spec.labels, axisLabel: { interval: 0, rotate: !hbar && spec.labels.length > 6 ? 30 : 0 } };
    if (hbar) { names.inverse = true; }
    var values = spec.axes.map(function (a) {
      return { type: "value", name: a.unit, max: a.max == null ? null : a.max, splitLine: { show: a === spec.axes[0] },
               axisLabel: { formatter: "{value}" + (a.unit === "%" ? "%" : "") } };
    });
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 10, right: 16, bottom: 10, top: 48, containLabel: true },
      xAxis: hbar ? values : names,
      yAxis: hbar ? names : values,
      series: spec.series.map(function (s) {
        var out = { name: s.name, type: s.type, data: s.values, connectNulls: false,
                    tooltip: { valueFormatter: function (v) { return v == null ? "—" : v + s.unit; } } };
        out[hbar ? "xAxisIndex" : "yAxisIndex"] = s.axis || 0;
        if (s.type === "line") { out.symbolSize = 6; }
        return out;
      })
    };
  }
  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source || !window.echarts) { return; }
    var spec = JSON.parse(source.textContent);
    if (spec.kind === "hbar") { el.style.height = Math.max(200, 70 + spec.labels.length * 30) + "px"; }
    var chart = echarts.getInstanceByDom(el) || echarts.init(el);
    chart.resize();
    chart.setOption(option(spec), true);
  }
  function drawAll() { document.querySelectorAll("[data-chart]").forEach(draw); }
  window.addEventListener("resize", function () {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var chart = window.echarts && echarts.getInstanceByDom(el);
      if (chart) { chart.resize(); }
    });
  });
  document.addEventListener("DOMContentLoaded", drawAll);
  document.addEventListener("htmx:afterSettle", drawAll);
})();
