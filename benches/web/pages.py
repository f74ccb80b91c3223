"""Times the web workspace's pages on a loaded server: uploads the generated students and cadres over gRPC,
pairs them (ProposePairings), signs in as a cadre and as the League office, and fetches each main page many
times; prints medians, the 90th percentile and page sizes, with the stylesheet (a static answer) as the in-run
baseline. Usage: pages.py GRPC_ADDR WEB_URL BACKEND_TOKEN CADRE_TOKEN GEN_DIR PROTO_ROOT
"""

import http.cookiejar
import json
import os
import re
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import grpc
from grpc_tools import protoc


def stubs(proto_root):
    out = tempfile.mkdtemp(prefix="jinqiao-stubs-")
    if protoc.main(["protoc", f"-I{proto_root}", f"--python_out={out}", f"--grpc_python_out={out}",
                    "matcher/v1/matcher.proto"]) != 0:
        sys.exit("protoc failed")
    sys.path.insert(0, out)
    from matcher.v1 import matcher_pb2, matcher_pb2_grpc  # noqa: E402
    return matcher_pb2, matcher_pb2_grpc


def pay(value):
    if isinstance(value, dict):
        low, high = value.get("min"), value.get("max")
        if low and high:
            return f"{low}-{high}"
        if low:
            return f"{low}以上"
        if high:
            return f"{high}以下"
    return ""


def upload(pb, rpc, channel, auth, gen):
    people = rpc.PeopleStub(channel)
    students = []
    with open(os.path.join(gen, "students.jsonl"), encoding="utf-8") as f:
        for line in f:
            s = json.loads(line)
            students.append(pb.Student(
                id=s["id"], name=s.get("name") or "", school=s["school"], college=s["college"], major=s["major"],
                education=s["education"], cohort=s["cohort"], graduation_year=s["graduation_year"],
                low_income=s["low_income"], nominated=s.get("nominated", False), intent=s["intent"],
                home_region=s["home_region"], accepted_regions=s["accepted_regions"],
                accepted_radius_km=s.get("accepted_radius_km") or 0,
                intended_industries=s["intended_industries"], intended_occupations=s["intended_occupations"],
                intention=s["intention"], skills=s["skills"], expected_pay=pay(s["expected_pay"])))
    for i in range(0, len(students), 5000):
        people.UpsertStudents(pb.UpsertStudentsRequest(students=students[i:i + 5000]), metadata=auth, timeout=600)
    cadres = []
    with open(os.path.join(gen, "cadres.jsonl"), encoding="utf-8") as f:
        for line in f:
            c = json.loads(line)
            cadres.append(pb.Cadre(id=c["id"], name=c["name"], school=c["school"], college=c.get("college") or "",
                                   level=c["level"], kind=c["kind"]))
    people.UpsertCadres(pb.UpsertCadresRequest(cadres=cadres), metadata=auth, timeout=600)
    proposal = people.ProposePairings(pb.ProposePairingsRequest(apply=True), metadata=auth, timeout=600)
    paired = sum(len(p.student_ids) for p in proposal.pairings)
    print(f"uploaded {len(students)} students, {len(cadres)} cadres; {paired} paired with {len(proposal.pairings)} cadres")
    return proposal.pairings


class Browser:
    def __init__(self, web):
        self.web = web
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path):
        start = time.perf_counter()
        with self.opener.open(self.web + path, timeout=120) as answer:
            body = answer.read()
        return time.perf_counter() - start, body

    def sign_in(self, token):
        _, page = self.get("/")
        csrf = re.search(rb'name="csrf" value="([^"]+)"', page).group(1).decode()
        data = urllib.parse.urlencode({"csrf": csrf, "token": token}).encode()
        self.opener.open(self.web + "/signin", data=data, timeout=120).read()


def measure(browser, path, times):
    samples, size = [], 0
    for _ in range(times):
        elapsed, body = browser.get(path)
        samples.append(elapsed * 1000)
        size = len(body)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.9) - 1], size


def main():
    grpc_addr, web, backend_file, cadre_file, gen, proto_root = sys.argv[1:7]
    pb, rpc = stubs(proto_root)
    backend, cadre_token = open(backend_file).read().strip(), open(cadre_file).read().strip()
    channel = grpc.insecure_channel(grpc_addr, options=[("grpc.max_send_message_length", 256 << 20),
                                                        ("grpc.max_receive_message_length", 256 << 20)])
    pairings = upload(pb, rpc, channel, [("authorization", f"Bearer {backend}")], gen)
    cadre_id = os.path.basename(cadre_file).split("-")[1].split(".")[0]
    own = next(p for p in pairings if p.cadre_id == cadre_id).student_ids
    cadre = Browser(web)
    cadre.sign_in(cadre_token)
    office = Browser(web)
    office.sign_in(backend)
    first, _ = cadre.get(f"/students/{own[0]}")
    # Each other student's first visit computes their list (scoring at this size): the median of the rest.
    firsts = [cadre.get(f"/students/{sid}")[0] * 1000 for sid in own[1:]]
    # The office's report after a change: a note recorded, then the page read once (computed again).
    cases = rpc.CasesStub(channel)
    after_change = []
    for i in range(5):
        note = pb.CaseEvent(student_id=own[0], kind="note", text=f"基准测试回访 {i}")
        cases.AppendEvent(pb.AppendEventRequest(event=note), metadata=[("authorization", f"Bearer {backend}")])
        elapsed, _ = office.get("/office")
        after_change.append(elapsed * 1000)
    rows = [
        ("/app.css (static, baseline)", *measure(cadre, "/app.css", 50)),
        ("/students (a cadre's students)", *measure(cadre, "/students", 50)),
        (f"/students/{own[0]} (list kept)", *measure(cadre, f"/students/{own[0]}", 50)),
        ("/office (the month's report)", *measure(office, "/office", 10)),
        ("/office/cadres", *measure(office, "/office/cadres", 10)),
    ]
    print(f"first /students/{own[0]} after start (list computed, caches cold): {first * 1000:.1f} ms")
    if firsts:
        print(f"first visit of each of the cadre's {len(firsts)} other students (list computed): "
              f"median {statistics.median(firsts):.1f} ms, max {max(firsts):.1f} ms")
    print(f"/office read once after a change (report computed again), median of 5: {statistics.median(after_change):.1f} ms")
    print("| page | median ms | p90 ms | bytes |")
    print("|---|---|---|---|")
    for name, median, p90, size in rows:
        print(f"| {name} | {median:.1f} | {p90:.1f} | {size:,} |")


if __name__ == "__main__":
    main()
