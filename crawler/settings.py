"""Scrapy settings for therapy-archive: every limit a careful researcher would choose, each overridable
with ``-s NAME=VALUE`` (``therapy-archive crawl`` or ``scrapy crawl blog``)."""

BOT_NAME = "therapy-archive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- where the archive goes --------------------------------------------------------------------------
ARCHIVE_DIR = "archive"  # WARC files in ARCHIVE_DIR/warc, the SQLite archive in ARCHIVE_DIR/archive.db
WARC_MAX_FILE_SIZE = 1_000_000_000  # start a new WARC file past this many bytes
ARCHIVE_LOCK_WAIT = 0.0  # seconds to wait for another crawl of the same archive to finish (--wait)
SEARCH_STEMMING = True  # a new archive's search finds other forms of a word (porter); kept by reprocess

# --- politeness ----------------------------------------------------------------------------------------
# The contact is sent with every request so a site owner can reach whoever runs the crawl: set it (an e-mail
# or a project page; contact = "..." in therapy-archive.toml). Unset, the crawl warns and sends "not set".
ARCHIVE_CONTACT = ""
USER_AGENT = "therapy-archive/0.1 (research web archive of blog posts and comments; contact: {contact})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# The pipeline writes each record at once: items handled in parallel per response would only cost tasks
# (Scrapy starts CONCURRENT_ITEMS of them for every response)
CONCURRENT_ITEMS = 4
DOWNLOAD_DELAY = 0.5
DOWNLOAD_DELAY_JITTER = 0  # the delay is a promise to the site: never shorter than set
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
COOKIES_ENABLED = False  # an archive needs no sessions, and session cookies breed trap URLs
# Only the encodings every reader of the WARC decodes (warcio, pywb, reprocess): Scrapy would also ask
# for br and zstd, which the archive's readers cannot open
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en",
    "Accept-Encoding": "gzip, deflate",
}
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy's remote-control extension would listen on a port during every crawl

# --- retries: exponential backoff, Retry-After honoured ----------------------------------------------
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
RETRY_BACKOFF_BASE = 1.0  # seconds before the first retry; doubles each time
RETRY_BACKOFF_MAX = 60.0  # never wait longer than this, whatever Retry-After asks

# --- limits ----------------------------------------------------------------------------------------------
DOWNLOAD_TIMEOUT = 30
DNS_TIMEOUT = 10
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024  # a blog page is far smaller; bigger bodies are skipped, not archived
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
DEPTH_LIMIT = 12
LISTING_MAX_PAGE = 500  # follow /page/N/ and ?paged=N up to this N (endless pagination trap)
COMMENT_MAX_PAGE = 200  # follow /comment-page-N/ and ?cpage=N up to this N
SITE_PAGE_BUDGET = 20_000  # most requests per site (a seeds line's budget= overrides it)
ALLOWED_REDIRECT_HOSTS: list[str] = []  # host[:port] a redirect may lead to besides the roots' (--allow-host)
RECHECK_OLD_POST_DAYS = 90.0  # a post older than this is "old": comments rarely arrive there any more
RECHECK_OLD_EVERY_DAYS = 7.0  # re-crawls leave an old post read within this many days alone (0: read all)
REVALIDATE = True  # re-crawls send If-None-Match / If-Modified-Since for pages the archive already holds
SITEMAP_INDEX_MAX = 500  # child sitemaps followed per sitemap index (a blog has a handful)
# --max-pages: archive this many responses, then stop (0: no limit). Every response written to the WARC
# counts: pages, robots.txt, sitemaps, feeds, and the revisit records of a re-crawl
MAX_RESPONSES = 0
PROGRESS_INTERVAL = 60.0  # seconds between plain progress lines when stderr is no terminal (cron, a pipe); 0: none
PROGRESS_REFRESH = 0.25  # seconds between redraws of the live per-site table on a terminal; 0: no live table
PROGRESS_QUIET = False

# --- components ----------------------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": None,
    "crawler.middlewares.ContactUserAgentMiddleware": 500,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    # First: a redirect to another host, port or scheme is refused before robots.txt is even asked for
    "crawler.scope.RedirectScopeMiddleware": 50,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.scope.ScopedRedirectMiddleware": 600,
    # Last before the download (after RobotsTxtMiddleware, 100): robots.txt Crawl-delay per host
    "crawler.politeness.CrawlDelayMiddleware": 990,
    # Above HttpCompressionMiddleware (590): sees each response before its body is decoded.
    "crawler.middlewares.WarcRecorderMiddleware": 950,
    # A page the archive holds is asked for with its validators; what did not change becomes a revisit record
    "crawler.revisits.ConditionalRequestMiddleware": 940,
}
ITEM_PIPELINES = {"crawler.pipelines.ArchivePipeline": 300}
# ArchiveSession owns the crawl's lock, WARC writer and store; the recorder and the pipeline use it
# PageReaders first: its worker processes are forked before the archive's files are opened
EXTENSIONS = {"crawler.page_readers.PageReaders": 50, "crawler.session.ArchiveSession": 100,
              "crawler.limits.ResponseLimit": 100,
              "crawler.progress.CrawlProgress": 500,
              "crawler.politeness.TextOnly": 500, "crawler.distributed.SharedFrontierIdle": 500}
CLEAN_WORKERS = 0  # processes that read pages with the normalizer: 0 = one per core, 1 = the crawl's own
REDIS_IDLE_CLOSE = 10.0  # --redis: seconds an idle worker waits for links the other workers may still push
FETCH_MEDIA = False  # images, video, PDFs: stopped at their headers unless this is on

LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
