"""Demo data set of Dongjie subdistrict (东街街道), Luzhou District (潞州区), Changzhi (长治市).

Pure literal data, loaded by the evaluation service's seed step. No I/O, no randomness:
the 75 old communities are written out as literal rows and turned into ``CommunityRow``
objects at import time (residents ≈ 2.8 × households).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Org:
    code: str  # stable ASCII code, e.g. "NB-XIADONG"
    name: str  # Chinese name
    kind: str  # district, subdistrict, neighbourhood, street_center, district_center, property_company, ...
    parent_code: str = ""


@dataclass(frozen=True)
class CommunityRow:
    code: str  # e.g. "CM-DFSJ"
    name: str  # e.g. "东方世家"
    neighbourhood_code: str  # an Org of kind neighbourhood
    company_code: str  # an Org of kind property_company, or "" when unmanaged
    households: int
    residents: int
    buildings: int
    is_old: bool
    management_status: str  # "UNMANAGED", "TAKEN_OVER" or "WELL_MANAGED"


DISTRICT_CODE = "DT-LUZHOU"
SUBDISTRICT_CODE = "SD-DONGJIE"

ORGANISATIONS: tuple[Org, ...] = (
    # district and subdistrict
    Org("DT-LUZHOU", "潞州区", "district", ""),
    Org("SD-DONGJIE", "东街街道", "subdistrict", "DT-LUZHOU"),
    # property service centers
    Org("SC-DONGJIE", "东街街道物业服务中心", "street_center", "SD-DONGJIE"),
    Org("DC-LUZHOU", "潞州区物业管理中心", "district_center", "DT-LUZHOU"),
    # neighbourhoods (社区)
    Org("NB-XIADONG", "下东社区", "neighbourhood", "SD-DONGJIE"),
    Org("NB-FUHOU", "府后社区", "neighbourhood", "SD-DONGJIE"),
    Org("NB-DONGDAJIE", "东大街社区", "neighbourhood", "SD-DONGJIE"),
    Org("NB-BEISHICAO", "北石槽社区", "neighbourhood", "SD-DONGJIE"),
    Org("NB-CHENGDONG", "城东社区", "neighbourhood", "SD-DONGJIE"),
    Org("NB-TAIHANGDONG", "太行东街社区", "neighbourhood", "SD-DONGJIE"),
    # property companies
    Org("PC-DFSJ", "长治市东方物业服务有限公司", "property_company", "SD-DONGJIE"),
    Org("PC-CPY", "长治市常平物业服务有限公司", "property_company", "SD-DONGJIE"),
    Org("PC-TAIHANG", "长治市太行物业服务有限公司", "property_company", "SD-DONGJIE"),
    Org("PC-SHANGDANG", "长治市上党物业服务有限公司", "property_company", "SD-DONGJIE"),
    Org("PC-ANJU", "长治市潞州安居物业服务有限公司", "property_company", "SD-DONGJIE"),
    Org("PC-ZHANGZE", "长治市漳泽物业服务有限公司", "property_company", "SD-DONGJIE"),
    Org("PC-HUIFENG", "长治市惠丰物业服务有限公司", "property_company", "SD-DONGJIE"),
    # courts, police, justice
    Org("CT-LUZHOU", "长治市潞州区人民法院", "court", "DT-LUZHOU"),
    Org("PS-DONGJIE", "长治市公安局潞州分局东街派出所", "police_station", "DT-LUZHOU"),
    Org("JO-DONGJIE", "东街司法所", "judicial_office", "SD-DONGJIE"),
    Org("JS-DONGJIE", "东街法官工作室", "judge_studio", "CT-LUZHOU"),
    Org("MC-DONGJIE", "东街人民调解委员会", "mediation_committee", "SD-DONGJIE"),
    # district bureaus
    Org("HB-LUZHOU", "潞州区住房和城乡建设局", "housing_bureau", "DT-LUZHOU"),
    Org("CMB-LUZHOU", "潞州区城市管理局", "city_management_bureau", "DT-LUZHOU"),
    Org("MSB-LUZHOU", "潞州区市场监督管理局", "market_supervision_bureau", "DT-LUZHOU"),
)

# Named communities (not part of the 75 old-estate list).
_NAMED_COMMUNITIES: tuple[CommunityRow, ...] = (
    CommunityRow("CM-DFSJ", "东方世家", "NB-XIADONG", "PC-DFSJ", 3300, 10000, 28, False, "WELL_MANAGED"),
    CommunityRow("CM-CPY", "常平苑", "NB-XIADONG", "PC-CPY", 1260, 3650, 14, False, "WELL_MANAGED"),
    CommunityRow("CM-TDJ", "土地局小区", "NB-XIADONG", "PC-TAIHANG", 168, 470, 4, True, "TAKEN_OVER"),
    CommunityRow("CM-FHJY", "府后嘉园", "NB-FUHOU", "PC-SHANGDANG", 980, 2850, 12, False, "WELL_MANAGED"),
    CommunityRow("CM-TXMD", "太行名都", "NB-TAIHANGDONG", "PC-HUIFENG", 1540, 4400, 16, False, "TAKEN_OVER"),
)

# The 75 old communities (老旧小区):
# (code, name, neighbourhood_code, company_code, households, buildings, management_status)
_OLD_COMMUNITY_ROWS: tuple[tuple[str, str, str, str, int, int, str], ...] = (
    ("CM-OLD-001", "税务局家属院", "NB-XIADONG", "PC-TAIHANG", 93, 3, "TAKEN_OVER"),
    ("CM-OLD-002", "工商局家属院", "NB-FUHOU", "", 230, 7, "UNMANAGED"),
    ("CM-OLD-003", "粮食局家属院", "NB-DONGDAJIE", "PC-SHANGDANG", 367, 11, "TAKEN_OVER"),
    ("CM-OLD-004", "供销社家属院", "NB-BEISHICAO", "PC-ANJU", 143, 4, "WELL_MANAGED"),
    ("CM-OLD-005", "电业局家属院", "NB-CHENGDONG", "PC-ZHANGZE", 280, 8, "TAKEN_OVER"),
    ("CM-OLD-006", "邮电局家属院", "NB-TAIHANGDONG", "PC-HUIFENG", 56, 2, "TAKEN_OVER"),
    ("CM-OLD-007", "建设银行家属院", "NB-XIADONG", "", 193, 6, "UNMANAGED"),
    ("CM-OLD-008", "农业银行家属院", "NB-FUHOU", "PC-CPY", 330, 10, "WELL_MANAGED"),
    ("CM-OLD-009", "工商银行宿舍", "NB-DONGDAJIE", "PC-DFSJ", 106, 3, "TAKEN_OVER"),
    ("CM-OLD-010", "人民银行家属院", "NB-BEISHICAO", "PC-TAIHANG", 243, 7, "TAKEN_OVER"),
    ("CM-OLD-011", "财政局家属院", "NB-CHENGDONG", "", 380, 11, "UNMANAGED"),
    ("CM-OLD-012", "教育局家属院", "NB-TAIHANGDONG", "PC-SHANGDANG", 156, 5, "WELL_MANAGED"),
    ("CM-OLD-013", "卫生局家属院", "NB-XIADONG", "PC-ANJU", 293, 9, "TAKEN_OVER"),
    ("CM-OLD-014", "水利局家属院", "NB-FUHOU", "", 69, 2, "UNMANAGED"),
    ("CM-OLD-015", "交通局家属院", "NB-DONGDAJIE", "PC-ZHANGZE", 206, 6, "WELL_MANAGED"),
    ("CM-OLD-016", "公路段家属院", "NB-BEISHICAO", "PC-HUIFENG", 343, 10, "TAKEN_OVER"),
    ("CM-OLD-017", "林业局家属院", "NB-CHENGDONG", "", 119, 4, "UNMANAGED"),
    ("CM-OLD-018", "气象局家属院", "NB-TAIHANGDONG", "PC-CPY", 256, 8, "TAKEN_OVER"),
    ("CM-OLD-019", "地质队家属院", "NB-XIADONG", "PC-DFSJ", 393, 11, "WELL_MANAGED"),
    ("CM-OLD-020", "煤炭公司家属院", "NB-FUHOU", "PC-TAIHANG", 169, 5, "TAKEN_OVER"),
    ("CM-OLD-021", "物资局家属院", "NB-DONGDAJIE", "PC-SHANGDANG", 306, 9, "TAKEN_OVER"),
    ("CM-OLD-022", "商业局家属院", "NB-BEISHICAO", "", 82, 3, "UNMANAGED"),
    ("CM-OLD-023", "烟草公司家属院", "NB-CHENGDONG", "PC-ANJU", 219, 7, "WELL_MANAGED"),
    ("CM-OLD-024", "医药公司宿舍", "NB-TAIHANGDONG", "PC-ZHANGZE", 356, 10, "TAKEN_OVER"),
    ("CM-OLD-025", "百货大楼宿舍", "NB-XIADONG", "PC-HUIFENG", 132, 4, "TAKEN_OVER"),
    ("CM-OLD-026", "五金公司宿舍", "NB-FUHOU", "", 269, 8, "UNMANAGED"),
    ("CM-OLD-027", "糖业烟酒公司宿舍", "NB-DONGDAJIE", "PC-CPY", 45, 2, "WELL_MANAGED"),
    ("CM-OLD-028", "纺织厂宿舍", "NB-BEISHICAO", "PC-DFSJ", 182, 6, "TAKEN_OVER"),
    ("CM-OLD-029", "棉织厂宿舍", "NB-CHENGDONG", "", 319, 9, "UNMANAGED"),
    ("CM-OLD-030", "毛巾厂宿舍", "NB-TAIHANGDONG", "PC-TAIHANG", 95, 3, "WELL_MANAGED"),
    ("CM-OLD-031", "钟表厂宿舍", "NB-XIADONG", "PC-SHANGDANG", 232, 7, "TAKEN_OVER"),
    ("CM-OLD-032", "化肥厂宿舍", "NB-FUHOU", "", 369, 11, "UNMANAGED"),
    ("CM-OLD-033", "淮海厂东街宿舍", "NB-DONGDAJIE", "PC-ANJU", 145, 5, "TAKEN_OVER"),
    ("CM-OLD-034", "清华机械厂宿舍", "NB-BEISHICAO", "PC-ZHANGZE", 282, 8, "WELL_MANAGED"),
    ("CM-OLD-035", "红星机械厂宿舍", "NB-CHENGDONG", "PC-HUIFENG", 58, 2, "TAKEN_OVER"),
    ("CM-OLD-036", "柴油机厂宿舍", "NB-TAIHANGDONG", "PC-CPY", 195, 6, "TAKEN_OVER"),
    ("CM-OLD-037", "印刷厂宿舍", "NB-XIADONG", "", 332, 10, "UNMANAGED"),
    ("CM-OLD-038", "酿造厂宿舍", "NB-FUHOU", "PC-DFSJ", 108, 3, "WELL_MANAGED"),
    ("CM-OLD-039", "肉联厂宿舍", "NB-DONGDAJIE", "PC-TAIHANG", 245, 7, "TAKEN_OVER"),
    ("CM-OLD-040", "面粉厂宿舍", "NB-BEISHICAO", "PC-SHANGDANG", 382, 11, "TAKEN_OVER"),
    ("CM-OLD-041", "自来水公司家属院", "NB-CHENGDONG", "", 158, 5, "UNMANAGED"),
    ("CM-OLD-042", "煤气公司家属院", "NB-TAIHANGDONG", "PC-ANJU", 295, 9, "WELL_MANAGED"),
    ("CM-OLD-043", "公交公司家属院", "NB-XIADONG", "PC-ZHANGZE", 71, 2, "TAKEN_OVER"),
    ("CM-OLD-044", "市二中家属院", "NB-FUHOU", "", 208, 6, "UNMANAGED"),
    ("CM-OLD-045", "实验小学家属院", "NB-DONGDAJIE", "PC-HUIFENG", 345, 10, "WELL_MANAGED"),
    ("CM-OLD-046", "和平医院家属院", "NB-BEISHICAO", "PC-CPY", 121, 4, "TAKEN_OVER"),
    ("CM-OLD-047", "人民医院东院宿舍", "NB-CHENGDONG", "", 258, 8, "UNMANAGED"),
    ("CM-OLD-048", "中医院家属院", "NB-TAIHANGDONG", "PC-DFSJ", 395, 11, "TAKEN_OVER"),
    ("CM-OLD-049", "防疫站家属院", "NB-XIADONG", "PC-TAIHANG", 171, 5, "WELL_MANAGED"),
    ("CM-OLD-050", "新华书店宿舍", "NB-FUHOU", "PC-SHANGDANG", 308, 9, "TAKEN_OVER"),
    ("CM-OLD-051", "文化馆家属院", "NB-DONGDAJIE", "PC-ANJU", 84, 3, "TAKEN_OVER"),
    ("CM-OLD-052", "广播电视局家属院", "NB-BEISHICAO", "", 221, 7, "UNMANAGED"),
    ("CM-OLD-053", "法院老家属院", "NB-CHENGDONG", "PC-ZHANGZE", 358, 10, "WELL_MANAGED"),
    ("CM-OLD-054", "检察院家属院", "NB-TAIHANGDONG", "PC-HUIFENG", 134, 4, "TAKEN_OVER"),
    ("CM-OLD-055", "公安局东街家属院", "NB-XIADONG", "PC-CPY", 271, 8, "TAKEN_OVER"),
    ("CM-OLD-056", "人武部家属院", "NB-FUHOU", "", 47, 2, "UNMANAGED"),
    ("CM-OLD-057", "东大街12号院", "NB-DONGDAJIE", "PC-DFSJ", 184, 6, "WELL_MANAGED"),
    ("CM-OLD-058", "东大街36号院", "NB-DONGDAJIE", "PC-TAIHANG", 321, 9, "TAKEN_OVER"),
    ("CM-OLD-059", "府后街8号院", "NB-FUHOU", "", 97, 3, "UNMANAGED"),
    ("CM-OLD-060", "府后街21号院", "NB-FUHOU", "PC-SHANGDANG", 234, 7, "WELL_MANAGED"),
    ("CM-OLD-061", "下东街5号院", "NB-XIADONG", "PC-ANJU", 371, 11, "TAKEN_OVER"),
    ("CM-OLD-062", "下东街17号院", "NB-XIADONG", "", 147, 5, "UNMANAGED"),
    ("CM-OLD-063", "北石槽巷3号院", "NB-BEISHICAO", "PC-ZHANGZE", 284, 8, "TAKEN_OVER"),
    ("CM-OLD-064", "太行东街88号院", "NB-TAIHANGDONG", "PC-HUIFENG", 60, 2, "WELL_MANAGED"),
    ("CM-OLD-065", "英雄中路45号院", "NB-TAIHANGDONG", "PC-CPY", 197, 6, "TAKEN_OVER"),
    ("CM-OLD-066", "城东路102号院", "NB-CHENGDONG", "PC-DFSJ", 334, 10, "TAKEN_OVER"),
    ("CM-OLD-067", "东关小区", "NB-CHENGDONG", "", 110, 4, "UNMANAGED"),
    ("CM-OLD-068", "府后小区", "NB-FUHOU", "PC-TAIHANG", 247, 7, "WELL_MANAGED"),
    ("CM-OLD-069", "下东小区", "NB-XIADONG", "PC-SHANGDANG", 384, 11, "TAKEN_OVER"),
    ("CM-OLD-070", "北石槽小区", "NB-BEISHICAO", "PC-ANJU", 160, 5, "TAKEN_OVER"),
    ("CM-OLD-071", "东街小区", "NB-CHENGDONG", "", 297, 9, "UNMANAGED"),
    ("CM-OLD-072", "育才小区", "NB-TAIHANGDONG", "PC-ZHANGZE", 73, 3, "WELL_MANAGED"),
    ("CM-OLD-073", "康乐小区", "NB-XIADONG", "PC-HUIFENG", 210, 6, "TAKEN_OVER"),
    ("CM-OLD-074", "建设小区", "NB-FUHOU", "", 347, 10, "UNMANAGED"),
    ("CM-OLD-075", "五一路3号院", "NB-DONGDAJIE", "PC-CPY", 123, 4, "WELL_MANAGED"),
)


def _residents(households: int) -> int:
    """Residents of an old community: about 2.8 persons per household."""
    return (households * 28 + 5) // 10


_OLD_COMMUNITIES: tuple[CommunityRow, ...] = tuple(
    CommunityRow(code, name, nb, company, households, _residents(households), buildings, True, status)
    for code, name, nb, company, households, buildings, status in _OLD_COMMUNITY_ROWS
)

COMMUNITIES: tuple[CommunityRow, ...] = _NAMED_COMMUNITIES + _OLD_COMMUNITIES
