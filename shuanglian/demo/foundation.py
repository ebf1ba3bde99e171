"""Regions, departments and demo accounts (seeds 000, 001, 003, 004), through the regions' and
core's services: demo_admin first (created by the system), then everything else by demo_admin."""

from shuanglian.core import services as core_services
from shuanglian.core.models import Role, User
from shuanglian.regions import services as region_services
from shuanglian.regions.models import Department, Region

DEMO_PASSWORD = "shuanglian"  # documented demo-only password; never used outside `manage.py demo`

REGIONS = [
    # (code, name, level, parent code)
    ("500000", "重庆市", "city", None),
    ("500109", "北碚区", "district", "500000"),
    ("500109001", "天生街道", "subdistrict", "500109"),
    ("500109002", "朝阳街道", "subdistrict", "500109"),
    ("500109003", "北温泉街道", "subdistrict", "500109"),
    ("500109004", "东阳街道", "subdistrict", "500109"),
    ("500109005", "龙凤桥街道", "subdistrict", "500109"),
    ("500109006", "歇马街道", "subdistrict", "500109"),
    ("500109007", "蔡家岗街道", "subdistrict", "500109"),
    ("500109101", "童家溪镇", "town", "500109"),
    ("500109102", "水土镇", "town", "500109"),
    ("500109103", "复兴镇", "town", "500109"),
    ("500109104", "澄江镇", "town", "500109"),
    ("500109105", "天府镇", "town", "500109"),
    ("500120", "璧山区", "district", "500000"),
    ("500120001", "璧城街道", "subdistrict", "500120"),
    ("500120002", "璧泉街道", "subdistrict", "500120"),
    ("500120003", "青杠街道", "subdistrict", "500120"),
    ("500120004", "来凤街道", "subdistrict", "500120"),
    ("500114", "黔江区", "district", "500000"),
    ("441900", "东莞市", "city", None),
    ("441900101", "大朗镇", "town", "441900"),
    ("441900102", "虎门镇", "town", "441900"),
    ("441900103", "长安镇", "town", "441900"),
    ("441900104", "松山湖", "town", "441900"),
]

# The 20 member units of 北碚区's 智能网联新能源汽摩产业链 task force. Seed 000 names
# 区经济信息委 and 区发改委; the rest are the usual members of such a task force.
BEIBEI_DEPARTMENTS = [
    "区经济信息委", "区发改委", "区科技局", "区财政局", "区人力社保局", "区规划自然资源局",
    "区生态环境局", "区住房城乡建委", "区交通运输委", "区商务委", "区市场监管局", "区税务局",
    "区应急管理局", "区城市管理局", "区金融发展中心", "区投资促进中心", "区政务服务办",
    "区供电公司", "蔡家岗街道办事处", "童家溪镇人民政府",
]
BISHAN_DEPARTMENTS = ["璧山区经济信息委", "璧山区发改委", "青杠街道办事处"]
DONGGUAN_DEPARTMENTS = ["东莞市工业和信息化局", "东莞市市场监管局", "东莞市商务局"]
QIANJIANG_DEPARTMENTS = ["黔江区经济信息委", "黔江区发展改革委", "黔江区招商投资促进局", "黔江区规划自然资源局",
                         "黔江区市场监管局", "黔江区人力社保局"]

DEMO_ACCOUNTS = [
    ("demo_staff", "人大工作人员（北碚区人大常委会）"),
    ("demo_jxw", "部门经办人（区经济信息委）"),
    ("demo_fgw", "部门经办人（区发改委）"),
    ("demo_jxw_lead", "部门负责人（区经济信息委）"),
    ("demo_deputy", "人大代表（北碚区）"),
    ("demo_leader", "领导（只读，北碚区）"),
    ("demo_admin", "系统管理员"),
]


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def department(name: str) -> Department:
    return Department.objects.get(name=name)


def _ensure_region(actor, code, name, level, parent_code) -> Region:
    found = Region.objects.filter(code=code).first()
    if found is not None:
        return found
    parent = region(parent_code) if parent_code else None
    return region_services.region_create(actor=actor, name=name, code=code, level=level, parent=parent)


def ensure_department(actor, name: str, region_obj: Region) -> Department:
    found = Department.objects.filter(name=name, region=region_obj).first()
    return found or region_services.department_create(actor=actor, name=name, region=region_obj)


def ensure_user(username, *, role, display_name, region=None, department=None, password=None) -> User:
    """The account if it exists (a rerun leaves staff's changes alone), else a new one through
    core's service with the system as actor; without a password it cannot log in."""
    found = User.objects.filter(username=username).first()
    return found or core_services.user_create(actor=None, username=username, role=role, display_name=display_name,
                                              region=region, department=department, password=password)


def build() -> str:
    admin = ensure_user("demo_admin", role=Role.ADMIN, display_name="系统管理员", password=DEMO_PASSWORD)
    for row in REGIONS:
        _ensure_region(admin, *row)
    for names, code in ((BEIBEI_DEPARTMENTS, "500109"), (BISHAN_DEPARTMENTS, "500120"), (DONGGUAN_DEPARTMENTS, "441900"),
                        (QIANJIANG_DEPARTMENTS, "500114")):
        for name in names:
            ensure_department(admin, name, region(code))
    beibei = region("500109")
    for username, role, display_name, dept_name in (
        ("demo_staff", Role.STAFF, "王晓岚", None),
        ("demo_jxw", Role.HANDLER, "李明", "区经济信息委"),
        ("demo_fgw", Role.HANDLER, "陈静", "区发改委"),
        ("demo_jxw_lead", Role.DEPT_LEADER, "张建国", "区经济信息委"),
        ("demo_deputy", Role.DEPUTY, "周宗成", None),
        ("demo_leader", Role.LEADER, "徐永德", None),
    ):
        ensure_user(username, role=role, display_name=display_name, region=beibei,
                    department=department(dept_name) if dept_name else None, password=DEMO_PASSWORD)
    return f"{Region.objects.count()} 个区域，{Department.objects.count()} 个部门，{len(DEMO_ACCOUNTS)} 个演示账号"
