// Small shared behaviour. htmx sends the CSRF token from <body hx-headers>.
document.addEventListener("htmx:responseError", function (evt) {
  // Show the server's Chinese message instead of failing silently.
  var box = document.getElementById("htmx-error");
  if (!box) { box = document.createElement("div"); box.id = "htmx-error"; box.className = "msg-error"; box.setAttribute("role", "alert"); document.querySelector("main").prepend(box); }
  var text = evt.detail.xhr.responseText;
  try { text = JSON.parse(text).detail || text; } catch (e) { /* HTML */ }
  box.textContent = text && text.length < 300 ? text : "操作失败，请稍后重试。";
});

// Behaviours declared by data attributes instead of inline handlers (onclick=…), which the
// Content-Security-Policy forbids. Delegated from the document, so content swapped in by htmx
// works too.
//   <form data-confirm="确定…？">            ask before submitting
//   <select data-autosubmit [data-autosubmit-clear="node"]>   submit the form on change
//   <button data-print>                      print the page
//   <button data-close-drawer>               empty the enclosing .drawer
document.addEventListener("submit", function (evt) {
  var form = evt.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) { evt.preventDefault(); evt.stopImmediatePropagation(); }
}, true);
document.addEventListener("change", function (evt) {
  var field = evt.target.closest("[data-autosubmit]");
  if (!field || !field.form) { return; }
  var clear = field.dataset.autosubmitClear;
  if (clear && field.form.elements[clear]) { field.form.elements[clear].value = ""; }
  field.form.submit();
});
document.addEventListener("click", function (evt) {
  if (evt.target.closest("[data-print]")) { window.print(); return; }
  var closer = evt.target.closest("[data-close-drawer]");
  if (closer) { closer.closest(".drawer").innerHTML = ""; }
});
// A search box over a long list (e.g. twenty departments): hide what does not match, never what is
// chosen; the list itself stays a native select / checkboxes, which phones handle well.
document.addEventListener("input", function (evt) {
  var box = evt.target.closest("[data-filter-for]");
  if (!box) { return; }
  var list = document.getElementById(box.dataset.filterFor);
  if (!list) { return; }
  var words = box.value.trim();
  var items = list.tagName === "SELECT" ? list.options : list.querySelectorAll("label");
  Array.prototype.forEach.call(items, function (item) {
    var chosen = item.selected || item.value === "" || (item.querySelector && item.querySelector("input:checked"));
    item.hidden = words !== "" && !chosen && item.textContent.indexOf(words) === -1;
  });
});
// Long filter forms fold away on a phone, so the first screen shows the list, not the form.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.matchMedia("(max-width: 720px)").matches) { return; }
  document.querySelectorAll("details[data-fold-on-phone]").forEach(function (box) { box.open = false; });
});
// The entry form's registry look-up: choosing a listed enterprise fills its name and USCC.
document.addEventListener("click", function (evt) {
  var hit = evt.target.closest("[data-fill-enterprise]");
  if (!hit) { return; }
  var form = hit.closest("form");
  form.elements.enterprise_name.value = hit.dataset.name;
  if (form.elements.enterprise_uscc) { form.elements.enterprise_uscc.value = hit.dataset.uscc || ""; }
  hit.closest("#enterprise-hits").innerHTML = "";
});

// One-click choices of 智能分办 (templates/intelligence/partials/*):
//   <button data-fill="id_assign-department" data-value="7" data-open="assign">
// sets the named form field to the value, opens the action's <details data-action=…> and
// focuses the field, so staff see what was filled before they submit.
document.addEventListener("click", function (evt) {
  var button = evt.target.closest("[data-fill]");
  if (!button) { return; }
  var field = document.getElementById(button.dataset.fill);
  if (!field) { return; }
  var box = button.dataset.open ? document.querySelector('details[data-action="' + button.dataset.open + '"]') : null;
  if (box) { box.open = true; }
  field.value = button.dataset.value;
  field.dispatchEvent(new Event("change", { bubbles: true }));
  field.focus();
  var status = document.getElementById("routing-status");
  if (status) { status.textContent = "已填入：" + button.dataset.label; }
});
