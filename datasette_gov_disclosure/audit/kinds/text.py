"""Generic kinds over the document: sections present, what a section must mention,
placeholder text left in, publication deadlines, the template matching the report year."""
from ... import formats as T
from ...formats import NUMERALS
from ..sql import clause_clip, concat, in_list, lit, render
from .narrative import SECTION_TEXT, _sections, gated_sections, in_scope

FORMAT_NAMES = {"2019": "2019 年格式（试行，国办公开办函〔2019〕60号）",
                "2021": "2021 年格式（国办公开办函〔2021〕30号）", "legacy": "2019 年以前的旧统计表"}


def _having_sections(nos):
    """A text rule can decide a report that has the sections it reads."""
    return f"EXISTS (SELECT 1 FROM sections x WHERE x.report_id = r.id AND x.no IN {in_list(nos)})"


def sections_present(rule, p):
    nos = _sections(p, default=[1, 2, 3, 4, 5, 6])
    message = p.get("message", str, default="缺少第{numeral}部分“{title}”")
    p.done()
    values = " UNION ALL ".join(
        f"SELECT {n} AS no, {lit(NUMERALS[n - 1])} AS numeral, {lit(T.SECTIONS[n]['title'])} AS title" for n in nos)
    msg = render(message, {"numeral": "n.numeral", "title": "n.title"}, f"{p.where}: message")
    sql = (f"SELECT r.id AS report_id, NULL AS tbl, NULL AS row_key, NULL AS col_key, NULL AS observed, "
           f"n.no AS expected, {msg} AS message, 'sec' || n.no AS locator, NULL AS severity "
           f"FROM reports r CROSS JOIN ({values}) n "
           f"WHERE NOT EXISTS (SELECT 1 FROM sections s WHERE s.report_id = r.id AND s.no = n.no)")
    return sql, None


def _keyword_groups(p, field):
    groups = p.get(field, dict)
    for name, words in groups.items():
        if not isinstance(words, list) or not words:
            raise p.error(f"{field}.{name}", "应为非空的关键词列表 / a non-empty list of keywords")
    return groups


def section_keywords(rule, p):
    """A section must mention each (mode all) or at least one (mode any) of some topics,
    each topic recognised by any of its keywords."""
    nos = _sections(p)
    groups = _keyword_groups(p, "require")
    mode = p.get("mode", str, default="all", choices=("all", "any"))
    min_length = p.get("min_length", int, default=0)
    message = p.get("message", str)
    short_message = p.get("short_message", str, default="第{numeral}部分内容过短（{length} 字）：“{text}”")
    near_words = [str(w) for w in p.get("quote_near", list, default=[])]
    near_message = p.get("near_message", str, default=None)
    p.done()
    if bool(near_words) != bool(near_message):
        raise p.error("quote_near", "quote_near 与 near_message 应同时给出 / give both quote_near and near_message")
    text = SECTION_TEXT.format(nos=in_list(nos), scope=in_scope(rule))
    has = {name: "(" + " OR ".join(f"instr(s.t, {lit(w)}) > 0" for w in words) + ")"
           for name, words in groups.items()}
    lacking = "rtrim(" + concat(*[f"(CASE WHEN NOT {cond} THEN {lit(name + '、')} ELSE '' END)"
                                  for name, cond in has.items()]) + ", '、')"
    if mode == "all":
        bad = " OR ".join(f"NOT {c}" for c in has.values())
    else:
        bad = " AND ".join(f"NOT {c}" for c in has.values())
    compact = "replace(replace(replace(trim(s.t), ' ', ''), char(10), ''), '　', '')"
    short = f"length({compact}) < {min_length}" if min_length else "0"  # no length asked: no text stripped
    numeral = lit("、".join(NUMERALS[n - 1] for n in nos))
    # The passage that speaks of the topic in other words (e.g. a 监督保障 part), quoted from its
    # first word, so that the finding points at what the agency wrote there.
    hits = [f"coalesce(nullif(instr(s.t, {lit(w)}), 0), 1e9)" for w in near_words] or ["1e9"]
    at = hits[0] if len(hits) == 1 else f"min({', '.join(hits)})"
    near = f"substr(s.t, CAST({at} AS INTEGER))"
    values = {"missing": lacking, "numeral": numeral, "length": f"CAST(length({compact}) AS TEXT)",
              "text": clause_clip("trim(s.t)", 60), "near": clause_clip(near, 80)}
    msg = render(message, values, f"{p.where}: message")
    if near_message:
        msg = f"(CASE WHEN {at} < 1e9 THEN {render(near_message, values, f'{p.where}: near_message')} ELSE {msg} END)"
    smsg = render(short_message, values, f"{p.where}: short_message")
    observed = f"(CASE WHEN {at} < 1e9 THEN {clause_clip(near, 200)} ELSE substr(trim(s.t), 1, 200) END)"
    sql = (f"SELECT s.report_id, NULL AS tbl, NULL AS row_key, NULL AS col_key, {observed} AS observed, "
           f"NULL AS expected, CASE WHEN {short} THEN {smsg} ELSE {msg} END AS message, NULL AS locator, "
           f"NULL AS severity FROM {text} s WHERE ({short}) OR ({bad})")
    return sql, _having_sections(nos)


def text_contains(rule, p):
    """Phrases that must not appear (template placeholders such as "本单位（本地区）")."""
    nos = _sections(p, default=[1, 2, 3, 4, 5, 6])
    patterns = [str(x) for x in p.get("phrases", list)]
    message = p.get("message", str, default="第{numeral}部分出现“{phrase}”：“…{context}…”")
    p.done()
    gates, flag_of, any_gate = gated_sections(rule, nos, patterns)
    values = " UNION ALL ".join(f"SELECT {lit(x)} AS phrase, {j} AS j" for j, x in enumerate(patterns))
    gate = "(CASE x.j " + " ".join(f"WHEN {j} THEN {flag_of[x]}" for j, x in enumerate(patterns)) + " END)"
    where = "instr(s.text, x.phrase)"
    context = f"substr(s.text, max({where} - 20, 1), 40 + length(x.phrase))"
    msg = render(message, {"phrase": "x.phrase", "numeral": "substr('一二三四五六', s.no, 1)", "context": context},
                 f"{p.where}: message")
    sql = (f"SELECT s.report_id, NULL AS tbl, NULL AS row_key, NULL AS col_key, x.phrase AS observed, "
           f"NULL AS expected, {msg} AS message, 'sec' || s.no || ':' || x.phrase AS locator, NULL AS severity "
           f"FROM gates g JOIN sections s ON s.report_id = g.report_id AND s.no = g.no CROSS JOIN ({values}) x "
           f"WHERE {any_gate} AND {gate} AND {where} > 0")
    # The sections are searched for a phrase only where its gate is (sql.phrase_gates).
    sql = f"WITH {gates} {sql}"
    return sql, _having_sections(nos)


def _month_day(p, field):
    value = p.get(field, str, default=None)
    if value is not None and not (len(value) == 5 and value[2] == "-" and value.replace("-", "").isdigit()):
        raise p.error(field, f"{value!r} 应写成 MM-DD，如 01-31")
    return value


def deadline(rule, p):
    """Publication date against a deadline in the year after the report year."""
    due = _month_day(p, "deadline")
    earliest = _month_day(p, "earliest")
    message = p.get("message", str)
    p.done()
    if not due and not earliest:
        raise p.error("deadline", "deadline 与 earliest 至少写一个")
    limit = f"((r.year + 1) || '-' || {lit(due or earliest)})"
    if due:
        bad = f"r.published_on > {limit}"
        days = f"CAST(julianday(r.published_on) - julianday({limit}) AS INTEGER)"
    else:
        bad = f"r.published_on < {limit}"
        days = f"CAST(julianday({limit}) - julianday(r.published_on) AS INTEGER)"
    msg = render(message, {"year": "CAST(r.year AS TEXT)", "published_on": "r.published_on", "limit": limit,
                           "days": f"CAST({days} AS TEXT)"}, f"{p.where}: message")
    sql = (f"SELECT r.id AS report_id, NULL AS tbl, NULL AS row_key, NULL AS col_key, r.published_on AS observed, "
           f"{limit} AS expected, {msg} AS message, NULL AS locator, NULL AS severity FROM reports r "
           f"WHERE r.published_on IS NOT NULL AND r.year IS NOT NULL AND {bad}")
    decided = "r.published_on IS NOT NULL AND r.year IS NOT NULL"
    return sql, decided


def template_year(rule, p):
    """The table template the report uses must be the one in force for its year."""
    expect = str(p.get("expect_format", (str, int), choices=("2019", "2021", 2019, 2021)))
    message = p.get("message", str)
    p.done()
    fmt = "(CASE r.format " + " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in FORMAT_NAMES.items()) + " END)"
    msg = render(message, {"year": "CAST(r.year AS TEXT)", "found": fmt, "expected": lit(FORMAT_NAMES[expect])},
                 f"{p.where}: message")
    sql = (f"SELECT r.id AS report_id, NULL AS tbl, NULL AS row_key, NULL AS col_key, r.format AS observed, "
           f"{lit(expect)} AS expected, {msg} AS message, NULL AS locator, NULL AS severity FROM reports r "
           f"WHERE r.format IN ('2019', '2021') AND r.format != {lit(expect)}")
    return sql, None
