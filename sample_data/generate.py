#!/usr/bin/env python3
"""Seeded generator of a FICTIONAL sample mine (平煤十矿 style) for kuangqu.

Every person, ID number, phone and address is made up. One random.Random(seed)
drives everything and the .xlsx files get fixed workbook properties and zip
timestamps, so the same arguments give byte-identical files.  Stdlib + openpyxl
only: kuangqu is deliberately not imported (the ID check is re-implemented here).

    .venv/bin/python sample_data/generate.py [--retirees 3000] [--households 600]
        [--out sample_data] [--seed 20200101]

Writes roster.xlsx (离退休人员情况登记表), households.xlsx (家庭成员),
relief-standard.toml and adjustment-2016..2020.toml into --out, then re-checks
every written row (ID check characters, dates, income bands) with asserts.
"""
import argparse
import datetime as dt
import io
import json
import math
import random
import re
import tomllib
import zipfile
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

REF = dt.date(2020, 12, 31)                     # 填报日期 of the roster; ages are taken on this day
FIXED_TS = dt.datetime(2020, 12, 31, 9, 0, 0)   # workbook created/modified and zip entry times
DIBAO = Decimal("520.00")                       # written into relief-standard.toml
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
SURNAMES = ("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
            "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱"
            "严覃武戴莫孔向汤")
SURNAME_W = [1 / (i + 4) for i in range(len(SURNAMES))]        # 王李张 most common
OLD_M = ["建国", "建华", "建军", "建民", "国庆", "国强", "国华", "国栋", "卫东", "卫国", "红军", "志强",
         "志刚", "志明", "振华", "德胜", "德明", "长林", "长海", "保国", "保安", "铁柱", "宝山", "金山",
         "永福", "永祥", "福生", "学军", "学文", "跃进", "胜利", "解放", "新民", "和平", "援朝", "庆林",
         "春生", "秋生", "广才", "明亮", "书田", "玉山", "秉义", "守业", "富贵", "全福", "有才", "新华",
         "树林", "立新", "东升", "满仓", "根生", "怀德", "子良", "景山", "万福", "天顺", "军", "伟", "强",
         "勇", "刚", "斌", "杰", "明", "林", "峰", "平", "忠", "义", "成", "山", "海", "江"]
OLD_F = ["秀英", "桂英", "秀兰", "玉兰", "桂兰", "淑珍", "凤英", "玉珍", "玉梅", "秀珍", "桂芝", "凤兰",
         "秀荣", "翠兰", "翠花", "素珍", "素芳", "爱华", "爱荣", "红霞", "丽华", "建英", "国英", "春梅",
         "冬梅", "秋菊", "金凤", "俊英", "淑华", "淑芬", "美兰", "玉英", "改英", "小红", "红梅", "彩霞",
         "荣华", "巧云", "书芳", "月娥", "桂荣", "素琴", "霞", "红", "英", "芳", "兰", "萍", "华", "丽",
         "敏", "琴", "燕", "娟", "玲", "珍", "凤", "云"]
YOUNG_M = ["伟", "磊", "鹏", "浩", "宇", "超", "博", "帅", "阳", "晨", "昊", "子豪", "浩然", "宇航", "俊杰",
           "一鸣", "梓轩", "家豪", "志远", "晓东", "海涛", "建伟", "鹏飞", "亚飞"]
YOUNG_F = ["丽", "娜", "静", "婷", "倩", "颖", "雪", "佳", "晶", "欣怡", "梓涵", "雨萱", "思琪", "佳怡",
           "晓燕", "婷婷", "丹丹", "亚楠", "文静", "梦瑶", "雅琪", "一诺"]
HUI = ("马回哈沙海纳白穆", ["守义", "德明", "玉福", "文清", "永祥", "进忠", "有林", "占山"],
       ["秀兰", "桂英", "凤兰", "玉芝"])
RARE = ["堃", "喆", "犇", "淼", "昇", "赟"]
PDS = {"410403": 35, "410402": 15, "410411": 10, "410404": 3, "410421": 6, "410422": 6, "410423": 6,
       "410425": 5, "410481": 3, "410482": 5}                          # 平顶山 districts and counties
ELSEWHERE = ["411002", "411102", "410102", "411302", "411402", "411602",  # 许昌 漯河 郑州 南阳 商丘 周口
             "370102", "370829", "371302", "130102", "130402", "130602",  # 山东, 河北
             "510104", "511002", "511302"]                                # 四川
UNDERGROUND = ["采煤一队", "采煤二队", "采煤三队", "掘进一队", "掘进二队", "掘进三队", "开拓队", "机电队",
               "通风区", "运输区"]
SURFACE = ["机关", "选煤厂", "供应科", "洗煤厂", "后勤", "医院", "学校"]
POSITIONS = {"工人": 70, "班长": 10, "技术员": 5, "助理工程师": 4, "工程师": 4, "副科长": 3, "科长": 2,
             "副处级": 1, "高级工程师": 1}
CADRE = set(POSITIONS) - {"工人", "班长"}                            # women cadres retire at 55
AREAS = {"何庄家属区": (24, ["一片", "二片"]), "西大门": (12, ["三片"]), "工人镇": (16, ["四片"]),
         "南楼": (10, ["五片"]), "一号井": (8, ["六片"])}            # buildings, 片区; 5 工作组 per 片
PIANS = ["一片", "二片", "三片", "四片", "五片", "六片"]
FAMILY = {"老伴健在，子女均已工作": 30, "与子女同住": 15, "独居": 10, "老伴已故，与儿子同住": 10,
          "空巢，子女在外地": 8, "老伴卧病在床": 5, "子女下岗": 5, "孙子女上学": 7, "子女上学": 4,
          "儿子残疾": 2}
HEADER = ["序号", "姓名", "性别", "身份证号码", "出生年月", "民族", "人员类别", "参加工作时间", "退休时间",
          "原单位", "职务职称", "家庭住址", "联系电话", "家庭状况", "片区", "楼栋", "工作组", "人员状态",
          "死亡日期", "备注"]
HH_HEADER = ["户号", "户主身份证号", "成员姓名", "与户主关系", "成员身份证号", "出生日期", "健康状况",
             "残疾等级", "就学情况", "就业情况", "月收入（元）", "致困原因", "排除情形", "年刚性支出（元）"]
B_CAUSES = ["serious_illness", "disability", "school_children", "single_parent", "no_work_capacity"]
C_CAUSES = ["accident", "disaster", "work_death", "serious_illness"]
# per-capita monthly yuan of each income band, kept off the 1x / 1.5x / 3x edges
BANDS = {"A": (20, 519), "B": (521, 779), "C": (781, 1559), "N": (1561, 10**6)}
SCHOOL = [(11, "小学"), (14, "初中"), (17, "高中"), (22, "大学")]


# ---------------------------------------------------------------- IDs, dates, names
def check_char(body17):
    """GB 11643-1999 check character of the first 17 digits."""
    return "10X98765432"[sum(int(c) * w for c, w in zip(body17, WEIGHTS, strict=True)) % 11]


def to18(s):
    """18-char form of an ID; an old 15-digit ID gets "19" and a check character."""
    return s[:6] + "19" + s[6:] + check_char(s[:6] + "19" + s[6:]) if len(s) == 15 else s


def id_valid(s):
    """True for a 15-digit old ID or an 18-char ID with a real birth date and the right check character."""
    full = to18(s) if len(s) == 15 and s.isdigit() else s
    try:
        dt.date(int(full[6:10]), int(full[10:12]), int(full[12:14]))
    except ValueError:
        return False
    return len(full) == 18 and full[:17].isdigit() and check_char(full[:17]) == full[17]


def make_id(rng, used, area, birth, male, old15=False):
    """(ID as written, 18-char ID); the sequence is odd for men, and unique across the whole run."""
    while True:
        seq = 2 * rng.randint(0, 499) + 1 if male else 2 * rng.randint(1, 499)
        body = f"{area}{birth:%Y%m%d}{seq:03d}"
        if body not in used:
            used.add(body)
            full = body + check_char(body)
            return (f"{area}{birth:%y%m%d}{seq:03d}" if old15 else full), full


def pick_area(rng, local=0.94):
    return rng.choices(list(PDS), list(PDS.values()))[0] if rng.random() < local else rng.choice(ELSEWHERE)


def add_months(d, k, day=1):
    y, m = divmod(d.year * 12 + d.month - 1 + k, 12)
    return dt.date(y, m + 1, day)


def rand_date(rng, y0, y1):
    return dt.date(rng.randint(y0, y1), rng.randint(1, 12), rng.randint(1, 28))


def age(birth):
    return REF.year - birth.year - ((REF.month, REF.day) < (birth.month, birth.day))


def han_name(rng, male, birth_year=1950, sur=None):
    pool = ((YOUNG_M, YOUNG_F) if birth_year >= 1975 else (OLD_M, OLD_F))[not male]
    return (sur or rng.choices(SURNAMES, SURNAME_W)[0]) + rng.choice(pool)


def surname_of(name):
    return "" if not name or "·" in name else name[:2] if name[:2] in ("欧阳", "司马") else name[0]


def money(rng, lo, hi):
    return Decimal(rng.randint(lo * 100, hi * 100)) / 100


# ---------------------------------------------------------------- roster
def make_retiree(rng, used, cat, special):
    """离休 / 退休 / 退职 with dates that follow 国发〔1978〕104号 retirement ages."""
    male = special == "dot" or rng.random() < (0.9 if cat == "离休" else 0.82)
    if cat == "离休":
        pos, under = rng.choices(["副处级", "科长", "高级工程师", "工程师"], [4, 3, 1, 2])[0], False
    else:
        pos = rng.choices(list(POSITIONS), list(POSITIONS.values()))[0]
        under = rng.random() < (0.6 if male else 0.03)
    unit = rng.choice(UNDERGROUND if under else ["机关"] * 4 + SURFACE if pos in CADRE else SURFACE)
    ret_age = (55 if under else 60) if male else (45 if under else 55 if pos in CADRE else 50)
    while True:
        if cat == "离休":                               # joined before 1949-10-01
            birth = rand_date(rng, 1925, 1931)
            start = min(rand_date(rng, max(1945, birth.year + 15), 1949), dt.date(1949, 9, 1)).replace(day=1)
            retire = add_months(birth, ret_age * 12 + rng.randint(1, 3), rng.randint(1, 28))
        else:
            if cat == "退职":                           # left early, without a full pension
                ret_age = rng.randint(40, 50) if male else rng.randint(36, 45)
            latest = min(1970, REF.year - ret_age - 1)
            birth = rand_date(rng, 1925, 1970)
            birth = birth.replace(year=min(latest, int(rng.triangular(1927, latest + 1, min(1958, latest)))))
            retire = add_months(birth, ret_age * 12 + rng.choice([1, 1, 1, 2, 3, 6]), rng.randint(1, 28))
            start = add_months(birth, 12 * rng.randint(16, 24 if pos in CADRE else 21) + rng.randint(0, 11))
            if start < dt.date(1950, 1, 1):
                start = dt.date(rng.randint(1950, 1956), rng.randint(1, 12), 1)
            if cat == "退职" and start > add_months(retire, -48):
                start = add_months(retire, -12 * rng.randint(4, 9))
        if retire <= REF and start >= add_months(birth, 14 * 12):
            break
    p = {"category": cat, "sex": "男" if male else "女", "birth": birth, "unit": unit, "position": pos,
         "underground": under, "retire": retire,
         "start_s": rng.choices([f"{start:%Y.%m}", f"{start.year}年{start.month}月", f"{start.year}"],
                                [5, 3, 2])[0],
         "retire_s": rng.choices([f"{retire:%Y.%m}", f"{retire:%Y-%m-%d}"], [7, 3])[0],
         "note": rng.choices(["", "工伤", "尘肺病", "2019年已认证", "劳模"], [90, 3, 3, 3, 1] if under
                             else [95, 0, 0, 5, 0])[0]}
    return identity(rng, used, p, special)


def make_survivor(rng, used, special):
    """遗属: mostly widows, some widowers and parents of a dead worker."""
    rel = rng.choices(["妻", "夫", "母", "父"], [85, 5, 7, 3])[0]
    work_death = rng.random() < 0.35
    unit = rng.choice(UNDERGROUND if rel != "夫" and (work_death or rng.random() < 0.6) else SURFACE)
    dead = han_name(rng, rel != "夫")
    p = {"category": "遗属", "sex": "女" if rel in "妻母" else "男", "unit": unit, "position": "",
         "birth": rand_date(rng, 1925, 1945) if rel in "母父" else rand_date(rng, 1928, 1970),
         "underground": False, "start_s": "", "retire_s": "", "retire": None, "work_death": work_death,
         "note": f"系{unit}{'工亡' if work_death else '已故'}职工{dead}之{rel}",
         "dead_name": dead * (rel in "妻夫")}
    return identity(rng, used, p, special)


def identity(rng, used, p, special):
    """Name, 民族, ID, address and 片/楼/组, phone, family situation."""
    male, area, p["nation"] = p["sex"] == "男", pick_area(rng), "汉族"
    p["name"] = han_name(rng, male)
    if special == "hui":
        p.update(name=rng.choice(HUI[0]) + rng.choice(HUI[1] if male else HUI[2]), nation="回族")
    elif special in ("jiyi", "rare"):
        p["name"] = p["name"][0] + ("𠮷" + rng.choice("祥庆利昌") if special == "jiyi" else rng.choice(RARE))
    elif special == "compound":
        p["name"] = han_name(rng, male, sur=rng.choice(["欧阳", "司马"]))
    elif special == "dot":
        p.update(name="阿不都热合曼·吐尔逊", nation="维吾尔族")
        area = "650102"
    elif special == "minority":
        p["nation"] = rng.choice(["满族", "蒙古族"])
    p["id"], p["id18"] = make_id(rng, used, area, p["birth"], male, old15=special == "old15")
    place = rng.choices(list(AREAS), [40, 15, 20, 15, 10])[0]
    nb, pians = AREAS[place]
    b = rng.randint(1, nb)
    pian = pians[(b - 1) * len(pians) // nb]
    p.update(address=f"十矿{place}{b}号楼{rng.randint(1, 4)}单元{rng.randint(1, 6)}0{rng.randint(1, 2)}",
             pian=pian, building=f"{b}号楼", group=f"第{PIANS.index(pian) * 5 + 1 + (b - 1) % 5}组")
    r, prefix = rng.random(), rng.choice(["13" + str(rng.randint(0, 9)), "15" + rng.choice("0123789"),
                                          "18" + rng.choice("0236789")])
    p["phone"] = "" if r < 0.10 else f"0375-{rng.randint(2000000, 8999999)}" if r < 0.25 \
        else f"{prefix}{rng.randint(0, 99999999):08d}"
    fam = FAMILY if p["category"] != "遗属" else {"丧偶，独居": 4, "丧偶，与子女同住": 5, "子女上学": 1}
    fam = {k: w for k, w in fam.items() if p["birth"].year >= 1962 or k != "子女上学"}
    p["family"] = rng.choices(list(fam), list(fam.values()))[0]
    return p


def make_roster(rng, n, used):
    cats = ["离休"] * round(n * .01) + ["退职"] * round(n * .03) + ["遗属"] * round(n * .08)
    status = ["已故"] * round(n * .05) + ["迁出"] * round(n * .01)
    cats, status = cats + ["退休"] * (n - len(cats)), status + ["在册"] * (n - len(status))
    rng.shuffle(cats)
    rng.shuffle(status)
    kinds = {"dot": 1, "jiyi": 2, "hui": max(3, n // 300), "rare": max(2, n // 750),
             "compound": max(2, n // 600), "minority": max(2, n // 1000), "old15": round(n * .03)}
    flat = [k for k, c in kinds.items() for _ in range(c)]
    specials = dict(zip(rng.sample(range(n), min(n, len(flat))), flat, strict=False))
    people = []
    for i in range(n):
        sp = specials.get(i)
        cat = "退休" if sp == "dot" else cats[i]
        p = make_survivor(rng, used, sp) if cat == "遗属" else make_retiree(rng, used, cat, sp)
        p["status"], p["death"] = status[i], ""
        if status[i] == "已故":
            first = max(p["retire"] or dt.date(2012, 1, 1), dt.date(2012, 1, 1)).toordinal()
            p["death"] = f"{dt.date.fromordinal(rng.randint(first, REF.toordinal())):%Y-%m-%d}"
        elif status[i] == "迁出":
            city = rng.choice(["郑州", "洛阳", "许昌", "北京", "深圳"])
            moved = f"{rng.randint(2012, 2020)}年随子女迁往{city}"
            p["note"] = f"{p['note']}；{moved}" if p["note"] else moved
        people.append(p)
    return people


# ---------------------------------------------------------------- households
def primary_cause(rng, band, head):
    """Main cause of hardship; ~90% of bands B and C get one that their tier accepts."""
    under, widow = head["underground"] and head["sex"] == "男", head["category"] == "遗属"
    wd = head.get("work_death", False)
    if wd and band != "N" and rng.random() < 0.6:      # 工亡 survivor: tier C cause even in band A/B
        return "work_death"
    if band == "A":
        pool = ["no_work_capacity", "unemployed", "laid_off", "serious_illness", "disability",
                "no_social_insurance", "benefits_not_delivered", "other", ""]
        pool += ["widowed"] * widow + ["work_death"] * wd + ["pneumoconiosis"] * under
    elif band == "B" and rng.random() < 0.9:
        pool = B_CAUSES
    elif band == "B":
        pool = ["laid_off", "unemployed", "other"] + ["pneumoconiosis"] * under
    elif band == "C" and rng.random() < 0.9:
        pool = ["accident", "serious_illness", "disaster"] + ["work_death"] * (3 * wd)
    elif band == "C":
        pool = ["school_children", "other"] + ["work_injury", "pneumoconiosis"] * under
    else:
        pool = [""] * 17 + ["serious_illness", "school_children"] + ["widowed"] * widow
        pool += ["pneumoconiosis"] * under
    return rng.choice(pool)


def member(rng, used, rel, male, birth, job, income=0, health="健康", sur=None):
    a = age(birth)
    school = "无" if 6 <= a <= 17 else ""              # school-age but not at school
    if job == "学生":
        school = next((lvl for top, lvl in SCHOOL if a <= top), "无")
    return {"rel": rel, "birth": birth, "job": job, "income": Decimal(income), "health": health,
            "school": school, "name": han_name(rng, male, birth.year, sur),
            "id": make_id(rng, used, pick_area(rng, .97), birth, male)[1]}


def compose(rng, used, head, band, cause):
    """Members of one household; poor bands get fewer earners, the rigid expenses settle the band."""
    poor, hb, hage, cat = band != "N", head["birth"], age(head["birth"]), head["category"]
    hmale = head["sex"] == "男"
    pension = {"离休": (4000, 4500), "退职": (1800, 2300), "遗属": (800, 1600)}.get(  # 遗属: allowance
        cat, (1800, 2600) if poor else (2200, 4500))
    hjob = "退休"
    if cat == "遗属":
        hjob = "无劳动能力" if hage >= 60 else rng.choice(["务农", "失业", "无劳动能力"])
    hh = {"pneumoconiosis": "慢病", "work_injury": "残疾"}.get(cause) \
        or rng.choices(["健康", "慢病", "重病"], [3, 6, 1] if poor else [6, 4, 0.3])[0]
    ms = [member(rng, set(), "本人", hmale, hb, hjob, money(rng, *pension), hh)]
    ms[0].update(name=head["name"], id=head["id18"])
    sur = surname_of(head["name"] if hmale else head.get("dead_name")) or han_name(rng, True)[0]
    if cause not in ("widowed", "single_parent", "work_death") and cat != "遗属" \
            and rng.random() < (0.85 if hage < 70 else 0.7 if hage < 80 else 0.45):
        sb = rand_date(rng, hb.year - 2 if hmale else hb.year - 1, hb.year + (6 if hmale else 2))
        if age(sb) >= (50 if hmale else 60):
            job = rng.choices(["退休", "务农", "无劳动能力"], [2, 1, 1] if poor else [6, 1, 0.5])[0]
        else:
            job = rng.choices(["在职", "失业", "务农"], [1, 2, 1] if poor else [5, 1, 1])[0]
        inc = {"退休": money(rng, 1800, 3500), "在职": money(rng, 1800, 4500), "务农": money(rng, 100, 500)}
        hl = "慢病" if job == "无劳动能力" else "健康"
        ms.append(member(rng, used, "配偶", not hmale, sb, job, inc.get(job, 0), hl))
        sur = sur if hmale else surname_of(ms[-1]["name"])
    years = range(hb.year + 22, min(hb.year + 36, 2014) + 1)      # children born in different years
    for y in rng.sample(years, rng.choices([0, 1, 2, 3], [3, 4, 2, 1] if poor else [4, 4, 2, 0.3])[0]):
        cb = rand_date(rng, y, y)
        if age(cb) < 16 or (age(cb) <= 22 and rng.random() < 0.85):
            job = "学生"
        else:
            job = rng.choices(["在职", "失业", "务农", "无劳动能力"],
                              [3, 4, 1.5, 1.5] if poor else [8, 1, 1, 0.3])[0]
        inc = {"在职": money(rng, 1600, 3000) if poor else money(rng, 2500, 6500),
               "务农": money(rng, 200, 800)}
        hl = rng.choice(["重病", "残疾"]) if job == "无劳动能力" else rng.choices(["健康", "慢病"], [9, 1])[0]
        if age(cb) >= 6:
            ms.append(member(rng, used, "子女", rng.random() < .5, cb, job, inc.get(job, 0), hl, sur))
    if hage >= 58 and rng.random() < (0.35 if poor else 0.2):
        for _ in range(rng.randint(1, 2)):
            gb = rand_date(rng, max(2000, hb.year + 42), 2014)
            ms.append(member(rng, used, "孙子女", rng.random() < .5, gb, "学生", sur=sur))
    if hage <= 62 and rng.random() < 0.15:
        father = rng.random() < .4
        born = rand_date(rng, hb.year - 32, hb.year - 22)
        ms.append(member(rng, used, "父母", father, born, "无劳动能力", 0, rng.choice(["慢病", "重病"]),
                         surname_of(head["name"]) if father else None))
    if rng.random() < 0.03:                             # e.g. a disabled brother or sister
        born = rand_date(rng, hb.year - 5, hb.year + 5)
        ms.append(member(rng, used, "其他", rng.random() < .5, born, "无劳动能力", 0, "残疾",
                         surname_of(head["name"])))
    force(rng, used, ms, cause, sur)
    for m in ms:
        m["grade"] = rng.choice(["一级", "二级", "三级", "四级"]) if m["health"] == "残疾" else ""
    return ms


def force(rng, used, ms, cause, sur):
    """Make the household show its main cause (a sick member, a student, an unemployed child ...)."""
    hb = ms[0]["birth"]
    if cause in ("school_children", "single_parent"):
        if not any(m["job"] == "学生" for m in ms):
            rel, lo = ("子女", max(1999, hb.year + 25)) if hb.year >= 1966 \
                else ("孙子女", max(2000, hb.year + 42))
            ms.append(member(rng, used, rel, rng.random() < .5, rand_date(rng, lo, 2014), "学生", sur=sur))
        return
    if cause not in ("serious_illness", "accident", "disability", "no_work_capacity", "unemployed",
                     "laid_off", "no_social_insurance"):
        return
    kids = [m for m in ms[1:] if m["rel"] != "孙子女" and 18 <= age(m["birth"]) < 60]
    if not kids and cause not in ("serious_illness", "disability", "accident"):
        born = rand_date(rng, hb.year + 22, min(hb.year + 34, 1998))
        kids = [member(rng, used, "子女", rng.random() < .5, born, "在职", sur=sur)]
        ms.extend(kids)
    t = rng.choice(kids or ms[:2])
    if cause in ("unemployed", "laid_off", "no_social_insurance"):
        farm = cause == "no_social_insurance" and rng.random() < .5
        t.update(job="务农" if farm else "失业", income=money(rng, 100, 400) if farm else Decimal(0))
        return
    t["health"] = {"serious_illness": "重病", "disability": "残疾"}.get(cause) or rng.choice(["重病", "残疾"])
    if t["rel"] != "本人" and (cause != "serious_illness" or rng.random() < .6):
        t.update(job="无劳动能力", income=Decimal(0))


def features(ms):
    """Causes the composition shows, offered as secondary causes."""
    f = {"widowed"} if not any(m["rel"] == "配偶" for m in ms) else set()
    for m in ms:
        f |= {"重病": {"serious_illness"}, "残疾": {"disability"}}.get(m["health"], set())
        f |= {"学生": {"school_children"}, "失业": {"unemployed"}}.get(m["job"], set())
        if m["job"] == "无劳动能力" and m["rel"] != "本人" and age(m["birth"]) < 60:
            f.add("no_work_capacity")
    return f


def fit_rigid(rng, ms, cause, band):
    """Yearly rigid expenses (0-20000, in tens) that put per-capita income in the band, or None."""
    lo, hi = BANDS[band]
    n, inc12 = len(ms), 12 * sum(m["income"] for m in ms)
    e_lo, e_hi = max(inc12 - 12 * n * hi, 0), min(inc12 - 12 * n * lo, 20000)
    sick = any(m["health"] in ("重病", "残疾") for m in ms) or cause in ("accident", "serious_illness")
    pref = (3000, 20000) if sick else (1500, 12000) if any(m["job"] == "学生" for m in ms) else (0, 4000)
    if max(e_lo, pref[0]) <= min(e_hi, pref[1]):
        e_lo, e_hi = max(e_lo, pref[0]), min(e_hi, pref[1])
    lo10, hi10 = math.ceil(e_lo / 10), math.floor(e_hi / 10)
    return Decimal(10 * rng.randint(lo10, hi10)) if lo10 <= hi10 else None


def make_households(rng, people, m, used):
    pool = [p for p in people if p["status"] == "在册"]
    if m > len(pool):
        raise SystemExit(f"--households {m} exceeds the {len(pool)} retirees in status 在册")
    rng.shuffle(pool)
    bands = ["A"] * round(m * .10) + ["B"] * round(m * .12) + ["C"] * round(m * .10)
    bands += ["N"] * (m - len(bands))
    rng.shuffle(bands)
    out = []
    for i, band in enumerate(bands):
        rigid = None
        while rigid is None:
            head = pool.pop()
            for _ in range(30 if head["category"] != "离休" or band == "N" else 0):
                cause = primary_cause(rng, band, head)
                ms = compose(rng, used, head, band, cause)
                if (rigid := fit_rigid(rng, ms, cause, band)) is not None:
                    break
            else:
                pool.insert(0, head)                    # no fit: this head waits for another band
        bar = {"B": B_CAUSES, "C": C_CAUSES}.get(band, [])
        bar = bar if cause not in bar else []           # keep the ~10% non-qualifying ones non-qualifying
        extra = sorted(features(ms) - {cause} - set(bar))
        causes = [cause] if cause else []
        if cause or rng.random() < .1:
            causes += rng.sample(extra, min(len(extra), rng.choice([0, 1, 1, 2, 3])))
        student = any(x["job"] == "学生" for x in ms)
        excl = ["two_homes", "business_owner", "private_car"] + ["private_school"] * student
        excl = [rng.choice(excl)] if rng.random() < 0.03 else []
        out.append({"no": f"H{i + 1:0{max(4, len(str(m)))}d}", "head": head, "members": ms, "causes": causes,
                    "exclusions": excl, "rigid": rigid, "band": band})
    return out


# ---------------------------------------------------------------- writing
def roster_rows(people):
    return [[i, p["name"], p["sex"], p["id"], f"{p['birth']:%Y.%m}", p["nation"], p["category"], p["start_s"],
             p["retire_s"], p["unit"], p["position"], p["address"], p["phone"], p["family"], p["pian"],
             p["building"], p["group"], p["status"], p["death"], p["note"]]
            for i, p in enumerate(people, start=1)]


def household_rows(hhs):
    return [[h["no"], h["head"]["id18"], m["name"], m["rel"], m["id"], f"{m['birth']:%Y-%m-%d}", m["health"],
             m["grade"], m["school"], m["job"], f"{m['income']:.2f}"]
            + ([",".join(h["causes"]), ",".join(h["exclusions"]), f"{h['rigid']:.2f}"] if m["rel"] == "本人"
               else ["", "", ""]) for h in hhs for m in h["members"]]


def write_sheet(path, title, lines, header, rows, text_cols, widths):
    """One-sheet workbook: merged title lines, a bold header, TEXT-formatted columns, fixed metadata."""
    wb = Workbook()
    ws = wb.active
    ws.title, last = title, get_column_letter(len(header))
    for r, text in enumerate(lines, start=1):
        ws.cell(row=r, column=1, value=text)
        ws.merge_cells(f"A{r}:{last}{r}")
    if lines:
        ws["A1"].font, ws["A1"].alignment = Font(bold=True, size=16), Alignment(horizontal="center")
    first = len(lines) + 2
    for c, h in enumerate(header, start=1):
        ws.cell(row=first - 1, column=c, value=h).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(c)].width = widths[c - 1]
    for r, row in enumerate(rows, start=first):
        for c, v in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=None if v == "" else v)
            if c in text_cols:
                cell.number_format = "@"
    ws.freeze_panes = f"C{first}"
    wb.properties.creator = "kuangqu sample generator"
    wb.properties.created = wb.properties.modified = FIXED_TS
    raw = io.BytesIO()                  # openpyxl's save() would stamp "now": write here, then re-zip
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TS.timetuple()[:6])
            zi.compress_type, zi.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            dst.writestr(zi, src.read(info.filename))


EXCLUSIONS = [("two_homes", "拥有两套及以上住房"), ("business_owner", "经营店铺或雇佣他人"),
              ("private_car", "拥有非营运私家车"), ("private_school", "子女就读高收费私立学校或自费留学")]
TIERS = [("A", "一档（深度困难）", "1.0", [], "300.00", "1500.00"),
         ("B", "二档（相对困难）", "1.5", B_CAUSES, "200.00", "1000.00"),
         ("C", "三档（意外致困）", "3.0", C_CAUSES, "0.00", "800.00")]
# year: flat, per year of service, % of the basic pension, extra at 70+, extra at 80+ (fictional amounts)
ADJUSTMENTS = {2016: ("70.00", "1.50", "2.0", "30.00", "60.00"),
               2017: ("60.00", "1.20", "1.8", "25.00", "50.00"),
               2018: ("55.00", "1.10", "1.6", "25.00", "50.00"),
               2019: ("50.00", "1.00", "1.6", "25.00", "50.00"),
               2020: ("50.00", "1.00", "1.5", "25.00", "50.00")}


def q(v):
    return json.dumps(v, ensure_ascii=False)            # JSON strings and string arrays are valid TOML


def write_tomls(out):
    lines = ["# 十矿困难职工家庭救济标准（虚构样例，由 sample_data/generate.py 生成）",
             "# 人均月收入 =（家庭年收入 − 年刚性支出）÷ 12 ÷ 家庭人口，",
             "# 与 dibao_monthly × max_income_ratio 比较；",
             "# causes 为空表示不限致困原因，否则须具备其中至少一项。",
             'name = "十矿困难职工家庭救济标准"', 'version = "2020"', 'effective_from = "2020-01-01"',
             f'dibao_monthly = "{DIBAO}"']
    for code, label in EXCLUSIONS:
        lines += ["", "[[exclusion]]", f"code = {q(code)}", f"label = {q(label)}"]
    keys = ("code", "label", "max_income_ratio", "causes", "monthly_relief", "festival_relief")
    for tier in TIERS:
        lines += ["", "[[tier]]"] + [f"{k} = {q(v)}" for k, v in zip(keys, tier, strict=True)]
    (out / "relief-standard.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for year, (flat, per, pct, a70, a80) in ADJUSTMENTS.items():
        (out / f"adjustment-{year}.toml").write_text(
            f"# {year}年退休人员基本养老金调整办法（虚构样例）\n"
            f"# 定额 + 按工龄 + 按本人基本养老金比例 + 高龄倾斜\n"
            f"# 高龄倾斜按上年12月31日的年龄取最高一档（80岁以上只加 80 岁档，不与 70 岁档累加）\n"
            f'year = {year}\neffective = "{year}-01"\nflat = "{flat}"\nper_year_of_service = "{per}"\n'
            f'basic_pension_percent = "{pct}"\n\n[[age_extra]]\nmin_age = 70\namount = "{a70}"\n\n'
            f'[[age_extra]]\nmin_age = 80\namount = "{a80}"\n', encoding="utf-8")


# ---------------------------------------------------------------- self-check and main
def self_check(rows, hrows, out):
    """Assert on the rows exactly as written: IDs, sex, dates, bands; and that the TOML parses."""
    ids = set()
    for r in rows:
        _, _, sex, idn, born, _, cat, start, retire, *_, status, death, _ = r
        full = to18(idn)
        assert id_valid(idn) and full not in ids, idn
        assert (int(full[16]) % 2 == 1) == (sex == "男") and full[6:12] == born.replace(".", ""), r
        if cat != "遗属":
            sy, ry = int(start[:4]), int(retire[:4])
            assert (sy <= 1949 if cat == "离休" else sy >= 1950) and int(born[:4]) + 14 <= sy < ry <= 2020, r
            assert 36 <= ry - int(born[:4]) <= 62 and re.fullmatch(r"\d{4}(\.\d\d|年\d{1,2}月|)", start), r
        assert bool(death) == (status == "已故") and 1925 <= int(born[:4]) <= 1970, r
        ids.add(full)
    assert sum("𠮷" in r[1] for r in rows) <= 2 and sum("·" in r[1] for r in rows) == 1
    households = {}
    for r in hrows:
        assert id_valid(r[1]) and id_valid(r[4]) and r[1] in ids, r
        households.setdefault(r[0], []).append(r)
    shares = [0, 0, 0]
    for no, members in households.items():
        top = members[0]
        assert top[3] == "本人" and top[4] == top[1] and all(m[13] == "" for m in members[1:]), no
        pc = (12 * sum(Decimal(m[10]) for m in members) - Decimal(top[13])) / 12 / len(members)
        for k, ratio in enumerate(("1", "1.5", "3")):
            shares[k] += pc < DIBAO * Decimal(ratio)
        assert all(abs(pc - DIBAO * Decimal(x)) >= Decimal("0.5") for x in ("1", "1.5", "3")), no
    assert len(ids) == len(rows) and len({r[4] for r in hrows}) == len(hrows)
    tomllib.loads((out / "relief-standard.toml").read_text(encoding="utf-8"))
    for year in ADJUSTMENTS:
        assert tomllib.loads((out / f"adjustment-{year}.toml").read_text(encoding="utf-8"))["year"] == year
    return [s / len(households) for s in shares]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--retirees", type=int, default=3000)
    ap.add_argument("--households", type=int, default=600)
    ap.add_argument("--out", type=Path, default=Path("sample_data"))
    ap.add_argument("--seed", type=int, default=20200101)
    a = ap.parse_args()
    rng, used = random.Random(a.seed), set()
    a.out.mkdir(parents=True, exist_ok=True)
    people = make_roster(rng, a.retirees, used)
    hhs = make_households(rng, people, a.households, used)
    rows, hrows = roster_rows(people), household_rows(hhs)
    write_sheet(a.out / "roster.xlsx", "登记表", ["平煤十矿离退休人员情况登记表",
                "填报单位：十矿退管中心    日期：2020年12月31日"], HEADER, rows, {4, 5, 8, 9, 13, 19},
                [6, 10, 5, 20, 9, 8, 8, 12, 12, 10, 11, 32, 15, 22, 6, 7, 7, 8, 11, 34])
    write_sheet(a.out / "households.xlsx", "家庭成员", [], HH_HEADER, hrows, {2, 5, 6, 11, 14},
                [8, 20, 12, 8, 20, 11, 8, 8, 8, 10, 11, 40, 16, 14])
    write_tomls(a.out)
    shares = self_check(rows, hrows, a.out)
    print(f"{len(rows)} retirees, {len(hhs)} households, {len(hrows)} members; per-capita income below "
          f"1x/1.5x/3x of {DIBAO}: {shares[0]:.1%} / {shares[1]:.1%} / {shares[2]:.1%}; written to {a.out}")


if __name__ == "__main__":
    main()
