"""Politeness towards the sites: robots.txt, one request at a time per host, a pause between
requests, and a User-Agent that says who is asking."""
import time
import urllib.robotparser
from urllib.parse import urlsplit, urlunsplit

# The product token robots.txt rules are matched against.
ROBOTS_AGENT = "gov-disclosure"
ROBOTS_MAX_BYTES = 512 * 1024
# A Crawl-delay above this is capped (a site asking for an hour between requests).
MAX_CRAWL_DELAY = 60.0


def user_agent():
    from importlib.metadata import PackageNotFoundError, version

    try:
        v = version("datasette-gov-disclosure")
    except PackageNotFoundError:
        v = "dev"
    return f"{ROBOTS_AGENT}/{v} (datasette-gov-disclosure fetch; annual information-disclosure reports)"


def host_of(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Robots:
    """robots.txt per host, fetched once per run when the host is first asked for (RFC 9309:
    a 4xx answer allows everything, an unreachable robots.txt allows nothing for now)."""

    def __init__(self, get):
        self.get = get  # url -> (status, bytes) or raises FetchError
        self.rules = {}

    def allowed(self, url):
        """(allowed, reason in Chinese or None, transient): transient when robots.txt itself
        could not be read (the next run asks again)."""
        host = host_of(url)
        if host not in self.rules:
            self.rules[host] = self._load(host)
        rules = self.rules[host]
        if isinstance(rules, str):
            return False, rules, True
        if rules is None or rules.can_fetch(ROBOTS_AGENT, url):
            return True, None, False
        return False, "网站的 robots.txt 不允许抓取这个地址", False

    def delay(self, url):
        rules = self.rules.get(host_of(url))
        if isinstance(rules, urllib.robotparser.RobotFileParser):
            value = rules.crawl_delay(ROBOTS_AGENT)
            if value:
                return min(float(value), MAX_CRAWL_DELAY)
        return 0.0

    def _load(self, host):
        from .client import FetchError

        url = urlunsplit(urlsplit(host)._replace(path="/robots.txt"))
        try:
            status, data = self.get(url)
        except FetchError as e:
            if e.status and 400 <= e.status < 500:
                return None
            return f"无法读取网站的 robots.txt（{e.reason}），暂不抓取该网站"
        if 400 <= status < 500:
            return None
        if status >= 300:
            return f"无法读取网站的 robots.txt（HTTP {status}），暂不抓取该网站"
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(data.decode("utf-8", errors="replace").splitlines())
        return parser


class HostClock:
    """Spaces the requests to each host by at least ``delay`` seconds (or the host's
    Crawl-delay). Requests are made one at a time, so no host ever sees two at once."""

    def __init__(self, delay, sleep=time.sleep):
        self.delay = delay
        self.sleep = sleep
        self.last = {}

    def wait(self, url, extra=0.0):
        """Before a request: sleep until the host's pause since its last answer is over."""
        host = host_of(url)
        if host in self.last:
            remaining = self.last[host] + max(self.delay, extra) - time.monotonic()
            if remaining > 0:
                self.sleep(remaining)
        self.last[host] = time.monotonic()

    def done(self, url):
        """After a request: the pause counts from the end of the answer."""
        self.last[host_of(url)] = time.monotonic()
