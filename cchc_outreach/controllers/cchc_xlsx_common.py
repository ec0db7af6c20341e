from werkzeug.exceptions import Forbidden

from odoo.http import content_disposition, request

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_download(model, res_id, render, filename_prefix):
    """Stream ``render(record)`` as an .xlsx download if the user may read the record.

    A record that does not exist is a 404, one the user may not read a plain 403
    (no AccessError: that is not an error of the server, nothing to log).
    """
    record = request.env[model].browse(res_id).exists()
    if not record:
        raise request.not_found()
    if not record.has_access("read"):
        raise Forbidden()
    label = (record.number or record.name or str(record.id)).replace("/", "-")
    return request.make_response(
        render(record),
        headers=[
            ("Content-Type", XLSX_MIMETYPE),
            ("Content-Disposition", content_disposition(f"{filename_prefix} {label}.xlsx")),
        ],
    )
