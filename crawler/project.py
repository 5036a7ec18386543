"""``therapy-archive.toml``: a crawl project's sites, archive folder, contact and Scrapy settings.

The format, where the file is looked for and how its paths are read: README, Configuration. Errors name
the file and the line: ``therapy-archive.toml:7: unknown key "budgett" in [[site]] (known: ...)``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .seeds import SeedsError, SiteSpec, read_seeds, site

CONFIG_NAME = "therapy-archive.toml"  # looked for in the current folder when --config is not given
DEFAULT_ARCHIVE = Path("archive")
TOP_KEYS = ("archive", "contact", "seeds", "settings", "site")
SITE_KEYS = ("url", "platform", "budget", "include", "exclude", "every")


@dataclass(frozen=True)
class Project:
    """What a ``therapy-archive.toml`` holds, its paths resolved against the file's folder."""

    path: Path
    sites: list[SiteSpec]  # its [[site]] tables, then the lines of its seeds file
    archive: Path | None = None
    contact: str | None = None
    settings: dict = field(default_factory=dict)  # Scrapy settings, as TOML typed them
    seeds: Path | None = None
    setting_lines: dict[str, int] = field(default_factory=dict)  # where each setting is written, for errors

    def where(self, setting: str) -> str:
        """``FILE:LINE: `` of a [settings] key, for an error about its value."""
        line = self.setting_lines.get(setting)
        return f"{self.path}:{line}: " if line else f"{self.path}: "


def find_project(folder: Path = Path(".")) -> Path | None:
    """``FOLDER/therapy-archive.toml`` when there is one (the current folder only, not its parents)."""
    path = folder / CONFIG_NAME
    return path if path.is_file() else None


def load_project(config: Path | None = None, folder: Path = Path(".")) -> Project | None:
    """The project of ``config`` (``--config FILE``: it must exist), else of ``FOLDER/therapy-archive.toml``;
    None when there is neither."""
    path = config if config is not None else find_project(folder)
    return read_project(path) if path is not None else None


def project_archive(config: Path | None = None, folder: Path = Path(".")) -> Path:
    """The archive folder the project names, else ``archive``: what ``--archive`` defaults to."""
    project = load_project(config, folder)
    return project.archive if project is not None and project.archive is not None else DEFAULT_ARCHIVE


def key_line(text: str, key: str, table: str | None = None, index: int = 1) -> int | None:
    """The line (from 1) where ``key`` is written in ``table`` (None: the top level; for ``[[table]]``,
    its ``index``-th entry), or where a ``[key]`` / ``[[key]]`` header starts (its ``index``-th).

    tomllib gives values without positions, so this scans the text for keys written as people write
    them: one ``key = value`` a line, the key bare or quoted. Dotted keys, inline tables and lines inside
    multi-line strings are not understood: None, and the error names the file alone."""
    wanted = re.compile(rf"""\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=""")
    current, entry, headers = None, 0, {}
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"""\s*\[\[?\s*(["']?)([^\]"']+)\1\s*\]\]?\s*(#.*)?$""", line)
        if header:
            current = header.group(2).strip()
            entry = headers[current] = headers.get(current, 0) + 1
            if table is None and current == key and entry == index:
                return number
        elif wanted.match(line) and current == table and (table is None or entry == index):
            return number
    return None


def read_project(path: str | Path) -> Project:
    """A ``therapy-archive.toml``, checked: unknown keys and bad values raise ``SeedsError`` naming the
    file and line; ``archive`` and ``seeds`` are read relative to the file's folder."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SeedsError(f"cannot read config {path} ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise SeedsError(f"config {path} is not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib says "Invalid value (at line 3, column 7)": the position goes first, as in other errors
        place = re.search(r"\s*\(at line (\d+), column (\d+)\)$", str(exc))
        where = f"{path}:{place.group(1)}:{place.group(2)}" if place else str(path)
        raise SeedsError(f"{where}: not valid TOML: {str(exc)[:place.start()] if place else exc}") from None

    def at(key: str, table: str | None = None, index: int = 1) -> str:
        line = key_line(text, key, table, index)
        return f"{path}:{line}: " if line else f"{path}: "

    _no_unknown_keys(data, TOP_KEYS, "at the top level", lambda key: at(key))
    for key in ("archive", "contact", "seeds"):
        if key in data and not (isinstance(data[key], str) and data[key].strip()):
            raise SeedsError(f'{at(key)}{key} must be a non-empty string, as {key} = "..."; got {data[key]!r}')
    settings = data.get("settings", {})
    if not isinstance(settings, dict):
        raise SeedsError(f"{at('settings')}settings must be a [settings] table of Scrapy settings")
    tables = data.get("site", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise SeedsError(f"{at('site')}site must be [[site]] tables, each with a url")
    sites = [_site(table, index, lambda key, i=index: at(key, "site", i) if key != "site" else at("site", None, i))
             for index, table in enumerate(tables, 1)]
    folder = path.parent
    seeds = folder / Path(data["seeds"]).expanduser() if "seeds" in data else None
    if seeds is not None:
        sites += read_seeds(seeds)
    return Project(path, sites, folder / Path(data["archive"]).expanduser() if "archive" in data else None,
                   data["contact"].strip() if "contact" in data else None, settings, seeds,
                   {name: line for name in settings if (line := key_line(text, name, "settings"))})


def _no_unknown_keys(table: dict, known: tuple[str, ...], within: str, at) -> None:
    for key in table:
        if key not in known:
            raise SeedsError(f'{at(key)}unknown key "{key}" {within} (known: {", ".join(known)})')


def _site(table: dict, index: int, at) -> SiteSpec:
    """One ``[[site]]`` table as a checked SiteSpec; ``at(key)`` gives the ``FILE:LINE: `` of a key."""
    _no_unknown_keys(table, SITE_KEYS, "in [[site]]", at)
    if "url" not in table:
        raise SeedsError(f"{at('site')}[[site]] number {index} has no url")
    if not isinstance(table["url"], str):
        raise SeedsError(f'{at("url")}url must be a string, as url = "https://example.org/blog/"')
    patterns = {}
    for key in ("include", "exclude"):
        value = table.get(key, [])
        value = [value] if isinstance(value, str) else value  # include = "/p/" means include = ["/p/"]
        if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
            raise SeedsError(f'{at(key)}{key} must be a list of patterns, as {key} = ["/blog/"]; got {value!r}')
        patterns[key] = tuple(value)
    try:
        return site(table["url"], platform=table.get("platform"), budget=table.get("budget"),
                    every=table.get("every"), **patterns)
    except SeedsError as exc:
        raise SeedsError(f"{at(exc.key or 'url')}{exc}") from None


def project_settings(project: Project | None) -> dict:
    """The Scrapy settings a project gives the crawl (its [settings], its contact as ARCHIVE_CONTACT), each
    value checked against the setting's kind: ``FILE:LINE: DOWNLOAD_DELAY takes a number, not 'soon'``."""
    if project is None:
        return {}
    from scrapy.settings import Settings

    from .run import setting_problem

    defaults = Settings()
    defaults.setmodule("crawler.settings")
    for name, value in project.settings.items():
        problem = setting_problem(defaults, name, value)
        if problem:
            raise SeedsError(f"{project.where(name)}{problem}, not {value!r}")
    return {**project.settings, **({"ARCHIVE_CONTACT": project.contact} if project.contact else {})}
