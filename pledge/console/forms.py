"""The console's forms; each owns its validation."""

from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from pledge.reference import CATEGORIES, kecamatan_for
from pledge.text import clean_line

TIMEZONES = (
    ("Asia/Jakarta", "WIB (Asia/Jakarta)"),
    ("Asia/Makassar", "WITA (Asia/Makassar)"),
    ("Asia/Jayapura", "WIT (Asia/Jayapura)"),
)


def _required(message):
    return DataRequired(message=message)


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email"), validators=[_required(_l("Please write your email."))], filters=[clean_line]
    )
    password = PasswordField(_l("Password"), validators=[_required(_l("Please write your password."))])


class KioskExitForm(FlaskForm):
    password = PasswordField(_l("Password"), validators=[_required(_l("Please write your password."))])


class EventForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[_required(_l("Please write a title.")), Length(max=200)],
        filters=[clean_line],
    )
    slug = StringField(
        _l("Address of the event page"),
        validators=[
            _required(_l("Please choose an address.")),
            Length(max=80),
            Regexp(
                r"^[a-z0-9]+(-[a-z0-9]+)*$", message=_l("Use lowercase letters, digits and hyphens only.")
            ),
        ],
        filters=[clean_line],
    )
    place = StringField(
        _l("Place"),
        validators=[_required(_l("Please write the place.")), Length(max=200)],
        filters=[clean_line],
    )
    region = StringField(
        _l("Region"),
        validators=[_required(_l("Please write the region.")), Length(max=120)],
        filters=[clean_line],
    )
    organiser = StringField(_l("Organised by"), validators=[Length(max=200)], filters=[clean_line])
    held_on = DateField(_l("Date"), validators=[_required(_l("Please give the date."))])
    timezone = SelectField(_l("Time zone"))
    opens_at = DateTimeLocalField(_l("Signing opens (optional)"), validators=[Optional()])
    closes_at = DateTimeLocalField(_l("Signing closes (optional)"), validators=[Optional()])
    phone_required = BooleanField(_l("A WhatsApp number is required to sign"))
    moderates_names = BooleanField(_l("Names appear on the wall only after an organiser approves them"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = list(TIMEZONES)

    def validate_closes_at(self, field):
        if field.data and self.opens_at.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("Signing must close after it opens."))

    def moment(self, field):
        """Return the aware UTC moment of a local date-time field, read in the event's zone."""
        if field.data is None:
            return None
        return field.data.replace(tzinfo=ZoneInfo(self.timezone.data)).astimezone(ZoneInfo("UTC"))

    @staticmethod
    def local(moment, tz_name):
        return moment.astimezone(ZoneInfo(tz_name)).replace(tzinfo=None) if moment else None


class DocumentForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[_required(_l("Please write a title.")), Length(max=200)],
        filters=[clean_line],
    )
    body = TextAreaField(
        _l("Text"),
        validators=[_required(_l("Please write the text.")), Length(max=20000)],
        description=_l("Separate paragraphs with an empty line."),
    )


class SeatForm(FlaskForm):
    category = SelectField(_l("Stakeholder group"), validate_choice=False)
    institution = StringField(
        _l("Institution or office"),
        validators=[_required(_l("Please write the institution.")), Length(max=200)],
        filters=[clean_line],
    )
    position = StringField(_l("Position (optional)"), validators=[Length(max=200)], filters=[clean_line])
    kecamatan = SelectField(_l("Kecamatan (optional)"), validate_choice=False)

    def __init__(self, event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.category.choices = [("", _l("Choose…"))] + list(CATEGORIES.items())
        self.kecamatan.choices = [("", "—")] + [(name, name) for name in kecamatan_for(event.region)]

    def validate_category(self, field):
        if field.data not in CATEGORIES:
            raise ValidationError(_l("Please choose the stakeholder group."))

    def validate_kecamatan(self, field):
        if field.data and field.data not in kecamatan_for(self.event.region):
            raise ValidationError(_l("Please choose a kecamatan from the list."))


class RosterUploadForm(FlaskForm):
    roster = FileField(_l("CSV file"), validators=[FileRequired(_l("Please choose a CSV file."))])


class CandidatePairForm(FlaskForm):
    contest = StringField(
        _l("Election"),
        validators=[_required(_l("Please write which election.")), Length(max=120)],
        filters=[clean_line],
    )
    ballot_number = IntegerField(
        _l("Ballot number"),
        validators=[
            InputRequired(message=_l("Please give the ballot number.")),
            NumberRange(min=1, max=99, message=_l("The ballot number is between 1 and 99.")),
        ],
    )
    candidate = StringField(
        _l("Candidate"),
        validators=[_required(_l("Please write the candidate's name.")), Length(max=200)],
        filters=[clean_line],
    )
    running_mate = StringField(
        _l("Running mate"),
        validators=[_required(_l("Please write the running mate's name.")), Length(max=200)],
        filters=[clean_line],
    )
    campaign_team = StringField(
        _l("Campaign team (optional)"), validators=[Length(max=200)], filters=[clean_line]
    )


class RevokeForm(FlaskForm):
    reason = StringField(
        _l("Public reason"),
        validators=[_required(_l("Please give the public reason.")), Length(max=500)],
        filters=[clean_line],
    )


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons that change something."""
