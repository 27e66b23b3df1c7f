"""The fetch itself: a queue of URLs visited one at a time, every outcome a manifest row.

From a 年报 list page: its other pages (same depth), the reports and other 年报 columns it
links to (one level deeper, up to ``depth``). From a report page: its attachments. What a
page is, list or report, is decided by its content once fetched. A URL the manifest already
has (saved, or refused for good) is not asked for again unless ``refresh``: its saved copy
is read for links instead, so a run that was stopped goes on where it was.
"""
import hashlib
import os
from collections import Counter, deque
from dataclasses import dataclass

from . import manifest, paths
from .links import Links, canonical, find_links

_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class Options:
    out: str
    depth: int = 2
    delay: float = 1.0
    refresh: bool = False
    timeout: float = 30.0
    max_bytes: int = 32 * 1024 * 1024
    retries: int = 2
    backoff: float = 2.0


class Summary(Counter):
    def line(self, out):
        saved = self["list"] + self["page"] + self["attachment"]
        parts = [f"共 {self['urls']} 个网址：新下载 {saved} 个（报告页 {self['page']}，附件 {self['attachment']}，"
                 f"列表页 {self['list']}）"]
        if self["unchanged"]:
            parts.append(f"{self['unchanged']} 个重新下载后内容未变")
        if self["already"]:
            parts.append(f"{self['already']} 个此前已处理（已下载，或确定无法下载），跳过")
        parts.append(f"{self['failed']} 个失败")
        return "，".join(parts) + f"。清单见 {os.path.join(out, manifest.NAME)}"


def crawl(urls, options, progress=None, failure=None):
    """Fetch ``urls`` and what they lead to into ``options.out``; returns a Summary.
    ``progress(done, total, url)`` after each URL, ``failure(url, reason)`` for each failure."""
    from .client import Client, FetchError
    from .polite import ROBOTS_MAX_BYTES, HostClock, Robots, user_agent

    clock = HostClock(options.delay)
    robots = None

    def before(url):  # every request but robots.txt's own
        allowed, reason, transient = robots.allowed(url)
        if not allowed:
            raise FetchError(reason, transient=transient)
        clock.wait(url, robots.delay(url))

    client = Client(user_agent(), options.timeout, options.max_bytes, options.retries, options.backoff,
                    before=before, after=clock.done)

    def robots_get(url):
        response = client.get(url, before=lambda u: clock.wait(u))
        return response.status, response.data[:ROBOTS_MAX_BYTES]

    robots = Robots(robots_get)
    previous = manifest.read(options.out)
    writer = manifest.Writer(options.out)
    summary = Summary()
    queue = deque((url, "start", 0, None) for url in urls)
    seen = {canonical(url) for url in urls}
    try:
        while queue:
            url, role, depth, found_on = queue.popleft()
            summary["urls"] += 1
            old = previous.get(url)
            if not options.refresh and _settled(old, options.out):
                summary["already"] += 1
                kind, links = old.get("kind"), _saved_links(old, options.out)
            else:
                try:
                    response = client.get(url)
                except FetchError as e:
                    writer.write(url=url, final_url=e.final_url, status=e.status, content_type=e.content_type,
                                 fetched_at=manifest.now(), found_on=found_on, kind=_expected(role),
                                 error=e.reason, transient=e.transient)
                    summary["failed"] += 1
                    if failure:
                        failure(url, e.reason)
                    kind, links = None, Links()
                else:
                    kind, links = _store(response, role, found_on, old, options, writer, summary)
            for target, next_role, next_depth in _next(kind, links, depth, options.depth):
                if canonical(target) not in seen:
                    seen.add(canonical(target))
                    queue.append((target, next_role, next_depth, url))
            if progress:
                progress(summary["urls"], summary["urls"] + len(queue), url)
    finally:
        writer.close()
        client.close()
    return summary



def _store(response, role, found_on, old, options, writer, summary):
    """Save one response and write its manifest row; (kind, links)."""
    mime = (response.content_type or "").split(";")[0].strip().lower()
    html = mime in _HTML_TYPES or (not mime and b"<html" in response.data[:2048].lower())
    links = Links()
    if role == "attachment" or not html:
        kind = manifest.ATTACHMENT
    else:
        links = find_links(response.data, response.final_url, response.charset)
        kind = manifest.LIST if role == "list" or links.is_list else manifest.PAGE
    sha = hashlib.sha256(response.data).hexdigest()
    rel = paths.relative_path(response.url, response.content_type, listing=kind == manifest.LIST)
    rel = paths.save(options.out, rel, response.data)
    writer.write(url=response.url, final_url=response.final_url, status=response.status,
                 content_type=response.content_type, fetched_at=manifest.now(), sha256=sha,
                 size=len(response.data), found_on=found_on, path=rel, kind=kind)
    summary["unchanged" if old and old.get("sha256") == sha else kind] += 1
    return kind, links


def _settled(row, out):
    """The manifest's last word on a URL is final: saved (and still there), or refused for a
    reason a retry would not change (404, robots.txt, too large)."""
    if not row:
        return False
    if row.get("error"):
        return not row.get("transient")
    return bool(row.get("path")) and os.path.isfile(os.path.join(out, row["path"]))


def _saved_links(row, out):
    if row.get("kind") not in (manifest.LIST, manifest.PAGE) or row.get("error"):
        return Links()
    with open(os.path.join(out, row["path"]), "rb") as f:
        return find_links(f.read(), row.get("final_url") or row["url"], charset_of(row.get("content_type")))


def charset_of(content_type):
    for part in (content_type or "").split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return None


def _expected(role):
    return {"attachment": manifest.ATTACHMENT, "list": manifest.LIST}.get(role, manifest.PAGE)


def _next(kind, links, depth, max_depth):
    """(url, role, depth) to visit after a page of ``kind``."""
    if kind == manifest.LIST:
        for url in links.pages:
            yield url, "list", depth
        if depth < max_depth:
            for url in links.reports + links.columns:
                yield url, "report", depth + 1
            for url in links.report_files:
                yield url, "attachment", depth + 1
    elif kind == manifest.PAGE:
        for url in links.attachments:
            yield url, "attachment", depth
