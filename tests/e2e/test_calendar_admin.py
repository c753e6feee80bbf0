"""The working-day calendar over HTTP on the real stack: admin import (upload or body), refusals
(403, 409 without replace, 422 naming the line), coverage and its warnings, audit, the ops page form.

Years far in the future are used, so the import changes no deadline other tests compute."""

from __future__ import annotations

import random

import httpx

from tests.e2e.test_slice import login

IMPORT = "/api/v1/admin/calendar/import"


# Years no source covers, each used by one test only: the stack (and its imports) lives for the
# whole session, so two tests drawing the same year would see each other's import.
_YEARS = iter(random.sample(range(2060, 2100), 40))


def _year() -> int:
    return next(_YEARS)


def _ics(year: int) -> str:
    return "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "BEGIN:VEVENT",
            f"DTSTART;VALUE=DATE:{year}0501",
            f"DTEND;VALUE=DATE:{year}0504",
            "SUMMARY:劳动节 休",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )


async def test_admin_uploads_a_year_and_ops_sees_its_source(http: httpx.AsyncClient) -> None:
    admin, ops = await login(http, "admin"), await login(http, "ops")
    year = _year()
    csv = f"date,kind,name\n{year}-01-01,holiday,元旦\n{year}-10-01,holiday,国庆节\n"
    reply = await http.post(IMPORT, files={"file": (f"{year}.csv", csv.encode(), "text/csv")}, headers=admin)
    assert reply.status_code == 200, reply.text
    [imported] = reply.json()["years"]
    assert imported["year"] == year and imported["source"] == "imported" and imported["holidays"] == 2

    coverage = (await http.get("/api/v1/admin/calendar", params={"year": year}, headers=ops)).json()
    sources = {y["year"]: y["source"] for y in coverage["years"]}
    assert sources[year] == "imported" and sources[2026] == "package"
    assert [d["name"] for d in coverage["days"]["days"]] == ["元旦", "国庆节"]
    assert all("import" in w["message"] for w in coverage["warnings"])

    # Again without replace: refused; with replace, as an iCalendar body.
    again = await http.post(IMPORT, files={"file": (f"{year}.csv", csv.encode(), "text/csv")}, headers=admin)
    assert again.status_code == 409 and f"{year} (imported)" in again.json()["error"]["message"]
    replaced = await http.post(
        IMPORT,
        params={"replace": "true"},
        content=_ics(year).encode(),
        headers=admin | {"Content-Type": "text/calendar"},
    )
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["format"] == "ics" and replaced.json()["years"][0]["holidays"] == 3

    audit = (await http.get("/api/v1/ops/audit", headers=admin)).json()
    assert audit["intact"], audit["problems"]
    ours = [e for e in audit["entries"] if e["action"] == "calendar_import" and e["target"] == f"calendar:{year}"]
    assert len(ours) == 2 and all(e["actor"] == "admin" for e in ours)


async def test_import_is_for_admins_and_bad_files_name_the_line(http: httpx.AsyncClient) -> None:
    year = _year()
    body = f"{year}-01-01,holiday,元旦\n".encode()
    assert (await http.post(IMPORT, content=body)).status_code == 401
    for user in ("ops", "xiadong.caseworker"):
        denied = await http.post(IMPORT, content=body, headers=await login(http, user) | {"Content-Type": "text/csv"})
        assert denied.status_code == 403 and denied.json()["error"]["code"] == "permission_denied", user
    assert (
        await http.get("/api/v1/admin/calendar", headers=await login(http, "xiadong.caseworker"))
    ).status_code == 403

    admin = await login(http, "admin")
    bad = f"date,kind,name\n{year}-01-01,holiday,元旦\n{year}-02-30,holiday,春节\n{year}-03-01,rest,x\n"
    reply = await http.post(IMPORT, files={"file": ("bad.csv", bad.encode(), "text/csv")}, headers=admin)
    assert reply.status_code == 422, reply.text
    error = reply.json()["error"]
    assert error["code"] == "invalid_argument" and "line 3" in error["message"]
    assert error["details"]["field"] == "content"
    assert error["details"]["errors"] == [
        f"line 3: '{year}-02-30' is not a date like 2027-01-01",
        "line 4: kind must be holiday or workday, not 'rest'",
    ]
    broken_ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:no date\nEND:VEVENT\nEND:VCALENDAR\n"
    reply = await http.post(IMPORT, files={"file": ("x.ics", broken_ics.encode(), "text/calendar")}, headers=admin)
    assert reply.status_code == 422 and "line 2: the event has no DTSTART" in reply.json()["error"]["message"]
    not_text = await http.post(IMPORT, files={"file": ("x.csv", b"\xff\xfe\x00", "text/csv")}, headers=admin)
    assert not_text.status_code == 422 and not_text.json()["error"]["details"]["field"] == "file"
    # Nothing of the bad files was stored.
    coverage = (await http.get("/api/v1/admin/calendar", params={"year": year}, headers=admin)).json()
    assert coverage["days"]["source"] == "none"


async def test_the_ops_page_shows_coverage_and_takes_an_upload(http: httpx.AsyncClient) -> None:
    year = _year()
    assert (await http.post("/ops/login", data={"username": "ops", "password": "fengqiao-demo"})).status_code == 303
    page = await http.get("/ops/calendar")
    assert page.status_code == 200 and "内置数据包" in page.text and 'action="/ops/calendar/import"' not in page.text
    refused = await http.post("/ops/calendar/import", files={"file": ("y.csv", b"x", "text/csv")})
    assert refused.status_code == 303 and "error=" in refused.headers["location"]
    await http.post("/ops/logout")
    assert (await http.post("/ops/login", data={"username": "admin", "password": "fengqiao-demo"})).status_code == 303
    assert 'action="/ops/calendar/import"' in (await http.get("/ops/calendar")).text
    done = await http.post(
        "/ops/calendar/import",
        files={"file": (f"{year}.ics", _ics(year).encode(), "text/calendar")},
    )
    assert done.status_code == 303 and done.headers["location"].startswith("/ops/calendar?done="), done.headers
    shown = await http.get(f"{done.headers['location']}&year={year}")
    assert f"已导入：{year} 年（法定节假日 3 天" in shown.text and "劳动节 休" in shown.text
    bad = await http.post(
        "/ops/calendar/import", files={"file": ("b.csv", f"{year}-13-01,holiday,x\n".encode(), "text/csv")}
    )
    assert "error=" in bad.headers["location"] and "line%201" in bad.headers["location"]
