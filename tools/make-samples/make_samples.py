#!/usr/bin/env python3
"""Generates the demo dossiers in assets/samples/ (all fictional).

Each dossier is a folder with dossier.json (format ocop-dossier/1, or 1.1 for
the one that carries a commune report, see docs/dossier-format.md), small PDF documents with Vietnamese text (fpdf2, DejaVu
Sans subset), a PNG label and a JPEG product photo (Pillow), and a plain-text
product story. Completeness varies on purpose: the dried sausage lacks its
food-safety certificate (a hard condition), the herbal tea its label. The rice
carries the commune's assessment report (QĐ 1489/2025) with a finding on each of
the four criteria the commune assesses; the other dossiers have none (the desk
flags it as a missing entry requirement in a round from 06/07/2025).

    pip install fpdf2 Pillow
    python3 tools/make-samples/make_samples.py      # from the repository root

The output is deterministic (fixed PDF dates, no random numbers), so running it
again changes nothing unless this script changes.
"""

import datetime
import json
import shutil
import unicodedata
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "assets" / "samples"
FONT = ROOT / "assets" / "fonts" / "DejaVuSans.ttf"
FONT_BOLD = ROOT / "assets" / "fonts" / "DejaVuSans-Bold.ttf"
CRITERIA = ROOT / "assets" / "criteria" / "qd148"
FIXED_DATE = datetime.datetime(2026, 3, 2, 8, 0, 0, tzinfo=datetime.timezone.utc)
NOTICE = "DỮ LIỆU MINH HỌA — hồ sơ hư cấu, không có giá trị pháp lý"

def nfc(text):
    return unicodedata.normalize("NFC", text)

# Every dossier: facts, which documents it carries, colours for its pictures,
# and a self-assessment level (fraction of the best option) or None.
DOSSIERS = [
    dict(
        slug="01-gao-st25-hoa-tu", set=3, registration="new", code=None,
        name="Gạo ST25 Ruộng Tôm Hòa Tú", samples=5,
        producer=dict(name="Hợp tác xã Nông nghiệp Hòa Tú", type="cooperative",
                      rep="Lâm Văn Đức", address="Ấp Hòa Lời, xã Hòa Tú",
                      commune="Xã Hòa Tú", phone="0299 3 851 201"),
        docs=["registration-form", "business-registration", "food-safety-certificate",
              "product-standard", "test-report", "label", "photo", "story-material",
              "commune-report"],
        commune_report=dict(
            commune="Xã Hòa Tú", report_number="45/BC-UBND", report_date="2026-02-26",
            signed_by="Nguyễn Văn Hai", request_number="46/UBND-KT", request_date="2026-02-27",
            findings=[
                dict(criterion="A.1.a", option="A.1.a.3",
                     note="Lúa trồng trên ruộng tôm của 46 hộ thành viên trong xã "
                          "(kiểm tra thực địa ngày 20/02/2026)."),
                dict(criterion="A.2.a", option="A.2.a.3",
                     note="ST25 là sản phẩm đặc trưng của tỉnh nhưng được trồng ở nhiều xã, "
                          "không riêng Hòa Tú."),
                dict(criterion="A.3.c", option="A.3.c.2", text="52/60 lao động (87%) là người trong xã",
                     note="Mức của phiếu ghi \"cấp huyện\"; xã xác nhận trên địa bàn xã."),
                dict(criterion="B.5.b", option="B.5.b.3",
                     note="Câu chuyện lúa - tôm gắn với xã; chưa có yếu tố văn hóa Khmer như chủ thể nêu."),
            ]),
        colour=(236, 221, 170), accent=(60, 120, 50), self_assessment=0.8,
        story="Hạt gạo ST25 trồng luân canh trên ruộng nuôi tôm ở xã Hòa Tú: mùa khô nuôi tôm, "
              "mùa mưa trồng lúa, không dùng thuốc bảo vệ thực vật. Hợp tác xã gồm 46 hộ thành viên, "
              "liên kết bao tiêu với doanh nghiệp xay xát trong tỉnh."),
    dict(
        slug="02-nuoc-mam-vinh-chau", set=9, registration="upgrade", code="94-950-004-2023",
        previous_star=3, certificate="125/QĐ-UBND ngày 14/3/2023",
        name="Nước mắm cá cơm Vĩnh Châu 35 độ đạm", samples=5,
        producer=dict(name="Cơ sở nước mắm Tám Lợi", type="household",
                      rep="Trần Thị Lợi", address="Khóm Biển Trên, phường Vĩnh Phước",
                      commune="Phường Vĩnh Phước", phone="0299 3 861 455"),
        docs=["registration-form", "business-registration", "food-safety-certificate",
              "self-declaration", "test-report", "label", "photo", "story-material"],
        colour=(170, 110, 50), accent=(120, 40, 20), self_assessment=0.75,
        story="Cá cơm đánh bắt ven biển Vĩnh Châu được ướp muối hột theo tỉ lệ 3 cá 1 muối, ủ chượp "
              "trong thùng gỗ 12 tháng. Bà Tám Lợi giữ nghề của gia đình qua ba thế hệ."),
    dict(
        slug="03-lap-xuong-my-xuyen", set=8, registration="new", code=None,
        name="Lạp xưởng tươi Cô Út Mỹ Xuyên", samples=5,
        producer=dict(name="Công ty TNHH Thực phẩm Cô Út", type="enterprise",
                      rep="Huỳnh Thị Út", address="Số 18 đường 30 Tháng 4, xã Mỹ Xuyên",
                      commune="Xã Mỹ Xuyên", phone="0299 3 852 317"),
        # No food-safety certificate: a hard condition is missing on purpose.
        docs=["registration-form", "business-registration", "self-declaration",
              "test-report", "label", "photo"],
        colour=(190, 60, 60), accent=(110, 20, 20), self_assessment=None,
        story=None),
    dict(
        slug="04-banh-pia-vung-thom", set=6, registration="re-evaluation", code="94-942-011-2022",
        previous_star=4, certificate="2087/QĐ-UBND ngày 05/10/2022",
        name="Bánh pía sầu riêng trứng muối Vũng Thơm", samples=5,
        producer=dict(name="Công ty TNHH Bánh pía Tân Huê Viên Vũng Thơm", type="enterprise",
                      rep="Lý Minh Quang", address="Ấp Vũng Thơm, xã Phú Tân",
                      commune="Xã Phú Tân", phone="0299 3 622 088"),
        docs=["registration-form", "business-registration", "food-safety-certificate",
              "product-standard", "test-report", "label", "photo", "business-plan",
              "story-material"],
        colour=(235, 200, 120), accent=(150, 90, 20), self_assessment=0.85,
        story="Bánh pía Vũng Thơm do người Hoa Triều Châu mang đến Sóc Trăng từ đầu thế kỷ XX. "
              "Lớp vỏ cán tay nhiều lớp, nhân đậu xanh, sầu riêng Cù Lao Dung và trứng muối."),
    dict(
        slug="05-mat-ong-cu-lao-dung", set=4, registration="new", code=None,
        name="Mật ong hoa bần Cù Lao Dung", samples=5,
        producer=dict(name="Tổ hợp tác nuôi ong An Thạnh", type="cooperative-group",
                      rep="Thạch Thị Sa Rinh", address="Ấp Phước Hòa, xã Cù Lao Dung",
                      commune="Xã Cù Lao Dung", phone="0299 3 740 112"),
        docs=["registration-form", "business-registration", "food-safety-certificate",
              "self-declaration", "test-report", "label", "photo", "story-material"],
        colour=(240, 190, 60), accent=(140, 90, 0), self_assessment=0.6,
        story="Đàn ong nuôi dưới tán rừng bần ven sông Hậu ở Cù Lao Dung, lấy mật vào mùa hoa bần "
              "tháng Ba đến tháng Sáu."),
    dict(
        slug="06-tra-kho-qua-my-tu", set=12, registration="new", code=None,
        name="Trà khổ qua rừng Mỹ Tú", samples=5,
        producer=dict(name="Hộ kinh doanh Nguyễn Thị Kiều", type="household",
                      rep="Nguyễn Thị Kiều", address="Ấp Tân Phước, xã Mỹ Tú",
                      commune="Xã Mỹ Tú", phone="0911 204 377"),
        # No label yet: the producer submitted the label design later.
        docs=["registration-form", "business-registration", "food-safety-certificate",
              "product-standard", "photo"],
        colour=(120, 160, 80), accent=(40, 80, 30), self_assessment=None,
        story=None),
    dict(
        slug="07-gio-luc-binh-long-phu", set=21, registration="new", code=None,
        name="Giỏ đan lục bình Long Phú", samples=5,
        producer=dict(name="Tổ hợp tác đan lục bình Long Đức", type="cooperative-group",
                      rep="Kim Thị Sóc Kha", address="Ấp Phú Đức, xã Long Phú",
                      commune="Xã Long Phú", phone="0299 3 858 920"),
        docs=["registration-form", "business-registration", "product-standard", "label",
              "photo", "story-material"],
        colour=(200, 170, 110), accent=(90, 60, 30), self_assessment=0.55,
        story="Phụ nữ Khmer ấp Phú Đức cắt lục bình trên kênh, phơi khô rồi đan giỏ theo mẫu "
              "hoa văn chùa Khmer; tổ có 32 thành viên làm tại nhà."),
    dict(
        slug="08-du-lich-con-my-phuoc", set=26, registration="new", code=None,
        name="Điểm du lịch cộng đồng Cồn Mỹ Phước", samples=0,
        producer=dict(name="Hợp tác xã Du lịch Cồn Mỹ Phước", type="cooperative",
                      rep="Trịnh Văn Hậu", address="Cồn Mỹ Phước, xã Nhơn Mỹ",
                      commune="Xã Nhơn Mỹ", phone="0939 551 208"),
        docs=["registration-form", "business-registration", "photo", "business-plan",
              "story-material"],
        colour=(90, 160, 200), accent=(20, 80, 120), self_assessment=None,
        story="Cồn Mỹ Phước giữa sông Hậu có vườn trái cây, lò bánh tráng và chợ nổi; khách đi "
              "xuồng ba lá, ăn cơm nhà dân, học làm bánh cống."),
    dict(
        slug="09-hanh-tim-vinh-chau", set=10, registration="new", code=None,
        name="Hành tím Vĩnh Châu sấy", samples=5,
        producer=dict(name="Hợp tác xã Hành tím Lạc Hòa", type="cooperative",
                      rep="Sơn Thị Phương", address="Ấp Huỳnh Thu, phường Khánh Hòa",
                      commune="Phường Khánh Hòa", phone="0299 3 863 540"),
        docs=["registration-form", "business-registration", "food-safety-certificate",
              "self-declaration", "test-report", "label", "photo"],
        colour=(160, 70, 130), accent=(90, 20, 70), self_assessment=None,
        story=None),
]

TITLES = {
    "registration-form": ("phieu-dang-ky.pdf", "PHIẾU ĐĂNG KÝ SẢN PHẨM THAM GIA ĐÁNH GIÁ, PHÂN HẠNG OCOP"),
    "business-registration": ("dang-ky-kinh-doanh.pdf", "GIẤY CHỨNG NHẬN ĐĂNG KÝ KINH DOANH"),
    "food-safety-certificate": ("chung-nhan-attp.pdf", "GIẤY CHỨNG NHẬN CƠ SỞ ĐỦ ĐIỀU KIỆN AN TOÀN THỰC PHẨM"),
    "product-standard": ("tieu-chuan-co-so.pdf", "TIÊU CHUẨN CƠ SỞ"),
    "self-declaration": ("ban-tu-cong-bo.pdf", "BẢN TỰ CÔNG BỐ SẢN PHẨM"),
    "test-report": ("phieu-kiem-nghiem.pdf", "PHIẾU KẾT QUẢ KIỂM NGHIỆM"),
    "business-plan": ("phuong-an-kinh-doanh.pdf", "PHƯƠNG ÁN SẢN XUẤT KINH DOANH"),
    "label": ("anh/nhan-san-pham.png", "Nhãn sản phẩm"),
    "photo": ("anh/anh-san-pham.jpg", "Ảnh sản phẩm"),
    "story-material": ("cau-chuyen-san-pham.txt", "Câu chuyện sản phẩm"),
    "commune-report": ("bao-cao-ubnd-xa.pdf", "BÁO CÁO ĐÁNH GIÁ CỦA UBND CẤP XÃ"),
}

# Criteria each kind of document is evidence for (kept only where the set has them).
CRITERIA_OF = {
    "business-registration": ["A.3.a"],
    "food-safety-certificate": ["C.10.a"],
    "product-standard": ["C.9.a"],
    "self-declaration": ["C.9.a"],
    "test-report": ["C.9.b", "C.7.a"],
    "label": ["A.2.c"],
    "photo": ["A.2.b"],
    "business-plan": ["A.1.c", "B.4.a"],
    "story-material": ["B.5.a", "B.5.b"],
}


def sheet(number):
    return json.loads((CRITERIA / f"set-{number:02d}.json").read_text(encoding="utf-8"))


def criteria_ids(data):
    return [c for p in data["parts"] for s in p["sections"] for c in s["criteria"]]


def self_assessment(data, level):
    answers = {}
    for i, c in enumerate(criteria_ids(data)):
        options = sorted(c["options"], key=lambda o: o["points"])
        index = min(len(options) - 1, round(level * (len(options) - 1) + (0.4 if i % 3 == 0 else 0)))
        answers[c["id"]] = options[index]["id"]
    return {"answers": answers}


class Document(FPDF):
    def __init__(self):
        super().__init__(format="A4")
        self.set_creation_date(FIXED_DATE)
        self.add_font("DejaVu", "", str(FONT))
        self.add_font("DejaVu", "B", str(FONT_BOLD))
        self.set_auto_page_break(True, margin=18)

    def footer(self):
        self.set_y(-14)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(150, 30, 30)
        self.cell(0, 6, NOTICE, align="C")


def pdf_document(kind, d, set_name, path):
    pdf = Document()
    pdf.set_title(nfc(TITLES[kind][1].capitalize()))
    pdf.set_author(nfc(d["producer"]["name"]))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(0, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.cell(0, 6, "Độc lập - Tự do - Hạnh phúc", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("DejaVu", "B", 13)
    pdf.multi_cell(0, 7, nfc(TITLES[kind][1]), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    p = d["producer"]
    rows = [
        ("Tên sản phẩm", d["name"]),
        ("Bộ sản phẩm", f"Bộ {d['set']} · {set_name}"),
        ("Chủ thể", p["name"]),
        ("Người đại diện theo pháp luật", p["rep"]),
        ("Địa chỉ", f"{p['address']}, tỉnh Sóc Trăng"),
        ("Điện thoại", p["phone"]),
    ]
    if kind == "registration-form":
        kinds = {"new": "Đăng ký mới", "upgrade": "Nâng hạng", "re-evaluation": "Đánh giá lại"}
        rows.append(("Hình thức đăng ký", kinds[d["registration"]]))
        if d.get("code"):
            rows.append(("Mã sản phẩm", d["code"]))
        if d.get("previous_star"):
            rows.append(("Hạng sao hiện có", f"{d['previous_star']} sao ({d['certificate']})"))
        rows.append(("Số lượng mẫu", str(d["samples"])))
    pdf.set_font("DejaVu", "", 11)
    for label, value in rows:
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(72, 7, nfc(label + ":"))
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(0, 7, nfc(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    body = {
        "registration-form": "Chủ thể cam kết các thông tin kê khai là đúng sự thật và chịu trách nhiệm "
                             "trước pháp luật về hồ sơ đăng ký. Kèm theo: báo cáo tự đánh giá theo bộ tiêu chí, "
                             "hồ sơ minh chứng và mẫu sản phẩm.",
        "business-registration": "Đăng ký lần đầu ngày 12 tháng 6 năm 2019. Ngành nghề kinh doanh: sản xuất, "
                                 "chế biến và kinh doanh sản phẩm nêu trên.",
        "food-safety-certificate": "Cơ sở đủ điều kiện an toàn thực phẩm theo quy định đối với loại hình sản xuất "
                                   "nêu trên. Giấy chứng nhận có hiệu lực đến ngày 30 tháng 9 năm 2028.",
        "product-standard": "Chỉ tiêu cảm quan: màu sắc, mùi vị đặc trưng của sản phẩm, không có tạp chất lạ. "
                            "Chỉ tiêu an toàn thực phẩm: vi sinh vật, kim loại nặng theo QCVN hiện hành. "
                            "Thời hạn sử dụng: 12 tháng kể từ ngày sản xuất.",
        "self-declaration": "Chủ thể tự công bố sản phẩm phù hợp các quy chuẩn kỹ thuật quốc gia và quy định "
                            "về an toàn thực phẩm; cam kết sản xuất và kinh doanh đúng nội dung đã công bố.",
        "test-report": "Kết quả: các chỉ tiêu vi sinh vật (E. coli, Coliforms, Salmonella) và kim loại nặng "
                       "(chì, cadimi, thủy ngân) đều đạt giới hạn cho phép. Đạm tổng số, độ ẩm: theo công bố.",
        "business-plan": "Mục tiêu ba năm: mở rộng kênh phân phối ra ngoài tỉnh, tham gia hội chợ xúc tiến "
                         "thương mại, bán hàng trên sàn thương mại điện tử, tăng doanh thu 15% mỗi năm.",
    }[kind]
    pdf.multi_cell(0, 6.5, nfc(body), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.cell(0, 6, nfc("Sóc Trăng, ngày 02 tháng 3 năm 2026"), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(0, 6, nfc("ĐẠI DIỆN CHỦ THỂ"), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(14)
    pdf.set_font("DejaVu", "", 11)
    pdf.cell(0, 6, nfc(p["rep"]), align="R")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))


def commune_report_pdf(d, data, path):
    """The commune's report as a commune would lay it out (no national form exists)."""
    r = d["commune_report"]
    criteria = {c["id"]: c for c in criteria_ids(data)}
    pdf = Document()
    pdf.set_title(nfc("Báo cáo đánh giá của UBND cấp xã"))
    pdf.set_author(nfc("UBND " + r["commune"]))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(80, 6, nfc("UỶ BAN NHÂN DÂN"), align="C")
    pdf.cell(0, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(80, 6, nfc(r["commune"].upper()), align="C")
    pdf.set_font("DejaVu", "", 11)
    pdf.cell(0, 6, "Độc lập - Tự do - Hạnh phúc", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(80, 6, nfc("Số: " + r["report_number"]), align="C")
    y, m, day = r["report_date"].split("-")
    pdf.cell(0, 6, nfc(f"{r['commune']}, ngày {day} tháng {int(m)} năm {y}"), align="C",
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("DejaVu", "B", 13)
    pdf.multi_cell(0, 7, nfc("BÁO CÁO\nKết quả đánh giá một số tiêu chí của sản phẩm OCOP"),
                   align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 6.5, nfc(
        f"Thực hiện Quyết định số 1489/QĐ-TTg ngày 06/7/2025 của Thủ tướng Chính phủ, Chủ tịch UBND "
        f"{r['commune']} đã chủ trì họp với các đơn vị liên quan, đánh giá sản phẩm \"{d['name']}\" "
        f"của {d['producer']['name']} như sau:"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for i, f in enumerate(r["findings"], 1):
        c = criteria[f["criterion"]]
        option = next(o for o in c["options"] if o["id"] == f["option"])
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(0, 6.5, nfc(f"{i}. {c['title_vi']} ({f['criterion']})"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 11)
        text = option["label_vi"] + (f" — {f['text']}" if f.get("text") else "")
        pdf.multi_cell(0, 6.5, nfc(f"Kết quả: {text}. {f.get('note', '')}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.multi_cell(0, 6.5, nfc(
        f"UBND {r['commune']} đề nghị UBND tỉnh tổ chức đánh giá, phân hạng sản phẩm "
        f"(Văn bản số {r['request_number']})."), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(0, 6, nfc("TM. ỦY BAN NHÂN DÂN"), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, nfc("CHỦ TỊCH"), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(14)
    pdf.set_font("DejaVu", "", 11)
    pdf.cell(0, 6, nfc(r["signed_by"]), align="R")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))


def wrap(draw, text, font, width):
    lines, line = [], ""
    for word in text.split():
        trial = (line + " " + word).strip()
        if draw.textlength(trial, font=font) <= width:
            line = trial
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


def label_png(d, path):
    image = Image.new("RGB", (480, 320), d["colour"])
    draw = ImageDraw.Draw(image)
    bold = ImageFont.truetype(str(FONT_BOLD), 26)
    small = ImageFont.truetype(str(FONT), 15)
    draw.rectangle([10, 10, 470, 310], outline=d["accent"], width=5)
    y = 40
    for line in wrap(draw, nfc(d["name"]), bold, 420):
        draw.text((240, y), line, fill=d["accent"], font=bold, anchor="ma")
        y += 34
    y += 10
    for line in [d["producer"]["name"], d["producer"]["address"] + ", Sóc Trăng",
                 "ĐT: " + d["producer"]["phone"], "NSX: xem trên bao bì · HSD: 12 tháng"]:
        draw.text((240, y), nfc(line), fill=(30, 30, 30), font=small, anchor="ma")
        y += 22
    draw.text((240, 285), nfc("Nhãn minh họa — hư cấu"), fill=(150, 30, 30), font=small, anchor="ma")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, optimize=True)


def photo_jpg(d, path):
    w, h = 480, 360
    image = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(image)
    top, bottom = d["colour"], tuple(int(c * 0.45) for c in d["colour"])
    for y in range(h):
        t = y / h
        draw.line([(0, y), (w, y)], fill=tuple(int(top[i] * (1 - t) + bottom[i] * t) for i in range(3)))
    draw.ellipse([140, 90, 340, 290], fill=d["accent"], outline=(255, 255, 255), width=4)
    draw.rectangle([200, 60, 280, 110], fill=(250, 250, 240))
    font = ImageFont.truetype(str(FONT), 16)
    draw.text((240, 330), nfc(d["name"]), fill=(255, 255, 255), font=font, anchor="ma")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, quality=80, optimize=True)


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    for d in DOSSIERS:
        folder = OUT / d["slug"]
        data = sheet(d["set"])
        ids = {c["id"] for c in criteria_ids(data)}
        set_name = data["product_set"]["name_vi"]
        files = []
        for kind in d["docs"]:
            name, title = TITLES[kind]
            target = folder / name
            if kind == "label":
                label_png(d, target)
            elif kind == "photo":
                photo_jpg(d, target)
            elif kind == "story-material":
                target.write_text(nfc(d["story"]) + "\n", encoding="utf-8")
            elif kind == "commune-report":
                commune_report_pdf(d, data, target)
            else:
                pdf_document(kind, d, set_name, target)
            if title.isupper():  # a document heading, in sentence case for the list
                title = (title[:1] + title[1:].lower()).replace("ocop", "OCOP")
            entry = {"path": name, "kind": kind, "title": nfc(title)}
            criteria = [c for c in CRITERIA_OF.get(kind, []) if c in ids]
            if criteria:
                entry["criteria"] = criteria
            files.append(entry)
        p = d["producer"]
        manifest = {
            "format": "ocop-dossier/1.1" if d.get("commune_report") else "ocop-dossier/1",
            "fictional": True,
            "registration_type": d["registration"],
            "product_name": nfc(d["name"]),
            "product_set": d["set"],
        }
        if d.get("code"):
            manifest["product_code"] = d["code"]
        manifest["sample_count"] = d["samples"]
        if d.get("previous_star"):
            manifest["previous_star"] = d["previous_star"]
            manifest["certificate_number"] = nfc(d["certificate"])
        manifest["producer"] = {
            "name": nfc(p["name"]), "type": p["type"], "legal_representative": nfc(p["rep"]),
            "address": nfc(p["address"]), "province": "Sóc Trăng", "commune": nfc(p["commune"]),
            "phone": p["phone"],
        }
        if d["self_assessment"] is not None:
            manifest["self_assessment"] = self_assessment(data, d["self_assessment"])
        if d.get("commune_report"):
            r = d["commune_report"]
            manifest["commune_report"] = {
                **{k: nfc(v) for k, v in r.items() if k != "findings"},
                "findings": [{k: nfc(v) for k, v in f.items()} for f in r["findings"]],
            }
        manifest["files"] = files
        (folder / "dossier.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    total = sum(f.stat().st_size for f in OUT.rglob("*") if f.is_file())
    print(f"{len(DOSSIERS)} dossiers, {total / 1024:.0f} KiB in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
