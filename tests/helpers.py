"""Small helpers shared by the test layers."""

from __future__ import annotations

from services.common.identity import Identity, metadata_for
from services.common.settings import DEV_IDENTITY_KEY as IDENTITY_KEY

CASEWORKER = Identity("xiadong.caseworker", ("caseworker",), ("NB-XIADONG",), "李红")
GRID = Identity("xiadong.grid", ("grid_worker",), ("NB-XIADONG",), "王强")
OTHER_CASEWORKER = Identity("other.caseworker", ("caseworker",), ("NB-FUHOU",), "赵敏")
CENTER = Identity("dongjie.center", ("street_center", "supervisor"), ("SC-DONGJIE",), "陈主任")
COMPANY = Identity("company.admin", ("company",), ("PC-DFSJ",), "孙经理")
OPS = Identity("ops", ("ops",), (), "运维")
SYSTEM = Identity("system:test", ("system",), (), "test")
ADMIN = Identity("admin", ("admin",), ("SD-DONGJIE",), "系统管理员")


def md(identity: Identity, key: str = IDENTITY_KEY) -> list[tuple[str, str]]:
    return list(metadata_for(identity, key))
