"""Times the Typst certificate template (typst PyPI package) for benches/certificates.rs.

usage: bench_typst.py TEMPLATE_DIR DATA_JSON FONTS_DIR OUT_DIR
Prints one JSON object: times in seconds and sizes in bytes.
"""
import json
import os
import sys
import time

import typst

template_dir, data, fonts, out = sys.argv[1:5]
os.makedirs(out, exist_ok=True)
template = os.path.join(template_dir, "certificate.typ")
count = len(json.load(open(data, encoding="utf-8")))
inputs = {"data": os.path.relpath(data, template_dir)}
# The data file must be inside the root: copy it next to the template.
local = os.path.join(template_dir, "certificates.json")
if os.path.abspath(data) != os.path.abspath(local):
    with open(data, "rb") as src, open(local, "wb") as dst:
        dst.write(src.read())
inputs = {"data": "certificates.json"}

t0 = time.perf_counter()
compiler = typst.Compiler(template, root=template_dir, font_paths=[fonts], ignore_system_fonts=True, sys_inputs=inputs)
setup = time.perf_counter() - t0

t0 = time.perf_counter()
multi_path = os.path.join(out, "typst-all.pdf")
compiler.compile(output=multi_path, sys_inputs=inputs)
multi = time.perf_counter() - t0

t0 = time.perf_counter()
single_bytes = 0
for i in range(count):
    path = os.path.join(out, f"typst-{i:03}.pdf")
    compiler.compile(output=path, sys_inputs={**inputs, "index": str(i)})
    single_bytes += os.path.getsize(path)
singles = time.perf_counter() - t0

print(json.dumps({
    "typst_version": typst.__version__,
    "count": count,
    "setup_s": setup,
    "multi_s": multi,
    "multi_bytes": os.path.getsize(multi_path),
    "singles_s": singles,
    "singles_bytes": single_bytes,
}))
