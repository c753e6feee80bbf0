// The public board (公开评): loads /api/v1/board and draws it (a file of its own: the CSP allows no inline script).
const STANDING = { LIST_STANDING_RED: "RED", LIST_STANDING_BLACK: "BLACK" };
const COLOR = { RED: "#c62828", BLACK: "#424242", NONE: "#1e88e5" };
const REVIEW_STATUS = { PUBLISHED: "已公示", APPROVED: "已审定" };
// "2026-Q3" → 2026年第3季度
const quarter = q => q.replace(/^(\d{4})-?Q(\d)$/, "$1年第$2季度");
// Numbers on every chart: bars and lines carry their value, the pie its count and share.
const LABEL = { show: true, position: "top", fontSize: 10 };
const charts = {};
function chart(id) { return charts[id] || (charts[id] = echarts.init(document.getElementById(id))); }
function text(tag, value) { const el = document.createElement(tag); el.textContent = value; return el; }
function row(cells) {
  const tr = document.createElement("tr");
  tr.append(...cells.map(([label, value]) => { const td = text("td", value); td.dataset.label = label; return td; }));
  return tr;
}
const percent = (part, rate) => part ? `${(rate * 100).toFixed(1)}%` : "—";
// The live three rates of closed cases over the chosen period, per company and for the subdistrict.
async function loadLive() {
  const period = document.getElementById("live-period").value;
  const query = new URLSearchParams({ period });
  if (period === "custom") {
    query.set("from_date", document.getElementById("live-from").value);
    query.set("to_date", document.getElementById("live-to").value);
  }
  const reply = await fetch("/api/v1/board/rates?" + query);
  const data = await reply.json();
  const status = document.getElementById("live-status");
  if (!reply.ok) {
    const field = data.error?.details?.field;
    status.textContent = field === "from_date" || field === "to_date" ? "请填写正确的起止日期（止日不早于起日）" : "暂时无法读取三率，请稍后再试";
    return;
  }
  status.textContent = `${data.from_date} 至 ${data.to_date}（北京时间）· ${data.scope_name} 共结案 ${data.total.cases} 件`;
  const line = (name, r) => row([["范围", name], ["结案件数", `${r.cases} 件`],
    ["响应率", percent(r.cases, r.response_rate)], ["解决率", percent(r.cases, r.resolution_rate)],
    ["满意率", percent(r.answered, r.satisfaction_rate)], ["回访未接通", `${r.unreachable} 件`]]);
  document.getElementById("live-rows").replaceChildren(line(`${data.scope_name}（全街道）`, data.total),
    ...data.rows.map(r => line(r.name, r)));
}
async function load(reviewId) {
  const url = "/api/v1/board" + (reviewId ? "?review_id=" + encodeURIComponent(reviewId) : "");
  const reply = await fetch(url);
  const data = await reply.json();
  if (!reply.ok) { document.getElementById("status").textContent = reply.status === 404 ? "本街道还没有公示的评价结果" : "暂时无法读取评价结果，请稍后再试"; return; }
  const review = data.review;
  document.getElementById("status").textContent =
    `${quarter(review.quarter)} · ${REVIEW_STATUS[review.status] || "已发布"} · 评分权重 ${review.weights_version} 版`;
  const select = document.getElementById("review");
  select.replaceChildren(...data.reviews.map(r => { const o = text("option", quarter(r.quarter)); o.value = r.id; o.selected = r.id === review.id; return o; }));
  document.getElementById("export").href = `/api/v1/reviews/${encodeURIComponent(review.id)}/export.xlsx`;
  const scores = data.scores;
  const names = scores.map(s => s.company_name.replace(/^长治市|物业服务有限公司$/g, ""));
  // The lists are the standing now (a serious event moves a company to the black list between
  // reviews); the table and the bar colours follow them, the review's own standing only when a
  // company has none.
  const current = Object.fromEntries(data.standings.map(s => [s.company_code, s.standing]));
  const standing = s => STANDING[current[s.company_code] ?? s.standing] || "NONE";
  chart("combined").setOption({
    title: { text: "综合得分" }, tooltip: {}, grid: { bottom: 80 },
    xAxis: { type: "category", data: names, axisLabel: { rotate: 30 } }, yAxis: { type: "value", max: 100 },
    series: [{ type: "bar", label: LABEL, data: scores.map(s => ({ value: s.combined ?? null, itemStyle: { color: COLOR[standing(s)] } })) }],
  });
  chart("sides").setOption({
    title: { text: "三方评价" }, tooltip: { trigger: "axis" }, legend: { top: 25 }, grid: { bottom: 80, top: 60 },
    xAxis: { type: "category", data: names, axisLabel: { rotate: 30 } }, yAxis: { type: "value", max: 100 },
    series: [["居民自己评", "resident_score"], ["物业互相评", "peer_score"], ["部门综合评", "department_score"]]
      .map(([name, key]) => ({ name, type: "bar", label: LABEL, data: scores.map(s => s[key] ?? null) })),
  });
  chart("rates").setOption({
    title: { text: "接诉即办三率" }, tooltip: { trigger: "axis" }, legend: { top: 25 }, grid: { bottom: 80, top: 60 },
    xAxis: { type: "category", data: names, axisLabel: { rotate: 30 } }, yAxis: { type: "value", max: 100 },
    series: [["响应率", "response_rate"], ["解决率", "resolution_rate"], ["满意率", "satisfaction_rate"]]
      .map(([name, key]) => ({ name, type: "line", label: LABEL, data: scores.map(s => Math.round(s[key] * 1000) / 10) })),
  });
  const t = data.takeover;
  chart("takeover").setOption({
    title: { text: "老旧小区：无人管 → 有人接 → 管得好" }, tooltip: {},
    series: [{ type: "pie", radius: "55%", label: { formatter: "{b}\n{c} 个（{d}%）" }, data: [
      { name: "无人管", value: t.unmanaged }, { name: "有人接", value: t.taken_over }, { name: "管得好", value: t.well_managed }] }],
  });
  const STATUS = [["unmanaged", "UNMANAGED", "无人管"], ["taken_over", "TAKEN_OVER", "有人接"], ["well_managed", "WELL_MANAGED", "管得好"]];
  const all = t.unmanaged + t.taken_over + t.well_managed;
  document.getElementById("takeover-rows").replaceChildren(...STATUS.map(([key, code, name]) => {
    const listed = t.communities.filter(c => c.status === code)
      .map(c => c.company_name ? `${c.community_name}（${c.company_name.replace(/^长治市|物业服务有限公司$/g, "")}）` : c.community_name);
    return row([["状态", name], ["小区数", `${t[key]} 个`], ["占比", all ? `${Math.round(t[key] * 1000 / all) / 10}%` : "—"],
      ["小区（接管企业）", listed.join("、") || "—"]]);
  }), row([["状态", "合计"], ["小区数", `${all} 个`], ["占比", "100%"], ["小区（接管企业）", ""]]));
  const lists = { RED: [], BLACK: [] };
  for (const s of data.standings) { const k = STANDING[s.standing]; if (k) lists[k].push(`${s.company_name}（${s.reason}）`); }
  const none = (items) => items.length ? items : ["暂无"];
  document.getElementById("red").replaceChildren(...none(lists.RED).map(v => text("li", v)));
  document.getElementById("black").replaceChildren(...none(lists.BLACK).map(v => text("li", v)));
  document.getElementById("notices").replaceChildren(...(data.notices.length
    ? data.notices.map(n => text("li", n.body ? `${n.title}：${n.body}` : n.title)) : [text("li", "暂无")]));
  document.getElementById("scores").replaceChildren(...scores.map(s => {
    const row = document.createElement("tr"); row.className = { RED: "table-danger", BLACK: "table-secondary" }[standing(s)] || "";
    const cells = [["排名", s.rank || "—"], ["企业", s.company_name], ["综合得分", s.combined ?? "数据不足"],
      ["等级", s.grade_name], ["星级", "★".repeat(s.stars) || "—"], ["红黑榜", { RED: "红榜", BLACK: "黑榜" }[standing(s)] || "—"],
      ["指导性评价和改进意见", s.assessment]];
    row.append(...cells.map(([label, value]) => { const td = text("td", value); td.dataset.label = label; return td; }));
    return row;
  }));
}
document.getElementById("review").addEventListener("change", e => load(e.target.value));
document.getElementById("live-form").addEventListener("submit", e => { e.preventDefault(); loadLive(); });
// A turned phone or a narrowed window redraws the charts to the new width instead of overflowing it.
window.addEventListener("resize", () => Object.values(charts).forEach(c => c.resize()));
load("");
loadLive();
