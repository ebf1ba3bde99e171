"""东莞's July 2025 集中视察 of major industrial projects (seed 003), written through the services:
"6+32" inspection groups (six city groups, one per 镇街), 417 deputies, 81 project sites visited,
56 problems found — each sent into the closed loop as a case — and 118 opinions collected. The
campaign page counts every one of these figures from the records.
"""

from __future__ import annotations

import datetime as dt

from shuanglian.cases.models import Category
from shuanglian.core.models import User
from shuanglian.deputies import services as deputy_services
from shuanglian.deputies.models import Deputy
from shuanglian.oversight import services_campaigns as cs
from shuanglian.oversight.models import InspectionCampaign
from shuanglian.regions import services as region_services
from shuanglian.regions.models import Region

TITLE = "2025年重大产业项目集中视察"
# 东莞's 32 镇街; 大朗、虎门、长安 exist in the foundation (441900101–103).
TOWNS = [
    "莞城街道", "南城街道", "东城街道", "万江街道", "石碣镇", "石龙镇", "茶山镇", "石排镇", "企石镇", "横沥镇",
    "桥头镇", "谢岗镇", "东坑镇", "常平镇", "寮步镇", "樟木头镇", "大朗镇", "黄江镇", "清溪镇", "塘厦镇",
    "凤岗镇", "大岭山镇", "长安镇", "虎门镇", "厚街镇", "沙田镇", "道滘镇", "洪梅镇", "麻涌镇", "望牛墩镇",
    "中堂镇", "高埗镇",
]
CITY_GROUPS = ["第一视察组（先进制造）", "第二视察组（人工智能与机器人）", "第三视察组（新一代电子信息）",
               "第四视察组（新材料）", "第五视察组（生物医药）", "第六视察组（现代服务业）"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
         "霞", "平", "刚", "桂英", "建华", "志强", "晓东"]
PROJECTS = ["智能装备产业园", "新能源电池项目", "半导体封测基地", "机器人研发中心", "新材料产业基地",
            "电子信息产业园", "生物医药研发楼", "模具智造中心", "数据中心项目", "高端五金基地",
            "食品智能工厂", "毛织产业升级园", "服装数字化工厂", "物流枢纽项目"]
PROBLEMS = ["项目用地报批进度滞后，影响开工", "施工用电容量不足，需增容", "配套道路未打通，运输受限",
            "环评审批时间长，希望提前介入", "产业工人招聘难，缺少技能人才", "厂房消防验收排队时间长",
            "融资成本偏高，希望对接政策性贷款", "污水管网未接入，影响投产"]
OPINIONS = ["推行“签约即拿地、拿地即开工”", "提高项目准入精准度，突出亩均效益", "建立重大项目服务专员制度",
            "完善项目配套基础设施同步建设机制", "加大对链主企业的政策兑现力度", "优化惠企平台，实现政策免申即享"]
# Sites per group: six city groups visit 5 each (30); 19 town groups visit 2 and 13 visit 1 (51): 81.
# Findings: 56 problems and 118 opinions, spread over the sites in order.
N_DEPUTIES, N_PROBLEMS, N_OPINIONS = 417, 56, 118


def _towns(admin, city):
    towns, next_code = [], 105
    for name in TOWNS:
        region = Region.objects.filter(parent=city, name=name).first()
        if region is None:
            while Region.objects.filter(code=f"441900{next_code}").exists():
                next_code += 1
            region = region_services.region_create(actor=admin, name=name, code=f"441900{next_code}",
                                                   level="subdistrict" if name.endswith("街道") else "town",
                                                   parent=city)
        towns.append(region)
    return towns


def _name(k: int) -> str:
    return SURNAMES[k % len(SURNAMES)] + GIVEN[(k // len(SURNAMES)) % len(GIVEN)] + ("" if k < 1000 else str(k))


def _deputies(admin, city, towns):
    """120 city deputies for the six city groups (20 each) and 297 town deputies for the 32 town
    groups (9 or 10 each): 417 people, each in one group."""
    made = []
    for k in range(N_DEPUTIES):
        town = k >= 120
        region = towns[(k - 120) % len(towns)] if town else city
        name = _name(k)
        level = "town" if town else "city"
        deputy = Deputy.objects.filter(name=name, level=level, region=region).first() or \
            deputy_services.deputy_create(actor=admin, name=name, level=level, region=region,
                                          sector="企业界" if k % 3 == 0 else "")
        made.append(deputy)
    return made[:120], made[120:]


def build() -> str:
    city = Region.objects.get(code="441900")
    if InspectionCampaign.objects.filter(region=city, title=TITLE).exists():
        return "已存在，未重复创建"
    admin = User.objects.get(username="demo_admin")
    towns = _towns(admin, city)
    city_people, town_people = _deputies(admin, city, towns)
    campaign = cs.campaign_create(actor=admin, region=city, title=TITLE, starts_on=dt.date(2025, 7, 1),
                                  ends_on=dt.date(2025, 7, 31),
                                  theme="市镇两级人大联动，“6+32”个视察组深入重大项目现场开展为期一月的“沉浸式”视察。")
    groups = [cs.campaign_group_add(actor=admin, campaign=campaign, name=name, level="city", region=city,
                                    leader=city_people[k * 20].name, members=city_people[k * 20:(k + 1) * 20])
              for k, name in enumerate(CITY_GROUPS)]
    for k, town in enumerate(towns):
        members = town_people[k::len(towns)]
        groups.append(cs.campaign_group_add(actor=admin, campaign=campaign, name=f"{town.name}视察组", level="town",
                                            region=town, leader=members[0].name, members=members))
    sites = []
    for k, group in enumerate(groups):
        count = 5 if k < 6 else (2 if k < 6 + 19 else 1)
        for n in range(count):
            place = group.region.name if group.level == "town" else "东莞市"
            name = f"{place}{PROJECTS[(len(sites) + n) % len(PROJECTS)]}"
            site = cs.campaign_site_add(actor=admin, group=group, name=name, planned_on=dt.date(2025, 7, 2 + len(sites) % 28))
            cs.campaign_site_visit(actor=admin, site=site, visited_on=site.planned_on)
            sites.append(site)
    categories = list(Category.objects.filter(is_active=True).order_by("order", "pk"))
    for k in range(N_PROBLEMS):
        site = sites[k % len(sites)]
        finding = cs.finding_record(actor=admin, site=site, kind="problem", content=f"{site.name}：{PROBLEMS[k % len(PROBLEMS)]}")
        cs.finding_to_case(actor=admin, finding=finding, category=categories[k % len(categories)],
                           contact_name="项目负责人", contact_phone=f"139{k:08d}"[:11], enterprise_name=site.name)
    for k in range(N_OPINIONS):
        site = sites[(k * 7) % len(sites)]
        cs.finding_record(actor=admin, site=site, kind="opinion", content=OPINIONS[k % len(OPINIONS)])
    return f"“{len(CITY_GROUPS)}+{len(towns)}”个视察组，{N_DEPUTIES}名代表，{len(sites)}个现场，{N_PROBLEMS}个问题（转为诉求），{N_OPINIONS}条意见"
