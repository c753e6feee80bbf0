// The staff intake form shows only the fields of the chosen channel (without script, all show).
(() => {
  const channel = document.getElementById("channel");
  const show = () => {
    for (const field of document.querySelectorAll("[data-channels]")) {
      field.hidden = !field.dataset.channels.split(" ").includes(channel.value);
    }
  };
  channel.addEventListener("change", show);
  show();
})();
