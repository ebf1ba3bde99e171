import pytest

from shuanglian.cases.tests.conftest import category, make_case, walk  # noqa: F401  (fixtures)
from shuanglian.chains.tests.conftest import chain_data  # noqa: F401  (fixture)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Generated briefs are real files in default_storage: each test gets its own folder.
    settings.MEDIA_ROOT = tmp_path / "media"
