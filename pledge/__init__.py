"""The Pilkada Damai signing portal."""

from pathlib import Path

from flask import Flask

from pledge import config as settings
from pledge import database
from pledge.extensions import babel, compress, csrf, db, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config=None):
    """Create the app; `config` (a dict) overrides the settings from the environment."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
    )
    app.config.from_mapping(settings.from_environ())
    if config:
        app.config.from_mapping(config)
    settings.complete(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = settings.instance_secret(app.instance_path)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'pledge.db'}"
    if not app.config["SQLALCHEMY_ENGINE_OPTIONS"]:
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = database.engine_options(app.config)

    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def register_extensions(app):
    from pledge import console, event_cache, limits, models, regions, security  # noqa: F401  (Migrate must know the models)
    from pledge.certificates import queue
    from pledge.i18n import register_template_helpers, select_locale

    db.init_app(app)
    database.configure_engine(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    compress.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    console.configure_login(login_manager)
    app.jinja_env.add_extension("jinja2.ext.do")
    register_template_helpers(app)
    regions.register_template_helpers(app)
    limits.register(app)
    security.register(app)
    event_cache.register(app)
    queue.register(app)


def register_blueprints(app):
    from pledge import (
        assets,
        console,
        i18n,
        lookups,
        metrics,
        offline,
        ops,
        public,
        transparency_log,
        verify,
        wall,
    )

    # Before any route is added: every `<int:…>` is then a row id (lookups.RowIdConverter).
    app.url_map.converters["int"] = lookups.RowIdConverter
    ops.register(app)
    metrics.register(app)
    assets.register(app)
    app.register_blueprint(offline.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(console.bp)
    app.register_blueprint(wall.bp)
    app.register_blueprint(verify.bp)
    app.register_blueprint(i18n.bp)
    app.register_blueprint(transparency_log.bp)


def register_errorhandlers(app):
    from pledge import errors

    errors.register(app)


def register_commands(app):
    from pledge import cli

    app.cli.add_command(cli.pledge)
