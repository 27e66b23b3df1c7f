"""The audit: rule files (rules/*.yml) → SQL views → ``violations`` and ``rule_results``.

Named ``audit`` so it never clashes with the repository's ``rules/`` folder of YAML files.
"""
from .engine import RULE_TIMEOUT, RuleFailed, run, summary_line
from .examples import run_examples
from .loader import Rule, load_rules, shipped_rules_dir
from .sql import RuleError

__all__ = ["RULE_TIMEOUT", "Rule", "RuleError", "RuleFailed", "load_rules", "run", "run_examples", "shipped_rules_dir", "summary_line"]
