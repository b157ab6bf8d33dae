"""The two ways to ask: type a number, or upload the PDF."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField
from wtforms.validators import DataRequired, ValidationError


class NumberForm(FlaskForm):
    """A GET form: the answer has its own address, /verify/<number>."""

    class Meta:
        csrf = False

    number = StringField(
        _l("Certificate number"),
        validators=[DataRequired(message=_l("Please type the certificate number."))],
    )


class UploadForm(FlaskForm):
    document = FileField(
        _l("PDF file"),
        validators=[FileRequired(message=_l("Please choose the PDF file to check."))],
    )

    def validate_document(self, field):
        """Read the file into `self.pdf_bytes`; refuse what is too large or not a PDF."""
        limit = current_app.config["VERIFY_UPLOAD_MAX_BYTES"]
        data = field.data.stream.read(limit + 1)
        if len(data) > limit:
            raise ValidationError(
                _l(
                    "The file is larger than %(size)s: no PDF this portal issues is that large.",
                    size=_megabytes(limit),
                )
            )
        if not data.startswith(b"%PDF-"):
            raise ValidationError(
                _l("This file is not a PDF. Please choose the PDF you downloaded from the portal.")
            )
        self.pdf_bytes = data


def _megabytes(size):
    if size < 1024 * 1024:
        return f"{size // 1024} KB"
    return f"{size / (1024 * 1024):g} MB"
