"""The sign form, shared by the public form, the invitations and the kiosk; it owns the
validation of everything a signer sends."""

import functools
import re

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TelField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from pledge import messaging, phones, recovery, regions, signature_image, strokes, transitions
from pledge.reference import CATEGORIES
from pledge.text import clean_line

IMAGE_MESSAGES = {
    "format": _l("The signature could not be read. Please draw it again."),
    "too_large": _l("The signature image is too large. Please draw it again."),
    "empty": _l("Please draw your signature in the box, or type your name below it."),
    "strokes": _l(
        "The signature has more than %(max)d strokes. Please clear it and draw it again.",
        max=strokes.MAX_STROKES,
    ),
    "stroke_points": _l("One line of the signature is too long. Please clear it and draw it again."),
    "points": _l("The signature has too many points. Please clear it and draw it again, more simply."),
    "outside": _l("The signature goes outside its box. Please clear it and draw it again."),
    "little_ink": _l("The signature is too small. Please draw it larger, or type your name below it."),
}


def _required(message):
    return [DataRequired(message=message)]


def _at_most(limit):
    return Length(max=limit, message=_l("Please keep this under %(max)d characters.", max=limit))


INVALID_PHONE = _l("This is not a valid phone number. Write it as 0812 3456 7890 or +62 812 3456 7890.")


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
        # What the phone field promises depends on whether a gateway sends anything.
        self.channel = messaging.channel()
        self.already_signed = False
        self.signature_mark = None

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
            field.data = phones.e164(field.data)
        except ValueError:
            raise ValidationError(INVALID_PHONE) from None

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return self._validate_signature() and ok

    def _validate_signature(self):
        """Read the drawn strokes (or, from a page of before, a PNG data URL) or the typed name.

        The mark is kept as `signature_mark`; a refusal is written beside the pad.
        """
        try:
            drawn = self.signature_drawn.data
            if drawn and drawn.startswith("data:"):
                # A sign form loaded before strokes (or its offline outbox) still sends a PNG.
                config = current_app.config
                png = signature_image.from_data_url(
                    drawn, config["SIGNATURE_IMAGE_MAX_BYTES"], config["SIGNATURE_IMAGE_MAX_PIXELS"]
                )
                self.signature_mark = strokes.SignatureMark("drawn", image=png)
            elif drawn:
                self.signature_mark = strokes.SignatureMark.drawn(drawn)
            elif self.signature_typed.errors:
                return False  # the typed name's own message says what to change
            else:
                self.signature_mark = strokes.SignatureMark.typed(self.signature_typed.data or "")
        except (signature_image.SignatureImageError, strokes.StrokesRefused) as error:
            self.signature_drawn.data = ""
            self.signature_drawn.errors = [IMAGE_MESSAGES[error.reason]]
            return False
        return True

    def signer(self):
        """Return the validated signer details."""
        return transitions.Signer(
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
        """Sign the event with what the form holds (pledge.transitions.sign) and return the Outcome.

        Every way of signing (the public form, an invitation, the kiosk) comes through
        here: a new record with a phone number gets its private link sent to it where a
        gateway is configured (a resubmission does not). When the number signed before,
        the refusal is written beside the phone field and transitions.AlreadySigned raised
        again for the view to choose its status. The refusal says neither when nor as
        whom the number signed: that would tie a number to a row of the public wall.
        """
        signer = self.signer()
        try:
            outcome = transitions.sign(
                self.event,
                signer,
                self.signature_mark,
                self.agreed_version_ids(),
                client_key=self.client_key.data or None,
                seat=seat,
            )
        except transitions.AlreadySigned:
            self.already_signed = True
            if self.channel:
                message = _(
                    "This number has already signed this declaration. To get back to your certificate, "
                    "ask for a code sent to this number, or ask the organisers for a fresh link."
                )
            else:
                message = _(
                    "This number has already signed this declaration. To get back to your certificate, "
                    "ask the organisers: they can hand you a fresh link."
                )
            self.phone.errors = [message]
            raise
        if outcome.created and signer.phone:
            recovery.send_certificate_link(self.event, outcome.access_key, signer.phone)
        return outcome


def sign_form_for(event, **kwargs):
    """Return a SignForm with one required agreement checkbox per current document.

    The labels and messages are plain text, written now in the reader's language: a lazy
    string would pass for markup (it has __html__), and the organiser's title with it.
    """
    agreements = tuple(
        (
            version.id,
            _("I have read and agree to “%(title)s”.", title=version.title),
            _("Please tick to agree to “%(title)s”.", title=version.title),
        )
        for version in event.current_versions()
    )
    return _form_class(agreements)(event, **kwargs)


@functools.lru_cache(maxsize=256)
def _form_class(agreements):
    """Return the SignForm subclass with these (version id, label, message) checkboxes.

    Built once per texts and language and then reused: WTForms prepares a form class's
    fields on its first instance, which was a tenth of a signing's CPU when every
    request built a class of its own.
    """

    class EventSignForm(SignForm):
        pass

    for version_id, label, message in agreements:
        setattr(EventSignForm, f"agree_{version_id}", BooleanField(label, validators=_required(message)))
    EventSignForm._agreement_names = [f"agree_{version_id}" for version_id, _label, _message in agreements]
    return EventSignForm
