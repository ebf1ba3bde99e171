"""Regions, departments and demo accounts (seeds 000, 001, 003, 004)."""

from shuanglian.core.models import Role, User
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


def _ensure_region(code, name, level, parent_code):
    parent = Region.objects.get(code=parent_code) if parent_code else None
    obj = Region.objects.filter(code=code).first()
    if obj is None:
        obj = Region(code=code, name=name, level=level, parent=parent)
        obj.path = obj.compute_path()
        obj.save()
    return obj


def _ensure_user(username, *, role, display_name, region=None, department=None):
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"role": role, "display_name": display_name, "region": region, "department": department},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        if role == Role.ADMIN:
            user.is_staff = user.is_superuser = True
        user.save()
    return user


def build() -> str:
    for row in REGIONS:
        _ensure_region(*row)
    for names, code in ((BEIBEI_DEPARTMENTS, "500109"), (BISHAN_DEPARTMENTS, "500120"), (DONGGUAN_DEPARTMENTS, "441900")):
        for name in names:
            Department.objects.get_or_create(name=name, region=region(code))
    beibei = region("500109")
    _ensure_user("demo_staff", role=Role.STAFF, display_name="王晓岚", region=beibei)
    _ensure_user("demo_jxw", role=Role.HANDLER, display_name="李明", region=beibei, department=department("区经济信息委"))
    _ensure_user("demo_fgw", role=Role.HANDLER, display_name="陈静", region=beibei, department=department("区发改委"))
    _ensure_user("demo_jxw_lead", role=Role.DEPT_LEADER, display_name="张建国", region=beibei, department=department("区经济信息委"))
    _ensure_user("demo_deputy", role=Role.DEPUTY, display_name="周宗成", region=beibei)
    _ensure_user("demo_leader", role=Role.LEADER, display_name="徐永德", region=beibei)
    _ensure_user("demo_admin", role=Role.ADMIN, display_name="系统管理员")
    return f"{Region.objects.count()} 个区域，{Department.objects.count()} 个部门，{len(DEMO_ACCOUNTS)} 个演示账号"
