#!/usr/bin/env python3
"""Self-check of the criteria sheets against docs/criteria-format.md ("Rules" and "Validation").

Usage (from the repository root):

    python3 tools/convert-qd148/check.py assets/criteria/qd148

Prints one line per file: the transcription status and OK, or the failed checks. Files whose
status is `consistent` or `corrected` must pass every check; a file with status `unverified`
may fail the numeric checks (they are listed), but never the structural ones. Exit status 1 if
any file breaks these rules. Python 3 standard library only.
"""

import glob
import json
import os
import re
import sys
import unicodedata

FORMAT = "ocop-criteria-sheet/1"
PART_MAX = {"A": 40, "B": 25, "C": 35}
STATUSES = {"consistent", "corrected", "unverified"}
NOTE_KINDS = {"note", "knockout"}
VI_LETTERS = set("abcdđeghiklmnopqrstuvxy")


def fold(letter):
    return "dd" if letter == "đ" else letter


def text_problems(where, text):
    out = []
    if not isinstance(text, str):
        return [f"{where}: not a string"]
    if unicodedata.normalize("NFC", text) != text:
        out.append(f"{where}: not NFC")
    if re.sub(r"\s+", " ", text).strip() != text:
        out.append(f"{where}: whitespace not normalised")
    if "□" in text:
        out.append(f"{where}: check box glyph left in text")
    if re.search(r"\*{3,5}\W*$", text):
        out.append(f"{where}: star asterisks left in text")
    return out


def check(doc, number):
    """Return (structural problems, numeric problems)."""
    st, num = [], []

    def need(obj, key, kind, where):
        if key not in obj:
            st.append(f"{where}: missing '{key}'")
            return None
        if kind is not None and not isinstance(obj[key], kind):
            st.append(f"{where}: '{key}' has the wrong type")
        return obj[key]

    if doc.get("format") != FORMAT:
        st.append(f"format is {doc.get('format')!r}, expected {FORMAT!r}")
    cs = need(doc, "criteria_set", dict, "root") or {}
    if not re.fullmatch(r"[a-z0-9-]+", str(cs.get("id", ""))):
        st.append("criteria_set.id not lowercase [a-z0-9-]")
    for key in ("instrument_vi", "instrument_short", "issued"):
        need(cs, key, str, "criteria_set")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(cs.get("issued", ""))):
        st.append("criteria_set.issued not YYYY-MM-DD")

    ps = need(doc, "product_set", dict, "root") or {}
    if ps.get("number") != number:
        st.append(f"product_set.number {ps.get('number')!r} does not match the file name ({number})")
    for key in ("name_vi", "name_en", "group_vi", "group_en", "ministry_vi"):
        if not need(ps, key, str, "product_set"):
            st.append(f"product_set.{key} empty")
    if "subgroup_vi" in ps and not isinstance(ps["subgroup_vi"], str):
        st.append("product_set.subgroup_vi has the wrong type")

    tr = need(doc, "transcription", dict, "root") or {}
    status = tr.get("status")
    if status not in STATUSES:
        st.append(f"transcription.status {status!r} unknown")
    if not need(tr, "source", str, "transcription"):
        st.append("transcription.source empty")
    need(tr, "notes", list, "transcription")
    corrections = need(tr, "corrections", list, "transcription") or []
    if status == "corrected" and not corrections:
        st.append("status corrected but no corrections")
    if status == "consistent" and corrections:
        st.append("status consistent but corrections present")
    for i, c in enumerate(corrections):
        for key in ("path", "field", "from", "to", "evidence"):
            if key not in c:
                st.append(f"corrections[{i}]: missing '{key}'")
        if not str(c.get("evidence", "")).strip():
            st.append(f"corrections[{i}]: empty evidence")
    if doc.get("star_marks_binding") is not True and doc.get("star_marks_binding") is not False:
        st.append("star_marks_binding missing or not a boolean")

    ids = []
    parts = need(doc, "parts", list, "root") or []
    if [p.get("code") for p in parts] != ["A", "B", "C"]:
        st.append(f"parts are {[p.get('code') for p in parts]}, expected A, B, C")
    total = 0
    for p in parts:
        code = p.get("code")
        pw = f"part {code}"
        if not p.get("title_en"):
            st.append(f"{pw}: title_en missing")
        st.extend(text_problems(f"{pw} title_vi", p.get("title_vi")))
        pmax = p.get("max_points")
        if not isinstance(pmax, int):
            st.append(f"{pw}: max_points not an integer")
            pmax = None
        total += pmax or 0
        if pmax != PART_MAX.get(code):
            num.append(f"{pw} declares {pmax}, expected {PART_MAX.get(code)}")
        ids.append(code)
        s_sum = 0
        numbers = []
        for s in p.get("sections", []):
            sid = s.get("id")
            sw = f"section {sid}"
            ids.append(sid)
            numbers.append(s.get("number"))
            if sid != f"{code}.{s.get('number')}" or not re.fullmatch(r"[ABC]\.\d+", str(sid)):
                st.append(f"{sw}: id does not match part and number {s.get('number')!r}")
            if not s.get("title_en"):
                st.append(f"{sw}: title_en missing")
            st.extend(text_problems(f"{sw} title_vi", s.get("title_vi")))
            smax = s.get("max_points")
            if not isinstance(smax, int):
                st.append(f"{sw}: max_points not an integer")
            s_sum += smax if isinstance(smax, int) else 0
            for k, n in enumerate(s.get("notes", [])):
                if n.get("kind") not in NOTE_KINDS:
                    st.append(f"{sw} notes[{k}]: kind {n.get('kind')!r}")
                st.extend(text_problems(f"{sw} notes[{k}]", n.get("text_vi")))
            c_sum = 0
            criteria = s.get("criteria", [])
            if not criteria:
                st.append(f"{sw}: no criteria")
            for c in criteria:
                cid = c.get("id")
                cw = f"criterion {cid}"
                ids.append(cid)
                letter = c.get("letter")
                if letter not in VI_LETTERS:
                    st.append(f"{cw}: letter {letter!r} is not a Vietnamese letter")
                elif cid != f"{sid}.{fold(letter)}":
                    st.append(f"{cw}: id does not match section and letter {letter!r}")
                if not re.fullmatch(r"[ABC]\.\d+\.[a-z]{1,2}", str(cid)):
                    st.append(f"{cw}: id not well-formed")
                if "title_en" not in c:
                    st.append(f"{cw}: title_en missing (wanted)")
                if c.get("title_vi") != "":
                    st.extend(text_problems(f"{cw} title_vi", c.get("title_vi")))
                cmax = c.get("max_points")
                if cmax is not None and not isinstance(cmax, int):
                    st.append(f"{cw}: max_points not an integer or null")
                c_sum += cmax if isinstance(cmax, int) else 0
                if c.get("star_mark") not in (None, 3, 4, 5):
                    st.append(f"{cw}: star_mark {c.get('star_mark')!r} not 3..5")
                for k, n in enumerate(c.get("notes", [])):
                    if n.get("kind") not in NOTE_KINDS:
                        st.append(f"{cw} notes[{k}]: kind {n.get('kind')!r}")
                    st.extend(text_problems(f"{cw} notes[{k}]", n.get("text_vi")))
                options = c.get("options", [])
                if not options:
                    st.append(f"{cw}: no options")
                for k, o in enumerate(options, start=1):
                    oid = o.get("id")
                    ids.append(oid)
                    ow = f"option {oid}"
                    if oid != f"{cid}.{k}":
                        st.append(f"{ow}: id should be {cid}.{k} (1-based position)")
                    pts = o.get("points")
                    if not isinstance(pts, int) or isinstance(pts, bool) or pts < 0:
                        st.append(f"{ow}: points {pts!r} not a non-negative integer")
                    if o.get("star_mark") not in (None, 3, 4, 5):
                        st.append(f"{ow}: star_mark {o.get('star_mark')!r} not 3..5")
                    st.extend(text_problems(f"{ow} label_vi", o.get("label_vi")))
                best = max((o.get("points") for o in options if isinstance(o.get("points"), int)), default=None)
                if best != cmax:
                    num.append(f"{cw}: declared maximum {cmax}, best option {best}")
            if c_sum != smax:
                num.append(f"{sw}: criteria sum to {c_sum}, section declares {smax}")
        if s_sum != pmax:
            num.append(f"{pw}: sections sum to {s_sum}, part declares {pmax}")
        if numbers != sorted(numbers) or len(set(numbers)) != len(numbers):
            st.append(f"{pw}: section numbers not ascending and unique: {numbers}")
    if total != 100:
        num.append(f"parts sum to {total}, expected 100")
    dup = sorted({i for i in ids if ids.count(i) > 1}, key=str)
    if dup:
        st.append(f"duplicate ids: {dup}")
    if any(str(i).endswith(".0") for i in ids if i and str(i).count(".") == 3):
        st.append("an option uses the reserved id P.N.x.0")
    return st, num


def main(argv):
    if len(argv) != 2:
        print("usage: check.py FOLDER", file=sys.stderr)
        return 2
    files = sorted(glob.glob(os.path.join(argv[1], "set-*.json")))
    if not files:
        print(f"no set-*.json in {argv[1]}", file=sys.stderr)
        return 2
    bad = 0
    criteria_sets = set()
    counts = {}
    for path in files:
        name = os.path.basename(path)
        number = int(re.search(r"(\d+)", name).group(1))
        raw = open(path, encoding="utf-8").read()
        try:
            doc = json.loads(raw)
        except json.JSONDecodeError as exc:
            print(f"{name}  INVALID JSON  line {exc.lineno} column {exc.colno}: {exc.msg}")
            bad += 1
            continue
        if raw != json.dumps(doc, ensure_ascii=False, indent=2) + "\n":
            print(f"{name}  note: not in the canonical layout (2-space indent, UTF-8, trailing newline)")
        criteria_sets.add(json.dumps(doc.get("criteria_set"), sort_keys=True, ensure_ascii=False))
        status = doc.get("transcription", {}).get("status")
        counts[status] = counts.get(status, 0) + 1
        st, num = check(doc, number)
        failed = st + num
        if st or (num and status != "unverified"):
            bad += 1
            verdict = "FAIL"
        elif num:
            verdict = f"{len(num)} failed check(s), allowed for unverified"
            listed = " ".join(doc["transcription"].get("notes", []))
            missing = [p for p in num if p not in listed]
            if missing:
                verdict += f"; not listed in transcription.notes: {missing}"
        else:
            verdict = "OK"
            if status == "unverified":
                verdict = "OK (status unverified although every check passes)"
        print(f"{name}  {status:<11} {verdict}")
        for p in failed:
            print(f"    - {p}")
    if len(criteria_sets) > 1:
        print("criteria_set differs between files")
        bad += 1
    summary = ", ".join(f"{v} {k}" for k, v in sorted(counts.items(), key=lambda kv: str(kv[0])))
    print(f"{len(files)} files: {summary}; {bad} breaking the rules")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
