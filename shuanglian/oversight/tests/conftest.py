import datetime as dt

import pytest


@pytest.fixture
def opinion_factory(personas, regions, departments):
    """A drafted opinion of 北碚区 sent to 区经济信息委 with one suggestion and one problem."""
    from shuanglian.oversight import services

    def make(title="关于全区重大项目建设情况的审议意见", items=2, report_months=3):
        op = services.opinion_create(actor=personas["staff"], region=regions["beibei"], title=title,
                                     body=departments["jxw"], report_months=report_months)
        for k in range(items):
            services.opinion_item_add(actor=personas["staff"], opinion=op,
                                      category="suggestion" if k % 2 == 0 else "problem",
                                      group="强化要素保障", content=f"第{k + 1}条内容")
        op.refresh_from_db()
        return op

    return make


D = dt.date
