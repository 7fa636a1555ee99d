#!/usr/bin/env python3
"""The workshop page in real Chromium (Selenium): pick the base, try a bad value (its message shows
beside the field), change a lever, run, wait for the answer, and check every headline number
against `polku compare` of the downloaded overlay with the same seed and replications. Saves a
screenshot. Exits 77 (skipped) when Chromium, chromedriver or Selenium is missing.

usage: browser_test.py POLKU SCENARIO_TEMPLATE OUT_DIR
       browser_test.py POLKU --bench SCENARIOS_DIR SCENARIO REPLICATIONS OUT_DIR
"""
import math
import os
import shutil
import subprocess
import sys
import time
import urllib.request

from serve_helpers import Server, fresh_dir

SKIP = 77
chromium = shutil.which("chromium") or shutil.which("chromium-browser")
chromedriver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    print("skipped: python3-selenium is not installed")
    sys.exit(SKIP)
if not chromium or not os.path.exists(chromedriver):
    print("skipped: chromium or chromedriver is not installed")
    sys.exit(SKIP)


def browser(out):
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1500,2000",
                "--disable-dev-shm-usage", "--user-data-dir=" + os.path.join(out, "chromium-profile")]:
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(chromedriver), options=options)


def field(driver, field_id):
    return driver.find_element(By.CSS_SELECTOR, '[data-field="%s"]:not(.field-error)' % field_id)


def set_value(driver, el, value):
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", el)
    if el.tag_name == "select":
        Select(el).select_by_value(str(value))
        return
    el.clear()
    el.send_keys(str(value))


def open_lever(driver, field_id):
    el = field(driver, field_id)
    details = driver.execute_script("return arguments[0].closest('details');", el)
    if details is not None and not details.get_attribute("open"):
        driver.execute_script("arguments[0].open = true;", details)
    return el


def wait_answer(driver, name, timeout):
    WebDriverWait(driver, timeout, poll_frequency=0.05).until(
        lambda d: d.find_element(By.ID, "answer-title").text == name
        and d.find_elements(By.CSS_SELECTOR, "#headline td[data-diff]"))


def ask(driver, name, changes, replications, timeout=600):
    """Fills in the form and runs; returns the seconds from the click to the rendered table."""
    driver.find_element(By.ID, "reset").click()
    for field_id, value in changes.items():
        set_value(driver, open_lever(driver, field_id), value)
    set_value(driver, driver.find_element(By.ID, "replications"), replications)
    set_value(driver, driver.find_element(By.ID, "question-name"), name)
    started = time.time()
    driver.find_element(By.ID, "run").click()
    wait_answer(driver, name, timeout)
    return time.time() - started


def bench(polku, scenarios, scenario, replications, out):
    """Request-to-rendered-table times of a what-if question: base not yet computed, then cached."""
    fresh_dir(out)
    server = Server(polku, scenarios, os.path.join(out, "work"), extra=["--max-replications", "64"])
    driver = browser(out)
    try:
        driver.get(server.url + "/")
        Select(WebDriverWait(driver, 60).until(lambda d: d.find_element(By.ID, "scenario"))) \
            .select_by_value(scenario)
        WebDriverWait(driver, 120).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#levers [data-field]"))
        lever = driver.find_element(By.CSS_SELECTOR, '#levers input[type=number][data-field]').get_attribute("data-field")
        base = float(field(driver, lever).get_attribute("value"))
        cold = ask(driver, "cold", {lever: round(base * 1.1 + 1, 2)}, replications)
        warm = ask(driver, "warm", {lever: round(base * 1.2 + 1, 2)}, replications)
        status, body = server.request("/api/questions")
        print("lever %s; cold (base + variant) %.2f s, warm (base cached) %.2f s" % (lever, cold, warm))
        for q in body["questions"]:
            _, full = server.request("/api/questions/" + q["id"])
            a = full["answer"]
            print("  %s: server %.2f s, base %.2f s (cached: %s), variant %.2f s" % (
                q["name"], a["seconds"], a["base_seconds"], a["base_cached"], a["variant_seconds"]))
        driver.save_screenshot(os.path.join(out, "bench.png"))
    finally:
        driver.quit()
        server.stop()


def main():
    polku = sys.argv[1]
    if sys.argv[2] == "--bench":
        bench(polku, sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6])
        return 0
    template, out = sys.argv[2], sys.argv[3]
    fresh_dir(out)
    scenarios = fresh_dir(os.path.join(out, "scenarios"))
    shutil.copy(template, os.path.join(scenarios, "workshop.yaml"))
    server = Server(polku, scenarios, os.path.join(out, "work"))
    driver = browser(out)
    failures = []

    def check(condition, what):
        print(("ok   " if condition else "FAIL ") + what)
        if not condition:
            failures.append(what)

    try:
        driver.get(server.url + "/")
        WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#levers [data-field]"))
        check(driver.find_element(By.TAG_NAME, "h1").text == "Polku – työpaja", "Finnish by default")
        check(Select(driver.find_element(By.ID, "scenario")).first_selected_option.text == "workshop",
              "the base scenario is offered")

        # A bad value: the validator's message beside its field, and nothing runs.
        lever = "counselling.counsellor_fte.Alpha"
        set_value(driver, open_lever(driver, lever), -3)
        driver.find_element(By.ID, "run").click()
        box = '.field-error[data-for="%s"]' % lever
        WebDriverWait(driver, 30).until(lambda d: d.find_element(By.CSS_SELECTOR, box).text)
        message = driver.find_element(By.CSS_SELECTOR, box).text
        check("-3" in message, "a bad value's message beside its field: " + message)
        check("invalid" in field(driver, lever).get_attribute("class"), "the bad field is marked")

        # A real question.
        name = "Lisää neuvojia Alphaan"
        seconds = ask(driver, name, {lever: 12}, 2)
        print("answered in %.1f s" % seconds)
        status = driver.find_element(By.ID, "status-text").text
        check("Valmis" in status, "progress ends in done: " + status)

        # Every area's headline as the page shows it.
        shown = {}
        area_select = Select(driver.find_element(By.ID, "area"))
        areas = [o.get_attribute("value") for o in area_select.options]
        for area in areas:
            Select(driver.find_element(By.ID, "area")).select_by_value(area)
            for td in driver.find_elements(By.CSS_SELECTOR, "#headline td[data-diff]"):
                key = (td.get_attribute("data-year"), td.get_attribute("data-area"),
                       td.get_attribute("data-indicator"))
                values = tuple(float(td.get_attribute(k)) for k in ("data-diff", "data-low", "data-high"))
                sig = "sig" in td.get_attribute("class")
                shown[key] = (values, sig, td.text)
        check(len(areas) == 4 and len(shown) == 4 * 2 * 7, "headline: 4 areas x 2 years x 7 indicators (%d)" % len(shown))
        for key, (values, sig, text) in shown.items():
            low, high = values[1], values[2]
            if sig != (low > 0 or high < 0):
                check(False, "marking of %s: interval [%g, %g], marked %s" % (key, low, high, sig))
            if not text.strip():
                check(False, "cell %s has no text" % (key,))
        check(any(s for _, s, _ in shown.values()), "some difference is marked as excluding zero")

        # The overlay, run by `polku compare` with the same seed and replications.
        href = driver.find_element(By.ID, "dl-overlay").get_attribute("href")
        overlay = urllib.request.urlopen(href, timeout=30).read().decode()
        with open(os.path.join(scenarios, "whatif.yaml"), "w") as f:
            f.write(overlay)
        seed = next(l.split(":")[1].strip() for l in overlay.splitlines() if l.startswith("seed:"))
        reps = next(l.split(":")[1].strip() for l in overlay.splitlines() if l.startswith("replications:"))
        compare_dir = os.path.join(out, "compare")
        subprocess.run([polku, "compare", os.path.join(scenarios, "workshop.yaml"),
                        os.path.join(scenarios, "whatif.yaml"), "--seed", seed, "--replications", reps,
                        "--threads", "2", "--quiet", "--out", compare_dir], check=True)
        import openpyxl
        wb = openpyxl.load_workbook(os.path.join(compare_dir, "results.xlsx"), read_only=True)
        ws = wb["Vuosivertailu - Annual diff"]
        expected = {}
        for row in ws.iter_rows(min_row=2, values_only=True):
            year, area, indicator = str(row[0]), row[1], row[2]
            if (year, area, indicator) in shown:
                expected[(year, area, indicator)] = tuple(
                    float("nan") if v is None else float(v) for v in row[5:8])
        check(len(expected) == len(shown), "compare has every headline cell (%d of %d)" % (len(expected), len(shown)))
        mismatches = 0
        for key, (values, _, _) in shown.items():
            want = expected.get(key)
            if want is None:
                continue
            for got, exp in zip(values, want):
                same = (math.isnan(got) and math.isnan(exp)) or abs(got - exp) <= 1e-9 * max(1.0, abs(exp))
                if not same:
                    mismatches += 1
                    print("  %s: page %r, compare %r" % (key, values, want))
                    break
        check(mismatches == 0, "the page's headline equals polku compare of the overlay (%d cells)" % len(shown))

        # A second question, the history side by side, and the English switch.
        ask(driver, "Tarveperusteinen malli", {"counselling.meeting_policy": "needs_based"}, 2)
        history = driver.find_elements(By.CSS_SELECTOR, "#history thead th button")
        check([b.text for b in history] == [name, "Tarveperusteinen malli"], "both questions in the history")
        Select(driver.find_element(By.ID, "area")).select_by_value("Alpha-Beta area")
        driver.find_element(By.ID, "lang-en").click()
        check(driver.find_element(By.TAG_NAME, "h1").text == "Polku – workshop", "the English switch")
        check(driver.find_element(By.CSS_SELECTOR, "#headline th").text == "Indicator", "the table in English")
        driver.find_element(By.ID, "lang-fi").click()
        driver.find_elements(By.CSS_SELECTOR, "#history thead th button")[0].click()
        driver.execute_script("window.scrollTo(0, 0);")
        shot = os.path.join(out, "serve-page.png")
        driver.save_screenshot(shot)
        print("screenshot: " + shot)
        # The 422 of the bad value above is expected; anything else is not.
        errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"
                  and "422 (Unprocessable Entity)" not in e.get("message", "")]
        check(not errors, "no errors in the browser console: %s" % errors)
    finally:
        driver.quit()
        server.stop()
    if failures:
        print("%d failures" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
