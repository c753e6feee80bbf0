// The public complaint form: posts to /api/v1/public/complaints with an Idempotency-Key made for
// this submission (a double click files once; the next complaint from the same page gets its own
// key), and shows the service's refusal next to the field it names, in Chinese.
(() => {
  const form = document.getElementById("complaint");
  const out = document.getElementById("result");
  // The API's field names → the form's inputs, and what to say when the service refuses them.
  const FIELDS = {
    community: ["community", "没有找到这个小区，请从列表中选择小区名称"],
    address: ["address", "请填写楼栋、单元或门牌（不超过200字）"],
    content: ["content", "请填写诉求内容（不超过2000字）"],
    "complainant.name": ["name", "请填写姓名（不超过50字）"],
    "complainant.phone": ["phone", "请填写正确的手机号码，例如 13800138000"],
  };
  const STATUS = {413: "内容太长，请删减后再提交", 429: "提交过于频繁，请稍后再试", 503: "系统暂时不可用，请稍后再试"};
  let key = null;
  const clear = () => {
    for (const el of form.querySelectorAll(".field-error")) { el.hidden = true; el.textContent = ""; }
    for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  };
  const refuse = (input, words) => {
    const err = document.getElementById(`${input}-error`);
    err.textContent = words; err.hidden = false;
    const el = document.getElementById(input);
    el.setAttribute("aria-invalid", "true"); el.focus();
  };
  form.addEventListener("input", () => { key = null; });  // a changed form is a new submission
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clear();
    const missing = [...form.querySelectorAll("[required]")].find((el) => !el.value.trim());
    if (missing) { refuse(missing.id, "此项必填"); return; }
    key = key || crypto.randomUUID();
    const f = new FormData(form);
    const body = {community: f.get("community"), address: f.get("address"), content: f.get("content"),
                  complainant: {name: f.get("name"), phone: f.get("phone")}};
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const reply = await fetch("/api/v1/public/complaints", {method: "POST",
        headers: {"Content-Type": "application/json", "Idempotency-Key": key}, body: JSON.stringify(body)});
      const data = await reply.json().catch(() => ({}));
      if (reply.ok) {
        key = null;
        form.reset();
        out.replaceChildren();
        const card = document.createElement("div");
        card.className = "card card-body border-success notice";
        const p = document.createElement("p");
        p.textContent = `已受理。回执号 ${data.receipt_no}，请记下以便查询。`;
        const link = document.createElement("a");
        link.href = data.track_url; link.textContent = "查看办理进度";
        card.append(p, link);
        out.append(card);
        link.focus();
        return;
      }
      const field = ((data.error || {}).details || {}).field || "";
      const known = FIELDS[field];
      if (reply.status === 422 && known) refuse(known[0], known[1]);
      else out.textContent = "提交失败：" + (STATUS[reply.status] || "请检查填写的内容后重试");
    } catch (e) {
      out.textContent = "提交失败：网络不通，请稍后重试";
    } finally {
      button.disabled = false;
    }
  });
})();
