"""The public blueprint's own forms: getting back to a certificate with a code."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TelField
from wtforms.validators import DataRequired, ValidationError

from pledge import phones
from pledge.sign_form import INVALID_PHONE
from pledge.text import clean_line


class RecoveryForm(FlaskForm):
    """The number a signer signed with, to be sent a code."""

    phone = TelField(
        _l("The WhatsApp number you signed with"),
        validators=[DataRequired(message=_l("Please write your WhatsApp number."))],
        filters=[clean_line],
    )

    def validate_phone(self, field):
        try:
            field.data = phones.e164(field.data)
        except ValueError:
            raise ValidationError(INVALID_PHONE) from None


class CodeForm(FlaskForm):
    """The six-digit code sent to the signer's number."""

    code = StringField(
        _l("The 6-digit code"),
        validators=[DataRequired(message=_l("Please write the code you received."))],
        filters=[lambda value: re.sub(r"[\s-]", "", value or "")],
    )

    def validate_code(self, field):
        if not re.fullmatch(r"[0-9]{6}", field.data):
            raise ValidationError(_l("The code has 6 digits."))
