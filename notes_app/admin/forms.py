"""Admin forms: a new staff account and the audit report's filters (shape only)."""
from __future__ import annotations

from wtforms import BooleanField, DateField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from notes_app.admin.services import ROLE_CHOICES, AuditFilters
from notes_app.formtools import EMAIL, BaseForm, no_bidi_controls


class StaffForm(BaseForm):
    """Name, email and role of a new staff account; the password comes from a mailed link."""

    full_name = StringField("Full name",
                            validators=[DataRequired(), Length(max=120), no_bidi_controls])
    email = EmailField("Email", validators=[DataRequired(), Length(max=254), EMAIL],
                       description="A link to choose a password goes to this address (72 hours).")
    role = SelectField("Role", choices=[SelectChoice(v, label) for v, label in ROLE_CHOICES],
                       default="therapist")


class TwoFactorResetForm(BaseForm):
    """The admin's own password, confirming a reset of someone's two-factor."""

    password = PasswordField("Your password", validators=[DataRequired(), Length(max=128)])


class TwoFactorRequirementForm(BaseForm):
    """The clinic setting "require two-factor for staff"."""

    required = BooleanField("Require two-factor sign-in for staff")


class AuditFilterForm(BaseForm):
    """Filters of the audit report, read from the query string."""

    class Meta:
        # No CSRF token: a GET that changes nothing, and filtered views stay shareable links.
        csrf = False

    date_from = DateField("From (UTC)", validators=[Optional()])
    date_to = DateField("To (UTC)", validators=[Optional()])
    user = SelectField("User", choices=[SelectChoice("", "Anyone")], default="")
    client = StringField("Client id", validators=[
        Optional(), Length(max=64),
        Regexp(r"^[A-Za-z0-9_-]+$", message="Paste the id from the client's page address.")])
    action = SelectField("Action", choices=[SelectChoice("", "Any action")],
                         default="")
    outcome = SelectField("Outcome", choices=[SelectChoice("", "Any outcome")],
                          default="")

    def set_choices(self, choices: dict) -> None:
        """Offer the clinic's users, actions and outcomes."""
        groups = {"admin": "Admins", "therapist": "Therapists"}
        self.user.choices = [SelectChoice("", "Anyone")] + [
            SelectChoice(pid, name, optgroup=groups.get(role, role))
            for pid, name, role in choices["users"]]
        self.action.choices = [SelectChoice("", "Any action")] + [
            SelectChoice(a, a) for a in choices["actions"]]
        self.outcome.choices = [SelectChoice("", "Any outcome")] + [
            SelectChoice(o, o) for o in choices["outcomes"]]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        start, end = self.date_from.data, self.date_to.data
        if ok and start and end and end < start:
            self.date_to.errors = ["The end date is before the start date."]
            ok = False
        return ok

    def filters(self) -> AuditFilters:
        """Return the filters as the service takes them."""
        return AuditFilters(self.date_from.data, self.date_to.data, self.user.data or "",
                            (self.client.data or "").strip(), self.action.data or "",
                            self.outcome.data or "")

    def query_args(self) -> dict:
        """Return the filters as query-string arguments for page and export links."""
        f = self.filters()
        args = {"date_from": f.date_from and f.date_from.isoformat(),
                "date_to": f.date_to and f.date_to.isoformat(), "user": f.user,
                "client": f.client, "action": f.action, "outcome": f.outcome}
        return {k: v for k, v in args.items() if v}


class ClinicSettingsForm(BaseForm):
    """The clinic's country, the numbers its aftercare sheets print, and its paper."""

    country = SelectField("Country", choices=[], validate_choice=False,
                          description="Sheets print this country's emergency and advice numbers "
                                      "and drinking guidance.")
    emergency_number = StringField(
        "Emergency number (optional)", validators=[Optional(), Length(max=40)],
        description="Only if it differs from the country's, e.g. \u201c112 or 999\u201d.")
    advice_number = StringField(
        "Health advice line (optional)", validators=[Optional(), Length(max=80)],
        description="Only if it differs from the country's, e.g. \u201cNHS 111\u201d.")
    paper_size = SelectField("Paper", choices=[SelectChoice("A4", "A4"),
                                               SelectChoice("LETTER", "US Letter")],
                             default="A4")


class SettingsForm(BaseForm):
    """A clinic's choices of what its portal shows clients."""

    share_assessment = BooleanField(
        "Show clients the therapist's assessment on their visit history",
        description="Off by default: the assessment (the A of SOAP) stays internal.")
