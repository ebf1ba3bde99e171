"""Deputies and stations (履职阵地) from the seed articles. Idempotent.

- Seed 001 (璧山区青杠街道): 2 activity points on the 智能网联新能源汽车 chain, 比亚迪璧山园区 and
  青山工业 (重庆青山工业有限责任公司); one head each (a 市/区 deputy), 6 enterprise deputies
  and 9 enterprise grid workers between them; reception on the 15th; "码上说 马上办".
  Named deputies in the article: 刘波 and 饶静.
- Seed 003 (东莞): 15 营商环境监测点 in high-tech private enterprises (拓斯达 is named) and
  3 行业人大代表联络站 (毛织, 食品, 服装).
- Seed 000 (北碚区): 周宗成, 千里科技股份有限公司党委书记、总裁; 睿蓝 is the brand 千里科技 makes
  with 吉利. The 北碚 points sit on the 智能网联新能源汽摩产业链 in 蔡家岗 and 童家溪.

People other than those named in the seeds are invented for the demo; phone numbers are fake.
"""

from shuanglian.chains import services as chain_services
from shuanglian.chains.models import Chain
from shuanglian.core.models import User
from shuanglian.demo.chains import BEIBEI_CHAIN, BISHAN_CHAIN
from shuanglian.demo.foundation import region
from shuanglian.deputies import services
from shuanglian.deputies.models import Deputy, Station, StationMember

# (name, level, region code, sector, employer)
DEPUTIES = [
    ("周宗成", "district", "500109", "企业界", "千里科技股份有限公司 党委书记、总裁"),
    ("何建平", "district", "500109", "企业界", "睿蓝汽车（重庆）有限公司 副总经理"),
    ("唐晓梅", "town", "500109007", "企业界", "蔡家岗街道某汽车零部件企业 负责人"),
    ("彭立军", "district", "500109", "企业界", "童家溪镇某摩托车企业 董事长"),
    ("罗文", "town", "500109101", "企业界", "童家溪镇汽摩产业园 企业负责人"),
    ("刘波", "city", "500120", "企业界", "重庆青山工业有限责任公司"),
    ("饶静", "district", "500120", "企业界", "比亚迪璧山园区"),
    ("陈一鸣", "district", "500120003", "企业界", "青杠街道某控制器企业 负责人"),
    ("王蓉", "district", "500120003", "企业界", "青杠街道某电池配套企业 负责人"),
    ("李春华", "town", "500120003", "企业界", "青杠街道某线束企业 负责人"),
    ("赵德明", "district", "500120003", "企业界", "青杠街道某传动部件企业 负责人"),
    ("张宏", "town", "500120003", "企业界", "青杠街道某物流企业 负责人"),
    ("杨秀英", "district", "500120003", "企业界", "青杠街道某模具企业 负责人"),
]

# (kind, name, host, region code, chain name or None, head, deputy members, grid workers)
STATIONS = [
    ("activity_point", "千里科技人大代表活动点", "重庆千里科技股份有限公司", "500109007", BEIBEI_CHAIN,
     "何建平", ["周宗成", "唐晓梅"], ["蔡家岗网格员 孙丽"]),
    ("activity_point", "睿蓝汽车人大代表活动点", "睿蓝汽车（重庆）有限公司", "500109007", BEIBEI_CHAIN,
     "唐晓梅", ["何建平"], ["蔡家岗网格员 周杰"]),
    ("industry_liaison", "汽摩产业人大代表联络站", "童家溪镇汽摩产业园", "500109101", BEIBEI_CHAIN,
     "彭立军", ["罗文"], []),
    ("activity_point", "比亚迪璧山园区人大代表活动点", "比亚迪璧山园区", "500120003", BISHAN_CHAIN,
     "饶静", ["陈一鸣", "王蓉", "李春华"], ["吴敏", "郑强", "冯丽", "褚涛", "卫华"]),
    ("activity_point", "青山工业人大代表活动点", "重庆青山工业有限责任公司", "500120003", BISHAN_CHAIN,
     "刘波", ["赵德明", "张宏", "杨秀英"], ["蒋斌", "沈霞", "韩磊", "朱琳"]),
]

# 东莞: the keys match the cases demo, which looks stations up by them.
DONGGUAN_POINTS = [
    ("拓斯达", "441900101"), ("大朗毛织", "441900101"), ("虎门服装", "441900102"), ("长安模具", "441900103"),
    ("松山湖机器人", "441900104"), ("长安电子", "441900103"), ("虎门食品", "441900102"), ("大朗智能装备", "441900101"),
    ("松山湖新材料", "441900104"), ("长安五金", "441900103"), ("虎门物流", "441900102"), ("松山湖生物医药", "441900104"),
    ("大朗电商", "441900101"), ("长安精密", "441900103"), ("松山湖集成电路", "441900104"),
]
DONGGUAN_LIAISONS = [("毛织", "441900101"), ("食品", "441900"), ("服装", "441900102")]

# Deputy expert groups (代表专业小组) of the two chains: the enterprise-sector deputies posted on them.
EXPERT_GROUPS = [
    (BEIBEI_CHAIN, "500109", ["周宗成", "何建平", "唐晓梅", "彭立军", "罗文"]),
    (BISHAN_CHAIN, "500120", ["刘波", "饶静", "陈一鸣", "王蓉", "李春华", "赵德明", "张宏", "杨秀英"]),
]


def _phone(i: int) -> str:
    return f"1380000{i:04d}"


def _chain(name: str, code: str):
    return Chain.objects.filter(name=name, region__code=code).first()


def _deputy(actor, name, level, code, sector, employer, i) -> Deputy:
    found = Deputy.objects.filter(name=name, region__code=code, level=level).first()
    if found:
        return found
    return services.deputy_create(actor=actor, name=name, level=level, region=region(code), sector=sector,
                                  employer=employer, phone=_phone(i))


def _station(actor, kind, name, host, code, chain) -> Station:
    found = Station.objects.filter(name=name, region__code=code).first()
    if found:
        return found
    return services.station_create(actor=actor, kind=kind, name=name, host=host, region=region(code), chain=chain,
                                   reception_day=15)


def _link_chains(actor, deputies) -> str:
    """Expert groups, through the chain services; adds, never removes, so staff's own changes
    survive a rerun and a rerun changes nothing. (联系包挂 are the duty chain's: demo.duties_contacts.)"""
    experts = 0
    for chain_name, code, names in EXPERT_GROUPS:
        chain = _chain(chain_name, code)
        if chain is None:
            continue
        current = list(chain.expert_deputies.all())
        wanted = current + [deputies[n] for n in names if deputies[n] not in current]
        chain_services.chain_save(actor=actor, chain=chain, values={}, expert_deputies=wanted)
        experts += len(names)
    return f"代表专业小组 {experts} 人次"


def build() -> str:
    actor = User.objects.get(username="demo_admin")
    deputies = {}
    for i, (name, level, code, sector, employer) in enumerate(DEPUTIES, start=1):
        deputies[name] = _deputy(actor, name, level, code, sector, employer, i)

    # demo_deputy logs in as 周宗成.
    zhou, demo_user = deputies["周宗成"], User.objects.filter(username="demo_deputy").first()
    if demo_user and zhou.user_id != demo_user.pk and not Deputy.objects.filter(user=demo_user).exists():
        services.deputy_update(deputy=zhou, actor=actor, user=demo_user)

    grid = 100
    for kind, name, host, code, chain_name, head, members, grid_workers in STATIONS:
        district = code[:6]
        station = _station(actor, kind, name, host, code, _chain(chain_name, district) if chain_name else None)
        if station.head_id is None:
            services.station_update(station=station, actor=actor, head=deputies[head])
        for member in members:
            if not station.members.filter(deputy=deputies[member]).exists():
                services.station_member_add(station=station, actor=actor, kind="deputy", deputy=deputies[member])
        for worker in grid_workers:
            grid += 1
            if not station.members.filter(kind="grid_worker", name=worker).exists():
                services.station_member_add(station=station, actor=actor, kind="grid_worker", name=worker,
                                            phone=_phone(grid))

    for key, code in DONGGUAN_POINTS:
        _station(actor, "monitoring_point", f"{key}营商环境监测点", f"{key}企业（高新技术民营企业）", code, None)
    for trade, code in DONGGUAN_LIAISONS:
        _station(actor, "industry_liaison", f"{trade}行业人大代表联络站", f"东莞{trade}行业", code, None)

    links = _link_chains(actor, deputies)

    return (f"{links}；{Deputy.objects.count()} 名代表，{Station.objects.count()} 个履职阵地，"
            f"{StationMember.objects.count()} 名阵地成员；demo_deputy = 周宗成")
