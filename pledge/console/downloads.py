"""Downloads for organisers: a signer's certificate, all certificates as a ZIP, the official record.

The PDFs are Indonesian unless `?lang=en` asks for English; the ZIP is Indonesian only.
"""

import io

from flask import Response, abort, make_response, stream_with_context
from flask_babel import lazy_gettext as _l

from pledge import transitions
from pledge.certificates.archive import archive_name, certificates_zip
from pledge.certificates.record import record_pdf
from pledge.certificates.store import certificate_to_download, download_name
from pledge.console.access import actor, event_or_404
from pledge.console.blueprint import bp
from pledge.i18n import in_language, pdf_language
from pledge.lookups import of_event_or_404
from pledge.models import SignatureRecord


def _attachment(body, mimetype, filename):
    response = make_response(body)
    response.headers["Content-Type"] = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/events/<int:event_id>/signatures/<int:record_id>/certificate.pdf")
def signer_certificate(event_id, record_id):
    language = pdf_language()
    event = event_or_404(event_id)
    record = of_event_or_404(SignatureRecord, event, record_id)
    stored = certificate_to_download(record, language)
    if stored is None:
        abort(410)  # erased at the signer's request: the PDF printed their name
    return _attachment(stored.pdf, "application/pdf", download_name(record, language))


@bp.get("/events/<int:event_id>/certificates.zip")
def certificates_archive(event_id):
    event = event_or_404(event_id)
    transitions.note(event, actor(), "export.certificates")
    response = Response(stream_with_context(certificates_zip(event)), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{archive_name(event)}"'
    return response


@bp.get("/events/<int:event_id>/record.pdf")
def official_record(event_id):
    language = pdf_language()
    event = event_or_404(event_id)
    out = io.BytesIO()
    record_pdf(event, out, language=language)
    filename = in_language(_l("official-record-%(slug)s.pdf", slug=event.slug), language)
    return _attachment(out.getvalue(), "application/pdf", filename)
