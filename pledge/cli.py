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


@pledge.command()
@click.argument("slug")
def recount(slug):
    """Rebuild an event's signature counters from its records (a repair; scans the table)."""
    from pledge.models import counts_for
    from pledge.models import recount as rebuild

    event = Event.by_slug(slug)
    if event is None:
        raise click.ClickException(f"No event has the slug {slug!r}.")
    before = counts_for(event.id).total
    rebuild(event.id)
    db.session.commit()
    click.echo(f"{slug}: {counts_for(event.id).total} valid signatures (the counters said {before}).")


@pledge.group()
def keys():
    """The key that seals certificates and records."""


@keys.command("init")
def keys_init():
    """Create the sealing key and its self-signed certificate when none exists."""
    from flask import current_app

    from pledge.certificates.keys import ensure_keys, key_paths

    if current_app.config.get("SIGNING_PKCS12_PATH"):
        click.echo(
            f"Sealing with the PKCS#12 file {current_app.config['SIGNING_PKCS12_PATH']}; nothing to create."
        )
        return
    created = ensure_keys(current_app)
    key_path, cert_path = key_paths(current_app)
    if created:
        click.echo(f"Created the sealing key {key_path} and its certificate {cert_path}.")
    else:
        click.echo(f"The sealing key {key_path} exists already; it was left as it is.")
