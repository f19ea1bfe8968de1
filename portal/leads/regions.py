"""Where an investor comes from: the choices of the form's "country or region" field, and which
names in a desk's ``regions:`` list serve each choice.

Desks write regions in Chinese, as staff say them: a province (``广东`` or ``广东省``), a city
region (``珠三角``, ``长三角``), ``香港``, or a country (``新加坡``).
"""

from babel import Locale

# ISO 3166-2 code -> (short Chinese name, English name). The full Chinese name adds 省/市/自治区.
PROVINCES = {
    "CN-BJ": ("北京", "Beijing"), "CN-TJ": ("天津", "Tianjin"), "CN-HE": ("河北", "Hebei"),
    "CN-SX": ("山西", "Shanxi"), "CN-NM": ("内蒙古", "Inner Mongolia"),
    "CN-LN": ("辽宁", "Liaoning"), "CN-JL": ("吉林", "Jilin"), "CN-HL": ("黑龙江", "Heilongjiang"),
    "CN-SH": ("上海", "Shanghai"), "CN-JS": ("江苏", "Jiangsu"), "CN-ZJ": ("浙江", "Zhejiang"),
    "CN-AH": ("安徽", "Anhui"), "CN-FJ": ("福建", "Fujian"), "CN-JX": ("江西", "Jiangxi"),
    "CN-SD": ("山东", "Shandong"), "CN-HA": ("河南", "Henan"), "CN-HB": ("湖北", "Hubei"),
    "CN-HN": ("湖南", "Hunan"), "CN-GD": ("广东", "Guangdong"), "CN-GX": ("广西", "Guangxi"),
    "CN-HI": ("海南", "Hainan"), "CN-CQ": ("重庆", "Chongqing"), "CN-SC": ("四川", "Sichuan"),
    "CN-GZ": ("贵州", "Guizhou"), "CN-YN": ("云南", "Yunnan"), "CN-XZ": ("西藏", "Tibet"),
    "CN-SN": ("陕西", "Shaanxi"), "CN-GS": ("甘肃", "Gansu"), "CN-QH": ("青海", "Qinghai"),
    "CN-NX": ("宁夏", "Ningxia"), "CN-XJ": ("新疆", "Xinjiang"),
}
MUNICIPALITIES = {"CN-BJ", "CN-TJ", "CN-SH", "CN-CQ"}
AUTONOMOUS = {"CN-NM", "CN-GX", "CN-XZ", "CN-NX", "CN-XJ"}
SARS_AND_TAIWAN = {
    "HK": ("中国香港", "Hong Kong, China", ("香港", "香港特别行政区")),
    "MO": ("中国澳门", "Macao, China", ("澳门", "澳门特别行政区")),
    "TW": ("中国台湾", "Taiwan, China", ("台湾", "台湾省")),
}
# Countries investors of an inland county most often come from; names from the CLDR (Babel).
COUNTRIES = ("SG", "MY", "TH", "VN", "ID", "PH", "JP", "KR", "AE", "SA", "US", "CA", "GB",
             "DE", "FR", "IT", "NL", "AU", "NZ")
# Groupings staff use for the resident offices.
CITY_REGIONS = {
    "珠三角": {"CN-GD"},
    "粤港澳大湾区": {"CN-GD", "HK", "MO"},
    "长三角": {"CN-SH", "CN-JS", "CN-ZJ", "CN-AH"},
    "京津冀": {"CN-BJ", "CN-TJ", "CN-HE"},
    "成渝": {"CN-CQ", "CN-SC"},
}
OTHER = "OTHER"


def chinese_names(code):
    """Every Chinese name under which a desk's ``regions:`` may list ``code``."""
    if code in PROVINCES:
        short = PROVINCES[code][0]
        suffix = "市" if code in MUNICIPALITIES else "自治区" if code in AUTONOMOUS else "省"
        names = {short, short + suffix}
    elif code in SARS_AND_TAIWAN:
        zh, _, aliases = SARS_AND_TAIWAN[code]
        names = {zh, *aliases}
    elif code in COUNTRIES:
        names = {Locale("zh").territories[code]}
    else:
        return set()
    return names | {name for name, members in CITY_REGIONS.items() if code in members}


def label(code, lang):
    """The name of a region code in ``lang`` (``zh`` or ``en``)."""
    if code in PROVINCES:
        return PROVINCES[code][1 if lang == "en" else 0]
    if code in SARS_AND_TAIWAN:
        return SARS_AND_TAIWAN[code][1 if lang == "en" else 0]
    if code in COUNTRIES:
        return Locale.parse("en" if lang == "en" else "zh").territories[code]
    return ""


def serves(desk_regions, code):
    """True if a desk whose Chinese ``regions`` are given serves visitors from ``code``."""
    return bool(chinese_names(code) & {r.strip() for r in desk_regions})


def groups(lang):
    """``[(group label key, [(code, name), ...]), ...]`` in display order."""
    return [
        ("mainland", [(code, label(code, lang)) for code in PROVINCES]),
        ("sar", [(code, label(code, lang)) for code in SARS_AND_TAIWAN]),
        ("abroad", [(code, label(code, lang)) for code in COUNTRIES]),
    ]


ALL_CODES = frozenset(PROVINCES) | frozenset(SARS_AND_TAIWAN) | frozenset(COUNTRIES) | {OTHER}
