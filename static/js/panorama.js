// The chain panorama (一图): ECharts graph of the chain's nodes, drawn from the JSON the page
// embeds (#panorama-data). A static file, not inline, so the page works under the CSP.
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("panorama-chart");
  if (!el) { return; }
  var data = JSON.parse(document.getElementById("panorama-data").textContent);
  var panelBase = el.dataset.panelBase.replace(/0\/$/, "");
  var COLORS = {strong: "#2e8b57", weak: "#d4a017", missing: "#c0392b", broken: "#7b241c"};
  var mode = "now";
  var chart = echarts.init(el, null, {renderer: "canvas"});
  window.panoramaChart = chart;
  function label(n) {
    var p = n.problems, extra = [];
    if (n.problems_open) extra.push("问题 {red|●" + p.red + "} {yellow|●" + p.yellow + "} {green|●" + p.green + "}");
    if (n.projects_lagging) extra.push("{lag|滞后" + n.projects_lagging + "}");
    if (n.leads_live) extra.push("线索" + n.leads_live);
    var head = "{name|" + n.name + "}" + (n.anchors.length ? " {anchor|★链主}" : "");
    // A parent segment usually has its firms on its sub-segments: show the subtree's count then.
    var firms = n.enterprises || !n.subtree_enterprises ? "企业" + n.enterprises + " · " + n.output + "亿" : "下设环节企业" + n.subtree_enterprises;
    return [head, firms, extra.join(" ")].join("\n");
  }
  // Layout in pixels so ECharts draws at scale 1 and boxes never overlap: three stage columns
  // (上游 · 中游 · 下游), each node one row in tree order, children indented under their parent.
  var ROW = 64, INDENT = 36, BOX_W = 200, BOX_H = 52, STAGES = ["upstream", "midstream", "downstream"];
  function layout(shown) {
    var rows = {upstream: 0, midstream: 0, downstream: 0}, colW = Math.max(BOX_W + 3 * INDENT + 40, (el.clientWidth - BOX_W - 40) / 2);
    var pos = {};
    shown.slice().sort(function (a, b) { return a.y - b.y; }).forEach(function (n) {
      var col = STAGES.indexOf(n.stage); if (col < 0) col = 1;
      pos[n.id] = {x: col * colW + n.depth * INDENT, y: (rows[n.stage] = (rows[n.stage] || 0) + 1) * ROW};
    });
    var tallest = Math.max(rows.upstream, rows.midstream, rows.downstream, 1);
    el.style.height = (tallest * ROW + ROW + 90) + "px";
    chart.resize();
    return {pos: pos, colW: colW};
  }
  function option() {
    var shown = data.nodes.filter(function (n) { return mode === "compare" || !n.is_target; });
    var ids = {};
    shown.forEach(function (n) { ids[n.id] = true; });
    var lay = layout(shown);
    var nodes = shown.map(function (n) {
      var gap = n.is_gap && !n.is_target;
      return {
        id: String(n.id), name: n.name, x: lay.pos[n.id].x, y: lay.pos[n.id].y, value: n.enterprises,
        symbol: "roundRect", symbolSize: [BOX_W - n.depth * 12, BOX_H],
        itemStyle: {
          color: n.is_target ? "#f3f3f3" : "#fff", borderColor: n.is_target ? "#888" : COLORS[n.strength],
          borderWidth: gap ? 4 : 2, borderType: n.is_target ? "dashed" : "solid",
          shadowBlur: gap ? 12 : 0, shadowColor: COLORS[n.strength]
        },
        label: {show: true, position: "inside", formatter: label(n), fontSize: 11, lineHeight: 14, color: "#222",
          rich: {name: {fontWeight: "bold", fontSize: 12, color: gap ? "#c0392b" : "#222"},
                 red: {color: "#c0392b"}, yellow: {color: "#d4a017"}, green: {color: "#2e8b57"},
                 anchor: {color: "#b22222"}, lag: {color: "#c0392b"}}},
        node: n
      };
    });
    STAGES.forEach(function (stage, col) {  // column headings, drawn as label-only nodes
      nodes.push({id: "stage-" + stage, name: stage, x: col * lay.colW, y: 0, symbol: "rect", symbolSize: [90, 26], silent: true,
        itemStyle: {color: "#fbeaea", borderWidth: 0},
        label: {show: true, position: "inside", formatter: {upstream: "上游", midstream: "中游", downstream: "下游"}[stage],
                fontSize: 15, fontWeight: "bold", color: "#b22222"}});
    });
    var links = [];  // the tree shows by indentation; arrows only carry the flow between stages
    var flow = {lineStyle: {curveness: 0, width: 2, color: "#b22222", opacity: 0.5}};
    links.push(Object.assign({source: "stage-upstream", target: "stage-midstream"}, flow),
               Object.assign({source: "stage-midstream", target: "stage-downstream"}, flow));
    return {
      animation: false,
      title: {text: data.chain.name + (mode === "compare" ? "（现状与目标链对比）" : "（现状）"), left: "center", textStyle: {fontSize: 14}},
      toolbox: {right: 10, feature: {saveAsImage: {name: data.chain.name + "全景图", title: "保存图片", pixelRatio: 2}}},
      tooltip: {formatter: function (p) { if (p.dataType !== "node") return ""; var n = p.data.node;
        return n.name + "（" + n.stage_label + "，" + n.strength_label + "）<br>企业 " + n.enterprises + "，本地 " + n.local_enterprises + "，规上 " + n.above_scale +
          "<br>产值 " + n.output + " 亿元<br>未解决问题 " + n.problems_open + "，滞后项目 " + n.projects_lagging + "，在谈线索 " + n.leads_live; }},
      series: [{type: "graph", layout: "none", roam: true, top: 50, bottom: 40, left: BOX_W / 2 + 10, right: BOX_W / 2 + 10, data: nodes, links: links, edgeSymbol: ["none", "arrow"], edgeSymbolSize: 6,
        lineStyle: {color: "#999", curveness: 0.1}, emphasis: {focus: "adjacency"}}]
    };
  }
  function draw() { chart.setOption(option(), true); }
  draw();
  window.addEventListener("resize", draw);  // the columns follow the width
  chart.on("click", function (p) {
    if (p.dataType !== "node") return;
    htmx.ajax("GET", panelBase + p.data.id + "/", {target: "#node-panel", swap: "innerHTML"}).then(function () {
      document.getElementById("node-panel").scrollIntoView({behavior: "smooth", block: "start"});
    });
  });
  document.querySelectorAll(".mode-btn").forEach(function (btn) {
    btn.addEventListener("click", function () {
      mode = btn.dataset.mode;
      document.querySelectorAll(".mode-btn").forEach(function (b) { var on = b === btn; b.classList.toggle("primary", on); b.setAttribute("aria-pressed", on); });
      document.getElementById("compare-summary").hidden = mode !== "compare";
      draw();
    });
  });
  document.getElementById("export-png").addEventListener("click", function () {
    var a = document.createElement("a");
    a.href = chart.getDataURL({type: "png", pixelRatio: 2, backgroundColor: "#fff"});
    a.download = data.chain.name + "全景图.png";
    document.body.appendChild(a); a.click(); a.remove();
  });
  window.addEventListener("beforeprint", function () { chart.resize(); });
});
