#!/usr/bin/env python
"""Builds bench/intelligence_eval.jsonl — the labelled evaluation set of 智能分办 (issue 10).

Honesty first: the demands below are *composed* by us in the style of the public reports cited in
`SOURCES` (news of 人大 stations collecting enterprise demands, 12345 enterprise lines); only the
items marked `cited` (the first item of five such problems) restate a demand that a cited page itself reports. No URL here was invented:
each was read through the project's search tool on 2026-12-01.

Each of the 60 problems has two phrasings written by hand (A and B). Five items per problem:
  A by firm 1, B by firm 1 (a true duplicate: same firm, reworded — one duplicate group),
  A by firm 2, B by firm 3, A by firm 4 (hard negatives: the same problem from other firms, each its
  own group — a common demand, not a duplicate).
So 300 items, 120 distinct phrasings; category and responsible department (of the demo's 北碚区
member units) are labelled per problem.

    .venv/bin/python bench/intelligence_eval_build.py   # rewrites bench/intelligence_eval.jsonl
"""

import json
from pathlib import Path

SOURCES = {
    "ankang": "https://fgw.ankang.gov.cn/Content-2544184.html",
    "ningbo": "https://www.nbrd.gov.cn/art/2023/4/24/art_1229576431_38515.html",
    "dengzhou": "https://henan.china.com/nanyang/news/2024/0607/2530647104.html",
    "yantai": "https://www.sgd.tsinghua.edu.cn/info/1018/1147.htm",
    "tongling": "https://hkcd.com/content_p/2023-02/18/content_148415.html",
    "hengdong": "http://218.28.6.71:81/Qikan/Article/Detail?id=7113408999",
    "nanchang": "http://m.myjjw.001ce.com/yuan/2023/0616/461541.html",
}

FIRMS = [
    ("重庆乾凤锻造有限公司", "915001090000000011"), ("重庆宗申机车零部件有限公司", "915001090000000022"),
    ("重庆北碚精密齿轮有限公司", "915001090000000033"), ("重庆嘉陵电驱科技有限公司", "915001090000000044"),
    ("重庆缙云模具有限公司", "915001090000000055"), ("重庆歇马汽车内饰有限公司", "915001090000000066"),
    ("重庆蔡家岗新材料有限公司", "915001090000000077"), ("重庆童家溪物流有限公司", "915001090000000088"),
    ("重庆天府食品有限公司", "915001090000000099"), ("重庆澄江电子有限公司", "915001090000000101"),
    ("重庆水土智能装备有限公司", "915001090000000112"), ("重庆复兴包装材料有限公司", "915001090000000123"),
]

# (category, department, source key, cited?, A, B)
PROBLEMS = [
    ("energy", "区供电公司", "yantai", False, "冲压车间用电负荷不足，申请专线增容", "新增的冲压设备开不起来，变压器容量不够，增容申请一直没批"),
    ("energy", "区城市管理局", "yantai", False, "热处理车间天然气压力不稳，影响产品良品率", "燃气压力时高时低，热处理炉经常熄火，希望燃气公司排查"),
    ("energy", "区经济信息委", "hengdong", False, "新设备安装需确定燃气走线和调压箱位置", "锻压设备快到厂了，燃气管道怎么走、调压箱放哪还没定下来"),
    ("energy", "区供电公司", "tongling", False, "园区频繁停电，生产线被迫中断", "这个月已经停电三次，每次都没有提前通知，损失很大"),
    ("energy", "区城市管理局", "yantai", False, "厂区供水水压不足，冷却系统无法正常运行", "夏季用水高峰时水压太低，设备冷却跟不上，请求改善供水"),
    ("energy", "区供电公司", "hengdong", False, "新厂房需要双回路供电，报装进度慢", "新厂房用电报装提交一个多月了，双回路方案还没出来"),
    ("land", "区规划自然资源局", "nanchang", False, "扩产项目需要落实30亩用地指标", "订单增长要建新生产线，缺少扩产用地指标，希望帮助落实"),
    ("land", "区规划自然资源局", "hengdong", False, "扩产用地涉及控规调整，报批停滞两个月", "我们的扩产地块要调整控制性详细规划，报上去两个月没有进展"),
    ("land", "区规划自然资源局", "ankang", False, "厂房建成多年仍未办理不动产权证", "老厂房一直没有产权证，银行不认抵押，想尽快办理不动产登记"),
    ("land", "区投资促进中心", "nanchang", False, "新项目急需5000平方米标准厂房", "项目马上落地，需要租赁5000平方米左右的标准厂房，希望对接园区"),
    ("land", "区规划自然资源局", "ningbo", True, "种植基地土地流转签约难、办证难", "基地用地流转签约推进不动，相关证件也办不下来，影响种植生产"),
    ("land", "区规划自然资源局", "hengdong", False, "仓储用地容积率限制过低，无法建设立体仓库", "想把仓库改成立体库，但地块容积率上限太低，请求评估调整"),
    ("finance", "区金融发展中心", "ningbo", False, "原材料涨价导致资金周转紧张，希望对接续贷", "钢材价格上涨，流动资金紧张，银行贷款下月到期，想申请续贷"),
    ("finance", "区金融发展中心", "hengdong", False, "二级供应商回款周期长，希望开展供应链融资", "整车厂付款周期拉长到半年，我们应收账款压力很大，想做供应链金融"),
    ("finance", "区金融发展中心", "nanchang", False, "小微企业担保难，银行要求抵押物", "没有足够抵押物，银行不给授信，希望政府性融资担保支持"),
    ("finance", "区财政局", "ningbo", True, "小微企业贷款财政贴息政策如何申请", "听说有小微企业贷款贴息，不知道申报条件和流程，请给予指导"),
    ("finance", "区金融发展中心", "yantai", False, "企业计划上市，需要辅导和政策支持", "公司准备启动上市，股改和中介机构对接需要政府帮助"),
    ("finance", "区财政局", "tongling", False, "政府项目工程款被拖欠一年多", "给区属单位做的项目，工程款拖欠一年多还没结清，资金链紧张"),
    ("labour", "区人力社保局", "nanchang", False, "旺季缺少焊工和数控操作工约60人", "订单旺季一线技工缺口大，焊工、数控工招不到人，希望协调招聘会"),
    ("labour", "区人力社保局", "yantai", False, "引进的研发人员住房困难，申请人才公寓", "新招的工程师在北碚租不到合适的房子，希望能分配人才公寓"),
    ("labour", "区人力社保局", "dengzhou", True, "企业与员工发生劳动纠纷，希望调解", "有几名员工离职后和公司在工资结算上有争议，希望帮助调解"),
    ("labour", "区人力社保局", "hengdong", False, "稳岗补贴已公示但尚未到账", "去年的稳岗补贴名单早就公示了，钱到现在没有到账"),
    ("labour", "区人力社保局", "nanchang", False, "希望开展职工职业技能培训并给予补贴", "新上的自动化产线要求员工持证，想组织技能培训，申请培训补贴"),
    ("labour", "区人力社保局", "yantai", False, "高校毕业生招聘渠道少，留不住人", "想招一批机械专业应届生，校招渠道打不开，希望对接高校"),
    ("approval", "区生态环境局", "hengdong", False, "二期项目环评报告已报送，希望加快审批", "二期扩建的环境影响评价报告交上去很久了，迟迟没有批复"),
    ("approval", "区住房城乡建委", "ankang", False, "新厂房已完工，消防验收排期太晚影响投产", "厂房建好了，消防验收要排到两个月以后，设备没法投产"),
    ("approval", "区市场监管局", "ankang", True, "开办酒店办了营业执照，还需特种行业许可证，不清楚流程", "营业执照已经拿到，被告知还要办特种行业经营许可证，流程不清楚"),
    ("approval", "区住房城乡建委", "hengdong", False, "施工许可办理材料反复补正", "办施工许可证，材料被要求补正了三次，每次说法都不一样"),
    ("approval", "区发改委", "hengdong", False, "技改项目备案和节能审查进度慢", "技术改造项目要先备案再做节能审查，两个环节都卡着"),
    ("approval", "区政务服务办", "tongling", False, "企业变更事项要跑多个窗口，希望一窗通办", "公司地址和经营范围变更，跑了好几个窗口，能不能一次办完"),
    ("logistics", "区交通运输委", "nanchang", False, "园区道路限行时段影响原材料进场", "货车白天不让进园区，原材料只能晚上进，影响生产安排"),
    ("logistics", "区交通运输委", "nanchang", False, "职工通勤不便，希望公交线路延伸到厂区", "厂区附近没有公交站，几百名职工上下班很困难，希望延伸公交线路"),
    ("logistics", "区交通运输委", "hengdong", False, "园区道路破损严重，货车通行困难", "园区主干道坑洼很多，满载货车经常颠坏货物"),
    ("logistics", "区交通运输委", "tongling", False, "零部件供应商车辆入厂排队时间长", "供应商送货车辆在厂门口排长队，需要打通园区物流通道"),
    ("logistics", "区城市管理局", "nanchang", False, "厂区周边路灯不亮，夜班职工出行不安全", "厂门口那段路的路灯坏了很久，夜班员工下班路上太黑"),
    ("logistics", "区交通运输委", "yantai", False, "断头路未打通，绕行增加运输成本", "园区和高速入口之间的道路是断头路，每趟要多绕十公里"),
    ("policy", "区经济信息委", "dengzhou", False, "智能化改造项目已完工，技改补贴申报需要指导", "我们的智能化改造做完了，不知道技改补贴怎么申报，材料怎么准备"),
    ("policy", "区科技局", "ningbo", False, "研发投入大，想了解科技创新奖励政策", "今年研发投入增加很多，有没有科技创新方面的奖励可以申请"),
    ("policy", "区税务局", "dengzhou", True, "减税降费政策办理不清楚", "新出台的减税降费政策我们不知道怎么享受，希望上门辅导"),
    ("policy", "区税务局", "yantai", False, "留抵退税申请迟迟未到账", "增值税留抵退税申请提交一个月了，退税款还没有到账"),
    ("policy", "区经济信息委", "hengdong", False, "希望申报专精特新企业，需要辅导", "公司想申报专精特新中小企业，不清楚认定条件，请给予指导"),
    ("policy", "区科技局", "ningbo", False, "高新技术企业认定材料准备困难", "准备申报高新技术企业认定，知识产权和研发费用归集不会做"),
    ("policy", "区财政局", "tongling", False, "首台套奖励资金迟迟没有拨付", "首台套装备奖励去年就通过了，奖补资金到现在没有拨付"),
    ("market", "区经济信息委", "hengdong", False, "希望对接本地整车企业进入供应商名录", "想给本地整车厂配套，进不了他们的二级供应商名录，希望牵线"),
    ("market", "区投资促进中心", "hengdong", False, "关键零部件本地无配套，依赖外地采购", "功率模块本地找不到供应商，全部从外地买，交货周期很长"),
    ("market", "区商务委", "nanchang", False, "外贸订单下滑，希望组织参加境外展会", "出口订单减少，想参加国外展会开拓市场，希望给予展位补贴"),
    ("market", "区商务委", "yantai", False, "希望组织产销对接会拓展本地销售", "产品在本地知名度低，希望政府组织产销对接活动"),
    ("market", "区投资促进中心", "nanchang", False, "电芯全部外购，希望引进电芯项目补链", "整车用的电芯全部外购，物流成本高，建议引进电芯企业补齐链条"),
    ("market", "区市场监管局", "tongling", False, "产品被仿冒，商标权受到侵害", "市场上出现大量仿冒我们品牌的产品，商标侵权严重，请求查处"),
    ("environment", "区应急管理局", "hengdong", False, "新上喷涂线，希望上门指导安全生产标准化", "新建喷涂车间，安全生产标准化不会做，希望安监部门上门指导"),
    ("environment", "区生态环境局", "ningbo", False, "周边企业排放异味，影响员工工作环境", "隔壁厂一到晚上就排刺鼻气味，我们员工意见很大"),
    ("environment", "区生态环境局", "hengdong", False, "排污许可证即将到期，延续办理需要指导", "排污许可证快到期了，延续要准备哪些监测数据不清楚"),
    ("environment", "区生态环境局", "yantai", False, "危险废物处置渠道少，费用高", "生产产生的废切削液属于危废，本地处置单位少，收费太贵"),
    ("environment", "区应急管理局", "tongling", False, "危险化学品仓库安全检查整改标准不明确", "危化品仓库检查后要求整改，但整改标准说得不清楚"),
    ("environment", "区生态环境局", "nanchang", False, "施工噪音夜间扰民，影响员工休息", "旁边工地晚上施工噪声很大，宿舍里的员工睡不好觉"),
    ("other", "蔡家岗街道办事处", "dengzhou", False, "厂区周边占道经营，堵塞消防通道", "厂门口摊贩占道经营，把消防通道都堵了，希望街道协调"),
    ("other", "区市场监管局", "ankang", False, "特种设备检验排队时间长", "厂里的行车和压力容器要定期检验，预约检验排队一个多月"),
    ("other", "区政务服务办", "tongling", False, "12345反映的问题办理后没有回复", "之前打12345反映的问题，说已办结但没有人回复我们"),
    ("other", "区经济信息委", "hengdong", False, "希望协调数字化转型服务商上门诊断", "想做数字化转型，不知道从哪入手，希望安排服务商诊断"),
    ("other", "童家溪镇人民政府", "dengzhou", False, "厂区与周边村民因排水沟发生纠纷", "厂区排水沟经过村民地块，村民堵了排水口，希望镇上协调"),
]


def build() -> list[dict]:
    items = []
    for p, (cat, dept, src, cited, a, b) in enumerate(PROBLEMS, start=1):
        firm = [FIRMS[(p * 5 + k) % len(FIRMS)] for k in range(4)]
        url = SOURCES[src]
        url_note = f"composed; modelled on {url}"
        plan = [("A", 0, f"d{p:02d}"), ("B", 0, f"d{p:02d}"), ("A", 1, f"n{p:02d}a"), ("B", 2, f"n{p:02d}b"),
                ("A", 3, f"n{p:02d}c")]
        for k, (phrase, f, group) in enumerate(plan):
            text = a if phrase == "A" else b
            name, uscc = firm[f]
            items.append({
                "id": f"p{p:02d}-{k}", "problem": p, "title": text.split("，")[0][:30],
                "description": f"{name}反映：{text}。" if k % 2 == 0 else f"{text}，请帮助协调解决。（{name}）",
                "category": cat, "department": dept, "enterprise_name": name, "enterprise_uscc": uscc,
                "duplicate_group": group,
                # only the first item of a problem a page itself reports restates it; the rest are ours
                "source": f"cited (paraphrased): {url}" if cited and k == 0 else url_note,
            })
    return items


if __name__ == "__main__":
    out = Path(__file__).with_name("intelligence_eval.jsonl")
    rows = build()
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} items, {sum(r['source'].startswith('cited') for r in rows)} cited, -> {out}")
