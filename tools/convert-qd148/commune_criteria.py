#!/usr/bin/env python3
"""Writes assets/criteria/qd1489-commune-criteria.json: for each of the 26 QĐ 148 sheets, which
criterion is each of the four criteria the commune People's Committee assesses under QĐ 1489/QĐ-TTg
(06/07/2025), found by the line's title on the sheet, and why a line is absent where the sheet has
none (set 26, community tourism).

Derived from the embedded sheets, never edited by hand:

    python3 tools/convert-qd148/commune_criteria.py assets/criteria/qd148 assets/criteria/qd1489-commune-criteria.json

Standard library only. Fails (exit 1) when a set has two candidate lines for one topic.
"""

import json
import sys
import unicodedata
from pathlib import Path

# (topic, the titles the 148 sheets print for it, in the words of QĐ 1489)
TOPICS = [
    ("local-origin", ["Nguồn gốc sản phẩm", "Nguồn nguyên liệu"],
     "nguồn gốc sản phẩm/nguyên liệu địa phương"),
    ("idea-origin", ["Nguồn gốc ý tưởng sản phẩm", "Nguồn gốc ý tưởng sản phẩm dịch vụ du lịch"],
     "nguồn gốc ý tưởng sản phẩm"),
    ("local-labour", ["Sử dụng lao động địa phương"], "sử dụng lao động địa phương"),
    ("local-identity", ["Trí tuệ/bản sắc địa phương"], "bản sắc/trí tuệ địa phương"),
]

# Why a topic has no line on a sheet (our reading of the sheet; checked by hand).
ABSENT = {
    (26, "local-origin"): (
        "Bộ 26 (du lịch cộng đồng) không có dòng nguồn gốc sản phẩm/nguyên liệu: mục A.1 là "
        "\"Tổ chức dịch vụ cộng đồng\"; hàng hóa bán cho khách được chấm ở C.17 (nguồn gốc rõ ràng), "
        "không phải nguồn gốc địa phương.",
        "Set 26 (community tourism) has no line on local origin: section A.1 is the community's "
        "service organisation; goods sold to visitors are judged in C.17 (clear origin), not local origin.",
    ),
    (26, "local-identity"): (
        "Bộ 26 không có dòng \"Trí tuệ/bản sắc địa phương\": B.5.b của bộ này là \"Trình bày câu "
        "chuyện sản phẩm\".",
        "Set 26 has no \"local wisdom/identity\" line: its B.5.b is \"presentation of the product story\".",
    ),
}


def norm(text):
    return unicodedata.normalize("NFC", " ".join(text.split())).lower()


def main(sheets_dir, out_path):
    sets = []
    for path in sorted(Path(sheets_dir).glob("set-*.json")):
        sheet = json.loads(path.read_text(encoding="utf-8"))
        number = sheet["product_set"]["number"]
        criteria = [c for p in sheet["parts"] for s in p["sections"] for c in s["criteria"]]
        lines = {}
        for topic, titles, _ in TOPICS:
            wanted = {norm(t) for t in titles}
            found = [c for c in criteria if norm(c["title_vi"]) in wanted]
            if len(found) > 1:
                sys.exit(f"set {number}: {topic} matches {[c['id'] for c in found]}")
            if found:
                if (number, topic) in ABSENT:
                    sys.exit(f"set {number}: {topic} is listed as absent but {found[0]['id']} exists")
                lines[topic] = {"criterion": found[0]["id"], "title_vi": found[0]["title_vi"]}
            else:
                why = ABSENT.get((number, topic))
                if why is None:
                    sys.exit(f"set {number}: no line for {topic} and no reason in ABSENT")
                lines[topic] = {"absent_vi": why[0], "absent_en": why[1]}
        sets.append({"product_set": number, "lines": lines})
    out = {
        "format": "ocop-commune-criteria/1",
        "criteria_set": "qd148-2023",
        "instrument": "QĐ 1489/QĐ-TTg ngày 06/07/2025",
        "topics": [{"topic": t, "wording_vi": w} for t, _, w in TOPICS],
        "reading": "The four criteria are named in QĐ 1489 without sheet line numbers; matching them "
                   "to the QĐ 148 lines by title is our reading (official-documents.md §4). Whether the "
                   "provincial council re-scores these lines or takes the commune's finding is not stated: "
                   "the app shows the finding as evidence and never fills a score.",
        "sets": sets,
    }
    Path(out_path).write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
