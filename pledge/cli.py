"""`flask pledge ...`: the commands organisers and operators run."""

import sys

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
def settings():
    """Print the table of settings the environment may set (README's, kept equal by a test)."""
    from pledge.config import settings_table

    click.echo(settings_table(), nl=False)


@pledge.group()
def regions():
    """Indonesia's regions (Kemendagri codes), shipped in pledge/data/."""


@regions.command("load")
def regions_load():
    """Load the code list into the database; running it again changes nothing."""
    from pledge import regions as region_list

    added, renamed = region_list.load()
    click.echo(f"Regions loaded: {added} added, {renamed} renamed (source: {region_list.DATA_FILE.name}).")


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
    """The keys that seal certificates and records and sign the logs' checkpoints."""


@keys.command("init")
def keys_init():
    """Create the log's checkpoint key, and the sealing key with its self-signed certificate, when missing."""
    from flask import current_app

    from pledge.certificates.keys import ensure_keys, key_paths
    from pledge.checkpoints import ensure_log_key
    from pledge.checkpoints import key_path as log_key_path

    if ensure_log_key(current_app):
        click.echo(f"Created the log key {log_key_path(current_app)} (it signs the logs' checkpoints).")
    else:
        click.echo(f"The log key {log_key_path(current_app)} exists already; it was left as it is.")
    if current_app.config.get("SEAL_PKCS12_PATH"):
        click.echo(
            f"Sealing with the PKCS#12 file {current_app.config['SEAL_PKCS12_PATH']}; nothing to create."
        )
        return
    created = ensure_keys(current_app)
    key_path, cert_path = key_paths(current_app)
    if created:
        click.echo(f"Created the sealing key {key_path} and its certificate {cert_path}.")
    else:
        click.echo(f"The sealing key {key_path} exists already; it was left as it is.")


@pledge.group()
def organiser():
    """Manage organiser accounts."""


MIN_PASSWORD_LENGTH = 12


@organiser.command("create")
@click.argument("email")
@click.option("--admin", is_flag=True, help="An admin sees every event.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_organiser(email, admin, password_stdin):
    """Create an organiser account; the password is asked twice (or read from stdin)."""
    from pledge import transitions
    from pledge.models import Organiser

    email = Organiser.normalise_email(email)
    if "@" not in email:
        raise click.ClickException(f"{email!r} is not an email address.")
    if Organiser.by_email(email):
        raise click.ClickException(f"An account for {email} exists already.")
    transitions.create_organiser("cli", email, _read_password(password_stdin), admin=admin)
    click.echo(f"{'Admin' if admin else 'Organiser'} {email} created.")


def _read_password(password_stdin):
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.ClickException(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    return password


@organiser.command("set-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def set_password(email, password_stdin):
    """Give an organiser a new password; it also lifts a lockout."""
    from pledge import transitions
    from pledge.models import Organiser

    account = Organiser.by_email(email)
    if account is None:
        raise click.ClickException(f"No account for {email}.")
    transitions.set_password(account, "cli", _read_password(password_stdin))
    click.echo(f"New password set for {account.email}.")


@organiser.command("add-member")
@click.argument("email")
@click.argument("slug")
def add_member(email, slug):
    """Let an organiser run the event with this slug."""
    from pledge import transitions
    from pledge.models import Organiser

    account = Organiser.by_email(email)
    event = Event.by_slug(slug)
    if account is None:
        raise click.ClickException(f"No account for {email}.")
    if event is None:
        raise click.ClickException(f"No event {slug}.")
    transitions.add_member(event, "cli", account)
    click.echo(f"{account.email} runs {event.slug}.")


@pledge.group()
def log():
    """The transparency log."""


@log.command("verify")
@click.option("--event", "slug", help="Only this event (its slug); all events otherwise.")
def log_verify(slug):
    """Recompute each event's tree, replay it against the records and counters; name the first bad leaf."""
    from pledge import checkpoints, transparency

    query = select(Event).order_by(Event.id)
    if slug:
        query = query.where(Event.slug == slug)
    events = db.session.scalars(query).all()
    if slug and not events:
        raise click.ClickException(f"No event has the slug {slug!r}.")
    failed = False
    for event in events:
        result = transparency.verify(event, checkpoints.issued(event))
        head = transparency.head(event)
        if result.ok:
            click.echo(
                f"{event.slug}: {result.entries} leaves verified (epoch {head.epoch}), root {head.root}"
            )
        else:
            failed = True
            click.echo(f"{event.slug}: NOT VERIFIED: {result.problem}")
    if failed:
        raise SystemExit(1)


@log.command("monitor")
@click.argument("url")
@click.option(
    "--state",
    "state_file",
    required=True,
    type=click.Path(dir_okay=False),
    help="Keeps the last checkpoint seen.",
)
@click.option(
    "--key", help="The log's verifier key; pinned from URL's /log-key.txt on the first run if unset."
)
def log_monitor(url, state_file, key):
    """Check an event's log at URL (https://<portal>/e/<slug>/log) against the checkpoint seen before.

    The same code as `python pledge/monitor.py`: exit status 1 on a rewrite, a truncation or a fork.
    """
    from pledge import monitor

    try:
        click.echo(monitor.check(url, state_file, key))
    except monitor.Alarm as alarm:
        click.echo(f"ALARM: {alarm}", err=True)
        raise SystemExit(1) from None
    except (OSError, ValueError) as error:
        raise click.ClickException(str(error)) from None


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


@pledge.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.confirmation_option(
    prompt="Is the portal stopped (every worker), and should PATH replace the database?"
)
def restore(path):
    """Put the SQLite backup at PATH in place of the database, with the portal stopped.

    The database in place is kept beside it, renamed with its -wal and -shm files.
    """
    from flask import current_app

    from pledge.backup import BackupRefused, restore_sqlite

    try:
        aside = restore_sqlite(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except BackupRefused as refused:
        raise click.ClickException(str(refused)) from None
    kept = f"The database it replaced is kept as {aside}." if aside else "There was no database in its place."
    click.echo(f"Restored {path}. {kept}")
    click.echo("Now run `flask pledge log verify` and `flask pledge recount SLUG`, then start the portal.")


@pledge.command()
@click.option("--burst", is_flag=True, help="Run the queued jobs, then stop (tests, a one-off catch-up).")
def worker(burst):
    """Issue queued certificates (render, seal, store) until stopped: the queue's worker process.

    Jobs run in this process, one after another, with the fonts and the seal's key loaded
    once; failed jobs are retried at their intervals (the scheduler runs here too).
    """
    from flask import current_app
    from redis.exceptions import RedisError
    from rq import SimpleWorker

    from pledge.certificates.queue import QUEUE_NAME, certificate_queue
    from pledge.config import require_public_base_url

    jobs = certificate_queue()
    if jobs is None:
        raise click.ClickException(
            "QUEUE_URL is not set: without a queue, certificates are issued at their first request"
        )
    try:
        # Sealed certificates print the public address: never "localhost" in an archived PDF.
        require_public_base_url(current_app.config)
    except ValueError as missing:
        raise click.ClickException(str(missing)) from None
    click.echo(f"Certificate worker on queue {QUEUE_NAME!r}")
    try:
        SimpleWorker([jobs], connection=jobs.connection).work(burst=burst, with_scheduler=True)
    except RedisError as error:
        raise click.ClickException(f"the queue's Redis does not answer ({type(error).__name__})") from None
