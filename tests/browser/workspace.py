"""Drives the web workspace in headless Chromium (Debian's chromium and chromium-driver, Selenium): a cadre signs
in on a phone-sized screen, opens a student still seeking work, reads their list (platform, how to apply,
匹配度 and reasons), records a job found outside the index, and the status and the League office's figures
change accordingly. Checks labels on every control and no sideways scrolling at 360 px; writes a screenshot of
each main page at phone and desktop width under target/screenshots/.

Usage: workspace.py MATCHER_BINARY
Starts `matcher serve` on 127.0.0.1 (any free ports) in a temporary folder; exits non-zero with the reason on
any failure.
"""

import os
import re
import secrets
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.support.ui import Select, WebDriverWait

PHONE = (360, 780)
DESKTOP = (1280, 900)
SHOTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "target", "screenshots")


def check(condition, message):
    if not condition:
        sys.exit(f"FAIL: {message}")
    print(f"ok: {message}")


def start(binary, folder):
    backend, cadre = secrets.token_hex(16), secrets.token_hex(16)
    config = os.path.join(folder, "serve.toml")
    with open(config, "w", encoding="utf-8") as f:
        f.write('listen = "127.0.0.1:0"\nweb_listen = "127.0.0.1:0"\ndata_dir = "data"\nseed_sample = true\n'
                f'[[tokens]]\ntoken = "{backend}"\nrole = "backend"\n'
                f'[[tokens]]\ntoken = "{cadre}"\nrole = "cadre"\ncadre = "C00002"\n')
    server = subprocess.Popen([binary, "serve", "--config", config], stdout=subprocess.PIPE, text=True)
    web = None
    for line in server.stdout:
        found = re.search(r"workspace on (http://\S+)", line)
        if found:
            web = found.group(1)
        if "listening on" in line:
            break
    if web is None:
        server.kill()
        sys.exit("FAIL: the server did not print the workspace's address")
    return server, web, backend, cadre


def browser(size):
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 f"--window-size={size[0]},{size[1]}"]:
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path="/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_window_size(*size)
    return driver


def sign_in(driver, web, token):
    driver.get(web + "/")
    field = driver.find_element(By.ID, "token")
    check(driver.find_element(By.CSS_SELECTOR, "label[for=token]").text == "令牌", "the token field has its label")
    field.send_keys(token)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    settle(driver, lambda d: "/signin" not in d.current_url and not d.find_elements(By.ID, "token"))


def settle(driver, ready, seconds=20):
    """Waits until the page a click loads is there. An element found on the page being left goes stale when
    the next one arrives (a form's redirect): that is "not yet", not a failure. Chrome sometimes reports such
    an element as an inspector error ("Node with given id does not belong to the document") instead of a
    stale one: that too is "not yet"."""

    def poll(d):
        try:
            return ready(d)
        except WebDriverException as e:
            if "does not belong to the document" in (e.msg or ""):
                return False
            raise

    WebDriverWait(driver, seconds, ignored_exceptions=(StaleElementReferenceException, NoSuchElementException)).until(
        poll
    )


def shot(driver, name):
    os.makedirs(SHOTS, exist_ok=True)
    # What the screen shows first (the window's size: a phone's or a desktop's).
    driver.save_screenshot(os.path.join(SHOTS, name))
    print(f"screenshot: target/screenshots/{name}")


def fits(driver, what):
    overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    check(overflow <= 0, f"{what}: nothing scrolls sideways at {driver.get_window_size()['width']} px ({overflow})")


def labelled(driver, what):
    controls = driver.find_elements(By.CSS_SELECTOR, "input:not([type=hidden]), select, textarea")
    missing = [c.get_attribute("name") for c in controls
               if not driver.find_elements(By.CSS_SELECTOR, f"label[for='{c.get_attribute('id')}']")]
    check(not missing, f"{what}: every control has a label ({len(controls)} controls)")


def figure(driver, label):
    text = driver.find_element(By.CSS_SELECTOR, "main .card").text
    found = re.search(label + r"\s*(\d+)", text)
    check(found is not None, f"the office page shows {label}")
    return int(found.group(1))


def main():
    binary = os.path.abspath(sys.argv[1])
    folder = tempfile.mkdtemp(prefix="jinqiao-browser-")
    os.chdir(folder)
    server, web, backend, cadre = start(binary, folder)
    try:
        office = browser(DESKTOP)
        sign_in(office, web, backend)
        check(office.current_url.endswith("/office"), "the League office lands on the progress report")
        check(len(office.find_elements(By.CSS_SELECTOR, "svg")) == 3, "the report's three charts render")
        employed = figure(office, "已就业")
        shot(office, "office-desktop.png")

        phone = browser(PHONE)
        sign_in(phone, web, cadre)
        check(phone.current_url.endswith("/students"), "the cadre lands on their students")
        fits(phone, "my students")
        shot(phone, "students-phone.png")
        seeking = phone.find_elements(By.XPATH, "//li[.//span[contains(@class,'seeking')]]//a")
        check(len(seeking) > 0, "a student still seeking work is listed")
        seeking[0].click()
        settle(phone, lambda d: "帮扶台账" in d.find_element(By.TAG_NAME, "body").text)
        body = phone.find_element(By.TAG_NAME, "body").text
        for shown in ["推荐岗位", "匹配度", "发布平台", "申请方式", "推荐理由", "帮扶台账"]:
            check(shown in body, f"the student's page shows {shown}")
        check(" 分" not in body.split("帮扶台账")[0], "匹配度 as 高/中/一般, not a mark out of 100")
        fits(phone, "a student's page")
        labelled(phone, "a student's page")
        shot(phone, "student-phone.png")
        student_url = phone.current_url

        # A job found outside the index, in a few taps.
        phone.find_element(By.ID, "employer").send_keys("湘潭某物流公司")
        Select(phone.find_element(By.ID, "employment")).select_by_visible_text("灵活就业")
        phone.find_element(By.ID, "place").send_keys("湘潭市")
        phone.find_element(By.XPATH, "//button[text()='记录去向']").click()
        settle(phone, lambda d: "已落实去向（灵活就业）" in d.find_element(By.TAG_NAME, "body").text)
        body = phone.find_element(By.TAG_NAME, "body").text
        check("已落实去向（灵活就业）" in body, "the student's status follows the hire")
        check("湘潭某物流公司" in body, "the case file shows the employer")

        office.get(web + "/office")
        check(figure(office, "已就业") == employed + 1, f"the office's employed figure went from {employed} to {employed + 1}")

        # Another cadre's student typed into the URL: refused.
        office.get(web + "/office/cadres")
        others = [m for m in re.findall(r"C\d{5}", office.find_element(By.TAG_NAME, "body").text) if m != "C00002"]
        check(len(others) > 0, "the office's cadre table lists the other cadres")
        phone.get(web + "/students")
        own = set(re.findall(r"/students/(S\d+)", phone.page_source))
        phone.get(web + "/students/S0000001" if "S0000001" not in own else web + "/students/S0000002")
        check("无权查看" in phone.page_source or "找不到" in phone.page_source, "another cadre's student is refused")

        desktop = browser(DESKTOP)
        sign_in(desktop, web, cadre)
        desktop.get(student_url)
        shot(desktop, "student-desktop.png")
        office.set_window_size(*PHONE)
        office.get(web + "/office")
        fits(office, "the progress report")
        shot(office, "office-phone.png")
        for driver in (office, phone, desktop):
            driver.quit()
        print("browser: all checks passed")
    finally:
        server.terminate()
        server.wait(timeout=60)


if __name__ == "__main__":
    main()
