"""The quarter's scores and lists as an Excel workbook (openpyxl): one sheet of scores, one of
the red and black lists, one of every aspect's score."""

from __future__ import annotations

import io
from collections.abc import Sequence

from fengqiao.evaluation.v1 import evaluation_pb2

from services.evaluation.models import Review, StandingChange
from services.evaluation.standing import STANDING_NAMES

_STANDING = {
    evaluation_pb2.LIST_STANDING_RED: "RED",
    evaluation_pb2.LIST_STANDING_BLACK: "BLACK",
    evaluation_pb2.LIST_STANDING_NONE: "NONE",
}


def _score(message: evaluation_pb2.CompanyScore, name: str) -> float | str:
    return round(getattr(message, name), 2) if message.HasField(name) else "数据不足"


def workbook(review: Review, scores: Sequence[evaluation_pb2.CompanyScore], changes: Sequence[StandingChange]) -> bytes:
    # Here, not at import: openpyxl is a second of CPU the service's start-up does not pay (issue 19).
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    bold = Font(bold=True)
    fill = {"RED": PatternFill("solid", fgColor="F8D7DA"), "BLACK": PatternFill("solid", fgColor="D6D8DB")}
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "综合得分"
    sheet.append(
        [
            f"{review.subdistrict_code} {review.quarter} 物业服务三评结果"
            f"（{review.status}，权重版本 {review.weights_version}）"
        ]
    )
    sheet.append(
        [
            "排名",
            "企业代码",
            "企业名称",
            "居民评",
            "互评",
            "部门评",
            "综合得分",
            "等级",
            "星级",
            "红黑榜",
            "诉件数",
            "万户投诉量(每千户)",
            "响应率",
            "解决率",
            "满意率",
            "超期整改单",
            "指导性评价",
        ]
    )
    for cell in sheet[2]:
        cell.font = bold
    for s in scores:
        standing = _STANDING.get(s.standing, "NONE")
        sheet.append(
            [s.rank or "", s.company_code, s.company_name, _score(s, "resident_score"), _score(s, "peer_score"),
             _score(s, "department_score"), _score(s, "combined"), s.grade_name, s.stars, STANDING_NAMES[standing],
             s.cases, s.complaints_per_1000, s.response_rate, s.resolution_rate, s.satisfaction_rate,
             s.overdue_rectification_orders, s.assessment]
        )  # fmt: skip
        if standing in fill:
            for cell in sheet[sheet.max_row]:
                cell.fill = fill[standing]
    lists = wb.create_sheet("红黑榜")
    lists.append(["企业代码", "榜单", "上期", "理由", "审定人"])
    for cell in lists[1]:
        cell.font = bold
    for c in sorted(changes, key=lambda c: (c.standing != "RED", c.standing != "BLACK", c.company_code)):
        lists.append([c.company_code, STANDING_NAMES[c.standing], STANDING_NAMES[c.previous], c.reason, c.decided_by])
    aspects = wb.create_sheet("分项得分")
    aspects.append(["企业代码", "评价方", "分项", "样本数", "得分"])
    for cell in aspects[1]:
        cell.font = bold
    sides = {v: k for k, v in evaluation_pb2.Side.items()}
    for s in scores:
        for a in s.aspects:
            aspects.append(
                [s.company_code, sides[a.side].removeprefix("SIDE_"), a.name, a.samples,
                 round(a.score, 2) if a.HasField("score") else "数据不足"]
            )  # fmt: skip
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
