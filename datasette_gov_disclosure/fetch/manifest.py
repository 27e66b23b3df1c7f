"""The fetch manifest: one JSON line per URL tried, in the folder the files were saved to.

Lines are only ever appended (a killed fetch loses at most the line it was writing); when a
URL appears more than once the last line is the one that counts. ``load`` reads it to know
where each file was published and when it was fetched.
"""
import datetime
import json
import os

NAME = "manifest.jsonl"
FIELDS = ("url", "final_url", "status", "content_type", "fetched_at", "sha256", "size", "found_on", "path",
          "kind", "error", "transient")
# ``transient``: the failure may pass (a time-out, a server error), so the next run tries again.
# What a row's ``kind`` says the file is: a 年报 list page (saved apart, never loaded as a
# report), a report page, or an attachment linked from a page.
LIST, PAGE, ATTACHMENT = "list", "page", "attachment"


def now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()


def read(folder):
    """{url: row} from ``folder``'s manifest (the last line per URL); {} when there is none.
    Lines that are not manifest rows (a truncated last line) are ignored."""
    rows = {}
    try:
        f = open(os.path.join(folder, NAME), encoding="utf-8")
    except OSError:
        return rows
    with f:
        for line in f:
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if isinstance(row, dict) and isinstance(row.get("url"), str):
                rows[row["url"]] = row
    return rows


class Writer:
    """Appends rows to a folder's manifest, one flushed line each."""

    def __init__(self, folder):
        os.makedirs(folder, exist_ok=True)
        self.file = open(os.path.join(folder, NAME), "a", encoding="utf-8")

    def write(self, **row):
        row = {name: row.get(name) for name in FIELDS}
        self.file.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.file.flush()
        return row

    def close(self):
        self.file.close()
