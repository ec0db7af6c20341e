"""Helpers shared by the printed documents of CCHC Outreach.

The printed form follows Nghị định 30/2020/NĐ-CP (thể thức văn bản hành chính):
the texts these helpers produce (date line, number line, signer block, distribution
list) belong to the official form and stay Vietnamese whatever the user's language.
"""

import contextvars
import io
import logging
import os
import re
import subprocess
import uuid

from PIL import Image, ImageDraw, ImageFont
from reportlab import rl_config
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from odoo import api, fields, models
from odoo.tools.misc import file_path, find_in_path
from odoo.tools.pdf import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    PdfFileReader,
    PdfFileWriter,
)

_logger = logging.getLogger(__name__)

# Set while a part of a CCHC document (the plan body, its appendix) is rendered: the
# parts are stamped once merged. A context variable, not a context key: a client cannot
# set it to get an unstamped "official" page.
PDF_PART = contextvars.ContextVar("cchc_pdf_part", default=False)

# Blank left in a draft where the clerk writes the number or the day by hand.
BLANK = "\u00a0" * 6

# wkhtmltopdf built against an unpatched Qt (e.g. Debian's package) ignores --dpi and
# --zoom and prints 1 CSS px as 1/124.8 inch instead of 1/96: a CSS zoom of 1.3 gives
# the sizes back (13 pt prints as 13 pt). The patched build prints at scale 1.
UNPATCHED_QT_ZOOM = 1.3
_wkhtmltopdf_patched = None


def _is_wkhtmltopdf_patched():
    global _wkhtmltopdf_patched
    if _wkhtmltopdf_patched is None:
        try:
            binary = find_in_path("wkhtmltopdf")
            output = subprocess.run(
                [binary, "--version"], capture_output=True, timeout=10, check=False
            ).stdout.decode(errors="replace")
        except (OSError, subprocess.SubprocessError):
            output = ""
        _wkhtmltopdf_patched = "patched qt" in output.lower()
    return _wkhtmltopdf_patched


DRAFT_MARK = "DỰ THẢO"
_watermark_images = {}


def _font_covers(path, text):
    try:
        from fontTools.ttLib import TTFont  # noqa: PLC0415 (optional, as in odoo.tools.pdf)
    except ImportError:
        return True
    try:
        cmap = TTFont(path, lazy=True).getBestCmap() or {}
    except Exception:  # noqa: BLE001 - an unreadable font is just not a candidate
        return False
    return all(ord(char) in cmap for char in text if not char.isspace())


def _watermark_font_file():
    """A bold serif TrueType font with the Vietnamese letters of the draft mark."""
    candidates = []
    try:
        matched = subprocess.run(
            ["fc-match", "-f", "%{file}", "Times New Roman:bold"],
            capture_output=True,
            timeout=10,
            check=False,
        ).stdout.decode(errors="replace")
        candidates.append(matched)
    except (OSError, subprocess.SubprocessError) as error:
        _logger.debug("fc-match unavailable for the draft mark's font: %s", error)
    folders = ["/usr/share/fonts/truetype/liberation2", *rl_config.TTFSearchPath]
    candidates += [os.path.join(folder, "LiberationSerif-Bold.ttf") for folder in folders]
    try:
        candidates.append(file_path("web/static/fonts/sign/NotoSans-Reg.ttf"))
    except FileNotFoundError as error:
        _logger.debug("Noto Sans not shipped with this Odoo: %s", error)
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and _font_covers(candidate, DRAFT_MARK):
            return candidate
    return None


def _get_watermark_image(angle):
    """The draft mark as a rotated, translucent PNG (an image keeps the page text clean).

    Drawn as text, the mark's letters would mix with the page's words when the text
    is copied or extracted.
    """
    if angle not in _watermark_images:
        font_file = _watermark_font_file()
        text = DRAFT_MARK
        try:
            font = ImageFont.truetype(font_file, 160)
        except (OSError, TypeError, ValueError):
            font, text = ImageFont.load_default(), "DU THAO"
        left, top, right, bottom = font.getbbox(text)
        image = Image.new("RGBA", (right - left + 40, bottom - top + 40), (255, 255, 255, 0))
        ImageDraw.Draw(image).text((20 - left, 20 - top), text, font=font, fill=(128, 128, 128, 64))
        image = image.rotate(angle, expand=True, resample=Image.BICUBIC)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        _watermark_images[angle] = (buffer.getvalue(), image.size)
    content, size = _watermark_images[angle]
    return ImageReader(io.BytesIO(content)), size


SIGNER_AUTHORITY_PREFIX = {"kt": "KT.", "tl": "TL.", "tm": "TM."}
RECIPIENT_SUFFIX = {"report": " (b/c)", "execute": " (t/h)"}


# How the signer signs (Nghị định 30/2020/NĐ-CP): in his own name or for the head.
SIGNER_AUTHORITIES = [
    ("none", "Signs in own name"),
    ("kt", "KT. (on behalf of the head)"),
    ("tl", "TL. (by order of the head)"),
    ("tm", "TM. (on behalf of the collective)"),
]


class CchcDocumentMixin(models.AbstractModel):
    """Official-form formatting, public verification token and PDF post-processing.

    A model printing an official document inherits this mixin, defines
    ``_cchc_verification_route`` (a path with one ``%s`` for the token) and may
    override ``_cchc_pdf_postprocess`` (the plan merges its landscape appendix).
    ``ir.actions.report`` calls ``_cchc_pdf_postprocess`` for every report of this
    addon printed on such a model.
    """

    _name = "cchc.document.mixin"
    _description = "CCHC Printed Document Helpers"
    _cchc_verification_route = None

    access_token = fields.Char(
        string="Verification Token",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="Secret part of the public verification link printed as a QR code.",
    )
    # The signature block; each document says how it is filled (the report from its plan
    # or its unit's head) and adds check_company (it has the company).
    signer_employee_id = fields.Many2one("hr.employee", string="Signer")
    signer_name = fields.Char(compute="_compute_signer_name", store=True, readonly=False)
    signer_authority = fields.Selection(SIGNER_AUTHORITIES, string="Signing Authority")
    signer_principal_title = fields.Char(
        string="Principal's Title",
        help="Title after the authority prefix, e.g. GIÁM ĐỐC in 'KT. GIÁM ĐỐC'.",
    )
    signer_title = fields.Char(string="Signer's Title")

    _sql_constraints = [
        (
            "access_token_unique",
            "unique(access_token)",
            "Two documents cannot share a verification token.",
        ),
    ]

    @api.depends("signer_employee_id")
    def _compute_signer_name(self):
        for document in self:
            if document.signer_employee_id:
                document.signer_name = document.signer_employee_id.sudo().name

    # ------------------------------------------------------------------
    # Official-form texts
    # ------------------------------------------------------------------
    @api.model
    def _cchc_doc_date_parts(self, day):
        """Day, month, year as the decree writes them: 07, 02, 2026 / 15, 3, 2026."""
        return (
            f"{day.day:02d}",
            f"{day.month:02d}" if day.month <= 2 else str(day.month),
            str(day.year),
        )

    @api.model
    def _cchc_doc_date_line(self, place, day, year=None):
        """'Đồng Nai, ngày 07 tháng 02 năm 2026'; blanks for an undated draft."""
        if day:
            dd, mm_, yyyy = self._cchc_doc_date_parts(day)
        else:
            dd, mm_, yyyy = BLANK, BLANK, str(year or fields.Date.context_today(self).year)
        prefix = f"{place}, " if place else ""
        return f"{prefix}ngày {dd} tháng {mm_} năm {yyyy}"

    @api.model
    def _cchc_doc_long_date(self, day, year=None):
        """'ngày 07 tháng 02 năm 2026' (the appendix's reference line)."""
        return self._cchc_doc_date_line(False, day, year)

    @api.model
    def _cchc_doc_short_date(self, day):
        """'08/4/2020', '30/01/2026': the date of a cited document."""
        if not day:
            return ""
        dd, mm_, yyyy = self._cchc_doc_date_parts(day)
        return f"{dd}/{mm_}/{yyyy}"

    @api.model
    def _cchc_doc_number(self, number, symbol):
        """Number and symbol, numbers under 10 with a leading 0: '07/KH-SCT'.

        A document not yet numbered keeps a blank before its symbol: '   /KH-SCT'.
        """
        if not number:
            return f"{BLANK}/{symbol}"
        match = re.match(r"^(\d+)(.*)$", number.strip())
        if match and int(match.group(1)) < 10:
            return f"{int(match.group(1)):02d}{match.group(2)}"
        return number.strip()

    @api.model
    def _cchc_doc_amount(self, amount):
        """Whole amount with dots between thousands: 125.000.000."""
        return f"{round(amount or 0):,}".replace(",", ".")

    @api.model
    def _cchc_doc_decimal(self, value):
        """80 for 80.0, 85,5 for 85.5 (Vietnamese decimal comma)."""
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",")

    @api.model
    def _cchc_doc_lower_first(self, text):
        text = (text or "").strip()
        if len(text) > 1 and text[1].isupper():  # an acronym: keep it
            return text
        return text[:1].lower() + text[1:]

    @api.model
    def _cchc_doc_title_lines(self, title, max_chars=60):
        """The summary line cut into balanced lines, before 'của' when it falls well.

        'Thông tin, tuyên truyền cải cách hành chính' / 'của Sở Công Thương năm 2026'
        rather than a last line holding one word.
        """
        words = (title or "").split()
        text = " ".join(words)
        if len(text) <= max_chars:
            return [text] if text else []
        count = -(-len(text) // max_chars)
        lines, start = [], 0
        for index in range(1, count):
            target = len(text) * index / count
            best, best_cost = None, None
            position = 0
            for word_index, word in enumerate(words):
                if word_index > start:
                    cost = abs(position - target)
                    near = cost < len(text) * 0.15
                    if near and words[word_index - 1].endswith((";", ",")):
                        cost /= 6
                    elif near and word.lower() in ("của", "về", "năm"):
                        cost /= 4
                    if best_cost is None or cost < best_cost:
                        best, best_cost = word_index, cost
                position += len(word) + 1
            if best is None:
                break
            lines.append(" ".join(words[start:best]))
            start = best
        lines.append(" ".join(words[start:]))
        return lines

    @api.model
    def _cchc_doc_signer_lines(self, authority, principal_title, title):
        """['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'] or ['GIÁM ĐỐC']."""
        prefix = SIGNER_AUTHORITY_PREFIX.get(authority)
        title = (title or "").upper()
        if prefix:
            return [f"{prefix} {(principal_title or '').upper()}".strip(), title]
        return [title]

    @api.model
    def _cchc_doc_recipient_lines(self, recipients):
        """'- UBND tỉnh (b/c);' … last '- Lưu: VT, KH.' from distribution lines."""
        lines = [
            f"- {line.name}"
            + (
                f" ({line.note.strip().strip('()')})"
                if getattr(line, "note", False)
                else RECIPIENT_SUFFIX.get(line.purpose, "")
            )
            for line in recipients
            if line.purpose != "archive"
        ]
        archive = [line.name for line in recipients if line.purpose == "archive"]
        archive_text = ", ".join(archive) if archive else "VT"
        if not archive_text.upper().startswith("LƯU"):
            archive_text = f"Lưu: {archive_text}"
        lines = [f"{line};" for line in lines]
        lines.append(f"- {archive_text.rstrip('.;')}.")
        return lines

    @api.model
    def _cchc_report_lang(self):
        """Print in Vietnamese when it is installed (catalogue names, amounts)."""
        if self.env["res.lang"]._lang_get("vi_VN"):
            return "vi_VN"
        return self.env.lang or "en_US"

    @api.model
    def _cchc_report_zoom(self):
        """CSS zoom making CSS points print at their size with this wkhtmltopdf.

        The system parameter ``cchc_outreach.report_zoom`` overrides the detection.
        """
        forced = self.env["ir.config_parameter"].sudo().get_param("cchc_outreach.report_zoom")
        if forced:
            try:
                return float(forced)
            except ValueError:
                _logger.warning("Ignored cchc_outreach.report_zoom=%r: not a number", forced)
        return 1.0 if _is_wkhtmltopdf_patched() else UNPATCHED_QT_ZOOM

    # ------------------------------------------------------------------
    # Public verification
    # ------------------------------------------------------------------
    def _cchc_ensure_access_token(self):
        from .cchc_workflow_mixin import trusted

        with trusted():
            for record in self.sudo().filtered(lambda rec: not rec.access_token):
                record.access_token = str(uuid.uuid4())
        return self

    def _cchc_stored_document(self, report):
        """The stored file that printing ``report`` must return as is (an issued
        document), or None to render it."""
        return None

    def _cchc_verification_url(self):
        self.ensure_one()
        if not self._cchc_verification_route:
            return False
        self._cchc_ensure_access_token()
        path = self._cchc_verification_route % self.sudo().access_token
        return f"{self.get_base_url().rstrip('/')}{path}"

    # ------------------------------------------------------------------
    # PDF post-processing
    # ------------------------------------------------------------------
    def _cchc_pdf_postprocess(self, report, pdf_content):
        """Page numbers from page 2 and the verification QR code on every page."""
        self.ensure_one()
        return self._cchc_stamp_pdf(pdf_content, qr_value=self._cchc_verification_url())

    @api.model
    def _cchc_stamp_pdf(self, pdf_content, **options):
        """One PDF stamped as ``_cchc_stamp_pdfs`` does (options of a part)."""
        return self._cchc_stamp_pdfs([dict(options, content=pdf_content)])

    @api.model
    def _cchc_stamp_pdfs(self, parts):
        """Stamp and merge PDFs into one: page numbers, QR code, draft mark.

        ``parts`` is a list of dicts: ``content`` (PDF bytes) and the optional
        ``number_from`` (first numbered page, default 2: numbers are centred in the
        top margin, ``number_top`` points below the top edge), ``qr_value`` (text of
        the QR code printed at the bottom right of every page), ``watermark`` (a
        diagonal DỰ THẢO on every page). Each part is numbered on its own.

        wkhtmltopdf built without its patched Qt (Debian's package) ignores
        ``--header-html``, so the stamps are drawn on the finished pages; this works
        the same with both builds. The stamp of a page is added as a form XObject
        after the page's own content, which is never parsed (fast on long plans).
        """
        writer = PdfFileWriter()
        add_object = getattr(writer, "_add_object", None) or writer._addObject
        stamp_index = 0
        for part in parts:
            reader = PdfFileReader(io.BytesIO(part["content"]), strict=False)
            pages = list(reader.pages)
            overlay = self._cchc_stamp_overlay(pages, part)
            for page, overlay_page in zip(pages, overlay.pages):
                stamp_index += 1
                self._cchc_apply_overlay(page, overlay_page, add_object, stamp_index)
                writer.add_page(page)
        output = io.BytesIO()
        writer.write(output)
        return output.getvalue()

    @api.model
    def _cchc_stamp_overlay(self, pages, part):
        """A PDF with one page of stamps per page of ``pages`` (reportlab)."""
        number_from = part.get("number_from", 2)
        number_top = part.get("number_top", 11 * mm)
        qr_value = part.get("qr_value")
        watermark = part.get("watermark")
        qr_size, qr_bottom, qr_right = 14 * mm, 3 * mm, 18 * mm
        packet = io.BytesIO()
        stamp = canvas.Canvas(packet)
        qr_drawing = None
        if qr_value:
            widget = QrCodeWidget(qr_value, barLevel="M")
            x1, y1, x2, y2 = widget.getBounds()
            qr_drawing = Drawing(
                qr_size, qr_size, transform=[qr_size / (x2 - x1), 0, 0, qr_size / (y2 - y1), 0, 0]
            )
            qr_drawing.add(widget)
        for number, page in enumerate(pages, start=1):
            width = float(abs(page.mediabox.width))
            height = float(abs(page.mediabox.height))
            stamp.setPageSize((width, height))
            if number_from and number >= number_from:
                stamp.setFont("Times-Roman", 13)
                stamp.drawCentredString(width / 2, height - number_top, str(number))
            if qr_drawing:
                renderPDF.draw(qr_drawing, stamp, width - qr_right - qr_size, qr_bottom)
            if watermark:
                image, (image_width, image_height) = _get_watermark_image(
                    35 if height > width else 25
                )
                draw_width = min(width, height) * 0.9
                draw_height = draw_width * image_height / image_width
                stamp.drawImage(
                    image,
                    (width - draw_width) / 2,
                    (height - draw_height) / 2,
                    draw_width,
                    draw_height,
                    mask="auto",
                )
            stamp.showPage()
        stamp.save()
        return PdfFileReader(packet, strict=False)

    @api.model
    def _cchc_apply_overlay(self, page, overlay_page, add_object, index):
        """Draw ``overlay_page`` over ``page`` as a form XObject."""
        contents = overlay_page["/Contents"].get_object()
        form = DecodedStreamObject()
        (getattr(form, "set_data", None) or form.setData)(contents.get_data())
        media = page.mediabox
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(
                    [media.left, media.bottom, media.right, media.top]
                ),
                NameObject("/Resources"): overlay_page["/Resources"],
            }
        )
        name = NameObject(f"/CchcStamp{index}")
        resources = page["/Resources"].get_object()
        if "/XObject" not in resources:
            resources[NameObject("/XObject")] = DictionaryObject()
        resources["/XObject"].get_object()[name] = add_object(form)
        before = DecodedStreamObject()
        (getattr(before, "set_data", None) or before.setData)(b"q\n")
        after = DecodedStreamObject()
        (getattr(after, "set_data", None) or after.setData)(b"\nQ\nq " + name.encode() + b" Do Q\n")
        original = page["/Contents"]
        if isinstance(original.get_object(), ArrayObject):
            streams = list(original.get_object())
        else:
            streams = [original]
        page[NameObject("/Contents")] = ArrayObject(
            [add_object(before), *streams, add_object(after)]
        )
