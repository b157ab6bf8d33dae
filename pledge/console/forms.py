"""The console's forms; each owns its validation."""

import re
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

from pledge import regions
from pledge.models.events import DEFAULT_RECORD_NUMBER, SLUG_PATTERN
from pledge.reference import CATEGORIES
from pledge.text import clean_line, clean_text

# What the official record's number pattern may hold, in Indonesian and in English.
NUMBER_FIELDS = ("tanggal", "bulan", "tahun", "penyelenggara", "day", "month", "year", "organiser")


def _required(message):
    return DataRequired(message=message)


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email"), validators=[_required(_l("Please write your email."))], filters=[clean_line]
    )
    password = PasswordField(_l("Password"), validators=[_required(_l("Please write your password."))])


class KioskExitForm(FlaskForm):
    password = PasswordField(_l("Password"), validators=[_required(_l("Please write your password."))])


FIRST_YEAR, LAST_YEAR = 2000, 2100


def _within_years(form, field):
    """A signing opens and closes in a year an election can be held (the year 1 is no date to
    sign on, and in UTC it would fall before the calendar begins)."""
    if field.data and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(
            _l("Please give a date between %(first)d and %(last)d.", first=FIRST_YEAR, last=LAST_YEAR)
        )


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
                f"^{SLUG_PATTERN.pattern}$", message=_l("Use lowercase letters, digits and hyphens only.")
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
        validators=[_required(_l("Please choose the region.")), Length(max=160)],
        filters=[clean_line],
        description=_l(
            "Type part of the name of the province (for a governor's election) or of the kabupaten or kota."
        ),
    )
    held_on = DateField(_l("Date"), validators=[_required(_l("Please give the date."))])
    opens_at = DateTimeLocalField(_l("Signing opens (optional)"), validators=[Optional(), _within_years])
    closes_at = DateTimeLocalField(_l("Signing closes (optional)"), validators=[Optional(), _within_years])
    phone_required = BooleanField(_l("A WhatsApp number is required to sign"))
    moderates_names = BooleanField(_l("Names appear on the wall only after an organiser approves them"))
    record_number_pattern = StringField(
        _l("Number of the official record"),
        validators=[Length(max=160)],
        filters=[clean_line],
        default=DEFAULT_RECORD_NUMBER,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = None  # the region chosen, once validated

    def validate_region(self, field):
        """Read the region typed (a code, a name or part of one) into `self.area`."""
        found = regions.search(field.data)
        if not found:
            raise ValidationError(
                _l("No province, kabupaten or kota has this name. Please check the spelling.")
            )
        named = regions.named_exactly(found, field.data)
        if len(found) > 1 and len(named) != 1:
            names = ", ".join(area.title for area in (named or found)[:6])
            raise ValidationError(
                _l("Several regions match: %(names)s. Please choose one from the list.", names=names)
            )
        self.area = named[0] if named else found[0]
        field.data = regions.picker_value(self.area)

    def validate_record_number_pattern(self, field):
        if not field.data:
            field.data = DEFAULT_RECORD_NUMBER
            return
        names = re.findall(r"\{([^{}]*)\}", field.data)
        unknown = [name for name in names if name not in NUMBER_FIELDS]
        if unknown or field.data.count("{") != len(names) or field.data.count("}") != len(names):
            raise ValidationError(
                _l(
                    "Use only {tanggal}, {bulan}, {tahun} and {penyelenggara} between braces, "
                    "for example BA/{tanggal}/{bulan}/{tahun}/Polres Paser."
                )
            )

    @property
    def timezone(self):
        """The zone of the chosen region: an event's times are read in it."""
        return self.area.timezone if self.area else "Asia/Makassar"

    def validate_closes_at(self, field):
        if field.data and self.opens_at.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("Signing must close after it opens."))

    def moment(self, field):
        """Return the aware UTC moment of a local date-time field, read in the event's zone."""
        if field.data is None:
            return None
        return field.data.replace(tzinfo=ZoneInfo(self.timezone)).astimezone(ZoneInfo("UTC"))

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
        filters=[clean_text],
    )


class SeatForm(FlaskForm):
    category = SelectField(_l("Stakeholder group"), validate_choice=False)
    institution = StringField(
        _l("Institution or office"),
        validators=[_required(_l("Please write the institution.")), Length(max=200)],
        filters=[clean_line],
    )
    position = StringField(_l("Position (optional)"), validators=[Length(max=200)], filters=[clean_line])
    area = SelectField(_l("Kecamatan (optional)"), validate_choice=False)

    def __init__(self, event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.words = regions.words(event)
        self.category.choices = [("", _l("Choose…"))] + list(CATEGORIES.items())
        self.area.label.text = self.words.optional
        self.area.choices = [("", "—")] + [(area.code, area.name) for area in regions.breakdown(event)]

    def validate_category(self, field):
        if field.data not in CATEGORIES:
            raise ValidationError(_l("Please choose the stakeholder group."))

    def validate_area(self, field):
        if field.data and field.data not in regions.breakdown_codes(self.event):
            raise ValidationError(self.words.choose)


class InstitutionForm(FlaskForm):
    name = StringField(
        _l("Name of the institution"),
        validators=[_required(_l("Please write the name of the institution.")), Length(max=200)],
        filters=[clean_line],
    )
    logo = FileField(_l("Logo (optional, PNG or JPEG)"))


class LogoForm(FlaskForm):
    logo = FileField(
        _l("New logo (PNG or JPEG)"), validators=[FileRequired(_l("Please choose the logo file."))]
    )


class OfficialForm(FlaskForm):
    role = SelectField(_l("Signs the official record as"))
    name = StringField(
        _l("Full name"),
        validators=[_required(_l("Please write the name.")), Length(max=200)],
        filters=[clean_line],
    )
    title = StringField(_l("Rank or position"), validators=[Length(max=200)], filters=[clean_line])
    institution = StringField(
        _l("Institution (optional)"), validators=[Length(max=200)], filters=[clean_line]
    )
    id_number = StringField(
        _l("NIP or NRP (optional)"),
        validators=[
            Length(max=40),
            Optional(),
            Regexp(r"^[0-9 .]+$", message=_l("Write the NIP or NRP with digits only.")),
        ],
        filters=[clean_line],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [("official", _l("Responsible official")), ("witness", _l("Witness"))]


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
