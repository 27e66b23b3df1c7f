"""Time limits the command line shows as defaults, kept apart from the code that applies them so
that starting ``gov-disclosure load`` does not import the audit."""

# Seconds a rule's evaluation may take before it is stopped. The slowest rule takes a few
# seconds at 100,000 reports; a rule that never ends (an endless recursive CTE) must not hang
# the audit: it is stopped, the audit fails naming it, and the previous audit stays in place.
RULE_TIMEOUT = 600
