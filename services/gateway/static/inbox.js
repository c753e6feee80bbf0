// The inbox after a claim from the list: the claimed row's button is gone (the row may have left
// the view), so focus moves to the notice's link to the claimed task instead of falling back to
// <body>. A poll's swap keeps focus on its own: htmx refocuses the element with the same id.
(() => {
  document.body.addEventListener("htmx:afterSettle", (event) => {
    const verb = event.detail.requestConfig && event.detail.requestConfig.verb;
    if (verb !== "post") return;
    const focused = document.activeElement;
    if (focused && focused !== document.body && document.body.contains(focused)) return;
    const target = document.getElementById("claimed-link") || document.getElementById("inbox-rows");
    if (target) target.focus();
  });
})();
