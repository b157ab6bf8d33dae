"""The demo event: the declaration of Kabupaten Paser, 12 August 2024."""

from datetime import date

from pledge.extensions import db
from pledge.models import Document, Event

SLUG = "pilkada-damai-paser-2024"

DECLARATION_TITLE = "Deklarasi Pilkada Damai Kabupaten Paser 2024"
DECLARATION = """\
Kami, para pemangku kepentingan Pemilihan Kepala Daerah Serentak Tahun 2024 di Kabupaten Paser — penyelenggara pemilihan, pemerintah daerah, Kepolisian, Tentara Nasional Indonesia, Kejaksaan, para camat, tokoh adat, tokoh agama, dan seluruh unsur masyarakat — dengan ini menyatakan:

1. Bertekad mewujudkan Pemilihan Gubernur dan Wakil Gubernur Kalimantan Timur serta Pemilihan Bupati dan Wakil Bupati Paser Tahun 2024 yang aman, damai, jujur, adil, dan bermartabat.

2. Menjaga persatuan dan kesatuan serta kerukunan antarwarga, antarumat beragama, dan antarsuku di Kabupaten Paser, apa pun pilihan politik kita.

3. Menghormati hak setiap warga untuk memilih secara bebas dan rahasia, tanpa tekanan, ancaman, maupun intimidasi dari pihak mana pun.

4. Mendukung penyelenggara pemilihan, aparat keamanan, dan penegak hukum dalam menjalankan tugas sesuai peraturan perundang-undangan, serta menyelesaikan setiap perselisihan melalui jalur hukum.

5. Menerima hasil pemilihan yang ditetapkan secara sah dengan lapang dada, dan bersama-sama menjaga situasi keamanan dan ketertiban masyarakat yang kondusif di seluruh tahapan Pilkada."""

COMMITMENT_TITLE = "Komitmen Menolak Politik Uang, Politik Identitas, Isu SARA, dan Hoaks"
COMMITMENT = """\
Sebagai bagian dari Deklarasi Pilkada Damai, kami berkomitmen selama seluruh tahapan Pilkada Serentak 2024 — pendaftaran dan penetapan pasangan calon, masa kampanye, masa tenang, pemungutan suara, penghitungan suara, penetapan hasil, hingga pengucapan sumpah/janji — untuk:

1. Menolak politik uang dalam bentuk apa pun: tidak memberi, tidak menerima, dan melaporkan setiap upaya membeli suara kepada pengawas pemilihan.

2. Menolak politik identitas yang memecah belah masyarakat berdasarkan suku, agama, ras, atau golongan.

3. Menolak penggunaan isu SARA (suku, agama, ras, dan antargolongan) untuk menghasut, merendahkan, atau memusuhi sesama warga.

4. Menolak pembuatan dan penyebaran hoaks atau kabar bohong, serta memeriksa kebenaran setiap informasi sebelum membagikannya.

5. Mengajak keluarga, lingkungan, dan komunitas kami untuk turut menjaga Pilkada yang damai dan bermartabat."""


def load_demo():
    """Create the demo event, open for signing, unless it exists; return it."""
    event = Event.by_slug(SLUG)
    if event is not None:
        return event
    event = Event(
        slug=SLUG,
        title="Deklarasi Pilkada Damai Kabupaten Paser 2024",
        place="Hotel Kyriad Sadurengas, Tana Paser",
        region="Kabupaten Paser",
        organiser="Polres Paser",
        held_on=date(2024, 8, 12),
        timezone="Asia/Makassar",
    )
    db.session.add(event)
    for position, (key, title, body) in enumerate(
        [("declaration", DECLARATION_TITLE, DECLARATION), ("commitment", COMMITMENT_TITLE, COMMITMENT)]
    ):
        document = Document(event=event, key=key, position=position)
        db.session.add(document)
        document.revise(title, body)
    event.open(actor="demo")
    db.session.commit()
    return event
