"""The candidate pairs of an event and their ballot numbers."""

import pytest
from sqlalchemy import select

from pledge.extensions import db
from pledge.models import AuditEntry, CandidatePair
from tests.builders import errors_in

CONTEST = "Bupati dan Wakil Bupati Paser"


def add(client, number, candidate, contest=CONTEST, running_mate="Calon Wakil", team=""):
    return client.post(
        f"/admin/events/{client.event.id}/candidates",
        data={
            "contest": contest,
            "ballot_number": str(number),
            "candidate": candidate,
            "running_mate": running_mate,
            "campaign_team": team,
        },
    )


def test_an_organiser_lists_the_pairs_in_ballot_order(console):
    assert add(console, 2, "Pasangan Dua", team="Tim Dua").status_code == 303
    assert add(console, 1, "Pasangan Satu").status_code == 303
    pairs = CandidatePair.of_event(console.event)
    assert [(p.ballot_number, p.candidate, p.campaign_team) for p in pairs] == [
        (1, "Pasangan Satu", ""),
        (2, "Pasangan Dua", "Tim Dua"),
    ]
    page = console.get(f"/admin/events/{console.event.id}/candidates").text
    assert page.index("Pasangan Satu") < page.index("Pasangan Dua")
    audit = db.session.scalars(select(AuditEntry.subject).where(AuditEntry.action == "candidates.add")).all()
    assert audit == [f"{CONTEST} #2", f"{CONTEST} #1"]


@pytest.mark.parametrize(
    ("number", "names", "contest", "message"),
    [
        (1, "Lain", CONTEST, "Pasangan lain dalam pemilihan ini sudah memakai nomor urut ini."),
        (0, "Nol", CONTEST, "Nomor urut antara 1 dan 99."),
        ("", "Kosong", CONTEST, "Silakan isi nomor urut."),
        (3, "", CONTEST, "Silakan tulis nama calon."),
        (3, "Tanpa pemilihan", "", "Silakan tulis pemilihan yang mana."),
    ],
)
def test_adding_a_pair_refuses(console, number, names, contest, message):
    add(console, 1, "Pasangan Satu")
    response = add(console, number, names, contest)
    assert response.status_code == 422
    assert message in errors_in(response.text)


def test_the_same_number_in_another_election_is_fine(console):
    add(console, 1, "Pasangan Bupati")
    assert (
        add(
            console, 1, "Pasangan Gubernur", contest="Gubernur dan Wakil Gubernur Kalimantan Timur"
        ).status_code
        == 303
    )


def test_removing_a_pair(console):
    add(console, 1, "Pasangan Satu")
    pair = CandidatePair.of_event(console.event)[0]
    console.post(f"/admin/events/{console.event.id}/candidates/{pair.id}/delete")
    assert CandidatePair.of_event(console.event) == []
