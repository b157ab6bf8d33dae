"""The sign form, shared by the public form, the invitations and the kiosk.

What a signer sends is read once, in plain Python, by `read()`: the one validation of
every way of signing, which builds no form object for a signature that is in order.
The WTForms SignForm only shows the form, and shows it again with read()'s messages
beside the fields when something is to be corrected.
"""

import functools
import re
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TelField

from pledge import messaging, phones, recovery, regions, signature_image, strokes, transitions
from pledge.reference import CATEGORIES
from pledge.text import clean_line

# Without the page's script there is no box to draw in: the typed name is the signature.
TYPE_YOUR_NAME = _l("Please type your name below as your signature.")
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
INVALID_PHONE = _l("This is not a valid phone number. Write it as 0812 3456 7890 or +62 812 3456 7890.")
CHOOSE_CATEGORY = _l("Please choose your stakeholder group.")
WRITE_PHONE = _l("Please write your WhatsApp number.")

# The signer's lines: field -> (the longest it may be, the message when it is empty, or
# None when it may be).
LINES = {
    "full_name": (120, _l("Please write your full name.")),
    "position": (120, _l("Please write your position.")),
    "institution": (150, _l("Please write your institution.")),
    "signature_typed": (80, None),
}
# A browser's checkbox value, as WTForms' BooleanField reads it.
_UNTICKED = ("", "false")


def too_long(limit):
    return _l("Please keep this under %(max)d characters.", max=limit)


def _plain_key(value):
    """Keep the browser's resubmission key only when it looks like one (letters, digits, - _ .).

    Anything else (NUL bytes, markup) is dropped rather than stored: the key is hidden
    from the signer, so it must never be why a form is refused.
    """
    if value and re.fullmatch(r"[A-Za-z0-9._-]{1,64}", value):
        return value
    return None


def _ticked(formdata, name):
    value = formdata.get(name)
    return value is not None and value not in _UNTICKED


@dataclass
class Reading:
    """What a sent sign form says, read by read(): the signature to store, or what to correct.

    `errors` maps a field's name to the message shown beside it; when it is empty,
    `signer`, `mark` and `agreed_version_ids` are what transitions.sign takes. `bot`
    says that the hidden trap field was filled (people never see it).
    """

    signer: transitions.Signer | None = None
    mark: strokes.SignatureMark | None = None
    agreed_version_ids: list = field(default_factory=list)
    client_key: str | None = None
    errors: dict = field(default_factory=dict)
    bot: bool = False


def read(event, formdata):
    """Read a sent sign form of `event` (a MultiDict, as request.form) and return its Reading."""
    if any(formdata.getlist("homepage")):
        return Reading(bot=True)
    errors = {}
    lines = {}
    for name, (limit, required) in LINES.items():
        value = clean_line(formdata.get(name)) or ""
        # `required` is a lazy message: its truth would translate it on every signing.
        if not value and required is not None:
            errors[name] = required
        elif len(value) > limit:
            errors[name] = too_long(limit)
        lines[name] = value
    category = formdata.get("category", "")
    if category not in CATEGORIES:
        errors["category"] = CHOOSE_CATEGORY
    area = formdata.get("area") or None
    if area and area not in regions.breakdown_codes(event):
        errors["area"] = regions.words(event).choose
    phone = _phone(event, clean_line(formdata.get("phone")), errors)
    versions = event.current_versions()
    for version in versions:
        if not _ticked(formdata, f"agree_{version.id}"):
            errors[f"agree_{version.id}"] = _("Please tick to agree to “%(title)s”.", title=version.title)
    # The page's script fills the resubmission key: without it, the pad was never shown.
    client_key = _plain_key(formdata.get("client_key"))
    mark = _mark(formdata.get("signature_drawn"), lines["signature_typed"], errors, scripted=bool(client_key))
    if errors:
        return Reading(errors=errors)
    signer = transitions.Signer(
        full_name=lines["full_name"],
        position=lines["position"],
        institution=lines["institution"],
        category=category,
        area_code=area,
        phone=phone,
        show_name=_ticked(formdata, "show_name"),
    )
    return Reading(
        signer=signer,
        mark=mark,
        agreed_version_ids=[version.id for version in versions],
        client_key=client_key,
    )


def _phone(event, value, errors):
    """Return the number in E.164, or None when none was given; a refusal goes into `errors`."""
    if not value:
        if event.phone_required:
            errors["phone"] = WRITE_PHONE
        return None
    try:
        return phones.e164(value)
    except ValueError:
        errors["phone"] = INVALID_PHONE
        return None


def _mark(drawn, typed, errors, scripted):
    """Return the signer's mark: the drawn strokes, a PNG data URL from a page of before
    strokes, or the typed name; a refusal goes into `errors`, beside the pad. A page whose
    script did not run (`scripted` false) showed no box to draw in: it is asked for the name."""
    try:
        if drawn and drawn.startswith("data:"):
            # A sign form loaded before strokes (or its offline outbox) still sends a PNG.
            config = current_app.config
            png = signature_image.from_data_url(
                drawn, config["SIGNATURE_IMAGE_MAX_BYTES"], config["SIGNATURE_IMAGE_MAX_PIXELS"]
            )
            return strokes.SignatureMark("drawn", image=png)
        if drawn:
            return strokes.SignatureMark.drawn(drawn)
        if "signature_typed" in errors:
            return None  # the typed name's own message says what to change
        return strokes.SignatureMark.typed(typed)
    except (signature_image.SignatureImageError, strokes.StrokesRefused) as error:
        nothing_drawn = error.reason == "empty" and not drawn
        errors["signature_drawn"] = (
            TYPE_YOUR_NAME if nothing_drawn and not scripted else IMAGE_MESSAGES[error.reason]
        )
        return None


class _Shown:
    """What a field promises in its HTML (required, maxlength); the checking is read()'s."""

    def __init__(self, **flags):
        self.field_flags = flags

    def __call__(self, form, field):
        pass


def _line(label, name):
    """A text field of LINES, cleaned to one line when shown again."""
    limit, required = LINES[name]
    shown = _Shown(maxlength=limit, required=True) if required else _Shown(maxlength=limit)
    return StringField(label, validators=[shown], filters=[clean_line])


class SignForm(FlaskForm):
    """The sign form as shown: who signs, what they agree to, and their signature."""

    full_name = _line(_l("Full name"), "full_name")
    position = _line(_l("Position (jabatan)"), "position")
    institution = _line(_l("Institution or organisation"), "institution")
    category = SelectField(_l("Stakeholder group"), validators=[_Shown(required=True)], validate_choice=False)
    area = SelectField(_l("Kecamatan (optional)"), validate_choice=False)
    phone = TelField(_l("WhatsApp number"), filters=[clean_line])
    show_name = BooleanField(_l("Show my name on the public list of signatories"))
    signature_drawn = HiddenField()
    signature_typed = _line(_l("Cannot draw? Type your name as your signature"), "signature_typed")
    client_key = HiddenField(filters=[_plain_key])
    # A trap for scripts: hidden from people (CSS, aria-hidden, out of the tab order).
    homepage = StringField(_l("Leave this field empty"))

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

    def show_errors(self, errors):
        """Write read()'s messages beside their fields; a refused drawing is cleared from the pad."""
        for name, message in errors.items():
            self[name].errors = [message]
        if "signature_drawn" in errors:
            self.signature_drawn.data = ""

    def agreement_fields(self):
        return [getattr(self, name) for name in self._agreement_names]


def already_signed_message():
    """The refusal beside the phone field when the number signed before.

    It says neither when nor as whom the number signed: that would tie a number to a
    row of the public wall.
    """
    if messaging.channel():
        return _(
            "This number has already signed this declaration. To get back to your certificate, "
            "ask for a code sent to this number, or ask the organisers for a fresh link."
        )
    return _(
        "This number has already signed this declaration. To get back to your certificate, "
        "ask the organisers: they can hand you a fresh link."
    )


def store(event, reading, seat=None):
    """Sign `event` with what `reading` holds (pledge.transitions.sign) and return the Outcome.

    Every way of signing (the public form, an invitation, the kiosk) comes through
    here: a new record with a phone number gets its private link sent to it where a
    gateway is configured (a resubmission does not). transitions' refusals are raised
    for the caller to answer.
    """
    signer = reading.signer
    outcome = transitions.sign(
        event, signer, reading.mark, reading.agreed_version_ids, client_key=reading.client_key, seat=seat
    )
    if outcome.created and signer.phone:
        recovery.send_certificate_link(event, outcome.access_key, signer.phone)
    return outcome


def sign_form_for(event, **kwargs):
    """Return a SignForm with one required agreement checkbox per current document.

    The labels and messages are plain text, written now in the reader's language: a lazy
    string would pass for markup (it has __html__), and the organiser's title with it.
    """
    agreements = tuple(
        (version.id, _("I have read and agree to “%(title)s”.", title=version.title))
        for version in event.current_versions()
    )
    return _form_class(agreements)(event, **kwargs)


@functools.lru_cache(maxsize=256)
def _form_class(agreements):
    """Return the SignForm subclass with these (version id, label) checkboxes.

    Built once per texts and language and then reused: WTForms prepares a form class's
    fields on its first instance, which was a tenth of a signing's CPU when every
    request built a class of its own.
    """

    class EventSignForm(SignForm):
        pass

    for version_id, label in agreements:
        setattr(EventSignForm, f"agree_{version_id}", BooleanField(label, validators=[_Shown(required=True)]))
    EventSignForm._agreement_names = [f"agree_{version_id}" for version_id, _label in agreements]
    return EventSignForm
