// The task form: fields an outcome requires appear (and are required) only while that outcome is
// chosen; repeated rows (agreement terms, action items) are added and removed here. Without
// JavaScript every field shows and the server still judges the form.
(() => {
  const form = document.getElementById("complete-form");
  if (!form) return;
  const outcome = form.querySelector("#outcome");
  const show = () => {
    for (const field of form.querySelectorAll(".field[data-outcomes]")) {
      const wanted = field.dataset.outcomes.split(" ").includes(outcome.value);
      field.hidden = !wanted;
      for (const input of field.querySelectorAll("input, select, textarea")) {
        input.disabled = !wanted;
        if (input.type !== "checkbox" && !input.closest(".rows, .group")) input.required = wanted;
      }
    }
  };
  outcome.addEventListener("change", show);
  show();
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    const rows = button.closest("fieldset.rows");
    if (button.classList.contains("add-row")) {
      const last = rows.querySelectorAll(".entry");
      const copy = last[last.length - 1].cloneNode(true);
      for (const input of copy.querySelectorAll("input, select")) input.value = "";
      button.before(copy);
      copy.querySelector("input, select").focus();
    } else if (button.classList.contains("remove-row")) {
      const row = button.closest(".entry");
      if (rows.querySelectorAll(".entry").length > 1) row.remove();
      else for (const input of row.querySelectorAll("input, select")) input.value = "";
    }
  });
})();
