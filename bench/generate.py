"""Write N realistic annual reports for benchmarks.

Each report is a seed (one of the real layouts: one value per line, pipe cells, tab-indented
Word export, Traditional pipe rows) with a new agency, a new year and new numbers that obey
every table identity; ``--error-share`` of them get one cell changed by +1 so the audit has
something to find. Values are rewritten at the line the parser found them on, so the layout
stays exactly the seed's.

    python bench/generate.py 10000 bench/out/reports_10000
"""
import argparse
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from datasette_gov_disclosure import formats as T  # noqa: E402
from datasette_gov_disclosure.load import parse_file  # noqa: E402

SEEDS = os.path.join(os.path.dirname(HERE), "examples")  # the seed and corpus text layouts
CITIES = ["长春市", "武汉市", "达州市", "西安市", "淮安市", "成都市", "南京市", "杭州市", "福州市", "郑州市"]
DISTRICTS = ["宽城区", "绿园区", "硚口区", "通川区", "高陵区", "清江浦区", "锦江区", "鼓楼区", "西湖区", "金水区"]
BODIES = ["档案馆", "统计局", "人民政府办公室", "经济合作局", "财政局", "教育局", "民政局", "卫生健康委员会",
          "自然资源局", "人民政府", "某某街道办事处", "某某镇人民政府"]


def _template(path):
    """A seed as lines, the year it is written in, and the line of every single-value cell."""
    report = parse_file(path)
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    per_line = {}
    for cell in report.cells:
        if cell["line"]:
            per_line.setdefault(cell["line"], []).append(cell)
    editable = {(c["tbl"], c["row_key"], c["col_key"]): c["line"]
                for line, cells in per_line.items() if len(cells) == 1 for c in cells
                if c["raw"] is not None and lines[line - 1].strip() == c["raw"]}
    return {"lines": lines, "year": report.year, "agency": report.agency, "format": report.format,
            "editable": editable}


def consistent_tables(rng, fmt):
    """Table 三 and 四 values that satisfy every identity of FORMAT.md §6."""
    cols = T.T3_COLS[:-1]
    leaves = T.T3_LEAVES[fmt]
    t3 = {}
    for key in leaves:
        t3[key] = {c: (rng.choice([0, 0, 0, 1, 2, 5, 13]) if c in ("np", "org_business") else rng.choice([0, 0, 0, 1]))
                   for c in cols}
    t3["r.total"] = {c: sum(t3[k][c] for k in leaves) for c in cols}
    t3["carry_in"] = {c: rng.choice([0, 0, 1]) for c in cols}
    t3["carry_out"] = {c: min(t3["carry_in"][c] + rng.choice([0, 1]), t3["r.total"][c] + t3["carry_in"][c])
                       for c in cols}
    t3["new"] = {c: t3["r.total"][c] + t3["carry_out"][c] - t3["carry_in"][c] for c in cols}
    for row in t3.values():
        row["total"] = sum(row[c] for c in cols)
    t4 = {}
    for group in T.T4_GROUPS:
        parts = {c: rng.choice([0, 0, 0, 1, 2]) for c in T.T4_COLS[:-1]}
        parts["total"] = sum(parts.values())
        t4[group] = parts
    return t3, t4


def render(template, rng, agency, year, inject_error):
    lines = list(template["lines"])
    fmt = template["format"]
    edits = {}
    if fmt in T.FORMATS:
        t3, t4 = consistent_tables(rng, fmt)
        for (tbl, row, col), line in template["editable"].items():
            source = t3 if tbl == "t3" else t4 if tbl == "t4" else None
            if source is not None and row in source:
                edits[line] = source[row][col]
        if inject_error and edits:
            line = rng.choice(sorted(edits))
            edits[line] += 1
    for line, value in edits.items():
        old = lines[line - 1]
        lines[line - 1] = old[: len(old) - len(old.lstrip())] + str(value)
    text = "\n".join(lines)
    old_year = template["year"]
    text = text.replace(str(old_year + 1), "{NEXT}").replace(str(old_year), str(year))
    text = text.replace("{NEXT}", str(year + 1))
    if template["agency"] and template["agency"] in text:
        text = text.replace(template["agency"], agency)
    else:  # no title, or a name written in Traditional script: give the report a title line
        text = f"{agency}{year}年度政府信息公开工作年度报告\n\n" + text
    return text


def generate(n, out_dir, error_share=0.2, seed=1):
    rng = random.Random(seed)
    templates = [_template(os.path.join(SEEDS, name)) for name in sorted(os.listdir(SEEDS)) if name.endswith(".txt")]
    templates = [t for t in templates if t["format"] in T.FORMATS]  # a pre-2019 report is no model for 2021+
    os.makedirs(out_dir, exist_ok=True)
    for i in range(n):
        template = templates[i % len(templates)]
        # Each agency reports five consecutive years (so the cross-year rules have work);
        # its name is unique and written with Chinese numerals, as agency names carry no digits.
        serial = "".join("零一二三四五六七八九"[int(d)] for d in str(i // 5))
        named = random.Random(i // 5)
        agency = named.choice(CITIES) + named.choice(DISTRICTS) + f"第{serial}" + named.choice(BODIES)
        year = template["year"] if template["format"] == "2019" else 2021 + i % 5
        text = render(template, rng, agency, year, rng.random() < error_share)
        sub = os.path.join(out_dir, f"{i // 1000:03d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"{i:06d}.txt"), "w", encoding="utf-8") as f:
            f.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out_dir")
    parser.add_argument("--error-share", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.n, args.out_dir, args.error_share, args.seed)


if __name__ == "__main__":
    main()
