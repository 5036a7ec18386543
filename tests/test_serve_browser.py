"""``therapy-archive serve`` in a real browser: Debian's chromium, headless, driven through its chromedriver
with selenium. Search the comments from the table's search box, see the comments archive.db holds for
the words, follow a comment to its post. Screenshots go to tests/artifacts/ (git-ignored) for the CI log."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import query
from .serving import served

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def browser():
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        pytest.skip("needs Debian's chromium and chromium-driver (tests/install.sh installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)  # no Selenium Manager download
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def test_search_comments_in_the_browser_and_follow_one_to_its_post(browser, demo_archive):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    word = "repair"
    expected = {text.strip() for (text,) in query(
        demo_archive, "select text from comments where rowid in "
                      "(select rowid from comments_fts where comments_fts match ?)", [word])}
    assert expected
    ARTIFACTS.mkdir(exist_ok=True)
    with served(demo_archive) as base:
        browser.get(f"{base}/archive/comments")
        box = browser.find_element(By.CSS_SELECTOR, "input[name=_search]")  # the FTS search box
        box.send_keys(word, Keys.ENTER)
        WebDriverWait(browser, 20).until(expected_conditions.url_contains(f"_search={word}"))
        shown = {cell.text.strip() for cell in browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns td.col-text")}
        save_page(browser, ARTIFACTS / "serve-search.png")
        assert shown == expected

        link = browser.find_element(By.CSS_SELECTOR, "table.rows-and-columns td.col-post_id a")
        post_id = link.get_attribute("href").rstrip("/").rsplit("/", 1)[-1]
        [(title,)] = query(demo_archive, "select title from posts where id = ?", [post_id])
        assert link.text == title  # the comment's post, labelled by its title
        link.click()
        WebDriverWait(browser, 20).until(expected_conditions.url_contains(f"/archive/posts/{post_id}"))
        assert title in browser.find_element(By.CSS_SELECTOR, "table.rows-and-columns td.col-title").text
        save_page(browser, ARTIFACTS / "serve-post.png")


def save_page(browser, path: Path) -> None:
    """A screenshot of the whole page (the window grown to its height), its path printed for the log."""
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1400, min(height, 8000))
    browser.save_screenshot(str(path))
    browser.set_window_size(1400, 1000)
    print(f"screenshot: {path}")
