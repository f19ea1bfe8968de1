"""``/<lang>/inquiry/``: the form (GET), the submission (POST, then redirect), the thank-you page,
and ``route``, the JSON that names the desks as the visitor changes their answers.

The form names the desks its answers route to and keeps that routing in a hidden field; a POST
whose answers now route elsewhere (a visitor without JavaScript picked a project of another
desk) comes back with "Your inquiry will go to X. Send it?" and is stored only when sent again.

Neither page goes through the page cache: the form carries a CSRF token and a per-visit form
token, the thank-you page a visitor's reference number.
"""

import codecs
import re
from datetime import date
from urllib.parse import unquote, urlsplit

from flask import abort, current_app, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.urls import iri_to_uri
from wtforms import SelectChoice

from ..client import client_address
from ..content import get_content
from ..leads import regions
from ..leads.vocabulary import SPACE_KINDS, TIMINGS
from . import bp, partner_ref
from .form import InquiryForm
from .guard import new_form_token, read_form_token
from .leads import LimitReached
from .notice import describe
from .routing import chosen_desk, route
from .spooling import SpoolFull, save_or_spool

THANKS_SALT = "inquiry-thanks"
SOURCE_MAX = 500  # characters of the source page kept (leads.source_page)
CUT_ESCAPE = re.compile(r"%[0-9A-Fa-f]?$")
ESCAPES_AT_END = re.compile(r"(?:%[0-9A-Fa-f]{2})+$")
# Per visitor (CSRF and form tokens, a reference number): never cached, never indexed.
PRIVATE_PAGE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


def blank():
    return SelectChoice("", "—")


def options(mapping, text):
    return [blank()] + [SelectChoice(key, text(value)) for key, value in mapping.items()]


def set_choices(form, content, lang):
    taxonomy = content.taxonomy
    form.industry.choices = options(taxonomy.industries, lambda t: t.text(lang))
    form.band.choices = options(taxonomy.investment_bands, lambda t: t.text(lang))
    form.space.choices = options(SPACE_KINDS, str)
    form.timing.choices = options(TIMINGS, str)
    group_names = {"mainland": _("Mainland China"), "sar": _("Hong Kong, Macao and Taiwan"),
                   "abroad": _("Other countries")}
    form.region.choices = [blank()] + [
        SelectChoice(code, name, optgroup=group_names[group])
        for group, options in regions.groups(lang) for code, name in options
    ] + [SelectChoice(regions.OTHER, str(_("Another country or region")))]
    items = [blank()]
    items += [SelectChoice(f"project:{p.slug}", p.title, optgroup=_("Investment projects"))
              for p in content.items("projects", lang)]
    parks = content.items("parks", lang)
    items += [SelectChoice(f"park:{p.slug}", p.name, optgroup=_("Industrial parks")) for p in parks]
    chosen = form.item.data or ""
    items += [SelectChoice(f"unit:{p.slug}/{u.id}", f"{p.name} · {u.id}", optgroup=_("Factory units"))
              for p in parks for u in p.units
              if u.status != "leased" or chosen == f"unit:{p.slug}/{u.id}"]
    form.item.choices = items


def prefill(form, content):
    """Pre-select what the visitor came from: ``?project=``, ``?park=`` or ``?unit=<park>/<id>``."""
    args = request.args
    project = content.get("projects", args.get("project", ""), "zh")
    park = content.get("parks", args.get("park", ""), "zh")
    park_slug, _, unit_id = args.get("unit", "").partition("/")
    unit_park = content.get("parks", park_slug, "zh")
    if project:
        form.item.data, form.industry.data = f"project:{project.slug}", project.industry
    elif park:
        form.item.data = f"park:{park.slug}"
    elif unit_park and any(u.id == unit_id for u in unit_park.units):
        form.item.data = f"unit:{park_slug}/{unit_id}"
        form.space.data = "factory"
    if chosen_desk(content, args.get("desk")):
        form.desk.data = args["desk"]


def host_name(netloc):
    """The host of ``netloc`` as a browser compares it: lower case, without port or final dot,
    an internationalised name in its ASCII (punycode) form."""
    name = urlsplit(f"//{netloc}").hostname or ""
    try:
        return name.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError:
        return name.rstrip(".")


def as_sent(url):
    """``url`` as its sender meant it: a referrer whose UTF-8 bytes reached us undecoded (some
    in-app browsers send a search page's Chinese query unescaped) read as UTF-8 again."""
    try:
        return url.encode("latin-1").decode("utf-8")
    except UnicodeError:  # already text (a form field), or not UTF-8: as it came
        return url


def local_path(url):
    """``url`` if it is a page of this site (as the referrer or a hidden field gives it): its
    path and query, percent-encoded (so Chinese in a search page's query is kept the same way
    in every language, and the traditional-Chinese conversion never touches it), at most 500
    characters; else None. The host is compared without its port: behind a proxy the Host
    header may lack the port that the visitor's address bar (and so the referrer) shows."""
    parts = urlsplit(as_sent(url or "").strip())
    if parts.scheme not in ("", "http", "https") or (
            parts.netloc and host_name(parts.netloc) != host_name(request.host)):
        return None
    path = iri_to_uri(parts.path + (f"?{parts.query}" if parts.query else ""))
    root = request.script_root + "/"
    decoded = unquote(path)
    if not decoded.startswith(root) or decoded.startswith("//"):
        return None
    return shortened(path)


def shortened(path):
    """``path`` cut to ``SOURCE_MAX`` characters, never inside a %XX escape nor inside the
    escapes of one UTF-8 character."""
    if len(path) <= SOURCE_MAX:
        return path
    cut = CUT_ESCAPE.sub("", path[:SOURCE_MAX])
    if run := ESCAPES_AT_END.search(cut):
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        decoder.decode(bytes.fromhex(run.group().replace("%", "")), final=False)
        cut = cut[:len(cut) - 3 * len(decoder.getstate()[0])]  # the bytes of a character cut short
    return cut


def page_named(content, args):
    """The page whose inquiry link opened the form (``?project=``, ``?park=``, ``?unit=``,
    ``?desk=``), for browsers that send no referrer: WeChat's in-app browser often sends none,
    and privacy settings may drop it."""
    project = content.get("projects", args.get("project", ""), "zh")
    park = content.get("parks", args.get("park", ""), "zh")
    park_slug, _, unit_id = args.get("unit", "").partition("/")
    unit_park = content.get("parks", park_slug, "zh")
    desk = content.get("desks", args.get("desk", ""), "zh")
    if project:
        return url_for("public.project", slug=project.slug)
    if park:
        return url_for("public.park", slug=park.slug)
    if unit_park and any(u.id == unit_id for u in unit_park.units):
        return url_for("public.unit", slug=park_slug, unit_id=unit_id)
    if desk:
        return url_for("public.desk", slug=desk.slug)
    return None


def route_of(form, content):
    """The Route of the form's current answers, in the page's language."""
    return route(content, form.item.data, form.industry.data, form.region.data, form.desk.data,
                 lang=g.lang)


def render(form, problems=(), status=200, confirm=False):
    """The form page; it names the desks the answers route to and remembers what it named."""
    wrong = [f for f in form if f.errors and f.type not in ("CSRFTokenField", "HiddenField")
             and f is not form.website]
    content = get_content()
    shown = describe(route_of(form, content), content, g.lang)
    form.route_shown.data = shown["fingerprint"]
    response = current_app.make_response((render_template(
        "inquiry.html", form=form, problems=problems, wrong=wrong, shown=shown, confirm=confirm,
        privacy_version=content.site.privacy_notice_version), status))
    response.headers.update(PRIVATE_PAGE)
    return response


@bp.route("/", methods=["GET", "POST"])
def form_page():
    request.max_content_length = current_app.config["INQUIRY_MAX_BODY"]
    content = get_content()
    form = InquiryForm(formdata=request.form if request.method == "POST" else None)
    if request.method == "GET":
        prefill(form, content)
        form.form_token.data = new_form_token()
        form.source.data = local_path(request.referrer) or page_named(content, request.args)
        form.ref.data = partner_ref()
    set_choices(form, content, g.lang)
    if request.method == "GET":
        return render(form)
    return submit(form, content)


def submit(form, content):
    valid = form.validate()
    token = read_form_token(form.form_token.data)
    if form.csrf_token.errors or token is None:
        form.form_token.data = new_form_token()
        if current_app.config["SESSION_COOKIE_NAME"] not in request.cookies:  # refused, not expired
            return render(form, [_("Your browser did not send this site's cookie, so the form could "
                                   "not be checked. Please allow cookies for this site and send it "
                                   "again.")], 400)
        return render(form, [_("This form has expired. Please check your details and send it again.")], 400)
    if form.website.data:
        return render(form, [_("We could not accept this form. Please call us instead.")], 400)
    if not valid:
        return render(form, [_("Please correct the fields marked below.")], 422)
    key, age = token
    if age < current_app.config["INQUIRY_MIN_FILL_SECONDS"]:
        return render(form, [_("That was quick! Please check your details and send the form again.")], 400)
    form.source.data = local_path(form.source.data)  # a hidden field: the visitor can change it
    where = route_of(form, content)
    if form.route_shown.data and form.route_shown.data != where.fingerprint:
        return render(form, confirm=True)  # the page named other desks: ask before sending
    try:
        stored = save_or_spool(form, key=key, lang=g.lang, route=where, address=client_address(),
                               content=content, ref=partner_ref(form.ref.data))
    except LimitReached:
        message = _("We have received several inquiries from your network or contact details "
                    "today. Please call us at %(phone)s, or try again tomorrow.",
                    phone=content.site.footer.phone)
        return render(form, [message], 429)
    except SpoolFull:
        return render(form, [_("We cannot take inquiries online at the moment. Please call us at "
                               "%(phone)s.", phone=content.site.footer.phone)], 503)
    token = thanks_token(current_app.secret_key, stored.reference, stored.desk, stored.copies,
                         stored.reply_by, receipt=stored.receipt)
    return redirect(url_for("inquiry.thanks", token=token), 303)


def thanks_token(secret, reference, desk, copies=(), reply_by=None, receipt=None):
    """The signed part of a thank-you page's address: the reference (or, for an inquiry kept in
    the spool, its receipt code), the desks, the reply-by date (a ReplyBy); nothing personal."""
    data = {"r": reference, "d": desk, "c": list(copies)}
    if receipt:
        data = {"s": receipt, "d": desk, "c": list(copies)}
    if reply_by:
        data.update(b=reply_by.day.isoformat(), e=reply_by.estimated)
    return URLSafeSerializer(secret, salt=THANKS_SALT).dumps(data)


@bp.get("/route")
def route_json():
    """The routing of the answers in the query, as the form shows it (for static/js/inquiry.js)."""
    args = {name: request.args.get(name, "")[:200] for name in ("item", "industry", "region", "desk")}
    content = get_content()
    response = jsonify(describe(route(content, lang=g.lang, **args), content, g.lang))
    response.headers.update(PRIVATE_PAGE)
    return response


@bp.get("/thanks/<token>/")
def thanks(token):
    try:
        data = URLSafeSerializer(current_app.secret_key, salt=THANKS_SALT).loads(token)
    except BadSignature:
        abort(404)
    content = get_content()
    desk = content.get("desks", data.get("d", ""), g.lang)
    copies = [n for n in (content.get("desks", s, g.lang) for s in data.get("c", [])) if n]
    try:
        reply_by = date.fromisoformat(data.get("b") or "")
    except ValueError:  # an address from before the reply-by date was part of it
        reply_by = None
    response = current_app.make_response(render_template(
        "thanks.html", reference=data.get("r", ""), receipt=data.get("s"), desk=desk, copies=copies,
        reply_by=reply_by, estimated=data.get("e", False)))
    response.headers.update(PRIVATE_PAGE)
    return response
