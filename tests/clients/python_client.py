"""Calls a running `matcher serve` with Python grpcio and stubs generated from the proto, and checks the answers.

Usage: python_client.py ADDRESS BACKEND_TOKEN_FILE PROTO_ROOT
Exits non-zero (with the reason) on any wrong answer.
"""

import datetime
import os
import sys
import tempfile

import grpc
from grpc_tools import protoc


def stubs(proto_root):
    out = tempfile.mkdtemp(prefix="jinqiao-stubs-")
    args = ["protoc", f"-I{proto_root}", f"--python_out={out}", f"--grpc_python_out={out}", "matcher/v1/matcher.proto"]
    if protoc.main(args) != 0:
        sys.exit("protoc failed on matcher.proto")
    sys.path.insert(0, out)
    from matcher.v1 import matcher_pb2, matcher_pb2_grpc  # noqa: E402

    return matcher_pb2, matcher_pb2_grpc


def check(condition, message):
    if not condition:
        sys.exit(f"FAIL: {message}")
    print(f"ok: {message}")


def main():
    address, token_file, proto_root = sys.argv[1:4]
    pb, rpc = stubs(proto_root)
    with open(token_file, encoding="utf-8") as f:
        token = f.read().strip()
    auth = [("authorization", f"Bearer {token}")]
    channel = grpc.insecure_channel(address)
    postings = rpc.PostingsStub(channel)
    people = rpc.PeopleStub(channel)
    matching = rpc.MatchingStub(channel)
    outcomes = rpc.OutcomesStub(channel)
    cases = rpc.CasesStub(channel)
    reports = rpc.ReportsStub(channel)
    day = "2026-11-01"

    # UpsertPostings: a client stream, one result per record.
    records = [
        pb.PostingInput(source="soe_order", id="PY-1", kind="job", title="Python客户端测试岗位", employer="湖南测试集团有限公司",
                        region="长沙市天心区", description="负责数据整理与报表。", headcount=2, posted="2026-10-30"),
        pb.PostingInput(source="soe_order", id="PY-2", kind="job", title="", employer="湖南测试集团有限公司",
                        region="长沙市天心区", description="缺少标题。", posted="2026-10-30"),
    ]
    answer = postings.UpsertPostings(iter(records), metadata=auth)
    check(answer.accepted == 1 and answer.rejected == 1, f"UpsertPostings accepted 1, rejected 1 ({answer.accepted}, {answer.rejected})")
    check(answer.results[0].accepted == "soe_order:PY-1", "the first record is stored as soe_order:PY-1")
    check(answer.results[1].WhichOneof("outcome") == "rejected"
          and answer.results[1].rejected.violations[0].field == "title", "the second is rejected naming `title`")

    # Without a token: UNAUTHENTICATED.
    try:
        postings.GetPosting(pb.GetPostingRequest(id="soe_order:PY-1"))
        check(False, "a call without a token is refused")
    except grpc.RpcError as error:
        check(error.code() == grpc.StatusCode.UNAUTHENTICATED, "a call without a token is UNAUTHENTICATED")

    # RecommendForCadre: the first paired cadre's students, each with a ranked, explained list.
    pairings = people.GetPairings(pb.GetPairingsRequest(), metadata=auth).pairings
    cadre = next(p for p in pairings if p.student_ids)
    lists = matching.RecommendForCadre(pb.RecommendForCadreRequest(cadre_id=cadre.cadre_id,
                                       options=pb.RecommendOptions(top=5, day=day)), metadata=auth)
    check(lists.cadre.id == cadre.cadre_id, f"RecommendForCadre answers for {cadre.cadre_id}")
    check([s.student_id for s in lists.students] == list(cadre.student_ids), "with each paired student in order")
    student = next((s for s in lists.students if len(s.recommendations) >= 2), None)
    check(student is not None, "some student has at least two postings")
    ranks = [r.rank for r in student.recommendations]
    scores = [r.score for r in student.recommendations]
    check(ranks == list(range(1, len(ranks) + 1)) and scores == sorted(scores, reverse=True), "ranked best first")
    check(all(r.explanation and r.posting.title for r in student.recommendations), "every posting explained in Chinese")

    # ReportOutcome: the declined posting is gone from the student's next list.
    declined = student.recommendations[0].posting.id
    answer = outcomes.ReportOutcome(pb.ReportOutcomeRequest(student_id=student.student_id, posting_id=declined,
                                    kind=pb.OUTCOME_KIND_DECLINED, day=day), metadata=auth)
    check(answer.outcome.kind == pb.OUTCOME_KIND_DECLINED and not answer.student_employed, "ReportOutcome DECLINED recorded")
    again = matching.Recommend(pb.RecommendRequest(student_id=student.student_id,
                               options=pb.RecommendOptions(top=5, day=day)), metadata=auth)
    check(declined not in [r.posting.id for r in again.recommendations], f"{declined} does not come back")
    hired = again.recommendations[0].posting
    answer = outcomes.ReportOutcome(pb.ReportOutcomeRequest(student_id=student.student_id, posting_id=hired.id,
                                    kind=pb.OUTCOME_KIND_HIRED, day=day), metadata=auth)
    # The sample's case files may have taken openings of this posting already: at most one less than published.
    most_left = (hired.headcount if hired.HasField("headcount") else 3) - 1
    check(answer.student_employed and answer.HasField("headcount_left") and answer.headcount_left <= most_left,
          f"ReportOutcome HIRED: employed, {answer.headcount_left} openings left (at most {most_left})")

    # Cases: the hire is in the student's case file, and a note appended by the backend too.
    note = pb.CaseEvent(student_id=student.student_id, kind="note", text="Python客户端回访记录")
    appended = cases.AppendEvent(pb.AppendEventRequest(event=note), metadata=auth)
    check(not appended.replayed and appended.event.author == "backend", "AppendEvent recorded a note as the backend")
    check(appended.summary.status == "agreement", f"the case file's status follows the hire ({appended.summary.status})")
    listed = cases.ListEvents(pb.ListEventsRequest(student_id=student.student_id), metadata=auth)
    kinds = [e.kind for e in listed.events]
    check("hired" in kinds and "note" in kinds, "ListEvents has the hire and the note")
    check(listed.timeline[-1].status == "agreement", "the timeline ends employed")

    # Reports: today's report counts the hire just recorded, and the workbook comes as a file.
    today = datetime.date.today().isoformat()
    report = reports.GetReport(pb.GetReportRequest(day=today, format=pb.REPORT_FORMAT_XLSX), metadata=auth)
    check(report.totals.employed >= 1 and report.targets[0].target == 10000,
          f"GetReport: {report.totals.employed} employed against {report.targets[0].target:.0f}")
    check(report.file_name == "report.xlsx" and report.document[:2] == b"PK", "GetReport returned the workbook")
    print("python grpcio client: all checks passed")


if __name__ == "__main__":
    main()
