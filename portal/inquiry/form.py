"""The inquiry form: fields, their limits, and every message in the visitor's language.

Choices that come from content (industries, projects, parks, units) are filled per request by
``views.set_choices``; the fixed ones are here. Every text field is cleaned before validation:
control characters removed, Unicode normalised (NFC), single-line fields on one line, so what
is stored and mailed is inert.
"""

import re
from decimal import Decimal, InvalidOperation

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from ..leads.text import clean_line, clean_text
from ..leads.vocabulary import CHANNELS

DEFAULT_PHONE_REGION = "CN"
MESSAGE_MAX = 5000
TOO_LONG = _l("Please use at most %(max)d characters.")
def choice(label):
    """A select, filled per request; an unknown value is refused in the visitor's language."""
    return SelectField(label, validators=[Optional()], choices=[],
                       invalid_choice_message=_l("Please choose one of the options."))


def valid_email(form, field):
    if not field.data:
        return
    try:
        # No DNS look-up (nothing leaves the server); ASCII only, so every mail server accepts it.
        checked = validate_email(field.data, check_deliverability=False, allow_smtputf8=False)
        field.data = checked.ascii_email or checked.normalized
    except EmailNotValidError:
        raise ValidationError(_l("Please enter a valid e-mail address, e.g. name@example.com.")) from None


def valid_phone(form, field):
    """Accept mainland numbers as dialled in China (+86 assumed) and any number with +country."""
    if not field.data:
        return
    message = _l("Please enter a valid phone number, e.g. 138 0013 8000 or +852 2123 4567.")
    try:
        number = phonenumbers.parse(field.data, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(message) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(message)
    form.phone_e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def valid_wechat(form, field):
    if field.data and not re.fullmatch(r"[A-Za-z0-9_+-]{3,40}", field.data):
        raise ValidationError(_l("A WeChat ID has letters, digits, - and _ only, e.g. wxid_qinglan88."))


def valid_area(form, field):
    if not field.data:
        return
    try:
        value = Decimal(field.data.replace(",", "").replace("，", ""))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not 0 < value <= 1_000_000:
        raise ValidationError(_l("Please enter a number, e.g. 50 or 2000."))


def one_line(label, required=None, limit=100, extra=()):
    validators = [InputRequired(message=required) if required else Optional()]
    return StringField(label, filters=[clean_line],
                       validators=[*validators, Length(max=limit, message=TOO_LONG), *extra])


class InquiryForm(FlaskForm):
    name = one_line(_l("Your name"), required=_l("Please enter your name."))
    company = one_line(_l("Company or organisation"), limit=200)
    title = one_line(_l("Job title"))
    email = one_line(_l("E-mail"), limit=254, extra=[valid_email])
    phone = one_line(_l("Phone"), limit=32, extra=[valid_phone])
    wechat = one_line(_l("WeChat ID"), limit=40, extra=[valid_wechat])
    channel = RadioField(_l("How should we contact you?"),
                         choices=[SelectChoice(k, v) for k, v in CHANNELS.items()], validators=[Optional()],
                         invalid_choice_message=_l("Please choose one of the options."))
    region = choice(_l("Country or region"))
    industry = choice(_l("Industry"))
    band = choice(_l("Intended investment"))
    space = choice(_l("Land or floor space needed"))
    area = one_line(_l("Approximate size"), limit=20, extra=[valid_area])
    timing = choice(_l("When do you plan to invest?"))
    item = choice(_l("Interested in"))
    message = TextAreaField(_l("Your message"), filters=[clean_text],
                            validators=[Optional(), Length(max=MESSAGE_MAX, message=TOO_LONG)])
    consent = BooleanField(_l("Consent to the privacy notice"), validators=[DataRequired(
        message=_l("Please agree to the privacy notice: we cannot handle your inquiry without it."))])
    consent_share = BooleanField(_l("Consent to sharing"))
    consent_newsletter = BooleanField(_l("Newsletter"))
    website = StringField(_l("Leave this field empty"), filters=[clean_line])  # the honeypot
    form_token = HiddenField()
    desk = HiddenField(filters=[clean_line])  # ?desk=: the desk whose page the visitor came from
    source = HiddenField(filters=[clean_line])
    ref = HiddenField(filters=[clean_line])
    route_shown = HiddenField(filters=[clean_line])  # the routing the page showed (Route.fingerprint)

    phone_e164 = None

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not self.email.data and not self.phone.data:
            self.email.errors.append(_l("Please give an e-mail address or a phone number, or both."))
            valid = False
        needs = {"email": (self.email, _l("You chose e-mail: please give your e-mail address.")),
                 "phone": (self.phone, _l("You chose phone: please give your phone number.")),
                 "wechat": (self.wechat, _l("You chose WeChat: please give your WeChat ID."))}
        if self.channel.data in needs and not needs[self.channel.data][0].data:
            field, message = needs[self.channel.data]
            if not field.errors:
                field.errors.append(message)
            valid = False
        if self.consent_newsletter.data and not self.email.data and not self.email.errors:
            self.consent_newsletter.errors.append(
                _l("The newsletter is sent by e-mail: please give your e-mail address."))
            valid = False
        return valid
