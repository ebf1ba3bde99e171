import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas' passwords are hashed nine times per test; the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def registry(personas, regions):
    """Deputies and stations in 北碚区, its 蔡家岗街道 and in 璧山区 (another district)."""
    from shuanglian.chains.models import Chain
    from shuanglian.deputies.models import Deputy, Station, StationMember

    chain = Chain.objects.create(name="智能网联新能源汽摩产业链", region=regions["beibei"])
    me = personas["deputy_record"]
    liu = Deputy.objects.create(name="刘波", level="city", region=regions["bishan"], sector="企业界",
                                employer="青山工业", phone="13900001111")
    cai = Deputy.objects.create(name="蔡代表", level="town", region=regions["caijia"], sector="企业界",
                                phone="13700002222")
    head = Deputy.objects.create(name="陈点长", level="district", region=regions["beibei"], phone="13600003333")
    qianli = Station.objects.create(kind="activity_point", name="千里科技人大代表活动点", host="千里科技",
                                    region=regions["beibei"], chain=chain, head=head, address="北碚区蔡家岗")
    StationMember.objects.create(station=qianli, kind="deputy", deputy=me)
    StationMember.objects.create(station=qianli, kind="grid_worker", name="网格员甲", phone="13511112222")
    caijia = Station.objects.create(kind="activity_point", name="蔡家岗活动点", region=regions["caijia"], head=cai)
    other = Station.objects.create(kind="activity_point", name="北碚另一活动点", region=regions["beibei"])
    bishan = Station.objects.create(kind="activity_point", name="青山工业人大代表活动点", region=regions["bishan"], head=liu)
    return {
        "chain": chain, "me": me, "liu": liu, "cai": cai, "head": head,
        "qianli": qianli, "caijia": caijia, "other": other, "bishan": bishan,
    }
