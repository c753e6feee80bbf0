"""Reads the building number out of a complaint's address ("3号楼2单元", "十二栋", "5幢") and checks it
against the community's building count from the registry. Pure rules, no I/O."""

from __future__ import annotations

import re

from services.common.errors import InvalidInput

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# "3号楼", "3 号楼", "3栋", "3幢", "3号" directly followed by 楼/栋/幢, in Arabic or Chinese numerals.
_BUILDING = re.compile(
    r"([0-9０-９]{1,3}|[零〇一二两三四五六七八九十百]{1,5})\s*(?:号\s*楼|号\s*栋|号\s*幢|栋|幢|号院楼|楼)"
)


def _chinese_number(text: str) -> int:
    """Chinese numerals up to 999 (十二 → 12, 二十 → 20, 一百零五 → 105)."""
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _DIGITS[ch]
    return total + current


def building_in_address(address: str) -> int:
    """The building number the address names, or 0 when it names none."""
    match = _BUILDING.search(address)
    if match is None:
        return 0
    raw = match.group(1)
    if raw[0].isdigit():
        return int(raw.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    return _chinese_number(raw)


def resolve_building(address: str, given: int, buildings: int, community_name: str) -> int:
    """The complaint's building: the one the channel gave, else the one the address names, else 0
    (the whole community). A building the community does not have is refused, naming the field."""
    if given < 0:
        raise InvalidInput(f"building must be a positive number; got {given}", field="building")
    building = given or building_in_address(address)
    field = "building" if given else "address"
    if building and buildings and building > buildings:
        raise InvalidInput(
            f"{community_name} has buildings 1–{buildings}; {field} names building {building}", field=field
        )
    if given and (named := building_in_address(address)) and named != given:
        raise InvalidInput(f"address names building {named} but building is {given}", field="address")
    return building
