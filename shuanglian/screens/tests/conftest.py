import pytest

from shuanglian.cases.tests.conftest import category, make_case, walk  # noqa: F401  (fixtures)
from shuanglian.chains.tests.conftest import chain_data  # noqa: F401  (fixture)


@pytest.fixture
def screen(personas, regions):
    from shuanglian.screens.services import screen_create

    return screen_create(actor=personas["staff"], region=regions["beibei"], name="北碚区人大常委会大厅")
