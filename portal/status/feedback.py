"""The investor's rating of the service, adapted from the 服务反馈意见表 that county departments
have investors fill in after a service visit, and which counts in their year-end assessment
(seed 003): how quickly, how courteously, how clearly and how effectively the desk served them.

``QUESTIONS`` is read by the reports, which show the scores per desk. A lead is rated once; the
rating is stored with the desk that had the lead at the time.
"""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ..db import utcnow
from ..db.schema import feedback
from ..leads.text import clean_text
from ..leads.vocabulary import FEEDBACK_QUESTIONS as QUESTIONS

SCALE = {5: _l("Very satisfied"), 4: _l("Satisfied"), 3: _l("Neither satisfied nor dissatisfied"),
         2: _l("Dissatisfied"), 1: _l("Very dissatisfied")}
COMMENT_MAX = 2000


CHOOSE = _l("Please choose one of the five answers.")


def question(label):
    return RadioField(label, coerce=int, choices=[SelectChoice(k, v) for k, v in SCALE.items()],
                      validators=[InputRequired(message=CHOOSE)], invalid_choice_message=CHOOSE)


class FeedbackForm(FlaskForm):
    comment = TextAreaField(_l("Anything else you would like to tell us (optional)"), filters=[clean_text],
                            validators=[Optional(), Length(max=COMMENT_MAX, message=_l(
                                "Please use at most %(max)d characters."))])

    def questions(self):
        return [self[key] for key in QUESTIONS]


for _key, _label in QUESTIONS.items():
    setattr(FeedbackForm, _key, question(_label))


def save(connection, progress, form):
    """Store the rating; False if this lead was already rated (a second tab, a double click)."""
    values = {"lead_id": progress.lead_id, "at": utcnow(), "desk": progress.desk,
              "scores": {key: form[key].data for key in QUESTIONS}, "comment": form.comment.data or None}
    try:
        with connection.begin_nested():
            connection.execute(feedback.insert().values(values))
    except sa.exc.IntegrityError:
        return False
    return True
