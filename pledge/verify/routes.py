"""Verification pages: by number, by uploaded PDF, and the seal's public certificate."""

from flask import Blueprint, current_app, make_response, redirect, render_template, request, url_for

from pledge import certificate_numbers
from pledge.certificates.keys import key_material
from pledge.certificates.verification import Finding, check_document, check_number
from pledge.i18n import current_language
from pledge.limits import verify_limit
from pledge.verify.forms import NumberForm, UploadForm
from pledge.verify.guide import guide_html

bp = Blueprint("verify", __name__)

_STATUS = {Finding.UNKNOWN: 404, Finding.MISTYPED: 404, Finding.MALFORMED: 404}
# What a multipart body adds to the file itself: boundaries, headers, the CSRF token.
_FORM_OVERHEAD = 64 * 1024


@bp.url_value_preprocessor
def _room_for_an_upload(endpoint, values):
    """Let an upload to check be as large as VERIFY_UPLOAD_MAX_BYTES, above MAX_CONTENT_LENGTH.

    An official record of a thousand signatories is several megabytes. URL value
    preprocessors run before every before_request hook, so the larger limit holds when
    the CSRF check reads the form; past it the form says how large a file may be.
    """
    if endpoint == "verify.upload":
        limit = current_app.config["VERIFY_UPLOAD_MAX_BYTES"] + _FORM_OVERHEAD
        request.max_content_length = max(limit, current_app.config["MAX_CONTENT_LENGTH"] or 0)


@bp.get("/verify")
def index():
    number_form = NumberForm(request.args)
    if request.args and number_form.validate():
        verdict = check_number(number_form.number.data)
        if verdict.record is not None:
            return redirect(url_for(".number", number=verdict.record.certificate_number), 303)
        return _answer(verdict, typed=number_form.number.data)
    return render_template("verify/index.html", number_form=number_form, upload_form=UploadForm())


@bp.post("/verify")
@verify_limit
def upload():
    form = UploadForm()
    if not form.validate_on_submit():
        return render_template("verify/index.html", number_form=NumberForm(), upload_form=form), 422
    verdict = check_document(form.pdf_bytes)
    return render_template("verify/document.html", verdict=verdict, finding=verdict.finding, Finding=Finding)


@bp.get("/verify/trust")
def trust():
    """What the seal, the log and the commitments prove, and how to trust the seal (docs/TRUST.md)."""
    return render_template("verify/trust.html", guide=guide_html(current_language()))


@bp.get("/verify/<number>")
def number(number):
    verdict = check_number(number)
    if verdict.record is not None and verdict.record.certificate_number != number:
        return redirect(url_for(".number", number=verdict.record.certificate_number), 301)
    return _answer(verdict, typed=number)


def _answer(verdict, typed):
    shown = typed
    if verdict.record is not None:
        shown = certificate_numbers.display(verdict.record.certificate_number)
    body = render_template(
        "verify/number.html", verdict=verdict, finding=verdict.finding, Finding=Finding, typed=shown
    )
    return body, _STATUS.get(verdict.finding, 200)


@bp.get("/seal-certificate.pem")
def seal_certificate():
    """The seal's public certificate, so that anyone can check a certificate's seal."""
    response = make_response(key_material().certificate_pem())
    response.headers["Content-Type"] = "application/x-pem-file"
    response.headers["Content-Disposition"] = "inline; filename=seal-certificate.pem"
    return response


@bp.get("/signing-certificate.pem")
def old_seal_certificate_address():
    """The address the seal's certificate had before; kept for links printed with it (deprecated)."""
    return redirect(url_for(".seal_certificate"), 301)
