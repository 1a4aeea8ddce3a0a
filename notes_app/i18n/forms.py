"""The language picker: a select of the configured languages, each named in itself."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import InputRequired

from notes_app.formtools import BaseForm
from notes_app.languages import language_choices


class LanguageForm(BaseForm):
    """Choose the language of one's pages (and, for a client, of mails and sheets)."""

    language = SelectField(_l("Language"), validators=[InputRequired()],
                           validate_choice=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = language_choices()
