// The public online form: posts as JSON with one Idempotency-Key per page, so a double click files once.
const form = document.getElementById("complaint");
const key = crypto.randomUUID();
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const f = new FormData(form);
  const body = {community: f.get("community"), address: f.get("address"), content: f.get("content"),
                complainant: {name: f.get("name"), phone: f.get("phone")}};
  const reply = await fetch("/api/v1/public/complaints", {method: "POST",
    headers: {"Content-Type": "application/json", "Idempotency-Key": key}, body: JSON.stringify(body)});
  const data = await reply.json();
  const out = document.getElementById("result");
  if (reply.ok) {
    out.innerHTML = "";
    out.append(data.notice + " ");
    const link = document.createElement("a");
    link.href = data.track_url; link.textContent = "查询进度"; out.append(link);
  } else {
    out.textContent = "提交失败：" + data.error.message;
  }
});
