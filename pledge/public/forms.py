"""The sign form; it owns the validation of everything a signer sends."""

import re

import phonenumbers
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TelField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from pledge import regions, signature_image, signing
from pledge.i18n import format_moment_here
from pledge.reference import CATEGORIES
from pledge.text import clean_line

IMAGE_MESSAGES = {
    "format": _l("The signature could not be read. Please draw it again."),
    "too_large": _l("The signature image is too large. Please draw it again."),
    "empty": _l("Please draw your signature in the box, or type your name below it."),
}


def _required(message):
    return [DataRequired(message=message)]


def _at_most(limit):
    return Length(max=limit, message=_l("Please keep this under %(max)d characters.", max=limit))


def _plain_key(value):
    """Keep the browser's resubmission key only when it looks like one (letters, digits, - _ .).

    Anything else (NUL bytes, markup) is dropped rather than stored: the key is hidden
    from the signer, so it must never be why a form is refused.
    """
    if value and re.fullmatch(r"[A-Za-z0-9._-]{1,64}", value):
        return value
    return None


class SignForm(FlaskForm):
    """Who signs, what they agree to, and their signature."""

    full_name = StringField(
        _l("Full name"),
        validators=[*_required(_l("Please write your full name.")), _at_most(120)],
        filters=[clean_line],
    )
    position = StringField(
        _l("Position (jabatan)"),
        validators=[*_required(_l("Please write your position.")), _at_most(120)],
        filters=[clean_line],
    )
    institution = StringField(
        _l("Institution or organisation"),
        validators=[*_required(_l("Please write your institution.")), _at_most(150)],
        filters=[clean_line],
    )
    category = SelectField(
        _l("Stakeholder group"),
        validators=_required(_l("Please choose your stakeholder group.")),
        validate_choice=False,
    )
    area = SelectField(_l("Kecamatan (optional)"), validate_choice=False)
    phone = TelField(_l("WhatsApp number"), filters=[clean_line])
    show_name = BooleanField(_l("Show my name on the public list of signatories"))
    signature_drawn = HiddenField()
    signature_typed = StringField(
        _l("Cannot draw? Type your name as your signature"),
        validators=[_at_most(80)],
        filters=[clean_line],
    )
    client_key = HiddenField(validators=[Optional(), Length(max=64)], filters=[_plain_key])
    # A trap for scripts: hidden from people (CSS, aria-hidden, out of the tab order).
    homepage = StringField(_l("Leave this field empty"))

    def is_bot(self):
        """Return whether the hidden trap field was filled: people never see it."""
        return bool(self.homepage.raw_data and any(value for value in self.homepage.raw_data))

    def __init__(self, event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.category.choices = [("", _l("Choose…"))] + [(key, label) for key, label in CATEGORIES.items()]
        self.words = regions.words(event)
        self.area.label.text = self.words.optional
        self.area.choices = [("", self.words.not_given)] + [
            (area.code, area.name) for area in regions.breakdown(event)
        ]
        self.phone.flags.required = event.phone_required
        self.signature_png = None
        self.signature_method = None

    def validate_category(self, field):
        if field.data not in CATEGORIES:
            raise ValidationError(_l("Please choose your stakeholder group."))

    def validate_area(self, field):
        if field.data and field.data not in regions.breakdown_codes(self.event):
            raise ValidationError(self.words.choose)

    def validate_phone(self, field):
        if not field.data:
            if self.event.phone_required:
                raise ValidationError(_l("Please write your WhatsApp number."))
            field.data = None
            return
        try:
            number = phonenumbers.parse(field.data, "ID")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise ValidationError(
                _l("This is not a valid phone number. Write it as 0812 3456 7890 or +62 812 3456 7890.")
            )
        field.data = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return self._validate_signature() and ok

    def _validate_signature(self):
        config = current_app.config
        try:
            if self.signature_drawn.data:
                self.signature_png = signature_image.from_data_url(
                    self.signature_drawn.data,
                    config["SIGNATURE_IMAGE_MAX_BYTES"],
                    config["SIGNATURE_IMAGE_MAX_PIXELS"],
                )
                self.signature_method = "drawn"
            elif self.signature_typed.errors:
                return False  # the typed name's own message says what to change
            elif self.signature_typed.data:
                self.signature_png = signature_image.render_typed(self.signature_typed.data)
                self.signature_method = "typed"
            else:
                raise signature_image.SignatureImageError("empty")
        except signature_image.SignatureImageError as error:
            self.signature_drawn.data = ""
            self.signature_drawn.errors = [IMAGE_MESSAGES[error.reason]]
            return False
        return True

    def signer(self):
        """Return the validated signer details."""
        return signing.Signer(
            full_name=self.full_name.data,
            position=self.position.data,
            institution=self.institution.data,
            category=self.category.data,
            area_code=self.area.data or None,
            phone=self.phone.data or None,
            show_name=bool(self.show_name.data),
        )

    def agreement_fields(self):
        return [getattr(self, name) for name in self._agreement_names]

    def agreed_version_ids(self):
        return [int(name.removeprefix("agree_")) for name in self._agreement_names]

    def store(self, seat=None):
        """Sign the event with what the form holds (pledge.signing.sign) and return the Outcome.

        When the phone number signed before, the refusal is written beside the phone
        field and signing.AlreadySigned raised again for the view to choose its status.
        """
        try:
            return signing.sign(
                self.event,
                self.signer(),
                self.signature_png,
                self.signature_method,
                self.agreed_version_ids(),
                client_key=self.client_key.data or None,
                seat=seat,
            )
        except signing.AlreadySigned as already:
            self.phone.errors = [
                _(
                    "This WhatsApp number already signed this declaration on %(when)s.",
                    when=format_moment_here(already.record.signed_at, self.event.timezone),
                )
            ]
            raise


def sign_form_for(event, **kwargs):
    """Return a SignForm with one required agreement checkbox per current document."""

    class EventSignForm(SignForm):
        pass

    names = []
    for version in event.current_versions():
        name = f"agree_{version.id}"
        message = _l("Please tick to agree to “%(title)s”.", title=version.title)
        setattr(
            EventSignForm,
            name,
            BooleanField(
                _l("I have read and agree to “%(title)s”.", title=version.title),
                validators=_required(message),
            ),
        )
        names.append(name)
    EventSignForm._agreement_names = names
    return EventSignForm(event, **kwargs)
