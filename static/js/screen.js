// 数字人大大屏: polls /api/v1/screen/<token>/data/ every data-refresh seconds and redraws only the
// panels whose version changed. On a failed fetch it keeps the last figures with their time and
// says so ("连接中断，显示 HH:MM 的数据"), and goes on polling until the server answers again; a
// 404 (screen revoked) replaces the figures with a notice. Charts are created once and updated
// with setOption, and lists are rebuilt in place, so the page can run for days without growing.
// A static file (no inline script): the site's Content-Security-Policy allows only 'self'.
(function () {
  "use strict";
  var root = document.getElementById("screen");
  if (!root) { return; }
  var url = root.getAttribute("data-data-url");
  var interval = Math.max(1, parseFloat(root.getAttribute("data-refresh")) || 60) * 1000;
  var versions = {};
  var lastAsOf = null;
  var charts = {};
  var timer = null;
  var TEXT = "#eef4ff", MUTED = "#b5c6e3", LINE = "#1f3b6e", ACCENT = "#5cc8ff";
  var RED = "#ff7b7b", YELLOW = "#ffd166", GREEN = "#6ee7b0";

  function $(sel, scope) { return (scope || root).querySelector(sel); }
  function setText(sel, value, scope) { var el = $(sel, scope); if (el) { el.textContent = value; } }
  function pct(rate) { return rate && rate.percent != null ? rate.percent + "%" : "—"; }
  function fontSize() { return Math.max(15, parseFloat(getComputedStyle(document.body).fontSize) * 0.82); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text != null) { e.textContent = text; }
    return e;
  }
  function chart(name) {
    if (!window.echarts) { return null; }
    if (!charts[name]) { charts[name] = echarts.init($('[data-chart="' + name + '"]')); }
    return charts[name];
  }
  // Drop trailing rows that do not fit: a long list never makes its panel scroll.
  function fit(list) {
    while (list.lastElementChild && list.scrollHeight > list.clientHeight + 1) {
      list.removeChild(list.lastElementChild);
    }
  }

  var render = {
    demands: function (d) {
      var panel = $('[data-panel="demands"]');
      setText('[data-role="period"]', d.period.label, panel);
      setText('[data-field="received"]', d.received, panel);
      setText('[data-field="solved"]', d.solved, panel);
      setText('[data-field="response_rate"]', pct(d.totals.response_rate), panel);
      setText('[data-field="resolution_rate"]', pct(d.totals.resolution_rate), panel);
      setText('[data-field="satisfaction_rate"]', pct(d.totals.satisfaction_rate), panel);
      var c = chart("trend");
      if (!c) { return; }
      var fs = fontSize();
      var num = function (v) { return v == null ? null : parseFloat(v); };
      c.setOption({
        textStyle: { color: TEXT, fontSize: fs },
        legend: { top: 0, textStyle: { color: MUTED, fontSize: fs }, itemWidth: fs, itemHeight: fs * 0.6 },
        grid: { left: fs * 2.6, right: fs * 3, top: fs * 2.2, bottom: fs * 1.8 },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: d.trend.map(function (m) { return m.label; }),
                 axisLabel: { color: MUTED, fontSize: fs }, axisLine: { lineStyle: { color: LINE } } },
        yAxis: [
          { type: "value", minInterval: 1, axisLabel: { color: MUTED, fontSize: fs }, splitLine: { lineStyle: { color: LINE } } },
          { type: "value", max: 100, min: 0, axisLabel: { color: MUTED, fontSize: fs, formatter: "{value}%" }, splitLine: { show: false } }
        ],
        series: [
          { name: "受理", type: "bar", data: d.trend.map(function (m) { return m.received; }), itemStyle: { color: ACCENT } },
          { name: "办结", type: "bar", data: d.trend.map(function (m) { return m.solved; }), itemStyle: { color: GREEN } },
          { name: "响应率", type: "line", yAxisIndex: 1, data: d.trend.map(function (m) { return num(m.response_rate); }), itemStyle: { color: YELLOW } },
          { name: "解决率", type: "line", yAxisIndex: 1, data: d.trend.map(function (m) { return num(m.resolution_rate); }), itemStyle: { color: "#c79bff" } },
          { name: "满意率", type: "line", yAxisIndex: 1, data: d.trend.map(function (m) { return num(m.satisfaction_rate); }), itemStyle: { color: RED } }
        ]
      });
      $('[data-chart="trend"]').setAttribute("aria-label", "按月诉求数与三率趋势：本年受理" + d.received + "件，办结" + d.solved + "件");
    },
    lights: function (d) {
      var panel = $('[data-panel="lights"]');
      ["red", "yellow", "green"].forEach(function (k) { setText('[data-field="' + k + '"]', d.counts[k], panel); });
      var list = $('[data-list="oldest_red"]', panel);
      list.replaceChildren();
      if (!d.oldest_red.length) { list.appendChild(el("li", "", "暂无红灯诉求")); }
      d.oldest_red.forEach(function (c) {
        var li = el("li");
        li.appendChild(el("span", "grow", c.title + " · " + c.enterprise));
        li.appendChild(el("span", "num", c.department));
        li.appendChild(el("span", "num late", "超期" + c.overdue_workdays + "个工作日"));
        list.appendChild(li);
      });
      fit(list);
    },
    ranking: function (d) {
      var panel = $('[data-panel="ranking"]');
      var hint = "样本不少于" + d.min_cases + "件的部门参与排名";
      if (d.below_minimum) { hint += "，另有" + d.below_minimum + "个部门样本不足"; }
      setText('[data-role="ranking-hint"]', hint, panel);
      var list = $('[data-list="ranking"]', panel);
      list.replaceChildren();
      if (!d.rows.length) { list.appendChild(el("li", "", "本年暂无达到排名门槛的部门")); }
      d.rows.forEach(function (r) {
        var li = el("li");
        li.appendChild(el("span", "pos", String(r.position)));
        li.appendChild(el("span", "grow", r.name));
        li.appendChild(el("span", "num", r.display + "（" + r.on_time_rate.numerator + "/" + r.on_time_rate.denominator + "）"));
        list.appendChild(li);
      });
      fit(list);
    },
    chains: function (d) {
      setText('[data-role="chains-total"]', d.total ? "共" + d.total + "条产业链" : "");
      var gaps = $('[data-role="gaps"]');
      gaps.replaceChildren();
      if (!d.chains.length) { gaps.textContent = "本区域尚未录入产业链"; }
      d.chains.forEach(function (ch, i) {
        if (i) { gaps.appendChild(document.createTextNode("；")); }
        gaps.appendChild(document.createTextNode(ch.name + "：" + ch.nodes_count + "个环节，断点"));
        gaps.appendChild(el("b", "", ch.gaps ? ch.gaps + "个（" + ch.gap_names.join("、") + "）" : "0个"));
      });
      var c = chart("chains");
      if (!c) { return; }
      var fs = fontSize(), n = Math.max(1, d.chains.length), band = 100 / n;
      // One small cartesian grid per chain (hidden axes): the panorama's own x (stage, depth) and
      // y (row) coordinates, so nodes keep their shape whatever the panel's proportions.
      var grids = [], xs = [], ys = [];
      d.chains.forEach(function (ch, i) {
        grids.push({ left: "2%", right: "2%", top: (i * band + band * 0.2) + "%", height: (band * 0.66) + "%" });
        xs.push({ type: "value", gridIndex: i, show: false, min: "dataMin", max: "dataMax" });
        ys.push({ type: "value", gridIndex: i, show: false, inverse: true, min: "dataMin", max: "dataMax" });
      });
      c.setOption({
        title: d.chains.map(function (ch, i) {
          return { text: ch.name, top: (i * band) + "%", left: 0, textStyle: { color: MUTED, fontSize: fs, fontWeight: "normal" } };
        }),
        grid: grids, xAxis: xs, yAxis: ys,
        series: d.chains.map(function (ch, i) {
          return {
            type: "graph", coordinateSystem: "cartesian2d", xAxisIndex: i, yAxisIndex: i,
            symbolSize: fs * 0.5, edgeSymbol: ["none", "none"], lineStyle: { color: "#3d68b0", width: 1 },
            label: { show: true, color: RED, fontSize: fs * 0.9, position: "bottom",
                     formatter: function (p) { return p.data.isGap ? p.data.name : ""; } },
            data: ch.nodes.map(function (node) {
              return { id: String(node.id), name: node.name, value: [node.x, node.y], isGap: node.is_gap,
                       itemStyle: { color: node.is_gap ? RED : ACCENT } };
            }),
            links: ch.nodes.filter(function (node) { return node.parent_id != null; })
              .map(function (node) { return { source: String(node.parent_id), target: String(node.id) }; })
          };
        })
      }, { replaceMerge: ["series", "title", "grid", "xAxis", "yAxis"] });
    },
    stations: function (d) {
      setText('[data-role="station-totals"]', d.totals.map(function (t) { return t.label + " " + t.count + " 个"; }).join(" · "));
      var c = chart("stations");
      if (!c || !d.tree) { return; }
      var fs = fontSize(), colours = { activity_point: ACCENT, industry_liaison: YELLOW, monitoring_point: GREEN };
      function node(r) {
        var kids = r.children.map(node).concat(r.stations.map(function (s) {
          return { name: s.label.replace("人大代表", "").replace("营商环境", "") + "×" + s.count,
                   itemStyle: { color: colours[s.kind] || MUTED, borderColor: colours[s.kind] || MUTED },
                   label: { color: colours[s.kind] || MUTED } };
        }));
        return { name: r.name, children: kids, itemStyle: { color: "#0d2145", borderColor: ACCENT } };
      }
      c.setOption({
        series: [{
          type: "tree", data: [node(d.tree)], orient: "LR", top: "6%", bottom: "6%", left: "16%", right: "30%",
          symbolSize: fs * 0.55, expandAndCollapse: false, initialTreeDepth: -1, roam: false,
          label: { color: TEXT, fontSize: fs * 0.9, position: "left", align: "right" },
          leaves: { label: { position: "right", align: "left" } },
          lineStyle: { color: LINE }
        }]
      }, { replaceMerge: ["series"] });
    },
    duties: function (d) {
      var panel = $('[data-panel="duties"]');
      setText('[data-role="duty-month"]', d.month, panel);
      setText('[data-field="receptions"]', d.receptions, panel);
      setText('[data-field="visits"]', d.visits, panel);
      setText('[data-field="demands_collected"]', d.demands_collected, panel);
      setText('[data-role="duty-note"]', d.has_records ? "接待日按已记录的计，走访按履职活动登记计" : "本区域暂无接待日和履职活动记录", panel);
    },
    ticker: function (d) {
      var track = $('[data-list="ticker"]');
      track.replaceChildren();
      var items = d.items.length ? d.items : [{ title: "暂无办结诉求", category: "", department: "", closed_on: "" }];
      // Two copies for a seamless loop; the second is hidden from screen readers.
      [0, 1].forEach(function (copy) {
        items.forEach(function (it) {
          var li = el("li");
          if (copy) { li.setAttribute("aria-hidden", "true"); }
          if (it.closed_on) { li.appendChild(el("b", "", it.closed_on + "办结")); }
          li.appendChild(document.createTextNode(it.title + (it.department ? "（" + it.department + (it.category ? " · " + it.category : "") + "）" : "")));
          track.appendChild(li);
        });
      });
      track.style.setProperty("--ticker-seconds", Math.max(30, items.length * 8) + "s");
    }
  };

  function showNotice(text) {
    var notice = $('[data-role="notice"]');
    notice.textContent = text;
    notice.hidden = !text;
  }

  function apply(body) {
    Object.keys(body.panels).forEach(function (name) {
      var panel = body.panels[name];
      if (versions[name] === panel.version || !render[name]) { return; }
      render[name](panel.data);
      versions[name] = panel.version;
      var section = $('[data-panel="' + name + '"]');
      if (section) { section.setAttribute("data-version", panel.version); }
    });
    lastAsOf = body.as_of_display;
    setText('[data-role="as-of"]', body.as_of_display);
    root.setAttribute("data-state", "live");
    showNotice("");
  }

  function lost() {
    root.setAttribute("data-state", "offline");
    showNotice(lastAsOf ? "连接中断，显示 " + lastAsOf + " 的数据" : "连接中断，正在重试…");
  }

  function gone() {
    root.setAttribute("data-state", "gone");
    Object.keys(charts).forEach(function (k) { charts[k].dispose(); delete charts[k]; });
    showNotice("该大屏地址已停用，请联系人大工作人员");
    clearTimeout(timer);
    timer = null;
  }

  function tick() {
    var controller = window.AbortController ? new AbortController() : null;
    var guard = controller ? setTimeout(function () { controller.abort(); }, Math.min(interval, 15000)) : null;
    fetch(url, { cache: "no-store", credentials: "omit", signal: controller ? controller.signal : undefined })
      .then(function (r) {
        if (r.status === 404) { return "gone"; }
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        return r.json();
      })
      .then(function (body) { if (body === "gone") { gone(); } else { apply(body); } })
      .catch(lost)
      .then(function () {
        clearTimeout(guard);
        // ±10 % jitter: screens switched on together (one power strip, one hall) drift apart
        // instead of hitting the server in the same instant every minute.
        if (root.getAttribute("data-state") !== "gone") { timer = setTimeout(tick, interval * (0.9 + Math.random() * 0.2)); }
      });
  }

  function clock() {
    var now = new Date();
    var text = now.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false, month: "long", day: "numeric",
                                             weekday: "short", hour: "2-digit", minute: "2-digit" });
    setText('[data-role="clock"]', text);
  }

  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      Object.keys(charts).forEach(function (k) { charts[k].resize(); });
      versions = {};  // lists re-fit to the new size at the next data
    }, 200);
  });
  clock();
  setInterval(clock, 15000);
  tick();
})();
