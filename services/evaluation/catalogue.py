"""The three catalogues of the quarterly review (三评机制): what residents (10 aspects), peer
companies (12) and departments (18) score, each aspect with the advice a weak score earns.

Aspects come from the Dongjie seed story. Five department aspects are not scored by people:
they are computed from the case facts of the quarter (``CASE_FACT_ASPECTS``).
"""

from __future__ import annotations

from dataclasses import dataclass

RESIDENT, PEER, DEPARTMENT = "RESIDENT", "PEER", "DEPARTMENT"
SIDES = (RESIDENT, PEER, DEPARTMENT)


@dataclass(frozen=True)
class Aspect:
    code: str
    name: str  # zh-CN, as printed on the survey form
    advice: str  # improvement advice when this aspect is among the weakest


RESIDENT_ASPECTS: tuple[Aspect, ...] = (
    Aspect("service_quality", "服务质量", "对照物业服务合同逐项自查，公示服务标准并接受业主监督。"),
    Aspect("timeliness", "响应及时", "设立24小时报修电话，报修30分钟内响应、当日处理。"),
    Aspect("attitude", "服务态度", "开展文明服务培训，推行首问负责制。"),
    Aspect("cleanliness", "环境卫生", "增加楼道和公共区域保洁频次，垃圾日产日清。"),
    Aspect("greening", "绿化养护", "按季节修剪补植，及时清理枯枝杂草。"),
    Aspect("security", "秩序维护", "落实门岗登记和夜间巡逻，规范车辆停放。"),
    Aspect("repairs", "设施维修", "建立共用设施设备台账，定期巡检、小修不过夜。"),
    Aspect("fee_transparency", "收费透明", "按季度公示收支明细和公共收益，接受业委会审计。"),
    Aspect("complaint_handling", "投诉处理", "投诉件件登记、限时办结、结果回访。"),
    Aspect("communication", "沟通公开", "定期召开业主恳谈会，通过公示栏和业主群及时公开信息。"),
)

PEER_ASPECTS: tuple[Aspect, ...] = (
    Aspect("facility_investment", "公共设施投入", "制定年度公共设施投入计划并公示落实情况。"),
    Aspect("maintenance", "设施维护保养", "对电梯、消防、供水设施落实维保合同和记录。"),
    Aspect("self_discipline", "行业自律", "遵守行业公约，不恶意压价、不强行撤场。"),
    Aspect("integrity", "诚信经营", "履行合同承诺，杜绝违规收费。"),
    Aspect("standard_management", "规范管理", "完善各项管理制度和岗位责任制。"),
    Aspect("staff_quality", "人员素质", "持证上岗，定期组织业务培训。"),
    Aspect("safety", "安全管理", "落实安全生产责任，定期开展隐患排查。"),
    Aspect("emergency_response", "应急处置", "完善应急预案，每季度至少演练一次。"),
    Aspect("energy_saving", "节能环保", "推广节能设备，落实垃圾分类。"),
    Aspect("cooperation", "协作互助", "参与\u201c大包小、新带旧、好补差\u201d，帮扶薄弱项目。"),
    Aspect("innovation", "创新服务", "探索智慧物业和便民增值服务。"),
    Aspect("party_building", "党建引领", "建立党支部或党小组，推动交叉任职。"),
)

DEPARTMENT_ASPECTS: tuple[Aspect, ...] = (
    Aspect("work_support", "支持配合工作", "主动配合街道、社区中心工作，按时报送资料。"),
    Aspect("dispute_resolution", "纠纷化解", "参加五方议事会，推动矛盾在小区内化解。"),
    Aspect("complaint_reduction", "投诉减少", "分析高频投诉原因，源头治理减少重复投诉。"),
    Aspect("response_rate", "响应率", "接诉即办，首次响应不超过1个工作日。"),
    Aspect("resolution_rate", "解决率", "对未解决诉求逐件复盘，限期办结。"),
    Aspect("satisfaction_rate", "满意率", "回访不满意的诉求重新办理，直至居民满意。"),
    Aspect("complaints_per_1000", "万户投诉量", "针对投诉集中的小区开展专项整治。"),
    Aspect("rectification_on_time", "整改按期", "整改单按期完成并报社区核查，杜绝超期。"),
    Aspect("fire_safety", "消防安全", "保持消防通道畅通，消防设施完好有效。"),
    Aspect("work_safety", "安全生产", "落实高空作业、有限空间作业等安全规范。"),
    Aspect("waste_sorting", "垃圾分类", "规范设置分类投放点，做好宣传引导。"),
    Aspect("civilisation", "文明创建", "配合文明城市创建，整治乱堆乱放。"),
    Aspect("emergency_duty", "应急值守", "汛期、冬季等重点时段落实值班值守。"),
    Aspect("contract_performance", "合同履约", "按合同约定的服务标准和频次履约。"),
    Aspect("fee_compliance", "收费规范", "执行政府指导价，明码标价。"),
    Aspect("maintenance_fund", "维修资金使用", "规范申请使用专项维修资金，及时公示。"),
    Aspect("records", "档案管理", "建立完整的小区档案和服务记录。"),
    Aspect("party_work", "党建工作", "落实红色物业要求，党员亮身份、作表率。"),
)

# Department aspects computed from the quarter's case facts, never scored by hand.
CASE_FACT_ASPECTS = frozenset(
    {"response_rate", "resolution_rate", "satisfaction_rate", "complaints_per_1000", "rectification_on_time"}
)

CATALOGUES: dict[str, tuple[Aspect, ...]] = {
    RESIDENT: RESIDENT_ASPECTS,
    PEER: PEER_ASPECTS,
    DEPARTMENT: DEPARTMENT_ASPECTS,
}
ASPECTS: dict[str, Aspect] = {a.code: a for side in CATALOGUES.values() for a in side}
SIDE_NAMES = {RESIDENT: "居民自己评", PEER: "物业互相评", DEPARTMENT: "部门综合评"}


def scored_by_people(side: str) -> tuple[str, ...]:
    """Aspect codes a person fills in for `side` (department forms leave out the case facts)."""
    return tuple(a.code for a in CATALOGUES[side] if a.code not in CASE_FACT_ASPECTS)
