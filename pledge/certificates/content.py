"""What a certificate prints, collected from a signature record in one language and standing."""

from dataclasses import dataclass

from flask_babel import force_locale

from pledge import certificate_numbers, regions, transparency
from pledge.certificates import letterhead
from pledge.dates import format_date, format_day, format_moment
from pledge.models import utcnow
from pledge.reference import OFFICIAL_LANGUAGE, category_label
from pledge.urls import public_url

VALID, REVOKED = "valid", "revoked"


@dataclass(frozen=True)
class SignedText:
    title: str
    paragraphs: tuple
    sha256: str


@dataclass(frozen=True)
class Official:
    """The official who issues the certificate on the organisers' behalf."""

    name: str
    title: str
    institution: str
    id_number: str


@dataclass(frozen=True)
class CertificateContent:
    """Everything a certificate prints, taken from a signature record."""

    number: str
    institution: str  # the seal's holder (SEAL_INSTITUTION), named in the annex
    event_title: str
    event_place: str  # "Hotel Kyriad Sadurengas, Tana Paser, Kabupaten Paser"
    event_day: str
    organisers: tuple  # the organising institutions' names
    issuer: str  # "Diterbitkan oleh Polres Paser dan KPU Kabupaten Paser melalui Portal Pilkada Damai"
    logos: tuple  # PNG bytes of up to three organisers' logos
    official: Official | None
    full_name: str
    position: str
    signer_institution: str
    category: str
    area: str | None  # "Kecamatan Kuaro", or "Kabupaten Berau" for a provincial event
    signed_at: str
    texts: tuple
    signature_mark: object  # a strokes.SignatureMark, or None once erased
    verify_url: str
    fingerprint: str
    salt: str | None = None  # the commitment's salt, which only the signer's copy prints
    log_seq: int = 0  # the event's log (tree size and root) when the certificate was issued
    log_hash: str = ""
    log_position: int = 0  # the signature's leaf in that log, counted from 1 (0: none)
    inclusion_url: str = ""  # where the leaf's inclusion proof is served
    language: str = OFFICIAL_LANGUAGE  # what the labels, dates and the group are written in
    issued_at: object = None  # an aware datetime in the event's zone: the PDF's CreationDate
    standing: str = VALID
    revoked_on: str = ""  # when the record was revoked, written in `language`
    revoked_day: str = ""  # the day alone, for the stamp
    revoke_reason: str = ""

    @property
    def is_revoked(self):
        return self.standing == REVOKED

    @classmethod
    def of(cls, record, verify_url, institution, language=OFFICIAL_LANGUAGE, standing=VALID, now=None):
        """Collect what `record`'s certificate prints, in `language`, with `standing`.

        `now` is the moment of issue, printed as the PDF's creation date.
        """
        event = record.event
        with force_locale(language):
            category = category_label(record.category)
            issuer = letterhead.issuer_line(event)
        # Certificates are stored once: the head printed is the one at issue, which
        # covers the signature's own entry.
        head = transparency.head(event)
        leaf = transparency.leaf_of(record)
        official = event.signing_officials[0] if event.signing_officials else None
        place = event.place if event.area is None else f"{event.place}, {event.area.title}"
        revoked = standing == REVOKED and record.revoked_at is not None
        return cls(
            number=certificate_numbers.display(record.certificate_number),
            institution=institution,
            event_title=event.title,
            event_place=place,
            event_day=format_day(event.held_on, language),
            organisers=tuple(event.organiser_names),
            issuer=issuer,
            logos=letterhead.logos_of(event),
            official=Official(official.name, official.title, official.institution, official.id_number)
            if official
            else None,
            full_name=record.full_name,
            position=record.position,
            signer_institution=record.institution,
            category=category,
            area=area.title if (area := regions.get(record.area_code)) else None,
            signed_at=format_moment(record.signed_at, event.timezone, language),
            texts=tuple(
                SignedText(version.title, tuple(version.paragraphs), version.sha256)
                for version in sorted(record.versions, key=lambda v: (v.document.position, v.id))
            ),
            signature_mark=record.signature_mark,
            verify_url=verify_url,
            fingerprint=record.signed_fingerprint,
            salt=record.salt,
            log_seq=head.size,
            log_hash=head.root,
            log_position=leaf.leaf_index + 1 if leaf else 0,
            inclusion_url=public_url("transparency_log.inclusion", slug=event.slug, index=leaf.leaf_index)
            if leaf
            else "",
            language=language,
            issued_at=(now or utcnow()).astimezone(event.zone),
            standing=standing,
            revoked_on=format_moment(record.revoked_at, event.timezone, language) if revoked else "",
            revoked_day=format_date(record.revoked_at.astimezone(event.zone), language) if revoked else "",
            revoke_reason=(record.revoke_reason or "") if revoked else "",
        )
