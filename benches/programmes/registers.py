#!/usr/bin/env python3
"""Writes large 西部计划, 社区实践 and 创业帮扶 registers (generated, seeded; no real person or organisation) for
timing `matcher western assign`, `matcher community pair` and `matcher venture select` at province scale.

Usage: python3 benches/programmes/registers.py OUT_DIR [--scale 1]
Scale 1: 8,000 applications over 1,000 posts; 20,000 branches of 120 schools and 2,000 organisations;
600 venture projects. Then, for example:
  matcher western assign --posts OUT/western_posts.csv --applications OUT/western_applications.jsonl
  matcher community pair --branches OUT/branches.csv --communities OUT/communities.csv
  matcher venture select --projects OUT/projects.csv --budget 3000000 --year 2026
"""
import csv
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    out = sys.argv[1]
    scale = float(sys.argv[sys.argv.index("--scale") + 1]) if "--scale" in sys.argv else 1.0
    rng = random.Random(7)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(ROOT, "data/reference/hunan_universities.csv"), encoding="utf-8") as f:
        schools = [row["school_code"] for row in csv.DictReader(f) if row["school_code"]]
    with open(os.path.join(ROOT, "data/reference/china_regions.csv"), encoding="utf-8") as f:
        regions = list(csv.DictReader(f))
    counties = [r["code"] for r in regions if r["code"].startswith("43") and r["level"] == "county"]
    western = [r["code"] for r in regions if r["code"][:2] in ("52", "53", "62", "63", "64") and r["level"] == "county"]
    tracks = ["乡村教育", "乡村建设", "健康乡村", "基层青年工作", "乡村社会治理"]

    posts = int(1000 * scale)
    with open(os.path.join(out, "western_posts.csv"), "w", encoding="utf-8") as f:
        f.write("id,track,place,capacity\n")
        for i in range(posts):
            f.write(f"P{i:05d},{rng.choice(tracks)},{rng.choice(western)},{rng.randint(1, 3)}\n")
    with open(os.path.join(out, "western_applications.jsonl"), "w", encoding="utf-8") as f:
        for i in range(int(8000 * scale)):
            prefs = [f"P{rng.randrange(posts):05d}" for _ in range(rng.randint(1, 5))]
            record = {"id": f"S{i:07d}", "school": rng.choice(schools), "cohort": "graduating",
                      "preferences": prefs, "selection": round(rng.uniform(60, 100), 1)}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")

    chosen = rng.sample(schools, min(120, len(schools)))
    campus = {s: rng.choice(counties) for s in chosen}
    themes = ["助老", "支教", "文明实践", "乡村振兴", "环保", ""]
    with open(os.path.join(out, "branches.csv"), "w", encoding="utf-8") as f:
        f.write("id,school,college,members,place,themes\n")
        for i in range(int(20000 * scale)):
            s = rng.choice(chosen)
            f.write(f"B{i:06d},{s},学院{rng.randint(1, 20)},{rng.randint(20, 50)},{campus[s]},{rng.choice(themes)}\n")
    with open(os.path.join(out, "communities.csv"), "w", encoding="utf-8") as f:
        f.write("id,name,place,capacity,themes\n")
        for i in range(int(2000 * scale)):
            f.write(f"C{i:05d},基层团组织{i},{rng.choice(counties)},{rng.randint(1, 5)},{rng.choice(themes)}\n")

    ideas = [("智能分拣机器人", "3491"), ("稻虾共养", "0412"), ("校园咖啡", "6220"), ("非遗文创", ""), ("芯片测试", "")]
    with open(os.path.join(out, "projects.csv"), "w", encoding="utf-8") as f:
        f.write("id,name,school,lead_status,industry,request,score\n")
        for i in range(int(600 * scale)):
            name, industry = rng.choice(ideas)
            lead = rng.choice(["应届毕业生", "在校生", "2025届", "2024届"])
            f.write(f"V{i:04d},{name}{i},{rng.choice(schools)},{lead},{industry},{rng.randint(3, 30) * 1000},"
                    f"{round(rng.uniform(55, 99), 1)}\n")
    print(f"registers written to {out}")


if __name__ == "__main__":
    main()
