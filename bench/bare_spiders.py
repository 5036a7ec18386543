"""Bare Scrapy peers of the crawl, for bench/crawl_speed.py: fetch a list of URLs and nothing else.

    python3 bench/bare_spiders.py URLS_FILE [--warc FILE] [-s NAME=VALUE ...]

``bare`` fetches each URL of the file (one a line, each once, no redirects followed) and parses nothing:
the floor under any crawl of the same pages. With ``--warc FILE`` a downloader middleware also writes
each exchange as plain warcio records (a response and its request, one gzip member each), as a peer
project would, so that floor includes the archiving any web archive must do. Concurrency, delays,
headers and timeouts are the crawl's (read from crawler/settings.py, then ``-s`` as the crawl takes
them); nothing else of the project is used. Prints one JSON line: responses and seconds (spider open
to close, as the crawl reports its own).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.exceptions import NotConfigured
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler import settings as crawl_settings  # noqa: E402

# What decides how fast and how politely pages are fetched, and what the server sends back
SHARED = ("CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN", "DOWNLOAD_DELAY", "DOWNLOAD_DELAY_JITTER",
          "AUTOTHROTTLE_ENABLED", "AUTOTHROTTLE_START_DELAY", "AUTOTHROTTLE_MAX_DELAY",
          "AUTOTHROTTLE_TARGET_CONCURRENCY", "COOKIES_ENABLED", "DEFAULT_REQUEST_HEADERS", "DOWNLOAD_TIMEOUT",
          "DOWNLOAD_MAXSIZE", "RETRY_TIMES", "RETRY_HTTP_CODES", "TELNETCONSOLE_ENABLED", "USER_AGENT")


class BareSpider(scrapy.Spider):
    """Requests every URL of ``urls`` (a file) once and keeps nothing of the responses."""

    name = "bare"

    async def start(self):
        with open(self.urls, encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    yield scrapy.Request(line.strip(), dont_filter=True)  # the list is the crawl's: each once

    def parse(self, response):
        return None


class WarcioRecorder:
    """Writes each response as it came over the wire, and its request, with warcio into one .warc.gz.

    Its order (950) is above HttpCompressionMiddleware's (590), so the body is still content-encoded."""

    def __init__(self, path: str) -> None:
        self.file = open(path, "wb")
        self.writer = WARCWriter(self.file, gzip=True, warc_version="WARC/1.1")
        self.writer.write_record(self.writer.create_warcinfo_record(Path(path).name, {"software": "bare Scrapy"}))

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("BARE_WARC_FILE")
        if not path:
            raise NotConfigured("no BARE_WARC_FILE")
        recorder = cls(path)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def spider_closed(self) -> None:
        self.file.close()

    def process_response(self, request, response):
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, vs in response.headers.items() for v in vs]
        try:
            reason = HTTPStatus(response.status).phrase
        except ValueError:
            reason = ""
        record = self.writer.create_warc_record(
            response.url, "response", payload=io.BytesIO(response.body), length=len(response.body),
            http_headers=StatusAndHeaders(f"{response.status} {reason}", headers, protocol="HTTP/1.1"))
        parts = urlsplit(request.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        sent = [("Host", parts.netloc)] + [(k.decode("latin-1"), v.decode("latin-1"))
                                           for k, vs in request.headers.items() for v in vs]
        sent_record = self.writer.create_warc_record(
            request.url, "request", payload=io.BytesIO(b""), length=0,
            http_headers=StatusAndHeaders(f"{request.method} {target} HTTP/1.1", sent, is_http_request=True),
            warc_headers_dict={"WARC-Concurrent-To": record.rec_headers.get_header("WARC-Record-ID")})
        self.writer.write_record(record)
        self.writer.write_record(sent_record)
        return response


def bare_settings(overrides: list[str], warc_file: str | None) -> dict:
    """The crawl's fetching settings with its ``-s`` overrides; no robots.txt (it is in the list), no
    redirects (their targets are in the list too), logs as quiet as ``crawl --quiet``."""
    settings = {name: getattr(crawl_settings, name) for name in SHARED}
    settings["USER_AGENT"] = settings["USER_AGENT"].replace("{contact}", "bench")
    settings.update(ROBOTSTXT_OBEY=False, REDIRECT_ENABLED=False, LOG_LEVEL="ERROR", BARE_WARC_FILE=warc_file,
                    DOWNLOADER_MIDDLEWARES={f"{__name__}.WarcioRecorder": 950})
    for override in overrides:
        name, _, value = override.partition("=")
        settings[name] = value
    return settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", help="a file of URLs, one a line")
    parser.add_argument("--warc", help="also write every exchange into this .warc.gz with warcio")
    parser.add_argument("-s", dest="overrides", action="append", default=[], metavar="NAME=VALUE")
    options = parser.parse_args()
    process = CrawlerProcess(bare_settings(options.overrides, options.warc))
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, urls=options.urls)
    process.start()
    stats = crawler.stats.get_stats()
    if not stats.get("response_received_count"):
        raise SystemExit(f"no responses from the URLs in {options.urls} (see the log above)")
    print(json.dumps({"responses": stats["response_received_count"], "seconds": stats["elapsed_time_seconds"]}))


if __name__ == "__main__":
    main()
