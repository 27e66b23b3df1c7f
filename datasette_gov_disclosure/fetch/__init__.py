"""``gov-disclosure fetch``: reports collected where they are published, with a manifest.

Kept light: ``load`` imports ``fetch.manifest`` to read what a fetch wrote, and must not pull
in the HTTP client for it. The crawler (``crawl``) is imported only by the command.
"""
