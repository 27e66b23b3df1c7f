"""The aggregates the overview, rule and agency pages show, written once per audit.

A country's reports over a few years are millions of rows; summing them on every request made
the overview cost 1.2 s at 100,000 reports and more with every year loaded. The audit knows
when the numbers change, so it writes them here, as small tables the pages read in a probe or
a short scan: by year, by region (province, then city), by rule, by agency, and the reports in
ranking order. Only canonical reports count (one per agency and year, ``reports.version_of``).

Problems are errors and warnings; info findings are suggestions (建议) and rank nobody.
"""
TABLES = ("summary_totals", "summary_years", "summary_regions", "summary_rules", "summary_agencies",
          "summary_reports")

# per report: its findings by severity (0 when it has none)
_PER_REPORT = """
    FROM reports r LEFT JOIN report_findings f ON f.report_id = r.id
    WHERE r.version_of IS NULL"""
_COUNTS = """count(*) AS reports,
       coalesce(sum(coalesce(f.error, 0) + coalesce(f.warning, 0) > 0), 0) AS with_problems,
       coalesce(sum(coalesce(f.violations, 0) > 0), 0) AS with_findings,
       coalesce(sum(f.violations), 0) AS violations, coalesce(sum(f.error), 0) AS error,
       coalesce(sum(f.warning), 0) AS warning, coalesce(sum(f.info), 0) AS info"""
# Worst first: errors, then warnings; info findings never rank anybody.
RANKING = "coalesce(f.error, 0) DESC, coalesce(f.warning, 0) DESC"
# Per rule: its findings counted at each finding's own severity. A rule's severity is only its
# usual one: TEXT-003 finds a wrong period (error) and a missing one (info), so counting every
# finding at the rule's severity made the by-rule chart contradict the totals.
def rule_findings(source="findings"):
    """Per rule, from ``source`` (rows with rule_id, report_id, severity): findings, reports, and
    the findings by severity."""
    return f"""SELECT rule_id, count(*) AS violations, count(DISTINCT report_id) AS reports,
       sum(severity = 'error') AS error, sum(severity = 'warning') AS warning, sum(severity = 'info') AS info
    FROM {source} GROUP BY rule_id"""



SQL = f"""
CREATE TABLE summary_totals AS
SELECT {_COUNTS},
       count(DISTINCT r.agency_id) AS agencies, coalesce(max(r.agency_id IS NULL), 0) AS unknown_agency,
       coalesce(sum(f.error > 0), 0) AS error_reports, coalesce(sum(f.warning > 0), 0) AS warning_reports,
       coalesce(sum(f.info > 0), 0) AS info_reports,
       coalesce(sum(r.parse_status = 'ok'), 0) AS ok, coalesce(sum(r.parse_status = 'partial'), 0) AS partial,
       coalesce(sum(r.parse_status = 'failed'), 0) AS failed
{_PER_REPORT};

CREATE TABLE summary_years AS
SELECT r.year, {_COUNTS}
{_PER_REPORT}
GROUP BY r.year ORDER BY coalesce(r.year, 0) DESC;

CREATE TABLE summary_regions AS
SELECT r.province, r.city, min(substr(r.region_code, 1, 4)) AS city_code, {_COUNTS}
{_PER_REPORT}
GROUP BY r.province, r.city ORDER BY r.province IS NULL, error DESC, warning DESC, r.province, r.city;

CREATE TABLE summary_agencies AS
SELECT row_number() OVER (ORDER BY error DESC, warning DESC, first) AS rank, *
FROM (SELECT r.agency_id,
             (SELECT x.agency FROM reports x WHERE x.agency_id IS r.agency_id AND x.version_of IS NULL
              ORDER BY coalesce(x.year, 0) DESC, x.rowid DESC LIMIT 1) AS agency,
             min(r.year) AS first_year, max(r.year) AS last_year, {_COUNTS}, min(r.rowid) AS first
      {_PER_REPORT}
      GROUP BY r.agency_id);
CREATE UNIQUE INDEX idx_summary_agencies_rank ON summary_agencies(rank);
CREATE INDEX idx_summary_agencies_id ON summary_agencies(agency_id);

CREATE TABLE summary_reports AS
SELECT row_number() OVER (ORDER BY {RANKING}, coalesce(r.year, 0) DESC, r.id) AS rank,
       r.id AS report_id, r.agency, r.agency_id, r.region, r.province, r.city, r.year, r.format, r.parse_status,
       coalesce(f.violations, 0) AS violations, coalesce(f.error, 0) AS error,
       coalesce(f.warning, 0) AS warning, coalesce(f.info, 0) AS info
{_PER_REPORT};
CREATE UNIQUE INDEX idx_summary_reports_rank ON summary_reports(rank);

CREATE TABLE summary_rules AS
SELECT ru.id AS rule_id, ru.title, ru.severity,
       coalesce(v.violations, 0) AS violations, coalesce(v.reports, 0) AS reports,
       coalesce(v.error, 0) AS error, coalesce(v.warning, 0) AS warning, coalesce(v.info, 0) AS info,
       coalesce(s.pass, 0) AS pass, coalesce(s.fail, 0) AS fail, coalesce(s.skipped, 0) AS skipped
FROM rules ru
LEFT JOIN ({rule_findings()}) v ON v.rule_id = ru.id
LEFT JOIN (SELECT rule_id, sum(status = 'pass') AS pass, sum(status = 'fail') AS fail,
                  sum(status = 'skipped') AS skipped
           FROM rule_results
           WHERE report_id NOT IN (SELECT id FROM reports WHERE version_of IS NOT NULL)
           GROUP BY rule_id) s ON s.rule_id = ru.id
ORDER BY ru.id;
"""


def write(conn):
    """(Re)write every summary table from the audit tables just swapped in (same transaction)."""
    for table in TABLES:
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    for statement in SQL.split(";"):
        if statement.strip():
            conn.execute(statement)
