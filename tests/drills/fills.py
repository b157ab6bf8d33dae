"""Realistic rows for a database at each migration revision, written in that revision's SQL.

`FILLS` maps each revision to a small function that adds what the portal stored once
that revision was deployed: the rows of the tables it created, and a few more signatures
with everything a signing wrote then. A database "at revision R" is built by upgrading
0001, 0002 … R one at a time and running each revision's fill after its upgrade, as a
deployment that lived through those releases holds them. Today's models describe only
head's schema, so every row is raw SQL.

A new migration needs a new entry in FILLS: a function adding what it introduced
(tests/drills/test_upgrades.py fails until it has one). Only a migration that changes
what a signing writes (the signatures, counters or log tables) also needs a branch in
`Fill.sign` or `Fill.revoke`: 0010 salts each record's fingerprint, 0011 appends Merkle
leaves instead of chained entries, 0012 stores the mark as strokes or typed text.
"""

import hashlib
import io
import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

from flask import current_app
from reportlab.pdfgen import canvas
from sqlalchemy import text

from pledge import certificate_numbers, checkpoints, merkle, strokes
from pledge.certificates.seal import seal
from pledge.transparency import frontier_of
from tests.builders import drawn_png, drawn_strokes

VERSIONS = Path(__file__).resolve().parents[2] / "migrations" / "versions"
GENESIS = "0" * 64
EMPTY_ROOT = merkle.EMPTY_ROOT.hex()
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
STARTED = datetime(2024, 8, 12, 1, 0)
# The kecamatan of Kabupaten Paser as signers typed them before 0007, and their codes.
KECAMATAN = {"Kuaro": "64.01.05", "Tanah Grogot": "64.01.04", "Pasir Belengkong": "64.01.03"}
PASER = "64.01"


@dataclass
class Signed:
    """What a fill stored of one signature record, for the checks after the upgrade."""

    id: int
    event_id: int
    number: str
    access_key: str
    state: str = "valid"
    certificates: list = field(default_factory=list)  # (sealed PDF, standing)
    erased: bool = False  # erased at the signer's request: no name, no stored certificate


@dataclass
class World:
    """Everything the fills stored so far, across revisions."""

    events: dict = field(default_factory=dict)  # slug -> id
    versions: dict = field(default_factory=dict)  # event id -> [(version id, sha256)]
    signatures: list = field(default_factory=list)  # Signed, in the order stored
    issued: list = field(default_factory=list)  # sealed PDFs of issued documents
    organiser_id: int | None = None
    clock: datetime = STARTED

    def tick(self):
        self.clock += timedelta(minutes=7)
        return self.clock

    def valid(self, event_id):
        return [s for s in self.signatures if s.event_id == event_id and s.state == "valid"]


def chain_of_revisions(folder=VERSIONS):
    """The revisions in the order they apply (each file's down_revision; not their numbers: 0005 precedes 0004)."""
    after = {}
    for path in folder.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision = re.search(r"^revision = ['\"](\w+)['\"]", source, re.M).group(1)
        down = re.search(r"^down_revision = (?:['\"](\w+)['\"]|None)", source, re.M).group(1)
        after[down] = revision
    order, current = [], None
    while current in after:
        current = after[current]
        order.append(current)
    return order


CHAIN = chain_of_revisions()


def at_least(revision, than):
    """Whether the schema at `revision` includes what `than` brought."""
    return CHAIN.index(revision) >= CHAIN.index(than)


class Fill:
    """Insert rows as the portal at `revision` did, on `connection`, recording them in `world`."""

    def __init__(self, connection, revision, world):
        self.connection = connection
        self.revision = revision
        self.world = world

    def insert(self, sql, **values):
        """Run an INSERT … RETURNING id and return the id (the database's sequence gives it)."""
        return self.connection.execute(text(sql + " RETURNING id"), values).scalar_one()

    def run(self, sql, **values):
        return self.connection.execute(text(sql), values)

    # -- events and texts --------------------------------------------------------------

    def texts(self, event_id):
        """The declaration and the commitment of `event_id`, one version each."""
        versions = []
        for position, (key, title) in enumerate((("declaration", "Deklarasi"), ("commitment", "Komitmen"))):
            document = self.insert(
                "INSERT INTO documents (event_id, key, position) VALUES (:event, :key, :position)",
                event=event_id,
                key=key,
                position=position,
            )
            body = f"{title} Pilkada Damai: tolak politik uang, politisasi SARA dan hoaks."
            sha = hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()
            version = self.insert(
                "INSERT INTO document_versions (document_id, number, title, body, sha256, created_at)"
                " VALUES (:document, 1, :title, :body, :sha, :at)",
                document=document,
                title=title,
                body=body,
                sha=sha,
                at=STARTED,
            )
            versions.append((version, sha))
        self.world.versions[event_id] = versions

    def audit(self, event_id, action, subject, actor="panitia@kpu-paser.go.id"):
        self.insert(
            "INSERT INTO audit_entries (at, actor, action, event_id, subject, detail)"
            " VALUES (:at, :actor, :action, :event, :subject, '')",
            at=self.world.tick(),
            actor=actor,
            action=action,
            event=event_id,
            subject=subject,
        )

    # -- a signing, as each revision wrote it ------------------------------------------

    def sign(self, event_id, name, category, kecamatan, method="drawn", show_name=True):
        """Store a signature as the sign form did at this revision; return its Signed.

        A salt from 0010 on; the mark as strokes (drawn) or text (typed) from 0012 on,
        a PNG before.
        """
        number = certificate_numbers.generate()
        access_key = secrets.token_urlsafe(24)
        at = self.world.tick()
        columns = {
            "event_id": event_id,
            "full_name": name,
            "position": "Tokoh Masyarakat",
            "institution": "Desa Uji",
            "category": category,
            "phone": f"+62812{len(self.world.signatures):08d}",
            "signature_image": drawn_png(300, 100),
            "signature_method": method,
            "show_name": show_name,
            "signed_at": at,
            "certificate_number": number,
            "access_key": access_key,
            "client_key": secrets.token_hex(8),
            "state": "valid",
        }
        if at_least(self.revision, "0007"):
            columns["area_code"] = KECAMATAN.get(kecamatan)
        else:
            columns["kecamatan"] = kecamatan
        if at_least(self.revision, "0010"):
            columns["salt"] = secrets.token_hex(32)  # 32 random bytes, as 0010 gave every record
        if at_least(self.revision, "0012"):
            mark = (
                strokes.SignatureMark.drawn(drawn_strokes())
                if method == "drawn"
                else strokes.SignatureMark.typed(name)
            )
            columns.update(mark.columns())
        names = ", ".join(columns)
        marks = ", ".join(f":{name}" for name in columns)
        record = self.insert(f"INSERT INTO signatures ({names}) VALUES ({marks})", **columns)  # noqa: S608 (our column names)
        for version, _ in self.world.versions[event_id]:
            self.run(
                "INSERT INTO signature_agreements (signature_id, document_version_id) VALUES (:record, :version)",
                record=record,
                version=version,
            )
        signed = Signed(record, event_id, number, access_key)
        self.world.signatures.append(signed)
        self.count(event_id, category, kecamatan, +1, at)
        self.log(event_id, "signature", record, columns, at)
        return signed

    def revoke(self, signed, category, kecamatan):
        """Revoke `signed` as the console did: the state, an audit entry, counters, the log."""
        at = self.world.tick()
        self.run(
            "UPDATE signatures SET state = 'revoked', revoked_at = :at, revoke_reason = 'Atas permintaan penanda'"
            " WHERE id = :id",
            at=at,
            id=signed.id,
        )
        signed.state = "revoked"
        self.audit(signed.event_id, "revoke", signed.number)
        self.count(signed.event_id, category, kecamatan, -1, at)
        self.log(signed.event_id, "revocation", signed.id, self.row(signed), at)

    def approve(self, signed):
        """Let `signed`'s name onto the wall as the console did (logged as an approval from 0011 on)."""
        at = self.world.tick()
        self.run("UPDATE signatures SET name_approved_at = :at WHERE id = :id", at=at, id=signed.id)
        self.audit(signed.event_id, "signature.approve", signed.number)
        if at_least(self.revision, "0011"):
            self.log(signed.event_id, "approval", signed.id, self.row(signed), at)

    def erase(self, signed):
        """Erase `signed` at the signer's request as the console did (revision 0005 on): the
        contact, the mark and the name go (the salt too from 0010), the stored certificates'
        PDFs are dropped, the fingerprint as signed is kept, and the erasure is logged."""
        at = self.world.tick()
        marks = "signature_image = NULL"
        if at_least(self.revision, "0012"):
            marks += ", signature_strokes = NULL, signature_text = NULL"
        salt = ", salt = NULL" if at_least(self.revision, "0010") else ""
        self.run(
            f"UPDATE signatures SET phone = NULL, {marks}, full_name = '', show_name = false{salt},"  # noqa: S608 (our SQL)
            " erased_at = :at, erased_fingerprint = :signed WHERE id = :id",
            at=at,
            signed=self.fingerprint(signed.event_id, self.row(signed)),
            id=signed.id,
        )
        self.run("UPDATE certificates SET pdf = NULL WHERE signature_id = :id", id=signed.id)
        signed.erased = True
        self.audit(signed.event_id, "signature.erase", signed.number)
        self.log(signed.event_id, "erasure", signed.id, self.row(signed), at)

    def row(self, signed):
        """The stored columns of `signed`'s record."""
        return dict(
            self.connection.execute(text("SELECT * FROM signatures WHERE id = :id"), {"id": signed.id})
            .mappings()
            .one()
        )

    def count(self, event_id, category, kecamatan, delta, at):
        """Move the counters as the signing transaction did (revision 0003 on)."""
        if not at_least(self.revision, "0003"):
            return
        area = (
            ("area", KECAMATAN.get(kecamatan) or "")
            if at_least(self.revision, "0007")
            else ("kecamatan", kecamatan or "")
        )
        cells = [("all", "", delta), ("category", category, delta), (*area, delta), ("changes", "", 1)]
        for dimension, key, step in cells:
            moved = self.run(
                "UPDATE signature_counts SET n = n + :step, updated_at = :at"
                " WHERE event_id = :event AND dimension = :dimension AND key = :key",
                step=step,
                at=at,
                event=event_id,
                dimension=dimension,
                key=key,
            )
            if moved.rowcount == 0:
                self.run(
                    "INSERT INTO signature_counts (event_id, dimension, key, n, updated_at)"
                    " VALUES (:event, :dimension, :key, :n, :at)",
                    event=event_id,
                    dimension=dimension,
                    key=key,
                    n=step,
                    at=at,
                )

    def fingerprint(self, event_id, row):
        """The record's fingerprint as this revision computed it (the kecamatan by name before
        0007; SHA-256 of the salt's bytes then the content from 0010)."""
        slug = next(slug for slug, id_ in self.world.events.items() if id_ == event_id)
        content = {
            "certificate_number": row["certificate_number"],
            "event": slug,
            "full_name": row["full_name"],
            "position": row["position"],
            "institution": row["institution"],
            "category": row["category"],
            "signed_at": _as_datetime(row["signed_at"]).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "documents": sorted(sha for _, sha in self.world.versions[event_id]),
        }
        if at_least(self.revision, "0007"):
            content["area"] = row["area_code"]
        else:
            content["kecamatan"] = row["kecamatan"]
        if at_least(self.revision, "0010") and row.get("erased_at") is not None:
            content["position"] = content["institution"] = ""  # from 0010 an erased record names nobody
        body = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
        salt = bytes.fromhex(row["salt"]) if at_least(self.revision, "0010") and row["salt"] else b""
        return hashlib.sha256(salt + body).hexdigest()

    def log(self, event_id, kind, record, row, at):
        """Append to the event's transparency log (revision 0004 on): chained, or a Merkle leaf from 0011."""
        if not at_least(self.revision, "0004"):
            return
        if at_least(self.revision, "0011"):
            self.leaf(event_id, kind, record, row, at)
            return
        head = self.run(
            "SELECT seq, chain_hash FROM log_heads WHERE event_id = :event", event=event_id
        ).one_or_none()
        if head is None:
            self.run(
                "INSERT INTO log_heads (event_id, seq, chain_hash) VALUES (:event, 0, :genesis)",
                event=event_id,
                genesis=GENESIS,
            )
            head = (0, GENESIS)
        seq, previous = head[0] + 1, head[1]
        fingerprint = self.fingerprint(event_id, row)
        line = f"{seq}|{at.strftime('%Y-%m-%dT%H:%M:%S.%fZ')}|{kind}|{fingerprint}"
        chain = hashlib.sha256(f"{previous}\n{line}".encode()).hexdigest()
        self.insert(
            "INSERT INTO log_entries (event_id, seq, at, kind, signature_id, fingerprint, chain_hash)"
            " VALUES (:event, :seq, :at, :kind, :record, :fingerprint, :chain)",
            event=event_id,
            seq=seq,
            at=at,
            kind=kind,
            record=record,
            fingerprint=fingerprint,
            chain=chain,
        )
        self.run(
            "UPDATE log_heads SET seq = :seq, chain_hash = :chain WHERE event_id = :event",
            seq=seq,
            chain=chain,
            event=event_id,
        )

    def leaf(self, event_id, kind, record, row, at):
        """Append the next leaf of the event's Merkle tree, as pledge/transparency.py does (0011 on)."""
        head = self.run(
            "SELECT seq, epoch, size, frontier FROM log_heads WHERE event_id = :event", event=event_id
        ).one_or_none()
        if head is None:
            self.run(
                "INSERT INTO log_heads (event_id, seq, chain_hash, epoch, size, frontier, root)"
                " VALUES (:event, 0, :genesis, 1, 0, '', :root)",
                event=event_id,
                genesis=GENESIS,
                root=EMPTY_ROOT,
            )
            head = (0, 1, 0, "")
        seq, epoch, size, frontier = head[0] + 1, head[1], head[2], frontier_of(head[3])
        fingerprint = self.fingerprint(event_id, row)
        consent = bool(row["show_name"])
        frontier = merkle.append(frontier, size, _leaf_hash(kind, at, fingerprint, consent))
        root = merkle.frontier_root(frontier).hex()
        self.insert(
            "INSERT INTO log_entries (event_id, seq, epoch, leaf_index, at, kind, signature_id, fingerprint,"
            " consent, tree_root) VALUES (:event, :seq, :epoch, :index, :at, :kind, :record, :fingerprint,"
            " :consent, :root)",
            event=event_id,
            seq=seq,
            epoch=epoch,
            index=size,
            at=at,
            kind=kind,
            record=record,
            fingerprint=fingerprint,
            consent=consent,
            root=root,
        )
        self.run(
            "UPDATE log_heads SET seq = :seq, size = :size, frontier = :frontier, root = :root WHERE event_id = :event",
            seq=seq,
            size=size + 1,
            frontier="".join(node.hex() for node in frontier),
            root=root,
            event=event_id,
        )

    def leaf_hashes(self, event_id, epoch):
        """The leaf hashes of the event's tree in `epoch`, recomputed from the stored leaves."""
        hashes = []
        for seq, kind, at, fingerprint, consent in self.run(
            "SELECT seq, kind, at, fingerprint, consent FROM log_entries"
            " WHERE event_id = :event AND epoch = :epoch ORDER BY leaf_index",
            event=event_id,
            epoch=epoch,
        ):
            if kind == "epoch":
                line = f"epoch {epoch}, previous chain head {fingerprint}, size {seq - 1}"
                hashes.append(merkle.leaf_hash(line.encode()))
            else:
                hashes.append(_leaf_hash(kind, _as_datetime(at), fingerprint, consent))
        return hashes

    def checkpoint(self, event_id):
        """Store a checkpoint of the event's tree as it is, signed with the app's log key (0011 on)."""
        epoch, size, root = self.run(
            "SELECT epoch, size, root FROM log_heads WHERE event_id = :event", event=event_id
        ).one()
        slug = next(slug for slug, id_ in self.world.events.items() if id_ == event_id)
        note = checkpoints.sign_note(
            current_app, checkpoints.body(SimpleNamespace(slug=slug), epoch, size, root)
        )
        self.insert(
            "INSERT INTO log_checkpoints (event_id, epoch, size, root, issued_at, note)"
            " VALUES (:event, :epoch, :size, :root, :at, :note)",
            event=event_id,
            epoch=epoch,
            size=size,
            root=root,
            at=self.world.tick(),
            note=note,
        )

    def certificate(self, signed, language="id", standing="valid"):
        """Store a sealed certificate PDF for `signed` (revision 0002 on; language 0006, standing 0007)."""
        pdf = sealed_pdf(f"Sertifikat {certificate_numbers.display(signed.number)} ({language}, {standing})")
        columns = {
            "signature_id": signed.id,
            "pdf": pdf,
            "sha256": hashlib.sha256(pdf).hexdigest(),
            "issued_at": self.world.tick(),
        }
        if at_least(self.revision, "0006"):
            columns["language"] = language
        if at_least(self.revision, "0007"):
            columns["standing"] = standing
        names = ", ".join(columns)
        marks = ", ".join(f":{name}" for name in columns)
        self.insert(f"INSERT INTO certificates ({names}) VALUES ({marks})", **columns)  # noqa: S608 (our column names)
        signed.certificates.append((pdf, standing))


def _leaf_hash(kind, at, fingerprint, consent):
    """The hash of a record's leaf: its line `kind|at|fingerprint|consent=0 or 1` (0011 on)."""
    line = f"{kind}|{at.strftime(TIME_FORMAT)}|{fingerprint}|consent={int(bool(consent))}"
    return merkle.leaf_hash(line.encode())


def _as_datetime(value):
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def sealed_pdf(words):
    """A one-page PDF saying `words`, sealed with the app's key (as certificates are)."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, words)
    page.save()
    return seal(buffer.getvalue(), reason="Sertifikat penandatanganan")


# -- one fill per revision ---------------------------------------------------------------


def fill_0001(fill):
    """Events with free-text regions, the two texts, signatures drawn and typed, one revoked, audit."""
    event = fill.insert(
        "INSERT INTO events (slug, title, place, region, organiser, held_on, timezone, state, phone_required, created_at)"
        " VALUES ('paser-2024', 'Deklarasi Pilkada Damai Kabupaten Paser', 'Tana Paser', 'Kabupaten Paser',"
        " 'KPU Kabupaten Paser', '2024-08-12', 'Asia/Jakarta', 'open', false, :at)",
        at=STARTED,
    )
    fill.world.events["paser-2024"] = event
    fill.texts(event)
    fill.audit(event, "open", "paser-2024")
    fill.sign(event, "Andi Baso", "camat", "Kuaro")
    fill.sign(event, "Siti Aminah", "religious_leader", "Pasir Belengkong", method="typed")
    gone = fill.sign(event, "Budi Santoso", "police", "Tanah Grogot")
    fill.revoke(gone, "police", "Tanah Grogot")


def fill_0002(fill):
    """Certificates: the sealed PDF of each valid record, and a new signer with theirs."""
    event = fill.world.events["paser-2024"]
    for signed in fill.world.valid(event):
        fill.certificate(signed)
    fill.certificate(fill.sign(event, "Rahmat Hidayat", "village_head", "Kuaro"))


def fill_0003(fill):
    """Candidate pairs; a signature that moves the counters 0003 created."""
    event = fill.world.events["paser-2024"]
    for number, (candidate, mate) in enumerate(
        (("Fahmi Fadli", "Ikhwan Antasari"), ("Masitah", "Syarifah Masitah")), 1
    ):
        fill.insert(
            "INSERT INTO candidate_pairs (event_id, contest, ballot_number, candidate, running_mate, campaign_team)"
            " VALUES (:event, 'Bupati dan Wakil Bupati Paser', :number, :candidate, :mate, :team)",
            event=event,
            number=number,
            candidate=candidate,
            mate=mate,
            team=f"Tim Pemenangan {candidate}",
        )
    fill.sign(event, "Yohanes Wowor", "customary_leader", None)


def fill_0004(fill):
    """The transparency log: signatures and a revocation logged; retention settings."""
    event = fill.world.events["paser-2024"]
    fill.run("UPDATE events SET retention_days = 730 WHERE id = :event", event=event)
    fill.certificate(fill.sign(event, "Nur Aini", "youth_community_leader", "Tanah Grogot"))
    gone = fill.sign(event, "Hendra Gunawan", "media", "Kuaro")
    fill.revoke(gone, "media", "Kuaro")


def fill_0005(fill):
    """The console: an organiser and their event, seats (one taken), a moderated event's approval."""
    event = fill.world.events["paser-2024"]
    organiser = fill.insert(
        "INSERT INTO organisers (email, password_hash, is_admin, failed_logins, created_at)"
        " VALUES ('panitia@kpu-paser.go.id', 'scrypt:32768:8:1$x$y', false, 0, :at)",
        at=STARTED,
    )
    fill.world.organiser_id = organiser
    fill.run("INSERT INTO event_memberships (organiser_id, event_id) VALUES (:o, :e)", o=organiser, e=event)
    taken = fill.sign(event, "Camat Kuaro", "camat", "Kuaro")
    fill.run("UPDATE signatures SET name_approved_at = :at WHERE id = :id", at=fill.world.tick(), id=taken.id)
    for kecamatan, signature in (("Kuaro", taken.id), ("Tanah Grogot", None)):
        fill.insert(
            "INSERT INTO seats (event_id, category, institution, position, kecamatan, nonce, signature_id, created_at)"
            " VALUES (:event, 'camat', :institution, 'Camat', :kecamatan, :nonce, :signature, :at)",
            event=event,
            institution=f"Kecamatan {kecamatan}",
            kecamatan=kecamatan,
            nonce=secrets.token_hex(8),
            signature=signature,
            at=STARTED,
        )


def fill_0006(fill):
    """A certificate in English beside the Indonesian one."""
    event = fill.world.events["paser-2024"]
    signed = fill.sign(event, "Maria Ulfa", "civil_society", "Tanah Grogot")
    fill.certificate(signed, "id")
    fill.certificate(signed, "en")


def fill_0007(fill):
    """An event by region code with its institutions (a logo), officials; areas by code; a record,
    a revoked certificate; a recovery code."""
    event = fill.insert(
        "INSERT INTO events (slug, title, place, region_code, held_on, timezone, state, phone_required,"
        " moderates_names, retention_days, retention_erases_images, created_at)"
        " VALUES ('paser-2024-kedua', 'Deklarasi Kedua Kabupaten Paser', 'Tanah Grogot', :region, '2024-09-01',"
        " 'Asia/Makassar', 'open', false, false, 365, false, :at)",
        region=PASER,
        at=STARTED,
    )
    fill.world.events["paser-2024-kedua"] = event
    fill.texts(event)
    fill.insert(
        "INSERT INTO event_institutions (event_id, position, name, logo) VALUES (:event, 0, 'Bawaslu Kabupaten Paser', :logo)",
        event=event,
        logo=drawn_png(120, 120),
    )
    fill.insert(
        "INSERT INTO event_officials (event_id, position, role, name, title, institution, id_number)"
        " VALUES (:event, 0, 'official', 'Ketua KPU', 'Ketua', 'KPU Kabupaten Paser', '1234')",
        event=event,
    )
    kept = fill.sign(event, "Ahmad Rifai", "election_organiser", "Kuaro")
    fill.certificate(kept)
    gone = fill.sign(event, "Dewi Lestari", "political_party", "Tanah Grogot")
    fill.certificate(gone)
    fill.revoke(gone, "political_party", "Tanah Grogot")
    fill.certificate(gone, standing="revoked")
    record = sealed_pdf("Berita Acara Deklarasi Kedua")
    fill.insert(
        "INSERT INTO issued_documents (event_id, kind, language, sha256, issued_at, number, signatories)"
        " VALUES (:event, 'record', 'id', :sha, :at, 'BA/1/IX/2024/KPU', 1)",
        event=event,
        sha=hashlib.sha256(record).hexdigest(),
        at=fill.world.tick(),
    )
    fill.world.issued.append(record)
    fill.insert(
        "INSERT INTO recovery_codes (event_id, signature_id, phone_digest, code_digest, attempts, created_at, expires_at)"
        " VALUES (:event, :record, :phone, :code, 0, :at, :until)",
        event=event,
        record=kept.id,
        phone="p" * 64,
        code="c" * 64,
        at=STARTED,
        until=STARTED + timedelta(minutes=10),
    )


def fill_0008(fill):
    """A console session of the organiser."""
    fill.run(
        "INSERT INTO console_sessions (token_digest, organiser_id, created_at) VALUES (:digest, :organiser, :at)",
        digest=hashlib.sha256(b"session").hexdigest(),
        organiser=fill.world.organiser_id,
        at=fill.world.tick(),
    )


def fill_0009(fill):
    """An event edited since (its revision moved), and one more signer, with a certificate,
    erased at their request (0010 and 0011 carry erased records over their own way)."""
    event = fill.world.events["paser-2024-kedua"]
    fill.run(
        "UPDATE events SET revision = revision + 2, title = 'Deklarasi Kedua (diperbarui)' WHERE id = :event",
        event=event,
    )
    erased = fill.sign(event, "Lukas Tandi", "regional_government", "Pasir Belengkong")
    fill.certificate(erased)
    fill.erase(erased)


def fill_0010(fill):
    """Salted records: a signer on each event (one with a certificate), one of them revoked."""
    kept = fill.sign(fill.world.events["paser-2024-kedua"], "Yusuf Maulana", "military", "Tanah Grogot")
    fill.certificate(kept)
    event = fill.world.events["paser-2024"]
    gone = fill.sign(event, "Rina Marlina", "public", "Kuaro")
    fill.revoke(gone, "public", "Kuaro")


def fill_0011(fill):
    """Merkle leaves: a signer without consent to show the name, an approval and a revocation
    logged; a signed checkpoint of each event's tree; a cached node of a full subtree."""
    event = fill.world.events["paser-2024"]
    fill.sign(event, "Agus Salim", "village_head", "Pasir Belengkong", show_name=False)
    approved = fill.sign(event, "Wahyuni", "civil_society", "Tanah Grogot")
    fill.approve(approved)
    kedua = fill.world.events["paser-2024-kedua"]
    gone = fill.sign(kedua, "Irwan Setiawan", "media", "Kuaro")
    fill.revoke(gone, "media", "Kuaro")
    for event_id in fill.world.events.values():
        fill.checkpoint(event_id)
    hashes = fill.leaf_hashes(event, 2)
    assert len(hashes) >= 16, "paser-2024's epoch 2 must fill a subtree of 16 leaves (proofs cache those)"
    fill.run(
        'INSERT INTO log_nodes (event_id, epoch, level, "index", hash) VALUES (:event, 2, 4, 0, :hash)',
        event=event,
        hash=merkle.root(hashes[:16]),
    )


def fill_0012(fill):
    """Marks as strokes: a drawn signer with a certificate, a typed one, and a drawn one erased
    (an erasure leaf; the strokes go)."""
    event = fill.world.events["paser-2024-kedua"]
    fill.certificate(fill.sign(event, "Fransiska Dewi", "religious_leader", "Kuaro"))
    fill.sign(event, "Muhammad Arsyad", "customary_leader", "Tanah Grogot", method="typed")
    fill.erase(fill.sign(event, "Kartini Ningsih", "public", "Kuaro"))


FILLS = {
    "0001": fill_0001,
    "0002": fill_0002,
    "0003": fill_0003,
    "0004": fill_0004,
    "0005": fill_0005,
    "0006": fill_0006,
    "0007": fill_0007,
    "0008": fill_0008,
    "0009": fill_0009,
    "0010": fill_0010,
    "0011": fill_0011,
    "0012": fill_0012,
}
