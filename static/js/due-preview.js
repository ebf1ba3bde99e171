// Due-date preview for deadline forms (templates/partials/due_preview.html).
// Each <p data-due-preview> watches its days input (and optional start input) and asks
// GET /api/v1/workdays/add for the due date, 300 ms after the user stops typing.
(function () {
  if (window.shuanglianDuePreview) { return; }
  window.shuanglianDuePreview = true;
  var WEEKDAYS = ["日", "一", "二", "三", "四", "五", "六"];

  function bind(box) {
    if (box.dataset.bound) { return; }
    box.dataset.bound = "1";
    var daysInput = document.getElementById(box.dataset.daysInput);
    var startInput = box.dataset.startInput ? document.getElementById(box.dataset.startInput) : null;
    if (!daysInput) { return; }
    var timer = null, seq = 0;

    function show(text, provisional, isError) {
      box.textContent = text;
      box.classList.toggle("msg-error", !!isError);
      if (provisional) {
        var badge = document.createElement("span");
        badge.className = "badge badge-warn";
        badge.title = box.dataset.provisionalTitle;
        badge.textContent = box.dataset.provisional;
        box.appendChild(badge);
      }
    }

    function update() {
      var days = daysInput.value.trim();
      var start = (startInput && startInput.value) || box.dataset.start;
      if (days === "" || !start) { show("", false, false); return; }
      var mine = ++seq;
      var url = box.dataset.url + "?start=" + encodeURIComponent(start) + "&days=" + encodeURIComponent(days);
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (res) {
          if (mine !== seq) { return; }  // a newer request is on its way
          if (!res.ok) { show(res.body.detail || "无法计算到期日", false, true); return; }
          var d = new Date(res.body.due + "T00:00:00");
          show(box.dataset.label + "：" + res.body.due + "（星期" + WEEKDAYS[d.getDay()] + "）", res.body.provisional, false);
          box.dataset.due = res.body.due;
        })
        .catch(function () { if (mine === seq) { show("无法计算到期日", false, true); } });
    }

    function schedule() { clearTimeout(timer); timer = setTimeout(update, 300); }
    daysInput.addEventListener("input", schedule);
    if (startInput) { startInput.addEventListener("input", schedule); startInput.addEventListener("change", schedule); }
    if (daysInput.value) { update(); }
  }

  function scan(root) { (root || document).querySelectorAll("[data-due-preview]").forEach(bind); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", function () { scan(); }); } else { scan(); }
  // Forms loaded later by htmx get their preview too.
  document.addEventListener("htmx:afterSettle", function (evt) { scan(evt.target); });
})();
