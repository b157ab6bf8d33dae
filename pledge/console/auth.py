"""Logging in and out of the console."""

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from pledge import transitions
from pledge.console.blueprint import bp
from pledge.console.forms import LoginForm
from pledge.i18n import safe_next
from pledge.limits import login_limit
from pledge.models.accounts import LoginRefused, authenticate


def lockout_message(refused):
    minutes = max(1, -(-int(refused.locked_for.total_seconds()) // 60))
    if refused.scope == "address":
        return _(
            "Too many failed logins from this network. Try again in %(minutes)d minutes.", minutes=minutes
        )
    return _(
        "This account is locked after too many failed attempts. Try again in %(minutes)d minutes.",
        minutes=minutes,
    )


@bp.route("/login", methods=["GET", "POST"])
@login_limit
def login():
    form = LoginForm()
    status, headers = 200, {}
    if form.validate_on_submit():
        try:
            organiser = authenticate(form.email.data, form.password.data, address=request.remote_addr)
        except LoginRefused as refused:
            transitions.note(
                None,
                form.email.data[:200],
                "organiser.login_refused",
                detail={"locked": bool(refused.locked_for)},
            )
            message = lockout_message(refused) if refused.locked_for else _("Wrong email or password.")
            form.password.errors = [message]
            status = 429 if refused.locked_for else 401
            if refused.locked_for:
                headers["Retry-After"] = str(max(1, int(refused.locked_for.total_seconds())))
        else:
            session.clear()  # a fresh session: nothing from before the login carries over
            transitions.log_in(organiser)
            login_user(organiser)
            target = safe_next(request.args.get("next"))
            return redirect(target if target.startswith("/admin") else url_for(".index"), 303)
    elif form.is_submitted():
        status = 422
    return render_template("console/login.html", form=form), status, headers


@bp.post("/logout")
def logout():
    """End this browser's session for good: a copy of its cookie no longer opens the console."""
    transitions.log_out(session.get("_user_id"))
    logout_user()
    session.clear()
    flash(_("You are logged out."))
    return redirect(url_for(".login"), 303)
