"""The generic kinds a rule file can name instead of writing SQL.

Each takes the rule and its parameters and returns (violations SELECT, decided condition or
None); the SELECT yields the violation columns plus ``locator`` and ``severity``; the condition,
on a report ``r``, holds when every input of the rule was parsed (else the report is skipped).
"""
from .narrative import claim_vs_cells, statement_vs_cells
from .tables import cell_domain, cell_state, sum_identity, table_present
from .text import deadline, section_keywords, sections_present, template_year, text_contains

KINDS = {
    "sum_identity": sum_identity,
    "cell_domain": cell_domain,
    "cell_state": cell_state,
    "table_present": table_present,
    "claim_vs_cells": claim_vs_cells,
    "statement_vs_cells": statement_vs_cells,
    "sections_present": sections_present,
    "section_keywords": section_keywords,
    "text_contains": text_contains,
    "deadline": deadline,
    "template_year": template_year,
}
