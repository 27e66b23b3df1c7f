"""datasette-gov-disclosure: audit government information-disclosure annual reports.

This module is also the Datasette plugin entry point; it must stay light, because Datasette
imports every plugin at start-up (the parsers are imported only by the commands that parse).
"""
