"""The plan of a run: every complaint (when, where, on which channel, down which track) and every
decision an actor will take, drawn from the scenario and the seed alone.

Each draw has its own random stream named by what it decides ("7/callback/0": complaint 7's first
callback), so the same scenario and seed give the same plan, and an actor's decision does not
depend on the order in which tasks happen to reach it."""

from __future__ import annotations

import hashlib
import itertools
import json
import random
from dataclasses import asdict, dataclass, replace
from typing import Any

from simulator.scenario import Scenario

JOIN_AFTER_DAYS = 2.0  # a joining complaint comes this many simulated days after the council's first
ROUNDS = 3  # decisions planned per task kind and case (a kind may recur: sessions, reopenings)
_CONTENT = {
    "leak": "楼顶漏水，雨天屋里滴水，物业答应修一直没来。",
    "blockage": "单元下水道堵塞，污水返到一楼，气味很大。",
    "elevator": "电梯经常停运，老人上下楼很困难。",
    "parking": "小区车位不足，车辆乱停堵住消防通道。",
    "ev_charging": "电动车没有充电桩，只能飞线充电，很危险。",
    "sanitation": "垃圾清运不及时，楼道堆满杂物。",
    "greening": "绿化带多年无人修剪，杂草丛生。",
    "fees": "物业费涨价没有公示，收费项目不清楚。",
    "noise": "楼下商户夜间噪音扰民，多次反映无果。",
    "heating": "暖气不热，室温不到十六度。",
    "neighbour": "楼上漏水泡坏我家天花板，邻居不肯赔偿。",
    "environment": "小区路面破损，路灯不亮，环境需要整治。",
    "other": "小区门禁坏了很久，外来人员随意进出。",
}
_CASE_TYPE = {"neighbour": "neighbour", "fees": "fee", "parking": "group"}
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"


def stream(seed: int, key: str) -> random.Random:
    """The random stream of one decision: seeded by the scenario seed and the decision's name."""
    return random.Random(f"{seed}/{key}")


def pick(rng: random.Random, table: dict[str, float]) -> str:
    names = sorted(table)
    return rng.choices(names, weights=[table[n] for n in names])[0]


def decide(scenario: Scenario, case: int, kind: str, round_: int, allowed: list[str] | None = None) -> str | None:
    """Complaint `case`'s decision for the `round_`-th task of `kind` (its outcome), or None when
    the scenario gives no table for that kind. Outcomes the task does not allow are left out."""
    table = scenario.decisions.get(kind)
    if table is None:
        return None
    if allowed is not None:
        table = {k: v for k, v in table.items() if k in allowed and v > 0}
        if not table:
            return None
    return pick(stream(scenario.seed, f"{case}/{kind}/{round_}"), table)


def delay_hours(scenario: Scenario, case: int, kind: str, round_: int) -> float:
    """How many working hours the actor takes before completing the task."""
    low, high = scenario.response_range(kind)
    return stream(scenario.seed, f"{case}/{kind}/{round_}/delay").uniform(low, high)


@dataclass(frozen=True)
class PlannedComplaint:
    index: int
    day: float  # simulated days after the run starts
    channel: str
    community: str
    community_code: str
    category: str
    address: str
    content: str
    name: str
    phone: str
    track: str
    case_type: str
    client_ip: str  # a resident filing online speaks from an address of their own
    external_ref: str
    decisions: dict[str, list[str]]
    # The complaint whose council this one joins (same community, a few days later), or -1.
    joins: int = -1

    def body(self) -> dict[str, Any]:
        """The complaint as the filing API takes it (the public form drops channel and category)."""
        body: dict[str, Any] = {
            "channel": self.channel,
            "category": self.category,
            "community": self.community,
            "address": self.address,
            "content": self.content,
            "complainant": {"name": self.name, "phone": self.phone},
        }
        if self.external_ref:
            body["external_ref"] = self.external_ref
        if self.channel == "grid_inspection":
            body["location"] = {"latitude": 36.19 + self.index % 50 / 10_000, "longitude": 113.11}
        return body


@dataclass(frozen=True)
class PlannedEvent:
    day: float
    company: str
    kind: str
    description: str
    key: str


@dataclass(frozen=True)
class Plan:
    scenario: str
    seed: int
    complaints: tuple[PlannedComplaint, ...]
    events: tuple[PlannedEvent, ...]

    def digest(self) -> str:
        """A fingerprint of the whole plan: equal plans, equal digests."""
        text = json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


def make_plan(scenario: Scenario) -> Plan:
    """The plan the scenario and its seed give: a pure function of both."""
    seed = scenario.seed
    rng = stream(seed, "complaints")
    days = sorted(rng.uniform(0, scenario.days) for _ in range(scenario.complaints))
    tracks = [track for track, count in sorted(scenario.tracks.items()) for _ in range(count)]
    stream(seed, "tracks").shuffle(tracks)
    weights = {c.code: c.weight for c in scenario.communities}
    by_code = {c.code: c for c in scenario.communities}
    complaints = []
    for i, (day, track) in enumerate(zip(days, tracks, strict=True)):
        own = stream(seed, f"{i}/complaint")
        community = by_code[pick(own, weights)]
        channel = pick(own, scenario.channels)
        category = pick(own, scenario.categories)
        building = own.randint(1, community.buildings)
        room = f"{own.randint(1, 2)}单元{own.randint(1, 6)}0{own.randint(1, 4)}室"
        ref = ""
        if channel == "hotline_12345":
            ref = f"GD{seed % 10_000:04d}{i:06d}"
        elif channel == "petition":
            ref = f"XF{seed % 10_000:04d}{i:06d}"
        complaints.append(
            PlannedComplaint(
                index=i,
                day=round(day, 6),
                channel=channel,
                community=community.name,
                community_code=community.code,
                category=category,
                address=f"{building}号楼{room}",
                content=_CONTENT.get(category, _CONTENT["other"]),
                name=own.choice(_SURNAMES) + ("先生" if own.random() < 0.5 else "女士"),
                phone=f"139{own.randint(0, 99_999_999):08d}",
                track=track,
                case_type=_CASE_TYPE.get(category, "quality"),
                client_ip=f"10.{64 + i // 65_536 % 64}.{i // 256 % 256}.{i % 256}",
                external_ref=ref,
                decisions={
                    kind: [str(decide(scenario, i, kind, r)) for r in range(ROUNDS)]
                    for kind in sorted(scenario.decisions)
                },
            )
        )
    complaints = _with_joins(scenario, complaints)
    events = tuple(
        PlannedEvent(e.day, e.company, e.kind, e.description, f"{scenario.name}-{seed}-event-{n}")
        for n, e in enumerate(scenario.serious_events)
    )
    return Plan(scenario.name, seed, tuple(complaints), events)


def _with_joins(scenario: Scenario, complaints: list[PlannedComplaint]) -> list[PlannedComplaint]:
    """Makes `consultation_joins` consultation complaints join the council of the one before them:
    the pairs closest in time, the later one moved to the earlier one's community and category (and
    another building, so intake does not merge the two complaints into one case), and filed
    JOIN_AFTER_DAYS after it: late enough that the first council has started, early enough that it
    still runs (its notice period and publicity alone outlast that)."""
    council = [c for c in complaints if c.track == "consultation"]
    pairs = sorted(itertools.pairwise(council), key=lambda p: (p[1].day - p[0].day, p[1].index))
    chosen: dict[int, PlannedComplaint] = {}
    used: set[int] = set()
    for first, later in pairs:
        if len(chosen) == scenario.consultation_joins:
            break
        if first.index in used or later.index in used:
            continue
        used |= {first.index, later.index}
        building = int(first.address.split("号楼")[0])
        other = building % max(2, next(c.buildings for c in scenario.communities if c.code == first.community_code)) + 1
        chosen[later.index] = replace(
            later,
            community=first.community,
            community_code=first.community_code,
            category=first.category,
            content=first.content,
            address=f"{other}号楼{later.address.split('号楼', 1)[1]}",
            day=round(first.day + JOIN_AFTER_DAYS, 6),
            joins=first.index,
        )
    return [chosen.get(c.index, c) for c in complaints]
