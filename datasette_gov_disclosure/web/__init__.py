"""The audit pages behind the Datasette plugin: SQL reads, table layout and request handlers.

Imported only when a page is requested, never at Datasette start-up.
"""
