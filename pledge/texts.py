"""The standard texts: the Pilkada Damai declaration and the commitment, for any region.

They were written for the Paser declaration of 12 August 2024 and name the region and
its elections; a new event starts from them as an editable template, its own region's
names filled in. Signers read Indonesian: the texts are Indonesian whatever the console's
language.
"""

from dataclasses import dataclass

from pledge import regions
from pledge.extensions import db
from pledge.models import Document
from pledge.models.regions import RegionLevel

DECLARATION = "declaration"
COMMITMENT = "commitment"


@dataclass(frozen=True)
class StandardText:
    key: str
    title: str
    body: str


def elections(area, province):
    """Return the 2024 elections held in `area`, as the declaration names them."""
    governor = f"Pemilihan Gubernur dan Wakil Gubernur {province.name}" if province.voted_in_2024 else ""
    if area.level == RegionLevel.PROVINCE:
        return governor
    if not area.voted_in_2024:
        return governor
    local = (
        f"Pemilihan Wali Kota dan Wakil Wali Kota {area.short_name}"
        if area.name.startswith("Kota")
        else f"Pemilihan Bupati dan Wakil Bupati {area.short_name}"
    )
    return f"{governor} serta {local}" if governor else local


def title_for(area):
    return f"Deklarasi Pilkada Damai {area.title} 2024"


def standard_texts(area, province):
    """Return the declaration and the commitment written for `area` (its province beside it)."""
    return [
        StandardText(
            DECLARATION,
            title_for(area),
            _DECLARATION.format(region=area.title, elections=elections(area, province)),
        ),
        StandardText(COMMITMENT, _COMMITMENT_TITLE, _COMMITMENT),
    ]


def add_standard_texts(event):
    """Give `event` the declaration and the commitment written for its region, to edit before opening."""
    area = event.area
    province = regions.get(area.province_code)
    for position, text in enumerate(standard_texts(area, province)):
        document = Document(event=event, key=text.key, position=position)
        db.session.add(document)
        document.revise(text.title, text.body)


_DECLARATION = """\
Kami, para pemangku kepentingan Pemilihan Kepala Daerah Serentak Tahun 2024 di {region} — penyelenggara pemilihan, pemerintah daerah, Kepolisian, Tentara Nasional Indonesia, Kejaksaan, para camat, tokoh adat, tokoh agama, dan seluruh unsur masyarakat — dengan ini menyatakan:

1. Bertekad mewujudkan {elections} Tahun 2024 yang aman, damai, jujur, adil, dan bermartabat.

2. Menjaga persatuan dan kesatuan serta kerukunan antarwarga, antarumat beragama, dan antarsuku di {region}, apa pun pilihan politik kita.

3. Menghormati hak setiap warga untuk memilih secara bebas dan rahasia, tanpa tekanan, ancaman, maupun intimidasi dari pihak mana pun.

4. Mendukung penyelenggara pemilihan, aparat keamanan, dan penegak hukum dalam menjalankan tugas sesuai peraturan perundang-undangan, serta menyelesaikan setiap perselisihan melalui jalur hukum.

5. Menerima hasil pemilihan yang ditetapkan secara sah dengan lapang dada, dan bersama-sama menjaga situasi keamanan dan ketertiban masyarakat yang kondusif di seluruh tahapan Pilkada."""

_COMMITMENT_TITLE = "Komitmen Menolak Politik Uang, Politik Identitas, Isu SARA, dan Hoaks"
_COMMITMENT = """\
Sebagai bagian dari Deklarasi Pilkada Damai, kami berkomitmen selama seluruh tahapan Pilkada Serentak 2024 — pendaftaran dan penetapan pasangan calon, masa kampanye, masa tenang, pemungutan suara, penghitungan suara, penetapan hasil, hingga pengucapan sumpah/janji — untuk:

1. Menolak politik uang dalam bentuk apa pun: tidak memberi, tidak menerima, dan melaporkan setiap upaya membeli suara kepada pengawas pemilihan.

2. Menolak politik identitas yang memecah belah masyarakat berdasarkan suku, agama, ras, atau golongan.

3. Menolak penggunaan isu SARA (suku, agama, ras, dan antargolongan) untuk menghasut, merendahkan, atau memusuhi sesama warga.

4. Menolak pembuatan dan penyebaran hoaks atau kabar bohong, serta memeriksa kebenaran setiap informasi sebelum membagikannya.

5. Mengajak keluarga, lingkungan, dan komunitas kami untuk turut menjaga Pilkada yang damai dan bermartabat."""
