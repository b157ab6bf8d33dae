"""`flask pledge ...`: the commands organisers and operators run."""

import click
from sqlalchemy import select

from pledge.extensions import db
from pledge.models import Event


@click.group()
def pledge():
    """Manage the signing portal."""


@pledge.command()
@click.option("--if-empty", is_flag=True, help="Only when the database has no event yet.")
def demo(if_empty):
    """Load the demo event (Pilkada Damai, Kabupaten Paser, 12 August 2024)."""
    from pledge.demo import load_demo

    if if_empty and db.session.scalar(select(Event.id).limit(1)) is not None:
        click.echo("The database has events already; the demo event was not loaded.")
        return
    event = load_demo()
    click.echo(f"Demo event ready: /e/{event.slug}")


@pledge.group()
def log():
    """The transparency log."""


@log.command("verify")
@click.option("--event", "slug", help="Only this event (its slug); all events otherwise.")
def log_verify(slug):
    """Recompute each event's log from its records; name the first entry that does not match."""
    from pledge import transparency

    query = select(Event).order_by(Event.id)
    if slug:
        query = query.where(Event.slug == slug)
    events = db.session.scalars(query).all()
    if slug and not events:
        raise click.ClickException(f"No event has the slug {slug!r}.")
    failed = False
    for event in events:
        result = transparency.verify(event)
        head = transparency.head(event)
        if result.ok:
            click.echo(f"{event.slug}: {result.entries} entries verified, head {head.seq} {head.chain_hash}")
        else:
            failed = True
            click.echo(f"{event.slug}: NOT VERIFIED: {result.problem}")
    if failed:
        raise SystemExit(1)


@pledge.group()
def retention():
    """Erase personal data past each event's retention period."""


@retention.command("apply")
def retention_apply():
    """Erase contacts (and images where the event says so) of events closed past their retention."""
    from pledge import retention as retention_rules

    count = retention_rules.apply()
    click.echo(f"Erased personal data of {count} signature record(s); each erasure is in the log.")


@pledge.command()
@click.argument("path", type=click.Path(dir_okay=False))
def backup(path):
    """Write a consistent copy of the SQLite database to PATH while the portal runs."""
    from flask import current_app

    from pledge.backup import BackupRefused, backup_sqlite

    try:
        written = backup_sqlite(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except BackupRefused as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(f"Backup written to {written}")
