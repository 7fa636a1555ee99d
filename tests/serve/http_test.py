#!/usr/bin/env python3
"""HTTP tests of `polku serve`: the allow-list, validation, size limits, cancelling, two questions
at once, reproducibility, a client that disconnects, and the work folder removed on exit.

usage: http_test.py POLKU SCENARIOS_DIR WORK_DIR
"""
import os
import socket
import sys
import time

from serve_helpers import Server, fresh_dir

polku, scenarios, work = sys.argv[1:4]
fresh_dir(work)
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def fields(body):
    return {e["field"]: e["message"] for e in body.get("errors", [])}


server = Server(polku, scenarios, work)
try:
    status, body = server.request("/api/scenarios")
    check(status == 200 and "workshop" in body["scenarios"], "the allow-list offers workshop")
    check("outside" not in body["scenarios"], "a link leading out of the folder is not offered")

    status, body = server.request("/api/scenarios/workshop")
    levers = {l["id"]: l for l in body["levers"]}
    check(status == 200 and "counselling.counsellor_fte" in levers, "levers listed")
    check(levers["counselling.counsellor_fte"]["current"] == {"Alpha": 8, "Beta": 2},
          "a lever's current values per municipality")
    check(levers["counselling.counsellor_fte"]["unit"] == "FTE"
          and levers["counselling.counsellor_fte"]["min"] == 0, "a lever's unit and range")
    check("municipal_ledger.sharing_key" in levers and "choices" in levers["municipal_ledger.sharing_key"],
          "a lever with choices")
    check("counselling.productive_hours_per_day" not in levers, "a parameter that is no lever is not offered")

    # Unknown scenarios and paths outside the allow-list.
    status, body = server.request("/api/scenarios/nope")
    check(status == 404 and "unknown scenario" in fields(body)["scenario"], "unknown scenario: 404")
    for name in ["../workshop", "/etc/passwd", "..%2F..%2Fetc%2Fpasswd", "workshop.yaml", "sub/x"]:
        status, body = server.request("/api/questions", {"scenario": name, "changes": {}})
        check(status == 404 and "scenario" in fields(body), "path %r refused: 404" % name)
    status, _ = server.request("/api/scenarios/..%2F..%2F..%2Fetc%2Fpasswd")
    check(status == 404, "encoded path in the URL: 404")

    # Bad values: a message naming the field.
    status, body = server.request("/api/questions", {"scenario": "workshop", "replications": 2,
                                                     "changes": {"counselling.counsellor_fte.Alpha": -5}})
    f = fields(body)
    check(status == 422 and "counselling.counsellor_fte.Alpha" in f, "out-of-range value: 422 on its field")
    check("[0, 100000]" in f.get("counselling.counsellor_fte.Alpha", ""),
          "the message says the range: " + f.get("counselling.counsellor_fte.Alpha", ""))
    status, body = server.request("/api/questions", {"scenario": "workshop", "replications": 2,
                                                     "changes": {"counselling.meeting_policy": "sometimes"}})
    check(status == 422 and "counselling.meeting_policy" in fields(body), "bad choice: 422 on its field")
    status, body = server.request("/api/questions", {"scenario": "workshop",
                                                     "changes": {"counselling.productive_hours_per_day": 3}})
    check(status == 422 and "not a lever" in fields(body).get("counselling.productive_hours_per_day", ""),
          "a parameter that is no lever: 422")
    status, body = server.request("/api/questions", {"scenario": "workshop",
                                                     "changes": {"counselling.counsellor_fte.Gamma": 3}})
    check(status == 422 and "Gamma" in fields(body).get("counselling.counsellor_fte.Gamma", ""),
          "an unknown municipality: 422")
    status, body = server.request("/api/questions", {"scenario": "workshop",
                                                     "changes": {"counselling.counsellor_fte.Alpha": "many"}})
    check(status == 422 and "number" in fields(body).get("counselling.counsellor_fte.Alpha", ""),
          "text for a number: 422")
    status, body = server.request("/api/questions", {"scenario": "workshop", "replications": 0, "changes": {}})
    check(status == 422 and "replications" in fields(body), "zero replications: 422")
    status, body = server.request("/api/questions", raw=b"{not json", method="POST")
    check(status == 400, "a body that is no JSON: 400")
    status, body = server.request("/api/questions", raw=b'{"scenario": "workshop", "pad": "' +
                                  b"x" * 200000 + b'"}', method="POST")
    check(status == 413, "an oversized body: 413 (got %s)" % status)
    status, _ = server.request("/api/questions/q999")
    check(status == 404, "an unknown question: 404")

    # A client that goes away mid-request.
    host, port = server.url.split("//")[1].split(":")
    s = socket.create_connection((host, int(port)))
    s.sendall(b"POST /api/questions HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n{\"scen")
    s.close()
    time.sleep(0.2)
    check(server.alive(), "the server survives a client that disconnects mid-request")

    # Two questions at once; the base is computed once and shared.
    q1 = {"scenario": "workshop", "name": "more counsellors", "replications": 2,
          "changes": {"counselling.counsellor_fte.Alpha": 12}}
    q2 = {"scenario": "workshop", "name": "population key", "replications": 2,
          "changes": {"municipal_ledger.sharing_key": "population", "counselling.counsellor_fte.Beta": 1}}
    s1, a = server.request("/api/questions", q1)
    s2, b = server.request("/api/questions", q2)
    check(s1 == 202 and s2 == 202, "two questions accepted at once")
    status, page = server.request("/")
    check(status == 200 and b"<html" in page, "the page answers while questions run")
    a = server.wait(a["id"])
    b = server.wait(b["id"])
    check(a["state"] == "done" and b["state"] == "done", "both answered")
    check(not a["answer"]["base_cached"] and b["answer"]["base_cached"], "the base is computed once")
    h = a["answer"]["headline"]
    check(h["indicators"][0] == "net_municipal_cost_eur" and "total" in h["areas"], "headline shape")
    check(len(h["cells"]) == len(h["areas"]) * len(h["years"]) * len(h["indicators"]), "headline cells")
    check(a["answer"]["headline"]["cells"] != b["answer"]["headline"]["cells"], "different questions differ")

    # The overlay: a scenario file that extends the base and sets the levers.
    status, overlay = server.request("/api/questions/%s/overlay.yaml" % a["id"])
    text = overlay.decode()
    check(status == 200 and "extends: workshop.yaml" in text and "counsellor_fte" in text
          and "seed: 11" in text and "replications: 2" in text, "overlay downloads")

    # Same question, same answer (common random numbers, same seed).
    s3, c = server.request("/api/questions", q1)
    c = server.wait(c["id"])
    check(c["answer"]["headline"] == a["answer"]["headline"], "the same question gives the same answer")

    # A cancelled run: the server goes on and answers the next question.
    big = {"scenario": "workshop", "name": "to cancel", "replications": 64,
           "changes": {"counselling.counsellor_fte.Alpha": 20}}
    status, d = server.request("/api/questions", big)
    queued_after = {"scenario": "workshop", "name": "after", "replications": 2,
                    "changes": {"counselling.meeting_policy": "needs_based"}}
    status, e = server.request("/api/questions", queued_after)
    status, f_ = server.request("/api/questions", {**queued_after, "name": "cancelled while queued"})
    for _ in range(100):  # until it runs
        if server.request("/api/questions/" + d["id"])[1]["state"] in ("base", "variant"):
            break
        time.sleep(0.05)
    server.request("/api/questions/%s/cancel" % d["id"], method="POST", raw=b"")
    server.request("/api/questions/%s/cancel" % f_["id"], method="POST", raw=b"")
    d = server.wait(d["id"])
    check(d["state"] == "cancelled", "a running question is cancelled")
    check(server.wait(f_["id"])["state"] == "cancelled", "a queued question is cancelled")
    e = server.wait(e["id"])
    check(e["state"] == "done", "the next question is answered after a cancel")
    status, body = server.request("/api/questions/%s/report.html" % d["id"])
    check(status == 409, "a cancelled question has no report")

    # The reports of an answered question.
    status, html = server.request("/api/questions/%s/report.html" % a["id"], timeout=300)
    check(status == 200 and b"<html" in html, "report.html downloads")
    status, xlsx = server.request("/api/questions/%s/results.xlsx" % a["id"], timeout=300)
    check(status == 200 and xlsx[:2] == b"PK", "results.xlsx downloads")

    status, body = server.request("/api/questions")
    check(status == 200 and len(body["questions"]) == 6, "the session's history lists every question")
finally:
    code = server.stop()
check(code == 0, "SIGTERM stops the server cleanly (exit %s)" % code)
check(os.listdir(work) == [], "the work folder is removed on exit: %s" % os.listdir(work))
if failures:
    print("%d failures" % len(failures))
    sys.exit(1)
