"""One GET, safely: redirects followed by hand (few, http(s) only, loops caught), a size cap
read while streaming, timeouts, and retries with backoff on time-outs and 5xx answers only."""
import time
from dataclasses import dataclass
from typing import Optional

import httpx

from .links import absolute

REDIRECTS = (301, 302, 303, 307, 308)
_STATUS = {400: "请求有误", 401: "需要登录", 403: "禁止访问", 404: "网页不存在", 410: "网页已删除",
           429: "请求过于频繁", 500: "服务器内部错误", 502: "网关错误", 503: "服务暂不可用", 504: "网关超时"}


class FetchError(Exception):
    """A URL that could not be fetched; ``reason`` is shown to the user (Chinese).
    ``transient``: worth trying again on a later run (time-out, server error)."""

    def __init__(self, reason, status=None, transient=False, final_url=None, content_type=None):
        super().__init__(reason)
        self.reason, self.status, self.transient = reason, status, transient
        self.final_url, self.content_type = final_url, content_type


@dataclass
class Response:
    url: str
    final_url: str
    status: int
    content_type: Optional[str]
    charset: Optional[str]
    data: bytes


class Client:
    def __init__(self, user_agent, timeout=30.0, max_bytes=32 * 1024 * 1024, retries=2, backoff=2.0,
                 max_redirects=5, before=None, after=None, sleep=time.sleep):
        self.http = httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False,
                                 headers={"User-Agent": user_agent})
        self.timeout, self.max_bytes, self.retries, self.backoff = timeout, max_bytes, retries, backoff
        self.max_redirects = max_redirects
        self.before = before or (lambda url: None)  # may raise FetchError (robots) or wait (politeness)
        self.after = after or (lambda url: None)
        self.sleep = sleep

    def close(self):
        self.http.close()

    def get(self, url, before=None):
        """The 2xx Response for ``url``; FetchError otherwise (after retries when transient)."""
        for attempt in range(self.retries + 1):
            try:
                return self._follow(url, before or self.before)
            except FetchError as e:
                if not e.transient or attempt == self.retries:
                    raise
            self.sleep(self.backoff * 2 ** attempt)

    def _follow(self, url, before):
        hops = [url]
        current = url
        for _ in range(self.max_redirects + 1):
            before(current)
            try:
                with self.http.stream("GET", current) as r:
                    location = r.headers.get("location")
                    if r.status_code in REDIRECTS and location:
                        target = absolute(current, location)
                        if target is None:
                            raise FetchError(f"重定向到非 http(s) 地址：{location[:200]}", r.status_code,
                                             final_url=current)
                        if target in hops:
                            raise FetchError(f"重定向循环（{len(hops)} 次后回到 {target}）", r.status_code,
                                             final_url=current)
                        hops.append(target)
                        current = target
                        continue
                    content_type = r.headers.get("content-type")
                    if not 200 <= r.status_code < 300:
                        words = _STATUS.get(r.status_code, "服务器拒绝")
                        raise FetchError(f"服务器返回 HTTP {r.status_code}（{words}）", r.status_code,
                                         transient=r.status_code >= 500, final_url=current,
                                         content_type=content_type)
                    data = self._read(r, current)
                    return Response(url, current, r.status_code, content_type, r.charset_encoding, data)
            except httpx.TimeoutException:
                raise FetchError(f"超时（{self.timeout:g} 秒内没有响应）", transient=True, final_url=current)
            except httpx.HTTPError as e:
                raise FetchError(f"无法连接或读取：{type(e).__name__}: {str(e)[:200]}", final_url=current)
            finally:
                self.after(current)
        raise FetchError(f"重定向超过 {self.max_redirects} 次", final_url=current)

    def _read(self, r, url):
        """The body, streamed: stopped as soon as it passes the cap, or the time allowed for a
        whole answer (a server trickling bytes would otherwise never time out)."""
        limit_mb = f"{self.max_bytes / 2**20:.3g} MB"
        declared = r.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"文件过大（{int(declared) / 2**20:.3g} MB，上限 {limit_mb}），未下载", r.status_code,
                             final_url=url)
        deadline = time.monotonic() + 10 * self.timeout
        chunks, size = [], 0
        for chunk in r.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"文件过大（超过上限 {limit_mb}），已停止下载", r.status_code, final_url=url)
            if time.monotonic() > deadline:
                raise FetchError(f"下载太慢（{10 * self.timeout:g} 秒内未完成）", transient=True, final_url=url)
            chunks.append(chunk)
        return b"".join(chunks)
