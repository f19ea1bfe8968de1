"""Varied Chinese and English text for generated projects: towns, product lines, phrasing.

Every entry is a ``(zh, en, slug)`` triple so that the two languages tell the same story.
"""

TOWNS = [
    ("城关镇", "Chengguan Town", "chengguan"), ("岚桥镇", "Lanqiao Town", "lanqiao"),
    ("富溪镇", "Fuxi Town", "fuxi"), ("青石镇", "Qingshi Town", "qingshi"),
    ("白河镇", "Baihe Town", "baihe"), ("云岭乡", "Yunling Township", "yunling"),
    ("桃园镇", "Taoyuan Town", "taoyuan"), ("双龙镇", "Shuanglong Town", "shuanglong"),
    ("松坪乡", "Songping Township", "songping"), ("金川镇", "Jinchuan Town", "jinchuan"),
    ("石门镇", "Shimen Town", "shimen"), ("柳林乡", "Liulin Township", "liulin"),
]

PRODUCTS = {
    "agriculture": [
        ("富硒大米精深加工", "Selenium-rich Rice Processing", "selenium-rice"),
        ("魔芋制品加工", "Konjac Products Processing", "konjac"),
        ("食用菌工厂化生产", "Industrial Mushroom Cultivation", "mushroom"),
        ("中药材规范化种植", "GAP Herbal Medicine Plantation", "herbal-gap"),
        ("富硒茶园提质增效", "Selenium-rich Tea Garden Upgrade", "tea-garden"),
    ],
    "materials": [
        ("电解金属锰深加工", "Electrolytic Manganese Deep Processing", "manganese-metal"),
        ("四氧化三锰", "Manganese Tetroxide", "manganese-tetroxide"),
        ("锰基特种合金", "Manganese-based Special Alloy", "manganese-alloy"),
        ("磷酸锰铁锂正极材料", "LMFP Cathode Material", "lmfp-cathode"),
        ("新型绿色建材", "Green Building Materials", "green-building"),
    ],
    "tourism": [
        ("古镇民宿集群", "Ancient Town Guesthouse Cluster", "guesthouses"),
        ("森林步道与营地", "Forest Trail and Campsite", "forest-camp"),
        ("研学旅行基地", "Study Tour Base", "study-tour"),
        ("峡谷漂流", "Canyon Rafting", "canyon-rafting"),
        ("茶旅融合示范区", "Tea Tourism Demonstration Area", "tea-tourism"),
    ],
    "health": [
        ("康养旅居社区", "Wellness Residence Community", "wellness-community"),
        ("中医药康复中心", "TCM Rehabilitation Center", "tcm-rehab"),
        ("医养结合护理院", "Integrated Medical and Elderly Care Home", "care-home"),
        ("富硒保健食品", "Selenium-rich Health Food", "health-food"),
    ],
    "logistics": [
        ("农产品冷链物流中心", "Farm Produce Cold-chain Center", "cold-chain"),
        ("县域电商产业园", "County E-commerce Park", "e-commerce"),
        ("物流分拨中心", "Logistics Distribution Center", "distribution"),
        ("建材商贸城", "Building Materials Trade Mall", "trade-mall"),
    ],
}

KINDS = [
    ("项目", "Project"), ("基地建设项目", "Base Construction Project"),
    ("产业化项目", "Industrialization Project"), ("二期项目", "Phase II Project"),
    ("扩能改造项目", "Capacity Expansion Project"),
]

DEPARTMENTS = [
    ("县农业农村局", "County Bureau of Agriculture and Rural Affairs"),
    ("县工业和信息化局", "County Bureau of Industry and Information Technology"),
    ("县文化和旅游局", "County Bureau of Culture and Tourism"),
    ("县卫生健康局", "County Health Commission"),
    ("县商务局", "County Bureau of Commerce"),
]


def title(town, product, kind):
    return f"{town[0]}{product[0]}{kind[0]}", f"{product[1]} {kind[1]}, {town[1]}"


def amount(wan):
    """A sum in 万元 as written in each language: ``(3.5亿元, CNY 350 million)``."""
    zh = f"{round(wan / 10_000, 1):g}亿元" if wan >= 10_000 else f"{wan}万元"
    return zh, f"CNY {round(wan / 100, 1):,g} million"


def summary(town, product, investment, jobs):
    return (
        f"在{town[0]}建设{product[0]}项目，总投资{investment[0]}，达产后可带动就业{jobs}人。",
        f"{product[1]} in {town[1]}: a total investment of {investment[1]}, "
        f"creating {jobs:,} jobs at full capacity.",
    )


def site_note(town, land_mu):
    return (f"项目选址{town[0]}，规划用地约{land_mu}亩。",
            f"The site is in {town[1]}, with about {land_mu} mu of planned land. ")


def highlights(town, product, output, payback):
    """An extra body section, so that no two bodies are the same."""
    return (
        f"\n\n## 投资亮点\n\n- {town[0]}交通便利，距高速出口不超过15公里；\n"
        f"- {product[0]}年产值预计{output[0]}；\n- 静态投资回收期约{payback}年。\n",
        f"\n\n## Highlights\n\n- {town[1]} is well connected, within 15 km of an expressway exit;\n"
        f"- expected annual output: {output[1]};\n"
        f"- static payback period of about {payback} years.\n",
    )
