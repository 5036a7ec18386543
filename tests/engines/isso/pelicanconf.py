# Pelican settings for the Isso fixture, read by `pelican -s` from start.sh.
# start.sh passes the state folder, the site's base URL and the Isso endpoint in the environment.
import os

_HERE = os.path.dirname(os.path.abspath(__file__))
_STATE = os.environ["ISSO_FIXTURE_STATE"]

SITENAME = "The Attuned Room"
SITESUBTITLE = "Notes on psychotherapy, kindness and connection"
SITEURL = os.environ["ISSO_FIXTURE_BASE"].rstrip("/")     # http://127.0.0.1:8092
RELATIVE_URLS = False
AUTHOR = "Nora Whitfield"
TIMEZONE = "America/Chicago"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%B %-d, %Y"

PATH = os.path.join(_STATE, "content")
OUTPUT_PATH = os.path.join(_STATE, "output")
DELETE_OUTPUT_DIRECTORY = True
LOAD_CONTENT_CACHE = False
ARTICLE_PATHS = [""]
PAGE_PATHS = ["pages"]
STATIC_PATHS = []

# the default theme (notmyidea), with article.html overridden to embed Isso instead of Disqus
THEME_TEMPLATES_OVERRIDES = [os.path.join(_HERE, "templates")]
ISSO_URL = os.environ["ISSO_FIXTURE_ISSO"].rstrip("/") + "/"   # http://127.0.0.1:8093/

# WordPress-like permalinks, as the posts' own links in content.json expect
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DEFAULT_PAGINATION = 3
DISPLAY_PAGES_ON_MENU = True

# feeds on (Pelican's defaults plus RSS for everything)
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/category-{slug}.atom.xml"
AUTHOR_FEED_ATOM = "feeds/author-{slug}.atom.xml"
AUTHOR_FEED_RSS = "feeds/author-{slug}.rss.xml"
RSS_FEED_SUMMARY_ONLY = False

LINKS = ()
SOCIAL = ()

# writes what Pelican made of each article and page to $ISSO_FIXTURE_STATE/pelican-truth.json
PLUGIN_PATHS = [_HERE]
PLUGINS = ["pelican_truth"]
