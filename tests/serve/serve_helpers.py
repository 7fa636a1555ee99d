"""Starting and stopping `polku serve` for the tests: a free port, a scenarios folder in the build
tree, and JSON requests."""
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request


class Server:
    def __init__(self, polku, scenarios, work_dir, extra=()):
        os.makedirs(work_dir, exist_ok=True)
        self.work_dir = work_dir
        self.proc = subprocess.Popen(
            [polku, "serve", "--port", "0", "--scenarios", scenarios, "--work-dir", work_dir,
             "--threads", "2", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if "listening on" not in line:
            self.proc.kill()
            raise RuntimeError("polku serve did not start: " + line + self.proc.stderr.read())
        self.url = line.split("listening on ")[1].strip().rstrip("/")

    def request(self, path, body=None, method=None, raw=None, timeout=60):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as res:
                payload = res.read()
                status = res.status
                kind = res.headers.get("Content-Type", "")
        except urllib.error.HTTPError as e:
            payload, status, kind = e.read(), e.code, e.headers.get("Content-Type", "")
        if kind.startswith("application/json"):
            return status, json.loads(payload)
        return status, payload

    def wait(self, qid, timeout=300):
        end = time.time() + timeout
        while time.time() < end:
            status, q = self.request("/api/questions/" + qid)
            assert status == 200, (status, q)
            if q["state"] in ("done", "failed", "cancelled"):
                return q
            time.sleep(0.1)
        raise AssertionError("question %s did not finish in %d s" % (qid, timeout))

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                raise
        return self.proc.returncode


def fresh_dir(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path
