"""Regions that mean something: province, city and county with the official division code,
read from the agency's name — and left unknown, never guessed, when the name fits several places.
The codes below are the published 行政区划代码, written down by hand."""
import pytest

from datasette_gov_disclosure.regions import gazetteer, locate


@pytest.mark.parametrize("agency, province, city, county, code", [
    # the five reports the project started from, and real agencies of the corpus
    ("长春市宽城区档案馆", "吉林省", "长春市", "宽城区", "220103"),
    ("绿园区人民政府办公室", "吉林省", "长春市", "绿园区", "220106"),  # 绿园区 exists only in 长春
    ("长春市经济合作局", "吉林省", "长春市", None, "220100"),
    ("达州市通川区档案馆", "四川省", "达州市", "通川区", "511702"),
    ("武汉市硚口区档案馆", "湖北省", "武汉市", "硚口区", "420104"),
    ("上海市人民政府办公厅", "上海市", "上海市", None, "310000"),
    ("淮安市清江浦区人民政府", "江苏省", "淮安市", "清江浦区", "320812"),
    ("西安市高陵区人民政府", "陕西省", "西安市", "高陵区", "610117"),
    # names that single out one of several namesakes
    ("南京市鼓楼区人民政府", "江苏省", "南京市", "鼓楼区", "320106"),
    ("北京市朝阳区人民政府", "北京市", "北京市", "朝阳区", "110105"),
    ("重庆市渝中区财政局", "重庆市", "重庆市", "渝中区", "500103"),
    ("吉林省长春市宽城区档案馆", "吉林省", "长春市", "宽城区", "220103"),
    ("吉林长春宽城区档案馆", "吉林省", "长春市", "宽城区", "220103"),
    ("吉林市档案馆", "吉林省", "吉林市", None, "220200"),
    ("仙桃市统计局", "湖北省", None, "仙桃市", "429004"),  # directly under the province
    ("内蒙古自治区统计局", "内蒙古自治区", None, None, "150000"),
])
def test_a_name_that_fits_one_place_gets_its_code(agency, province, city, county, code):
    r = locate(agency)
    assert (r.province, r.city, r.county, r.code) == (province, city, county, code)


@pytest.mark.parametrize("agency, province", [
    ("鼓楼区人民政府", None),        # 南京、徐州、开封、福州 each have one
    ("朝阳区人民政府", None),        # 北京 and 长春
    ("长春市鼓楼区", None),          # no 鼓楼区 in 长春: names that cannot be read together
    ("平潭综合实验区管委会", None),  # not a division of the gazetteer
    ("国家档案局", None),
    ("吉林档案馆", "吉林省"),        # the province or the city of 吉林: only the province is certain
])
def test_a_name_that_fits_several_places_or_none_stays_unknown(agency, province):
    r = locate(agency)
    assert r.province == province
    assert r.city is None and r.county is None


def test_site_metadata_can_settle_what_the_name_leaves_open():
    assert locate("鼓楼区人民政府", "福州市鼓楼区人民政府网站").code == "350102"


def test_every_code_is_a_division_of_the_gazetteer_named_as_it_says():
    names, _ = gazetteer()
    for agency in ("长春市宽城区档案馆", "北京市朝阳区人民政府", "仙桃市统计局"):
        r = locate(agency)
        assert names[r.code] in (r.county, r.city, r.province)
    assert names["220106"] == "绿园区" and names["110000"] == "北京市"


def test_every_region_code_in_demo_db_is_the_division_named_beside_it():
    import sqlite3
    from pathlib import Path

    names, _ = gazetteer()
    demo = Path(__file__).resolve().parent.parent / "demo.db"
    conn = sqlite3.connect(f"file:{demo}?mode=ro", uri=True)
    rows = conn.execute("SELECT agency, province, city, county, region_code FROM reports").fetchall()
    conn.close()
    coded = [r for r in rows if r[4]]
    assert len(coded) >= 6  # the five seeds and 上海 2019; 平潭综合实验区 is no division
    for agency, province, city, county, code in coded:
        assert names[code] == (county or city or province), agency
        assert names[code[:2] + "0000"] == province, agency
        if county and city and code[:2] not in ("11", "12", "31", "50"):
            assert names[code[:4] + "00"] == city, agency
