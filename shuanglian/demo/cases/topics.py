"""What the demo's enterprises ask for: topics by category, the departments that answer them, the
北碚 chain's 35 break/bottleneck problems (seed 000), and invented contacts."""

from __future__ import annotations

MARKER_TITLE = "新设备安装需确定燃气走线和调压箱位置"  # the first case built; its presence means "done"


SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
POSTS = ["经理", "主任", "总监", "部长", "厂长", "副总"]

# (category code, problem kind, title, description)
TOPICS = [
    ("land", "land", "扩产用地指标落实", "企业订单增长，计划新建生产线，需落实约30亩扩产用地指标。"),
    ("land", "land", "标准厂房租赁对接", "新项目急需5000平方米标准厂房，希望协调园区平台公司对接。"),
    ("energy", "energy", "厂区电力增容", "新增冲压设备后用电负荷不足，申请专线增容。"),
    ("energy", "energy", "天然气接入", "新建热处理车间需接入天然气，走线与规划道路冲突。"),
    ("finance", "finance", "流动资金贷款对接", "原材料涨价导致资金周转紧张，希望对接银行续贷和担保。"),
    ("finance", "finance", "技改补贴申报", "智能化改造项目已完工，补贴申报材料需要指导。"),
    ("labour", "labour", "一线技工招聘", "旺季缺少焊工、数控操作工约60人，希望协调招聘会。"),
    ("labour", "labour", "人才公寓申请", "引进的研发人员住房困难，申请人才公寓。"),
    ("approval", "approval", "新建项目环评审批", "二期项目环评报告已报送，希望加快审批进度。"),
    ("approval", "approval", "消防验收", "新厂房已完工，消防验收排期较晚，影响投产。"),
    ("logistics", "logistics", "园区道路货车通行", "园区道路限行时段影响原材料进场，希望调整。"),
    ("logistics", "logistics", "公交线路延伸", "职工上下班通勤不便，希望公交线路延伸到厂区门口。"),
    ("policy", "other", "稳岗补贴兑现", "去年稳岗补贴已公示但尚未到账。"),
    ("market", "bottleneck", "本地配套对接", "希望对接本地整车企业，进入其二级供应商名录。"),
    ("market", "break", "关键零部件本地无配套", "所需功率模块本地无供应商，依赖外地采购，交付周期长。"),
    ("environment", "other", "安全生产指导", "新上喷涂线，希望安监部门上门指导安全生产标准化。"),
]
TOPIC_DEPTS = {
    "land": ["区规划自然资源局", "区经济信息委"], "energy": ["区供电公司", "区经济信息委", "区城市管理局"],
    "finance": ["区金融发展中心", "区财政局"], "labour": ["区人力社保局"], "approval": ["区生态环境局", "区住房城乡建委", "区政务服务办"],
    "logistics": ["区交通运输委"], "policy": ["区人力社保局", "区财政局", "区税务局"], "market": ["区经济信息委", "区商务委", "区投资促进中心"],
    "environment": ["区应急管理局", "区生态环境局"],
}

# The 35 break / bottleneck problems of seed 000 (Feb–Apr 2025).
CHAIN_PROBLEMS = [
    ("energy", "bottleneck", MARKER_TITLE, "新购锻压设备即将到厂，燃气走线和调压箱位置未确定，影响安装投产。", "区经济信息委"),
    ("land", "bottleneck", "扩产用地报批卡在规划调整", "扩产项目用地涉及控规调整，报批停滞两个月。", "区规划自然资源局"),
    ("approval", "bottleneck", "项目包装与申报指导", "技改项目缺少专业包装，申报市级重点项目困难。", "区发改委"),
    ("market", "break", "电芯本地无配套", "整车企业电芯全部外购，物流成本高，希望引进电芯项目。", "区投资促进中心"),
    ("market", "break", "功率半导体依赖外地", "IGBT模块依赖外地供应，交付周期长达16周。", "区经济信息委"),
    ("energy", "bottleneck", "试制车间电力增容", "新车型试制车间用电负荷不足。", "区供电公司"),
    ("logistics", "bottleneck", "零部件入厂物流通道", "供应商车辆入厂排队时间长，需打通园区物流通道。", "区交通运输委"),
    ("labour", "bottleneck", "量产爬坡用工缺口", "首款车型量产爬坡，短期用工缺口约300人。", "区人力社保局"),
    ("finance", "bottleneck", "供应链融资", "二级供应商回款周期长，希望开展供应链金融。", "区金融发展中心"),
    ("approval", "bottleneck", "新建产线环评审批", "新建电驱产线环评审批进度慢。", "区生态环境局"),
    ("market", "break", "车规级芯片封测本地空白", "传感器芯片需送外地封测，希望补链。", "区投资促进中心"),
    ("energy", "bottleneck", "天然气压力不足", "热处理炉天然气压力不稳，影响良品率。", "区城市管理局"),
]


def phone(rng) -> str:
    return rng.choice(("138", "139", "136", "158", "186", "177")) + f"{rng.randint(0, 99_999_999):08d}"


def contact(rng) -> str:
    return rng.choice(SURNAMES) + rng.choice(POSTS)
