"""Server-rendered HTML of the ops pages: plain tables over the dicts of ops/views.py.

Every value is escaped; the only markup is ours. Admins see action forms (with a required reason)
next to the rows they apply to.
"""

from __future__ import annotations

from html import escape
from typing import Any

NAV = (
    ("/ops", "概览 · overview"),
    ("/ops/cases", "案件流程 · case workflows"),
    ("/ops/reconciliation", "对账 · reconciliation"),
    ("/ops/overdue", "超期 · overdue"),
    ("/ops/failing", "失败重试 · failing activities"),
    ("/ops/health", "健康 · health"),
    ("/ops/webhooks", "回调投递 · webhooks"),
    ("/ops/audit", "审计 · audit log"),
    ("/ops/calendar", "工作日历 · calendar"),
)

_STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:1.5rem;color:#222}
nav a{margin-right:1rem} table{border-collapse:collapse;margin:.5rem 0 1.5rem}
td,th{border:1px solid #ccc;padding:.25rem .5rem;font-size:.9rem;text-align:left;vertical-align:top}
th{background:#f3f3f3} .warn{color:#a40000;font-weight:bold} .ok{color:#176617} .about{color:#555;max-width:60rem}
form.inline{display:inline} form.inline input[type=text]{width:12rem}
"""


def page(title: str, about: str, body: str, *, user: str) -> str:
    nav = " ".join(f'<a href="{href}">{escape(label)}</a>' for href, label in NAV)
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)} · 枫桥运维</title><style>{_STYLE}</style></head>
<body><nav>{nav} <span style="float:right">{escape(user)} ·
<form class="inline" method="post" action="/ops/logout"><button>退出 · sign out</button></form></span></nav>
<h1>{escape(title)}</h1><p class="about">{escape(about)}</p>
{body}
</body></html>"""


def _cell(key: str, value: Any) -> str:
    if key == "temporal_ui" and value:
        return f'<a href="{escape(str(value))}" target="_blank" rel="noopener">Temporal UI</a>'
    if isinstance(value, bool):
        return f'<span class="{"warn" if key in ("overdue",) and value else ""}">{"yes" if value else "no"}</span>'
    if value is None:
        return ""
    return escape(str(value))


def table(rows: list[dict[str, Any]], *, actions: Any = None, empty: str = "none") -> str:
    """A table of dicts; `actions(row)` adds an HTML cell of forms for admins."""
    if not rows:
        return f"<p><em>{escape(empty)}</em></p>"
    columns = list(rows[0].keys())
    head = "".join(f"<th>{escape(c)}</th>" for c in columns) + ("<th>actions</th>" if actions else "")
    body = []
    for row in rows:
        cells = "".join(f"<td>{_cell(c, row.get(c))}</td>" for c in columns)
        if actions:
            cells += f"<td>{actions(row)}</td>"
        body.append(f"<tr>{cells}</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def counts(title: str, values: dict[str, int]) -> str:
    rows = "".join(f"<tr><td>{escape(k)}</td><td>{v}</td></tr>" for k, v in values.items())
    return f"<h3>{escape(title)}</h3><table><tr><th>value</th><th>cases</th></tr>{rows}</table>"


def action_form(path: str, label: str) -> str:
    return (
        f'<form class="inline" method="post" action="{escape(path)}">'
        f'<input type="text" name="reason" required maxlength="500" placeholder="reason · 原因">'
        f"<button>{escape(label)}</button></form>"
    )


def warnings(items: list[dict[str, Any]]) -> str:
    if not items:
        return '<p class="ok">calendar: holiday data present for this year and next</p>'
    return "".join(f'<p class="warn">⚠ {escape(w["message"])}</p>' for w in items)


def calendar_import_form() -> str:
    """Admins' upload of a year's holidays (multipart, to /ops/calendar/import)."""
    return (
        '<h2>导入 · import a year</h2><form method="post" action="/ops/calendar/import" enctype="multipart/form-data">'
        '<input type="file" name="file" required accept=".csv,.ics,text/csv,text/calendar"> '
        '<label><input type="checkbox" name="replace" value="true"> replace years that already have data · 覆盖</label> '
        "<button>import · 导入</button></form>"
        '<p class="about">CSV: columns date,kind,name with kind holiday or workday (2027-02-06,holiday,春节). '
        "iCalendar: all-day VEVENTs; 班 in CATEGORIES or SUMMARY (or CATEGORIES:WORKDAY) marks a make-up working "
        "day, every other event is a holiday. Errors name the line; nothing is stored then.</p>"
    )


def notice(message: str, ok: bool) -> str:
    return f'<p class="{"ok" if ok else "warn"}">{escape(message)}</p>'
