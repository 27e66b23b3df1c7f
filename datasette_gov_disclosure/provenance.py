"""Where a loaded file was published: the fetch manifest beside it, and the page it came from.

``load``'s workers ask ``look_up`` about each file they parse (so that what it reads besides,
a page's attachment, is under the same time limit); the writer stores what it says:

- a file named in a fetch manifest (``manifest.jsonl`` in it or a folder above it) gets the
  URL it was fetched from and when (``sources.url``/``fetched_at``, ``reports.url``);
- an attachment found on a report page takes that page's address as the report's URL, and
  its publication date, agency and year when the attachment itself does not state them;
- a page that only links to its report (the report is an attachment) is read from that
  attachment when it was fetched or sits beside the page: the page's ``sources`` row then
  names the attachment, and both files share the attachment's report.
"""
import os
from urllib.parse import unquote, urljoin, urlsplit

from .fetch import manifest


class Provenance:
    def __init__(self):
        self.manifests = {}  # folder -> (manifest folder, {url: row}, {real path: row}) or None
        self.pages = {}      # real path of a report page -> its parsed report
        self.dirs = {}       # a file's folder as given -> its manifest (saves a realpath per file)

    def apply(self, path, report):
        """(report, source columns) for one loaded file; ``report`` may be replaced by the
        report read from the page's attachment."""
        entry = self.entry(path)
        source = {}
        if entry:
            source = {"url": entry.get("final_url") or entry["url"], "fetched_at": entry.get("fetched_at")}
            report.url = source["url"]
        if report.attachments:
            found = self.attachment_of(path, report, entry)
            if found:
                attachment_path, attachment_report = found
                source.update(attachment=attachment_path, sha256=report.sha256)
                inherit(attachment_report, report)
                return attachment_report, source
        elif entry and entry.get("kind") == manifest.ATTACHMENT:
            page = self.page_of(path, entry)
            if page is not None:
                inherit(report, page)
        return report, source

    # ------------------------------------------------------------------ manifest lookup
    def _folder(self, folder):
        """The manifest covering ``folder`` (its own or the nearest folder above), cached."""
        if folder in self.manifests:
            return self.manifests[folder]
        found = None
        if os.path.isfile(os.path.join(folder, manifest.NAME)):
            rows = manifest.read(folder)
            by_path = {os.path.realpath(os.path.join(folder, r["path"])): r for r in rows.values()
                       if isinstance(r.get("path"), str) and r.get("path")}
            found = (folder, rows, by_path)
        else:
            parent = os.path.dirname(folder)
            if parent != folder:
                found = self._folder(parent)
        self.manifests[folder] = found
        return found

    def _manifest(self, path):
        folder = os.path.dirname(path)
        if folder not in self.dirs:
            self.dirs[folder] = self._folder(os.path.realpath(folder or "."))
        return self.dirs[folder]

    def entry(self, path):
        found = self._manifest(path)
        return found[2].get(os.path.realpath(path)) if found else None

    def _saved(self, path, url):
        """Path of the file saved for ``url`` by the manifest covering ``path``, if any."""
        found = self._manifest(path)
        row = found[1].get(url) if found else None
        if row and row.get("path"):
            saved = os.path.join(found[0], row["path"])
            if os.path.isfile(saved):
                return saved, row
        return None, None

    # ------------------------------------------------------------------ pages and attachments
    def page_of(self, path, entry):
        """The report page an attachment was found on, parsed (cached), with its address."""
        saved, row = self._saved(path, entry.get("found_on") or "")
        if saved is None or row.get("kind") != manifest.PAGE:
            return None
        key = os.path.realpath(saved)
        if key not in self.pages:
            from .load import parse_file

            page = parse_file(saved)
            page.url = row.get("final_url") or row["url"]
            self.pages[key] = page
        return self.pages[key]

    def attachment_of(self, path, report, entry):
        """(path, report) of the first of a page's attachments that was fetched or sits beside
        it and reads as a report; None when there is none."""
        from .load import parse_file

        page_url = (entry or {}).get("final_url") or report.url
        folder = os.path.dirname(path)
        for href, text in report.attachments:
            candidates = []
            if page_url:
                saved, _ = self._saved(path, urljoin(page_url, href))
                candidates.append(saved)
            name = os.path.basename(unquote(urlsplit(href).path))
            candidates += [os.path.join(folder, name) if name else None,
                           os.path.join(folder, os.path.basename(text)) if text else None]
            for candidate in candidates:
                if candidate and os.path.isfile(candidate) and not os.path.samefile(candidate, path):
                    attached = parse_file(candidate)
                    if attached.parse_status != "failed":
                        return _beside(path, candidate), attached
        return None


def _beside(path, other):
    """``other`` written the way ``path`` was given (relative or absolute), so that it reads
    like the attachment's own row in ``sources``."""
    here = os.path.dirname(path)
    rel = os.path.relpath(os.path.realpath(other), os.path.realpath(here or "."))
    return os.path.normpath(os.path.join(here, rel))


def inherit(report, page):
    """What an attachment's report takes from the page it was published on: the page's
    address, and its date, agency and year where the attachment does not state them."""
    report.url = page.url or report.url
    report.site_name = report.site_name or page.site_name
    report.site_code = report.site_code or page.site_code
    report.title = report.title or page.title
    report.published_on = report.published_on or page.published_on
    report.year = report.year or page.year
    if not report.agency and page.agency:
        report.agency, report.agency_id = page.agency, page.agency_id
        report.body_type, report.region = page.body_type, page.region


_LOOKUP = None  # one per worker process: manifests and pages are read once per load


def forget():
    global _LOOKUP
    _LOOKUP = None


def look_up(path, report):
    """``report`` (or the report read from the page's attachment) with ``provenance``: the
    ``sources`` columns the writer stores for ``path``."""
    global _LOOKUP
    if _LOOKUP is None:
        _LOOKUP = Provenance()
    report, source = _LOOKUP.apply(path, report)
    report.provenance = source
    return report
