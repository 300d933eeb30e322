#!/usr/bin/env python3
"""One-off converter: QĐ 148/QĐ-TTg scoring-sheet CSV transcriptions -> ocop-criteria-sheet/1 JSON.

Usage (from the repository root):

    python3 tools/convert-qd148/convert.py /work/shared/reference/qd148-sheets assets/criteria/qd148

Input: set-01.csv ... set-26.csv (columns title,description,level,stars,score; level 0 part,
1 section, 2 criterion, 3 option) and index.tsv (number <TAB> sheet name).
Output: set-01.json ... set-26.json in the format of docs/criteria-format.md.

Kept for provenance only; the app never reads the CSVs. Python 3 standard library only.
Re-running it reproduces the JSON files byte for byte. Every departure from the transcription
is an entry of CORRECTIONS below (with its evidence) and is written into the file's
transcription.corrections; nothing is edited by hand in the output. See
docs/criteria-provenance.md for the conversion rules and the findings per set.
"""

import csv
import json
import os
import re
import sys
import unicodedata

FORMAT = "ocop-criteria-sheet/1"

CRITERIA_SET = {
    "id": "qd148-2023",
    "instrument_vi": (
        "Quyết định số 148/QĐ-TTg ngày 24/02/2023 của Thủ tướng Chính phủ ban hành Bộ tiêu chí "
        "và quy trình đánh giá, phân hạng sản phẩm Chương trình Mỗi xã một sản phẩm"
    ),
    "instrument_short": "148/QĐ-TTg",
    "issued": "2023-02-24",
}

SOURCE_TEMPLATE = (
    "Transcription of Phụ lục III of QĐ 148/QĐ-TTg (scoring sheet of product set {n}) from the public "
    "GitHub repository augustine-tran/ocop (db/ocop/*.csv, 2024), as copied into the project's "
    "reference folder (qd148-sheets/set-{n:02d}.csv) and converted by tools/convert-qd148/convert.py. "
    "Not checked against the gazette PDF of the decision."
)

# ---------------------------------------------------------------------------------------------
# Product sets (QĐ 148 Phụ lục I as summarised in ocop-domain.md §1.1). name_vi is the sheet
# heading of the transcription (index.tsv) without the "Bộ sản phẩm_ " prefix.
# ---------------------------------------------------------------------------------------------
NN = "Bộ Nông nghiệp và Phát triển nông thôn"
CT = "Bộ Công Thương"
YT = "Bộ Y tế"
VH = "Bộ Văn hóa, Thể thao và Du lịch"

G_FOOD = ("Thực phẩm", "Food")
G_DRINK = ("Đồ uống", "Beverages")
G_HERB = ("Dược liệu và sản phẩm từ dược liệu", "Medicinal herbs and herbal products")
G_CRAFT = ("Hàng thủ công mỹ nghệ", "Handicrafts")
G_ORNA = ("Sinh vật cảnh", "Ornamental plants and animals")
G_TOUR = (
    "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
    "Community and eco-tourism services and destinations",
)

# number: (name_en, group, subgroup_vi or None, [ministries])
PRODUCT_SETS = {
    1: ("Fresh vegetables, tubers, fruit and nuts", G_FOOD, "Thực phẩm tươi sống", [NN]),
    2: ("Fresh meat, aquatic products, eggs and milk", G_FOOD, "Thực phẩm tươi sống", [NN]),
    3: ("Rice, cereals and other pre-processed grains and seeds", G_FOOD, "Thực phẩm thô, sơ chế", [NN]),
    4: ("Honey, other syrups and other agricultural food products", G_FOOD, "Thực phẩm thô, sơ chế", [NN]),
    5: ("Fast food", G_FOOD, "Thực phẩm chế biến", [CT]),
    6: ("Processed rice and cereal products", G_FOOD, "Thực phẩm chế biến", [NN, CT]),
    7: ("Processed vegetable, tuber, fruit and nut products", G_FOOD, "Thực phẩm chế biến", [NN]),
    8: ("Processed meat, aquatic, egg and milk products and honey products", G_FOOD, "Thực phẩm chế biến", [NN, CT]),
    9: ("Fermented sauces, fish sauce and other liquid seasonings", G_FOOD, "Gia vị", [NN]),
    10: ("Other seasonings (salt, onion, garlic, pepper, ...)", G_FOOD, "Gia vị", [NN]),
    11: ("Fresh and processed tea", G_FOOD, "Chè", [NN]),
    12: ("Teas made from other plants (herbal teas)", G_FOOD, "Chè", [NN]),
    13: ("Coffee and cocoa products", G_FOOD, "Cà phê, ca cao", [NN]),
    14: ("Distilled white spirits", G_DRINK, "Đồ uống có cồn", [CT]),
    15: ("Other alcoholic beverages", G_DRINK, "Đồ uống có cồn", [CT]),
    16: ("Natural mineral water and bottled purified drinking water", G_DRINK, "Đồ uống không cồn", [YT]),
    17: ("Other non-alcoholic beverages", G_DRINK, "Đồ uống không cồn", [CT]),
    18: ("Functional foods, herbal medicines and traditional medicines", G_HERB,
         "Thực phẩm chức năng, thuốc dược liệu, thuốc cổ truyền", [YT]),
    19: ("Cosmetics with herbal ingredients", G_HERB, "Mỹ phẩm có thành phần từ dược liệu (thảo dược)", [YT]),
    20: ("Essential oils and other herbal products", G_HERB, "Tinh dầu và dược liệu (thảo dược) khác", [YT, CT]),
    21: ("Household and decorative handicrafts", G_CRAFT, "Thủ công mỹ nghệ gia dụng, trang trí", [CT, NN]),
    22: ("Textiles and garments", G_CRAFT, "Vải, may mặc", [CT]),
    23: ("Flowers", G_ORNA, "Hoa", [NN]),
    24: ("Ornamental plants", G_ORNA, "Cây cảnh", [NN]),
    25: ("Ornamental animals", G_ORNA, "Động vật cảnh", [NN]),
    26: ("Community tourism, eco-tourism and tourist destination services", G_TOUR, None, [VH, NN]),
}

# ---------------------------------------------------------------------------------------------
# English titles. Keys are the Vietnamese titles after conversion (and after corrections).
# ---------------------------------------------------------------------------------------------
PART_EN = {
    "SẢN PHẨM VÀ SỨC MẠNH CỦA CỘNG ĐỒNG": "Product and community strength",
    "SẢN PHẨM VÀ SỨC MẠNH CỘNG ĐỒNG": "Product and community strength",
    "KHẢ NĂNG TIẾP THỊ": "Marketing capability",
    "CHẤT LƯỢNG SẢN PHẨM": "Product quality",
}

SECTION_EN = {
    "TỔ CHỨC SẢN XUẤT": "Production organisation",
    "PHÁT TRIỂN SẢN PHẨM": "Product development",
    "SỨC MẠNH CỘNG ĐỒNG": "Community strength",
    "TIẾP THỊ": "Marketing",
    "CÂU CHUYỆN VỀ SẢN PHẨM": "Product story",
    "CÂU CHUYỆN SẢN PHẨM": "Product story",
    "CHỈ TIÊU CẢM QUAN": "Sensory indicators",
    "DINH DƯỠNG": "Nutrition",
    "TÍNH ĐỘC ĐÁO": "Uniqueness",
    "CÔNG BỐ CHẤT LƯỢNG SẢN PHẨM": "Product quality declaration",
    "CÔNG BỐ CHẤT LƯỢNG": "Quality declaration",
    "CÔNG BỐ CHẤT LƯỢNG SẢN PHẨM, KIỂM TRA ĐỊNH KỲ": "Product quality declaration and periodic testing",
    "ĐẢM BẢO CHẤT LƯỢNG SẢN PHẨM": "Product quality assurance",
    "HƯỚNG DẪN SỬ DỤNG ĐỂ ĐẢM BẢO SẢN PHẨM CÓ CHẤT LƯỢNG TỐT NHẤT CHO NGƯỜI TIÊU DÙNG":
        "Instructions for use ensuring the best quality for consumers",
    "CƠ HỘI THỊ TRƯỜNG TOÀN CẦU": "Global market opportunity",
    "ĐIỀU KIỆN ĐẢM BẢO AN TOÀN CHẤT LƯỢNG SẢN PHẨM": "Conditions ensuring product safety and quality",
    "CHẤT LƯỢNG AN TOÀN THỰC PHẨM": "Food safety",
    "SỰ TIỆN LỢI KHI SỬ DỤNG, BẢO QUẢN": "Convenience of use and storage",
    "HIỆU QUẢ SỬ DỤNG": "Effectiveness in use",
    "KIỂM TRA ĐỊNH KỲ": "Periodic testing",
    "TÍNH AN TOÀN": "Safety",
    "CÁC CHỈ TIÊU": "Quality indicators",
    "KIỂM TRA ĐỊNH KỲ CÁC CHỈ TIÊU ATTP VÀ AN TOÀN SẢN PHẨM THEO QUY ĐỊNH":
        "Periodic testing of food-safety and product-safety indicators",
    "CHẤT LƯỢNG SẢN PHẨM": "Product quality",
    "TỔ CHỨC DỊCH VỤ CỘNG ĐỒNG": "Organisation of community services",
    "VỊ TRÍ": "Location",
    "KIẾN TRÚC VÀ CẢNH QUAN MÔI TRƯỜNG": "Architecture and landscape",
    "CHẤT LƯỢNG VỀ ĐIỀU KIỆN KINH DOANH DỊCH VỤ": "Business conditions of the services",
    "CHẤT LƯỢNG AN TOÀN VÀ AN NINH TRẬT TỰ": "Safety, security and public order",
    "TÍNH HOÀN THIỆN CỦA QUÁ TRÌNH DỊCH VỤ": "Completeness of the service process",
    "HOẠT ĐỘNG TRẢI NGHIỆM": "Experience activities",
    "QUẢN LÝ VÀ NHÂN VIÊN": "Management and staff",
    "CHẤT LƯỢNG SẢN PHẨM DỊCH VỤ DU LỊCH": "Quality of the tourism products",
    "CHẤT LƯỢNG PHỤC VỤ": "Quality of service",
    "TIỆN NGHI": "Amenities",
    "HOẠT ĐỘNG THU HÚT KHÁCH DU LỊCH": "Activities attracting visitors",
    "HÀNG HÓA DỊCH VỤ (ĂN UỐNG, ĐỒ LƯU NIỆM...)": "Goods and services (food and drink, souvenirs...)",
}

CRITERION_EN = {
    "": "",
    # A.1 production organisation
    "Nguồn gốc sản phẩm": "Origin of the product",
    "Nguồn nguyên liệu": "Source of raw materials",
    "Gia tăng giá trị": "Value added",
    "Năng lực sản xuất đáp ứng yêu cầu phân phối": "Production capacity to meet distribution demand",
    "Năng lực sản xuất để đáp ứng yêu cầu phân phối": "Production capacity to meet distribution demand",
    "Liên kết sản xuất": "Production linkage",
    "Liên kết chuỗi trong sản xuất": "Value-chain linkage in production",
    "Bảo vệ môi trường trong quá trình sản xuất": "Environmental protection in production",
    "Sử dụng công nghệ theo hướng bền vững trong sản xuất": "Sustainable technology in production",
    # A.2 product development
    "Nguồn gốc ý tưởng sản phẩm": "Origin of the product idea",
    "Đóng gói, bao bì sản phẩm": "Packing and packaging",
    "Phong cách, ghi nhãn hàng hóa": "Style and labelling",
    "Bao bì, ghi nhãn sản phẩm": "Packaging and labelling",
    "Phong cách, ghi nhãn sản phẩm (tem, nhãn gắn trên sản phẩm)": "Style and labelling (tags and labels on the product)",
    # A.3 community strength
    "Loại hình tổ chức sản xuất - kinh doanh": "Type of business organisation",
    "Đại diện pháp luật của chủ thể là nữ/đồng bào dân tộc thiểu số":
        "Legal representative is a woman or from an ethnic minority",
    "Sử dụng lao động địa phương": "Use of local labour",
    "Tăng trưởng sản xuất kinh doanh": "Business growth",
    "Kế toán": "Accounting",
    "Sở hữu trí tuệ": "Intellectual property",
    # B.4 marketing
    "Khu vực phân phối chính": "Main distribution area",
    "Tổ chức phân phối": "Distribution organisation",
    "Quảng bá sản phẩm": "Product promotion",
    # B.5 story
    "Câu chuyện về sản phẩm": "Product story",
    "Trí tuệ/bản sắc địa phương": "Local knowledge and identity",
    "Cấu trúc câu chuyện": "Story structure",
    # C sensory (food and drink)
    "Tạp chất": "Foreign matter",
    "Tạp chất lạ": "Foreign matter",
    "Kích thước, hình dạng bề ngoài": "Size and outward shape",
    "Kích thước, độ đồng đều": "Size and uniformity",
    "Độ đồng đều của sản phẩm": "Uniformity of the product",
    "Ngoại hình, đồng đều": "Appearance and uniformity",
    "Hình dạng": "Shape",
    "Hình dạng (Của ngoại hình trà, trà thảo mộc,...)": "Shape (of the dry tea or herbal tea)",
    "Hình dạng, thể chất": "Shape and texture",
    "Thể chất": "Texture",
    "Màu sắc": "Colour",
    "Màu sắc, độ chín": "Colour and ripeness",
    "Màu sắc, thể chất": "Colour and texture",
    "Mùi": "Smell",
    "Mùi/vị": "Smell/taste",
    "Mùi, vị": "Smell and taste",
    "Vị": "Taste",
    "Tính đầy đủ về sản phẩm, sạch": "Completeness and cleanliness",
    "Màu nước": "Colour of the infusion",
    "Mùi nước": "Aroma of the infusion",
    "Vị nước": "Taste of the infusion",
    "Ngoại hình - Tạp chất": "Appearance - foreign matter",
    "Ngoại hình - Hình dạng, màu sắc cánh chè": "Appearance - shape and colour of the tea leaves",
    "Ngoại hình - Tạp chất lạ": "Appearance - foreign matter",
    "Ngoại hình - Trạng thái/hình dạng": "Appearance - state/shape",
    "Ngoại hình - Màu sắc": "Appearance - colour",
    "Ngoại hình - Mùi": "Appearance - smell",
    "Ngoại hình - Vị": "Appearance - taste",
    "Nước pha - Màu nước": "Infusion - colour",
    "Nước pha - Mùi nước": "Infusion - aroma",
    "Nước pha - Vị nước": "Infusion - taste",
    "Nước pha - Mùi, vị": "Infusion - smell and taste",
    # C other food sections
    "Chỉ ra hàm lượng của các chỉ tiêu dinh dưỡng như: Protit, Lipid, Vitamin,...":
        "Stated content of nutritional indicators (protein, lipid, vitamins, ...)",
    "Chất lượng: Có nét riêng, khác biệt, có dấu hiệu nhận biết rõ ràng so với sản phẩm khác, "
    "tiềm năng thành thương hiệu của địa phương":
        "Quality: distinctive, clearly recognisable, potential local brand",
    "Công bố tiêu chuẩn sản phẩm của cơ sở sản xuất": "Product standard declared by the producer",
    "Công bố chất lượng sản phẩm": "Product quality declaration",
    "Công bố chất lượng sản phẩm theo quy định": "Product quality declaration as required",
    "Kiểm tra định kỳ các chỉ tiêu ATTP theo quy định": "Periodic food-safety testing as required",
    "ĐẢM BẢO CHẤT LƯỢNG SẢN PHẨM": "Product quality assurance",
    "HƯỚNG DẪN SỬ DỤNG ĐỂ ĐẢM BẢO SẢN PHẨM CÓ CHẤT LƯỢNG TỐT NHẤT CHO NGƯỜI TIÊU DÙNG":
        "Instructions for use ensuring the best quality for consumers",
    "CƠ HỘI THỊ TRƯỜNG TOÀN CẦU": "Global market opportunity",
    # C handicrafts, textiles, ornamentals
    "Mức độ tinh xảo/sắc nét của sản phẩm": "Refinement and precision of the workmanship",
    "Thiết kế độc đáo": "Distinctive design",
    "Các yếu tố tích hợp lên giá trị của sản phẩm": "Elements that add to the product's value",
    "Các tính năng của sản phẩm": "Functions of the product",
    "Chất lượng của nguyên liệu/thành phần": "Quality of the materials/components",
    "Thiết kế sản phẩm (bao gói, chậu trồng,...)": "Product design (packaging, pots, ...)",
    "Hình dáng so với loại sản phẩm": "Form compared with the product type",
    "Kiểu dáng, tạo hình, mỹ thuật": "Form, shaping and artistry",
    "Thiết kế sản phẩm (chậu trồng, phụ kiện kèm theo...)": "Product design (pots, accessories, ...)",
    # tourism
    "Bộ phận điều phối quản lý và điều hành dịch vụ": "Service coordination and management unit",
    "Cơ chế quản lý/quy định": "Management mechanism and rules",
    "Bảo vệ môi trường trong cộng đồng làm du lịch/điểm du lịch":
        "Environmental protection in the tourism community or destination",
    "Sử dụng năng lượng tiết kiệm": "Energy saving",
    "Nguồn gốc ý tưởng sản phẩm dịch vụ du lịch": "Origin of the tourism product idea",
    "Tổ chức dịch vụ theo thị trường mục tiêu": "Services organised for target markets",
    "Bảo vệ, bảo tồn các di sản văn hóa, thiên nhiên, đa dạng sinh học liên quan đến sản phẩm dịch vụ du lịch":
        "Protection of cultural and natural heritage and biodiversity",
    "Liên kết chuỗi giá trị trong quảng bá sản phẩm du lịch": "Value-chain linkage in tourism promotion",
    "Liên kết vùng và chuỗi giá trị trong sản phẩm dịch vụ du lịch":
        "Regional and value-chain linkage of tourism products",
    "Tổ chức quảng bá, bán hàng": "Promotion and sales organisation",
    "Bộ nhận diện quảng bá sản phẩm": "Promotional identity materials",
    "Trình bày câu chuyện sản phẩm": "Presentation of the product story",
    "Sản phẩm dịch vụ du lịch trên địa bàn đạt chuẩn nông thôn mới":
        "Tourism product in an area meeting the new-countryside standard",
}

# ---------------------------------------------------------------------------------------------
# Conversion exceptions (not corrections: they decide where printed text goes, not what it says).
# A criterion title whose second line is a qualifier of the name, not guidance: kept in the title.
# Key: (set number, CSV line number).
# ---------------------------------------------------------------------------------------------
KEEP_SECOND_LINE_IN_TITLE = {
    (12, 105): "b) Hình dạng / (Của ngoại hình trà, trà thảo mộc,...): says what is judged, part of the name",
}

# ---------------------------------------------------------------------------------------------
# CORRECTIONS. Each entry: set, line (CSV line number of the row, header = line 1), op, field,
# from, to, path (id of the element in the output file) and evidence. The script checks that the
# transcribed value equals `from` before writing `to`, and that the element ends up with id
# `path`; a mismatch aborts the run. Ops:
#   set      - replace one field of the row's element (points, max_points, letter, title_vi, label_vi)
#   replace  - fix a misspelt word inside a text field: each (old, new) pair of `pairs` must occur
#              exactly once; `from`/`to` in the JSON are the whole text before and after
#   reletter - give the criteria of the section starting at `line` the letters in `to`
#   flatten  - the criterion row at `line` is a heading without options (a group of dash
#              sub-items); remove it, prefix its sub-items' titles with its title + " - " and give
#              them the letters in `letters`
#   merge_alternatives - the section at `line` says "choose one of the two cases"; its case
#              criteria become one criterion (letter a, empty title) holding all their options in
#              printed order, each label prefixed with its case heading + " - "
# `from`/`to` of structural ops are human-readable descriptions (as written to the JSON).
# ---------------------------------------------------------------------------------------------
C = []  # filled below, set by set


def corr(set_no, line, op, field, frm, to, path, evidence, **extra):
    entry = {"set": set_no, "line": line, "op": op, "field": field, "from": frm, "to": to,
             "path": path, "evidence": evidence}
    entry.update(extra)
    C.append(entry)


KHANANG_EVIDENCE = (
    "Typo: 'NĂNC' is not a Vietnamese word. The same part heading is printed 'KHẢ NĂNG TIẾP THỊ' in "
    "sets 1 and 8-26 of the same transcription, and the Part B name is 'Khả năng tiếp thị' in every "
    "description of QĐ 148 (ocop-domain.md §1.2)."
)
for _n in (2, 3, 4, 5, 6, 7):
    corr(_n, 63, "set", "title_vi", "KHẢ NĂNC TIẾP THỊ", "KHẢ NĂNG TIẾP THỊ", "B", KHANANG_EVIDENCE)

# Set 3: four single-criterion sections whose "a)" row has no points.
_S3 = ("Single-criterion section: the criterion row 'a)' is transcribed without points. The section's "
       "declared maximum ({sec}) is the sum of its only criterion, and it equals the best option ({sec}); "
       "the same section in sets 1 and 4 declares {sec} for its criterion.")
corr(3, 121, "set", "max_points", None, 2, "C.7.a", _S3.format(sec=2))
corr(3, 126, "set", "max_points", None, 5, "C.8.a", _S3.format(sec=5))
corr(3, 142, "set", "max_points", None, 5, "C.10.a", _S3.format(sec=5))
corr(3, 153, "set", "max_points", None, 3, "C.12.a", _S3.format(sec=3))

# Set 11: sensory section printed as two headings with dash sub-items.
_S11 = ("The sheet nests dash sub-items under '{g}' (declared {m}, no check boxes of its own; {m} = sum of "
        "its sub-items). The format has no sub-criteria, so the heading row becomes part of each "
        "sub-item's title (as set 13 of the same transcription prints it: 'a) Ngoại hình - Tạp chất lạ') "
        "and the sub-items are lettered in sequence. No points or maxima change.")
corr(11, 101, "flatten", "criteria",
     "a) Ngoại hình (4): - Tạp chất (2); - Hình dạng, màu sắc cánh chè (2)",
     "C.6.a 'Ngoại hình - Tạp chất' (2); C.6.b 'Ngoại hình - Hình dạng, màu sắc cánh chè' (2)",
     "C.6.a", _S11.format(g="a) Ngoại hình", m=4), letters=["a", "b"])
corr(11, 110, "flatten", "criteria",
     "b) Nước pha (9): - Màu nước (3); - Mùi nước (3); - Vị nước (3)",
     "C.6.c 'Nước pha - Màu nước' (3); C.6.d 'Nước pha - Mùi nước' (3); C.6.dd 'Nước pha - Vị nước' (3)",
     "C.6.c", _S11.format(g="b) Nước pha", m=9), letters=["c", "d", "đ"])

# Set 13: sensory sub-items printed with their group letter repeated ("a) Ngoại hình - ...").
corr(13, 100, "reletter", "letter", "a, a, a, a, a, b, b", "a, b, c, d, đ, e, g", "C.6",
     "The seven sensory criteria are transcribed as 'a) Ngoại hình - …' (5 rows) and 'b) Nước pha - …' "
     "(2 rows), i.e. the group letter of the heading is repeated, which gives duplicate ids. The titles "
     "keep the group name; the criteria are lettered in sequence (Vietnamese order a, b, c, d, đ, e, g). "
     "No points or maxima change.",
     letters=["a", "b", "c", "d", "đ", "e", "g"])

# Set 17 and 18: option points that are letters (OCR-like 1 -> l / t).
corr(17, 18, "set", "points", "l", 1, "A.1.d.2",
     "The score cell holds the letter 'l' (a misread '1'). The option lies between 0 and 2 on the same "
     "criterion, and the identical option 'Có hợp đồng liên kết sản xuất từ 50% đến dưới 75% sản lượng "
     "nguyên liệu đầu vào cho chế biến' scores 1 in all 17 other sets that print it.")
corr(18, 10, "set", "points", "t", 1, "A.1.b.2",
     "The score cell holds the letter 't' (a misread '1'). The option 'Chế biến đơn giản' lies between "
     "'Phân loại, sơ chế' (0) and 'Chế biến' (2) and scores 1 in the 11 other sets that print it "
     "(sets 5-13, 19, 20).")

# Set 18 and 19: intellectual-property criterion lettered "c" after "đ" (duplicate id A.3.c).
for _n, _line in ((18, 61), (19, 61)):
    corr(_n, _line, "set", "letter", "c", "e", "A.3.e",
         "Letter 'c' repeats 'c) Sử dụng lao động địa phương' of the same section and follows 'đ) Kế toán'; "
         "the same criterion 'Sở hữu trí tuệ****' is lettered 'e)' in the 24 other sets.")

# Set 26: three sections that say "Lựa chọn một trong hai trường hợp sau:".
_S26 = ("The section note printed on the sheet reads 'Lựa chọn một trong hai trường hợp sau:' (choose one "
        "of the two following cases): the evaluator scores either case 1 (tourism community) or case 2 "
        "(tourism service point), never both, so the section is worth the best option of one case ({m}), "
        "which is its declared maximum; adding the two cases ({m}+{m}) double-counts. Ticking one box "
        "among the options of both cases is the same choice, so the cases are kept as one criterion; "
        "every label, point value and maximum is unchanged.")
corr(26, 93, "merge_alternatives", "criteria",
     "a. Trường hợp 1: Cộng đồng dịch vụ du lịch (3: 1/2/3); b. Trường hợp 2: Điểm dịch vụ du lịch (3: 1/2/3)",
     "C.8.a (3): the 6 options in printed order, labels prefixed 'Trường hợp 1: Cộng đồng dịch vụ du lịch - ' "
     "or 'Trường hợp 2: Điểm dịch vụ du lịch - '",
     "C.8.a", _S26.format(m=3))
corr(26, 102, "merge_alternatives", "criteria",
     "a. Trường hợp 1: Cộng đồng dịch vụ du lịch (2: 1/2); b. Trường hợp 2: Điểm dịch vụ du lịch (2: 1/2)",
     "C.9.a (2): the 4 options in printed order, labels prefixed 'Trường hợp 1: Cộng đồng dịch vụ du lịch - ' "
     "or 'Trường hợp 2: Điểm dịch vụ du lịch - '",
     "C.9.a", _S26.format(m=2))
corr(26, 129, "merge_alternatives", "criteria",
     "a. Trường hợp 1: Cộng đồng dịch vụ du lịch (3: 1/3); b. Trường hợp 2: Điểm dịch vụ du lịch (3: 1/3)",
     "C.15.a (3): the 4 options in printed order, labels prefixed 'Trường hợp 1: Cộng đồng dịch vụ du lịch - ' "
     "or 'Trường hợp 2: Điểm dịch vụ du lịch - '",
     "C.15.a", _S26.format(m=3))

# Misspelt words in option labels and notes (sibling sets print the identical sentence correctly).
def typo(set_no, line, field, pairs, path, evidence):
    corr(set_no, line, "replace", field, None, None, path, "Typo. " + evidence, pairs=pairs)


typo(1, 11, "label_vi", [("thời gian bản quản", "thời gian bảo quản")], "A.1.b.3",
     "'bản quản' is not a word; the identical option in sets 3 and 4 reads 'kéo dài thời gian bảo quản', and "
     "the same label already says 'bảo quản' earlier.")
typo(3, 106, "label_vi", [("chấp nhận dược", "chấp nhận được")], "C.6.b.2",
     "The identical option 'Không đồng đều, chấp nhận được' is spelt 'được' in sets 1, 2, 6, 8, 12, 13, 23 and 25.")
typo(7, 151, "label_vi", [("các thị hường", "các thị trường")], "C.11.a.2",
     "'thị hường' is not a word; the identical option reads 'các thị trường ngoài khu vực Đông Nam Á' in the "
     "24 other sets that print it.")
typo(7, 152, "label_vi", [("xuất khẩn", "xuất khẩu")], "C.11.a.3",
     "'xuất khẩn' is not a word; the identical option reads 'Có thể xuất khẩu đến các thị trường có tiêu "
     "chuẩn cao (Mỹ, Nhật, EU...)' in 22 other sets.")
for _n, _line in ((8, 24), (11, 25)):
    typo(_n, _line, "label_vi", [("bảo vệ môi hường;", "bảo vệ môi trường;")], "A.1.dd.3",
         "'môi hường' is not a word; the identical option reads 'bảo vệ môi trường;' in 22 other sets.")
for _n, _line in ((8, 41), (9, 41), (10, 41), (11, 42)):
    typo(_n, _line, "label_vi", [("đầy đủ, đóng quy định", "đầy đủ, đúng quy định")], "A.2.c.2",
         "'đóng quy định' makes no sense here; the identical option reads 'Ghi nhãn hàng hóa đầy đủ, đúng quy "
         "định, …' in 16 other sets, and the next option of the same criterion says 'đúng quy định'.")
typo(17, 50, "label_vi", [("của chủ thế là", "của chủ thể là")], "A.3.b.2",
     "'chủ thế' is a misspelling of 'chủ thể' (the legal entity), as printed in the criterion title and the "
     "other option of the same criterion, and in this option in the 25 other sets.")
typo(17, 74, "label_vi", [("quản lý phản phối", "quản lý phân phối")], "B.4.b.4",
     "'phản phối' is not a word; the identical option reads 'quản lý phân phối' in 23 other sets and in the "
     "previous options of the same criterion.")
typo(18, 101, "label_vi", [("(GMP đố; với", "(GMP đối với")], "C.6.a.1",
     "'đố;' is a broken 'đối'; the next two options of the same criterion read '(GMP đối với thực phẩm bảo vệ "
     "sức khỏe hoặc tương đương)'.")
for _n in (18, 19):
    typo(_n, 13, "notes[0].text_vi", [("cùng đối lượng sản xuất", "cùng đối tượng sản xuất")], "A.1.c",
         "'đối lượng' is a misspelling of 'đối tượng'; the identical note reads 'ở cùng đối tượng sản xuất tại địa "
         "phương' in 22 other sets.")
for _line, _path in ((5, "A.1.a.1"), (6, "A.1.a.2"), (7, "A.1.a.3")):
    typo(20, _line, "label_vi", [("nguồn gốc trong tính", "nguồn gốc trong tỉnh")], _path,
         "'trong tính' makes no sense here; the identical option reads 'nguyên liệu có nguồn gốc trong tỉnh' in "
         "the 17 other sets that print it.")
typo(20, 21, "label_vi", [("nguyên liệu dầu vào", "nguyên liệu đầu vào"), ("ổn định tử 12", "ổn định từ 12")],
     "A.1.d.4",
     "'dầu vào' and 'tử 12 tháng' are misspellings; the identical option reads 'nguyên liệu đầu vào cho chế biến "
     "… ổn định từ 12 tháng trở lên' in sets 5-19, and option 3 of the same criterion says 'đầu vào'.")
typo(20, 25, "label_vi", [("hồ sơ mình chứng", "hồ sơ minh chứng")], "A.1.dd.3",
     "'mình chứng' is a misspelling of 'minh chứng' (evidence), which the same label uses earlier and the "
     "identical option uses in 22 other sets.")
typo(20, 32, "label_vi", [("kỹ thuật truyền thông", "kỹ thuật truyền thống")], "A.2.a.2",
     "'truyền thông' (media) makes no sense here; the identical option reads 'kỹ thuật truyền thống' "
     "(traditional technique) in 20 other sets.")
typo(20, 69, "label_vi", [("đại diện/đại, lý", "đại diện/đại lý")], "B.4.a.3",
     "A comma splits the word 'đại lý' (agent); the identical option reads 'đại diện/đại lý phân phối' in 22 "
     "other sets.")
for _n in (21, 22):
    typo(_n, 20, "label_vi", [("hợp đồng ấn định", "hợp đồng ổn định")], "A.1.d.4",
         "'ấn định' (fixed) for 'ổn định' (stable); the identical option reads 'tổ chức thực hiện hợp đồng ổn định "
         "từ 12 tháng trở lên' in sets 5-19.")
    typo(_n, 32, "label_vi", [("ở nhiêu nơi", "ở nhiều nơi")], "A.2.a.3",
         "'nhiêu' for 'nhiều'; the identical option reads 'Sản phẩm được sản xuất ở nhiều nơi trên địa bàn' in 14 "
         "other sets.")
    typo(_n, 58, "label_vi", [("chứng nhận đang ký", "chứng nhận đăng ký")], "A.3.e.2",
         "'đang ký' for 'đăng ký' (registration); the identical option and option 1 of the same criterion read "
         "'giấy chứng nhận đăng ký' in the 23 other sets.")

CORRECTIONS = C

# ---------------------------------------------------------------------------------------------
# Notes per set for transcription.notes (findings that are not corrections).
# ---------------------------------------------------------------------------------------------
SET_NOTES = {
    1: [
        "Star marks that differ from sibling sets (kept as transcribed, unverified): B.4.a option 4 "
        "('Thị trường quốc tế …') carries ***** only in this set; the same option has no mark in sets 2-25. "
        "C.8.a option 4 ('Rất độc đáo và có tính đặc trưng') has no mark here but ***** in set 9 and in the "
        "'Tính độc đáo' section of sets 2-8, 10-20.",
    ],
    2: [
        "The knock-out note of C.6.a reads 'cân trùng, mẫu gỗ' (probably 'côn trùng, mẩu gỗ', insects, wood "
        "chips); no other set prints this sentence, so it is kept as transcribed.",
    ],
    6: [
        "C.6.c 'Màu sắc' options 3 and 4 carry no star marks here, whereas the identical options carry **** "
        "and ***** in sets 7-10; kept as transcribed, unverified.",
    ],
    7: [
        "C.6.d 'Mùi' declares 4 points but its three options score 1, 2 and 3. The section (2+2+3+4+5 = 16) "
        "and Part C (16+5+4+5+2+3 = 35) add up only with 4, so the declared maximum is probably right and an "
        "option is mis-scored or missing (e.g. the top option worth 4, or a fourth option). Alternatively "
        "the maximum is 3 and another sensory criterion is worth one point more: the sibling sets 5, 6, 8, 9 "
        "and 10 also total 16 but as 2/3/3/3/5, with 'Mùi' worth 3 and the shape/texture criterion worth "
        "3, whereas this set prints C.6.b 'Hình dạng, thể chất' with maximum 2 (options 0/1/2). No second "
        "copy of this sheet was found, so no number is changed.",
    ],
    11: [
        "Part C declares 35 but its sections sum to 32 (C.6 13, C.7 5, C.8 4, C.9 5, C.10 2, C.11 3). "
        "Sections C.7-C.11 match the processed-food sets 5-10 point for point, where the sensory section "
        "is worth 16 and Part C adds up to 35, so the 3 missing points most likely belong to C.6 "
        "(printed as a) Ngoại hình 4 = 2+2 and b) Nước pha 9 = 3+3+3, internally consistent). Candidate "
        "explanations: (1) a sensory criterion worth 3 is missing from the transcription, e.g. one on the "
        "infused leaf (bã chè), which tea tasting judges besides dry leaf and infusion (TCVN 5087:1990 / "
        "ISO 6078); (2) maxima in C.6 were mis-transcribed together with their options; (3) the "
        "published sheet itself does not add up. No second copy of this sheet was found, so no number is "
        "changed.",
    ],
    12: [
        "Part C declares 35 but its sections sum to 32 (C.6 13, C.7 5, C.8 4, C.9 5, C.10 2, C.11 3), as "
        "in set 11. Sections C.7-C.11 match sets 5-10 point for point, where the sensory section is worth "
        "16, so the 3 missing points most likely belong to C.6 (a) Tạp chất 2, b) Hình dạng 2, c) Màu "
        "nước 3, d) Mùi nước 3, đ) Vị nước 3 = 13, internally consistent). Candidates: a missing sensory "
        "criterion worth 3, mis-transcribed maxima in C.6, or an error in the published sheet. No second "
        "copy of this sheet was found, so no number is changed.",
    ],
    13: [
        "Part C declares 35 but its sections sum to 33 (C.6 14, C.7 5, C.8 4, C.9 5, C.10 2, C.11 3). "
        "Sections C.7-C.11 match sets 5-12 point for point, so the 2 missing points most likely belong to "
        "the sensory section C.6 (seven criteria of 2 points each). Candidates: a missing sensory "
        "criterion worth 2 (the infusion is judged on colour and on smell and taste together, while the "
        "appearance has separate smell and taste criteria), mis-transcribed maxima, or an error in the "
        "published sheet. No second copy of this sheet was found, so no number is changed.",
        "C.6 carries no star marks in this set, while the sensory sections of sets 11 and 12 carry ****.",
    ],
    24: [
        "A.2.b options 1 (0 points) and 2 (1 point) have the same label 'Thông tin/thuyết minh về sản phẩm "
        "chưa đầy đủ' (also in set 25); one of them is probably mistranscribed, but no source shows the "
        "right wording, so both are kept and are told apart by their points.",
    ],
    25: [
        "A.2.b options 1 (0 points) and 2 (1 point) have the same label 'Thông tin/thuyết minh về sản phẩm "
        "chưa đầy đủ' (also in set 24); one of them is probably mistranscribed, but no source shows the "
        "right wording, so both are kept and are told apart by their points.",
    ],
    26: [
        "Only two star marks are transcribed: option 2 of A.3.d (****) and criterion A.3.e (****). Both "
        "are in section A.3, the only section this sheet shares with the other 25 sheets, and they are "
        "exactly the marks those sheets carry there; the other sections are specific to tourism. This fits "
        "a sheet with no further marks, but an omission by the transcriber cannot be ruled out (unverified).",
        "A.3.d 'Tăng trưởng sản xuất kinh doanh' is worth 3 here (options 1/3) against 2 (options 1/2) in "
        "the other sets; A.1 15 + A.2 12 + A.3 13 = 40, so it is kept.",
        "C.8, C.9 and C.15 each offer two cases (1: tourism community, 2: tourism service point); the same "
        "case should be used in all three sections, which the sheet does not enforce.",
    ],
}

RAW_MATERIAL_STAR_NOTE = (
    "A.1.a 'Nguồn nguyên liệu': the *** mark is on option 2 (50% to under 75%, 3 points) in sets 5, 11, 12 "
    "and 13, but on option 1 (under 50%, 1 point) in sets 6-10 and 14-22; kept as transcribed, unverified."
)
for _n in (5, 11, 12, 13):
    SET_NOTES.setdefault(_n, []).append(RAW_MATERIAL_STAR_NOTE)

# Knock-out notes: sets 1-6 print them in the description column of the transcription; from set 7 on
# that column is empty (set 13 and 26 excepted for a few guidance notes).
MISSING_KNOCKOUTS_NOTE = (
    "Sets 1-6 of the transcription print knock-out notes (e.g. 'Ghi chú: Bị loại nếu sử dụng toàn bộ nguyên "
    "liệu nhập khẩu hoặc không rõ nguồn gốc' on 'Nguồn nguyên liệu', the foreign-matter stop on 'Tạp chất', "
    "'Không đánh giá các bước tiếp theo nếu Giấy chứng nhận đủ điều kiện ATTP … không phù hợp' on quality "
    "assurance). The transcription of this set has {what}. Whether the official sheet prints them is not "
    "verified; none was added."
)

# ---------------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------------
KNOCKOUT_PATTERNS = [
    r"không đánh giá các bước tiếp theo",
    r"không xem xét các chỉ tiêu khác",
    r"bị loại",
    r"không đánh giá những sản phẩm",
]
VI_LETTERS = "abcdđeghiklmnopqrstuvxy"


def nfc(s):
    return unicodedata.normalize("NFC", s)


def ws(s):
    """Unicode NFC, every run of whitespace (newlines included) becomes one space, trimmed."""
    return re.sub(r"\s+", " ", nfc(s)).strip()


def note(text):
    text = ws(text)
    low = text.lower()
    kind = "knockout" if any(re.search(p, low) for p in KNOCKOUT_PATTERNS) else "note"
    return {"kind": kind, "text_vi": text}


def split_lines(raw):
    lines = [l for l in (x.strip() for x in nfc(raw).replace("\r", "").split("\n")) if l]
    return lines


STAR_RE = re.compile(r"\s*(\*{3,5})\s*(?=[.]?\s*$)")


def take_stars(text):
    """Remove a trailing run of 3-5 asterisks (optionally followed by a final period)."""
    m = STAR_RE.search(text)
    if not m:
        return text, None
    stars = len(m.group(1))
    return (text[: m.start()] + text[m.end():]).strip(), stars


def parse_score(raw):
    raw = raw.strip()
    if raw == "":
        return None
    if re.fullmatch(r"\d+", raw):
        return int(raw)
    return raw  # kept as text; must be corrected, or the run fails


class Fail(Exception):
    pass


def parse_sheet(path, set_no):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    parts = []
    for idx, row in enumerate(rows):
        line = idx + 2
        level = row["level"].strip()
        title = row["title"]
        desc = row["description"]
        stars_col = row["stars"].strip()
        score = parse_score(row["score"])
        lines = split_lines(title)
        desc_notes = [note(desc)] if desc.strip() else []
        where = f"set {set_no} line {line}"
        if level == "0":
            m = re.fullmatch(r"Phần\s+([ABC])\s*[:.]?\s*(.*?)\s*(?:\((\d+)\s*Điểm\))?", ws(title))
            if not m:
                raise Fail(f"{where}: part title not understood: {title!r}")
            if m.group(3) and int(m.group(3)) != score:
                raise Fail(f"{where}: part title says {m.group(3)} points, score column {score}")
            parts.append({"code": m.group(1), "title_vi": m.group(2), "max_points": score,
                          "sections": [], "line": line})
        elif level == "1":
            m = re.fullmatch(r"(\d+)\s*\.\s*(.*)", lines[0])
            if not m:
                raise Fail(f"{where}: section title not understood: {title!r}")
            notes = [note(l) for l in lines[1:]] + desc_notes
            parts[-1]["sections"].append({"number": int(m.group(1)), "title_vi": ws(m.group(2)),
                                          "max_points": score, "notes": notes, "criteria": [],
                                          "line": line})
        elif level == "2":
            first = lines[0] if lines else ""
            m = re.fullmatch(r"([a-zđ])\s*[).]\s*(.*)", first) or re.fullmatch(r"(-)\s*(.*)", first)
            if not m:
                raise Fail(f"{where}: criterion title not understood: {title!r}")
            letter, rest = m.group(1), m.group(2)
            rest, star = take_stars(rest)
            if star is not None and str(star) != stars_col:
                raise Fail(f"{where}: {star} asterisks but stars column {stars_col!r}")
            if star is None and stars_col:
                raise Fail(f"{where}: stars column {stars_col!r} without asterisks")
            extra = lines[1:]
            if (set_no, line) in KEEP_SECOND_LINE_IN_TITLE:
                rest, extra = rest + " " + " ".join(extra), []
            notes = [note(l) for l in extra] + desc_notes
            parts[-1]["sections"][-1]["criteria"].append({
                "letter": letter, "title_vi": ws(rest), "max_points": score, "star_mark": star,
                "notes": notes, "options": [], "line": line, "implicit": False})
        elif level == "3":
            if not lines or not lines[0].startswith("□"):
                raise Fail(f"{where}: option without check box: {title!r}")
            label = lines[0][1:]
            label, star = take_stars(label)
            if "*" in label:
                raise Fail(f"{where}: stray asterisk in {title!r}")
            if star is not None and str(star) != stars_col:
                raise Fail(f"{where}: {star} asterisks but stars column {stars_col!r}")
            if star is None and stars_col:
                raise Fail(f"{where}: stars column {stars_col!r} without asterisks")
            if desc.strip():
                raise Fail(f"{where}: option with a description")
            section = parts[-1]["sections"][-1]
            if not section["criteria"] or rows[idx - 1]["level"].strip() == "1":
                # Options printed directly under a section: one implicit criterion "a" with an empty
                # title whose maximum is the section's declared maximum (see provenance, rule R6).
                section["criteria"].append({
                    "letter": "a", "title_vi": "", "max_points": section["max_points"], "star_mark": None,
                    "notes": [], "options": [], "line": line, "implicit": True})
            crit = section["criteria"][-1]
            # Text after the first line of an option is a note of its criterion (sets 21, 22).
            crit["notes"].extend(note(l) for l in lines[1:])
            crit["options"].append({"label_vi": ws(label), "points": score, "star_mark": star, "line": line})
        else:
            raise Fail(f"{where}: unknown level {level!r}")
    return parts


# ---------------------------------------------------------------------------------------------
# Corrections
# ---------------------------------------------------------------------------------------------
def find_by_line(parts, line):
    for p in parts:
        if p["line"] == line:
            return "part", p, None
        for s in p["sections"]:
            if s["line"] == line:
                return "section", s, p
            for c in s["criteria"]:
                if c["line"] == line and not c["implicit"]:
                    return "criterion", c, s
                for o in c["options"]:
                    if o["line"] == line:
                        return "option", o, c
    raise Fail(f"no element at line {line}")


def apply_corrections(parts, set_no):
    applied = []
    for e in CORRECTIONS:
        if e["set"] != set_no:
            continue
        kind, el, parent = find_by_line(parts, e["line"])
        where = f"set {set_no} line {e['line']} ({e['op']} {e['field']})"
        if e["op"] == "set":
            if el.get(e["field"], "<missing>") != e["from"]:
                raise Fail(f"{where}: expected {e['from']!r}, found {el.get(e['field'])!r}")
            el[e["field"]] = e["to"]
        elif e["op"] == "replace":
            target, key = el, e["field"]
            m = re.fullmatch(r"notes\[(\d+)\]\.text_vi", key)
            if m:
                target, key = el["notes"][int(m.group(1))], "text_vi"
            before = target[key]
            after = before
            for old, new in e["pairs"]:
                if after.count(old) != 1:
                    raise Fail(f"{where}: {old!r} occurs {after.count(old)} times in {after!r}")
                after = after.replace(old, new)
            target[key] = after
            e = dict(e, **{"from": before, "to": after})
        elif e["op"] == "reletter":
            if kind != "section":
                raise Fail(f"{where}: not a section")
            now = ", ".join(c["letter"] for c in el["criteria"])
            if now != e["from"]:
                raise Fail(f"{where}: letters are {now!r}, expected {e['from']!r}")
            for c, letter in zip(el["criteria"], e["letters"], strict=True):
                c["letter"] = letter
        elif e["op"] == "flatten":
            if kind != "criterion" or el["options"]:
                raise Fail(f"{where}: not a heading criterion without options")
            crits = parent["criteria"]
            i = crits.index(el)
            subs = []
            for c in crits[i + 1:]:
                if c["letter"] != "-":
                    break
                subs.append(c)
            if len(subs) != len(e["letters"]) or sum(c["max_points"] for c in subs) != el["max_points"]:
                raise Fail(f"{where}: sub-items do not match")
            for c, letter in zip(subs, e["letters"]):
                c["letter"] = letter
                c["title_vi"] = f"{el['title_vi']} - {c['title_vi']}"
                c["notes"] = el["notes"] + c["notes"] if c is subs[0] else c["notes"]
            crits.remove(el)
        elif e["op"] == "merge_alternatives":
            if kind != "section":
                raise Fail(f"{where}: not a section")
            cases = el["criteria"]
            if len(cases) != 2 or any(c["max_points"] != el["max_points"] for c in cases):
                raise Fail(f"{where}: expected two cases each worth the section maximum")
            options = []
            for c in cases:
                m = re.fullmatch(r"(Trường hợp \d+: .+)", c["title_vi"])
                if not m:
                    raise Fail(f"{where}: case heading not understood: {c['title_vi']!r}")
                for o in c["options"]:
                    options.append(dict(o, label_vi=f"{m.group(1)} - {o['label_vi']}"))
            el["criteria"] = [{"letter": "a", "title_vi": "", "max_points": el["max_points"],
                               "star_mark": None, "notes": [n for c in cases for n in c["notes"]],
                               "options": options, "line": cases[0]["line"], "implicit": False}]
        else:
            raise Fail(f"{where}: unknown op")
        applied.append(e)
    return applied


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------
def fold(letter):
    return "dd" if letter == "đ" else letter


def build(parts, set_no, index_name, applied):
    name_en, group, subgroup, ministries = PRODUCT_SETS[set_no]
    product = {"number": set_no, "name_vi": index_name, "name_en": name_en,
               "group_vi": group[0], "group_en": group[1]}
    if subgroup:
        product["subgroup_vi"] = subgroup
    product["ministry_vi"] = "; ".join(ministries)

    out_parts = []
    for p in parts:
        sections = []
        for s in p["sections"]:
            sid = f"{p['code']}.{s['number']}"
            criteria = []
            for c in s["criteria"]:
                if c["letter"] not in VI_LETTERS:
                    raise Fail(f"set {set_no}: {sid}: criterion letter {c['letter']!r} at line {c['line']}")
                cid = f"{sid}.{fold(c['letter'])}"
                options = []
                for k, o in enumerate(c["options"], start=1):
                    if not isinstance(o["points"], int):
                        raise Fail(f"set {set_no}: {cid}.{k}: points {o['points']!r} not a number")
                    options.append({"id": f"{cid}.{k}", "label_vi": o["label_vi"], "points": o["points"],
                                    "star_mark": o["star_mark"]})
                if c["title_vi"] not in CRITERION_EN:
                    raise Fail(f"set {set_no}: {cid}: no English title for {c['title_vi']!r}")
                criteria.append({"id": cid, "letter": c["letter"], "title_vi": c["title_vi"],
                                 "title_en": CRITERION_EN[c["title_vi"]], "max_points": c["max_points"],
                                 "star_mark": c["star_mark"], "notes": c["notes"], "options": options})
            if s["title_vi"] not in SECTION_EN:
                raise Fail(f"set {set_no}: {sid}: no English title for {s['title_vi']!r}")
            sections.append({"id": sid, "number": s["number"], "title_vi": s["title_vi"],
                             "title_en": SECTION_EN[s["title_vi"]], "max_points": s["max_points"],
                             "notes": s["notes"], "criteria": criteria})
        out_parts.append({"code": p["code"], "title_vi": p["title_vi"], "title_en": PART_EN[p["title_vi"]],
                          "max_points": p["max_points"], "sections": sections})

    # every correction must land on the element it names
    ids = set()
    for p in out_parts:
        ids.add(p["code"])
        for s in p["sections"]:
            ids.add(s["id"])
            for c in s["criteria"]:
                ids.add(c["id"])
                ids.update(o["id"] for o in c["options"])
    for e in applied:
        if e["path"] not in ids:
            raise Fail(f"set {set_no}: correction path {e['path']} is not an element of the output")

    problems = check_sheet(out_parts)
    corrections = [{"path": e["path"], "field": e["field"], "from": e["from"], "to": e["to"],
                    "evidence": e["evidence"]} for e in applied]
    notes = list(SET_NOTES.get(set_no, []))
    if 7 <= set_no <= 25:
        kos = sorted({n["text_vi"] for p in out_parts for s in p["sections"]
                      for holder in [s] + s["criteria"] for n in holder["notes"] if n["kind"] == "knockout"})
        what = ("no knock-out note" if not kos else
                "only " + "; ".join(f"'{k}'" for k in kos))
        notes.append(MISSING_KNOCKOUTS_NOTE.format(what=what))
    if problems:
        status = "unverified"
        notes = [f"Failed check: {p}" for p in problems] + notes
    else:
        status = "corrected" if corrections else "consistent"
    transcription = {"status": status, "source": SOURCE_TEMPLATE.format(n=set_no), "notes": notes,
                     "corrections": corrections}
    return {"format": FORMAT, "criteria_set": CRITERIA_SET, "product_set": product,
            "transcription": transcription, "star_marks_binding": True, "parts": out_parts}


def check_sheet(parts):
    """The numeric checks of docs/criteria-format.md (a subset of check.py, used to set status)."""
    problems = []
    expected = {"A": 40, "B": 25, "C": 35}
    total = 0
    for p in parts:
        total += p["max_points"] or 0
        if p["max_points"] != expected.get(p["code"]):
            problems.append(f"part {p['code']} declares {p['max_points']}, expected {expected.get(p['code'])}")
        s_sum = sum(s["max_points"] or 0 for s in p["sections"])
        if s_sum != p["max_points"]:
            problems.append(f"part {p['code']}: sections sum to {s_sum}, part declares {p['max_points']}")
        for s in p["sections"]:
            c_sum = sum(c["max_points"] or 0 for c in s["criteria"])
            if c_sum != s["max_points"]:
                problems.append(f"section {s['id']}: criteria sum to {c_sum}, section declares {s['max_points']}")
            for c in s["criteria"]:
                best = max((o["points"] for o in c["options"]), default=None)
                if best != c["max_points"]:
                    problems.append(f"criterion {c['id']}: declared maximum {c['max_points']}, best option {best}")
    if total != 100:
        problems.append(f"parts sum to {total}, expected 100")
    return problems


def read_index(folder):
    names = {}
    with open(os.path.join(folder, "index.tsv"), encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            num, name = line.rstrip("\n").split("\t", 1)
            name = ws(name)
            name = re.sub(r"^Bộ sản phẩm\s*[_;:]\s*", "", name)
            names[int(num)] = name
    return names


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[0])
        print("usage: convert.py INPUT_FOLDER OUTPUT_FOLDER", file=sys.stderr)
        return 2
    src, dst = argv[1], argv[2]
    names = read_index(src)
    os.makedirs(dst, exist_ok=True)
    for n in range(1, 27):
        parts = parse_sheet(os.path.join(src, f"set-{n:02d}.csv"), n)
        applied = apply_corrections(parts, n)
        doc = build(parts, n, names[n], applied)
        text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        with open(os.path.join(dst, f"set-{n:02d}.json"), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        t = doc["transcription"]
        print(f"set-{n:02d}.json  {t['status']:<11} corrections {len(t['corrections'])}")
    stray = [e for e in CORRECTIONS if not 1 <= e["set"] <= 26]
    if stray:
        raise Fail(f"corrections for unknown sets: {stray}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except Fail as exc:
        print(f"convert.py: {exc}", file=sys.stderr)
        sys.exit(1)
