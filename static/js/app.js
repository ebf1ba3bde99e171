// Small shared behaviour. htmx sends the CSRF token from <body hx-headers>.
document.addEventListener("htmx:responseError", function (evt) {
  // Show the server's Chinese message instead of failing silently.
  var box = document.getElementById("htmx-error");
  if (!box) { box = document.createElement("div"); box.id = "htmx-error"; box.className = "msg-error"; box.setAttribute("role", "alert"); document.querySelector("main").prepend(box); }
  var text = evt.detail.xhr.responseText;
  try { text = JSON.parse(text).detail || text; } catch (e) { /* HTML */ }
  box.textContent = text && text.length < 300 ? text : "操作失败，请稍后重试。";
});
