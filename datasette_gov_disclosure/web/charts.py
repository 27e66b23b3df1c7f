"""Charts drawn on the server as SVG, for people who would rather look than read.

Why SVG from Python rather than a charting plugin: a published copy of the database must show
them with no network (no CDN, no JavaScript bundle), they must print, and they must work the
same on Datasette 0.65 and 1.0; the few shapes needed here (stacked bars) are a page of code.
Every label is escaped (agency and region names come from reports), every bar carries a
<title> with its exact number, and the tables under each chart hold the same figures.
"""
from markupsafe import Markup

SEVERITY_SERIES = (("error", "错误"), ("warning", "警告"), ("info", "建议"))
PROBLEM_SERIES = (("error", "错误"), ("warning", "警告"))
FONT = 12
BAR = 18
GAP = 6


def _ticks(top):
    """A round maximum for the axis and its few gridlines."""
    if top <= 0:
        return 1, [0, 1]
    step = 1
    while top / step > 5:
        for factor in (2, 2.5, 2):
            step *= factor
            if top / step <= 5:
                break
    step = int(step) if step >= 1 else 1
    end = -(-top // step) * step
    return end, list(range(0, int(end) + 1, step))


def _svg(width, height, title, body):
    return Markup(
        '<svg class="gd-chart" role="img" viewBox="0 0 {w} {h}" width="{w}" height="{h}" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg"><title>{t}</title>{b}</svg>'
    ).format(w=width, h=height, t=title, b=Markup("").join(body))


def legend(series):
    items = Markup("").join(Markup('<span class="gd-key gd-bar-{}">{}</span>').format(key, name)
                            for key, name in series)
    return Markup('<p class="gd-legend">{}</p>').format(items)


def horizontal(rows, series, title, label_width=150, width=640, unit="条"):
    """One stacked bar per row: rows are dicts with "label" and the series' keys."""
    rows = list(rows)
    if not rows:
        return Markup("")
    top, ticks = _ticks(max(sum(r.get(k) or 0 for k, _ in series) for r in rows))
    plot = width - label_width - 40
    height = len(rows) * (BAR + GAP) + 24
    body = []
    for t in ticks:
        x = label_width + plot * t / top
        body.append(Markup('<line class="gd-grid" x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{y}"/>'
                           '<text class="gd-axis" x="{x:.1f}" y="{ty}" text-anchor="middle">{t}</text>')
                    .format(x=x, y=height - 18, ty=height - 4, t=t))
    for i, row in enumerate(rows):
        y = i * (BAR + GAP)
        label = str(row["label"])
        fits = max(4, (label_width - 10) // FONT)  # characters of a CJK label that fit its column
        shown = label if len(label) <= fits else label[:fits - 1] + "…"
        body.append(Markup('<text class="gd-label" x="{x}" y="{y}" text-anchor="end"><title>{full}</title>{t}</text>')
                    .format(x=label_width - 6, y=y + BAR - 4, full=label, t=shown))
        x = label_width
        total = 0
        for key, name in series:
            value = row.get(key) or 0
            total += value
            w = plot * value / top
            if value:
                body.append(Markup('<rect class="gd-bar-{k}" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{h}">'
                                   '<title>{label}：{name} {v} {unit}</title></rect>')
                            .format(k=key, x=x, y=y, w=w, h=BAR, label=label, name=name, v=value, unit=unit))
            x += w
        body.append(Markup('<text class="gd-value" x="{x:.1f}" y="{y}">{v}</text>').format(x=x + 4, y=y + BAR - 4,
                                                                                           v=total))
    return _svg(width, height, title, body)


def _columns_frame(columns, highest, width, height, left=44, bottom=22):
    """The frame of a column chart: (axis top, left margin, plot height, slot per column, the
    horizontal gridlines with their figures as the first SVG elements)."""
    top, ticks = _ticks(highest)
    plot_h = height - bottom - 10
    body = []
    for t in ticks:
        y = 10 + plot_h - plot_h * t / top
        body.append(Markup('<line class="gd-grid" x1="{l}" x2="{r}" y1="{y:.1f}" y2="{y:.1f}"/>'
                           '<text class="gd-axis" x="{tx}" y="{ty:.1f}" text-anchor="end">{t}</text>')
                    .format(l=left, r=width, y=y, tx=left - 6, ty=y + 4, t=t))
    return top, left, plot_h, (width - left) / len(columns), body


def vertical(columns, series, title, width=640, height=220, unit="条"):
    """One stacked column per entry: columns are dicts with "label" and the series' keys."""
    columns = list(columns)
    if not columns:
        return Markup("")
    top, left, plot_h, slot, body = _columns_frame(
        columns, max(sum(c.get(k) or 0 for k, _ in series) for c in columns), width, height)
    bar = min(48, slot * 0.6)
    for i, col in enumerate(columns):
        x = left + slot * i + (slot - bar) / 2
        y = 10 + plot_h
        label = str(col["label"])
        total = 0
        for key, name in series:
            value = col.get(key) or 0
            total += value
            h = plot_h * value / top
            y -= h
            if value:
                body.append(Markup('<rect class="gd-bar-{k}" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}">'
                                   '<title>{label}：{name} {v} {unit}</title></rect>')
                            .format(k=key, x=x, y=y, w=bar, h=h, label=label, name=name, v=value, unit=unit))
        body.append(Markup('<text class="gd-value" x="{x:.1f}" y="{y:.1f}" text-anchor="middle">{v}</text>')
                    .format(x=x + bar / 2, y=y - 3, v=total))
        body.append(Markup('<text class="gd-axis" x="{x:.1f}" y="{y}" text-anchor="middle">{t}</text>')
                    .format(x=x + bar / 2, y=height - 6, t=label))
    return _svg(width, height, title, body)


def overview_charts(data):
    """The overview's three charts: findings by year (by severity), problems by province, by rule."""
    years = sorted((y for y in data.get("by_year", []) if y.get("year")), key=lambda y: y["year"])
    regions = [dict(g, label=g.get("province") or g.get("region") or "未能确定地区")
               for g in data.get("by_region", []) if (g.get("error") or 0) + (g.get("warning") or 0)][:15]
    rules = sorted((r for r in data.get("by_rule", []) if r.get("violations")),
                   key=lambda r: -r["violations"])[:15]
    # each finding at its own severity: one rule's findings can be errors and suggestions at once
    by_rule = [dict({k: r.get(k) or 0 for k, _ in SEVERITY_SERIES}, label=f"{r['rule_id']} {r['title']}")
               for r in rules]
    return {
        "years": vertical([dict(y, label=y["year"]) for y in years], SEVERITY_SERIES, "各年度的审核发现（按严重程度）"),
        "regions": horizontal(regions, PROBLEM_SERIES, "各地区的问题（错误和警告）", unit="处"),
        "rules": horizontal(by_rule, SEVERITY_SERIES, "审核发现最多的规则", label_width=300, width=720),
        "legend": legend(SEVERITY_SERIES),
    }


FIGURES = (("new", "本年新收申请"), ("carry_out", "结转下年度"))


def agency_charts(reports, violations, cells):
    """An agency's years: its findings by severity, and its applications received and carried over."""
    counts = {}
    for v in violations:
        counts.setdefault(v["report_id"], {}).setdefault(v["severity"], 0)
        counts[v["report_id"]][v["severity"]] += 1
    figures = {}
    for c in cells:
        if c["tbl"] == "t3" and c["col_key"] == "total" and c["row_key"] in dict(FIGURES) and c["state"] == "number":
            figures.setdefault(c["report_id"], {})[c["row_key"]] = c["value"]
    years = [r for r in reports if r.get("year")]
    findings = [dict(counts.get(r["id"], {}), label=r["year"]) for r in years]
    applications = [dict(figures.get(r["id"], {}), label=r["year"]) for r in years]
    return {
        "findings": vertical(findings, SEVERITY_SERIES, "各年度的审核发现", width=360, height=200),
        "applications": _grouped(applications, FIGURES, "各年度收到和结转的政府信息公开申请（表三总计列）",
                                 width=360, height=200),
        "legend": legend(SEVERITY_SERIES),
        "figures_legend": legend((("new", "本年新收申请"), ("carry_out", "结转下年度继续办理"))),
    }


def _grouped(columns, series, title, width=640, height=180):
    """Side-by-side columns per year (two figures that are not parts of one whole)."""
    columns = [c for c in columns if any(c.get(k) is not None for k, _ in series)]
    if not columns:
        return Markup("")
    top, left, plot_h, slot, body = _columns_frame(
        columns, max(max((c.get(k) or 0) for k, _ in series) for c in columns), width, height)
    bar = min(28, slot * 0.35)
    for i, col in enumerate(columns):
        start = left + slot * i + (slot - bar * len(series)) / 2
        for j, (key, name) in enumerate(series):
            value = col.get(key)
            if value is None:
                continue
            h = plot_h * value / top
            x = start + j * bar
            body.append(Markup('<rect class="gd-bar-{k}" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}">'
                               '<title>{label}：{name} {v} 件</title></rect>'
                               '<text class="gd-value" x="{cx:.1f}" y="{ty:.1f}" text-anchor="middle">{v}</text>')
                        .format(k=key, x=x, y=10 + plot_h - h, w=bar - 2, h=h, label=col["label"], name=name,
                                v=_number(value), cx=x + bar / 2, ty=10 + plot_h - h - 3))
        body.append(Markup('<text class="gd-axis" x="{x:.1f}" y="{y}" text-anchor="middle">{t}</text>')
                    .format(x=left + slot * i + slot / 2, y=height - 6, t=col["label"]))
    return _svg(width, height, title, body)


def _number(value):
    return int(value) if float(value).is_integer() else value

