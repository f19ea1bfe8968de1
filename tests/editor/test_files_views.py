"""An item's photos and attachments in the browser, through the app and HTTP: a phone photo with
GPS stored upright and without metadata, with the Markdown to paste; a page named .jpg refused in
Chinese; alt texts required; a file in use (on disk or in the draft) kept from deletion."""

import io
import random

from PIL import ExifTags, Image
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from ..images.photos import no_metadata
from ..staff.helpers import audit_rows
from .people import changed, form_of, send, text
from .test_uploads import GREY, RED, near, phone_jpeg

PARK = "/staff/content/parks/materials-park/"
FILES = PARK + "files"
FOLDER = "parks/materials-park"


def upload(staff, data, filename, kind="photo", alt_zh="一号厂房外景",
           alt_en="Exterior of factory building 1"):
    """POST the upload form. The body is encoded here, in memory: the test client would spool a
    large one to a temporary file it never closes (a ResourceWarning in a later test)."""
    staff.get(FILES)
    boundary, body = encode_multipart({"csrf_token": staff.token, "kind": kind, "alt_zh": alt_zh,
                                       "alt_en": alt_en,
                                       "file": FileStorage(io.BytesIO(data), filename)})
    return staff.client.post(FILES, data=body, environ_base=staff.environ,
                             content_type=f"multipart/form-data; boundary={boundary}")


def delete(staff, name):
    staff.get(FILES)
    return send(staff, FILES + "/delete", [("name", name)])


def names(content):
    return sorted(p.name for p in (content / FOLDER).iterdir())


def test_a_gps_phone_photo_is_stored_upright_without_metadata_with_markdown_to_paste(newsroom):
    app, content, people = newsroom
    author = people["author"]
    data, _icc = phone_jpeg()
    with Image.open(io.BytesIO(data)) as sent:  # the phone's photo: on its side, with a position
        assert sent.getexif()[ExifTags.Base.Orientation] == 6
        assert sent.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    uploaded = upload(author, data, "IMG_20261201_093000.JPG")
    assert uploaded.status_code == 302
    stored = (content / FOLDER / "img-20261201-093000.jpg").read_bytes()
    no_metadata(stored)
    assert b"GPS" not in stored and b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (300, 400)  # upright: 400×300 stored on its side
        assert near(image.getpixel((300 - 20, 20)), RED) and near(image.getpixel((20, 20)), GREY)
    html = text(author.get(FILES))
    assert 'value="![一号厂房外景](img-20261201-093000.jpg)"' in html
    assert 'value="![Exterior of factory building 1](img-20261201-093000.jpg)"' in html
    assert "img-20261201-093000.jpg" in html and 'value="![' not in text(author.get(FILES))  # shown once
    rows = audit_rows(app, "content.upload")
    assert [r.object for r in rows] == ["parks/materials-park/img-20261201-093000.jpg"]
    assert rows[0].detail["width"] == 300 and rows[0].user_name == "wang.author"


def test_a_page_named_jpg_is_refused_in_chinese_and_alt_texts_are_required(newsroom):
    _app, content, people = newsroom
    author = people["author"]
    before = names(content)
    page = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
    refused = upload(author, page, "厂房照片.jpg")
    assert refused.status_code == 415
    said = "“厂房照片.jpg”实际上是网页（HTML）文件，不能上传：只能上传 JPEG、PNG 或 WebP 照片"
    assert said in text(refused)
    data, _icc = phone_jpeg()
    no_alt = upload(author, data, "IMG_0001.jpg", alt_zh="图片", alt_en="IMG_0001.jpg")
    assert no_alt.status_code == 422
    html = text(no_alt)
    assert "中文说明“图片”没有说出照片内容" in html and "英文说明不能是文件名" in html
    assert 'value="图片"' in html  # the typing is kept
    assert upload(people["reviewer"], data, "a.jpg").status_code == 403  # reviewers do not write
    assert people["desk"].get(FILES).status_code == 403
    assert names(content) == before
    created = author.post("/staff/content/new", {"section": "projects", "title": "富硒魔芋精深加工项目",
                                                  "slug": "fu-xi-mo-yu", "action": "create"})
    assert created.status_code == 302
    author.get("/staff/content/projects/fu-xi-mo-yu/files")
    never_published = author.client.post(
        "/staff/content/projects/fu-xi-mo-yu/files", environ_base=author.environ,
        data={"csrf_token": author.token, "kind": "photo", "alt_zh": "魔芋加工车间",
              "alt_en": "Konjac workshop",
              "file": (io.BytesIO(data), "车间.jpg")}, content_type="multipart/form-data")
    assert never_published.status_code == 409 and "请先发布文字" in text(never_published)
    assert not (content / "projects" / "fu-xi-mo-yu").exists()


def test_a_file_in_use_on_the_site_or_in_the_draft_is_not_deleted_an_unused_one_is(newsroom):
    app, content, people = newsroom
    author = people["author"]
    html = text(author.get(FILES))
    assert '<img class="files-thumb" src="/media/parks/materials-park/' in html  # published photo-1.jpg
    kept = delete(author, "photo-1.jpg")
    assert kept.status_code == 409
    html = text(kept)
    assert "<code>photos.0</code>" in html and "<code>units.csv:2</code>" in html
    assert (content / FOLDER / "photo-1.jpg").is_file()

    data, _icc = phone_jpeg()
    assert upload(author, data, "厂房外景.jpg").status_code == 302
    assert (content / FOLDER / "chang-fang-wai-jing.jpg").is_file()
    form = form_of(text(author.get(PARK)))
    body = dict(form)["zh.body"] + "\n\n![二号厂房外景](chang-fang-wai-jing.jpg)\n"
    assert send(author, PARK + "save", changed(form, "zh.body", body)).status_code == 302
    in_draft = delete(author, "chang-fang-wai-jing.jpg")
    assert in_draft.status_code == 409 and "<code>body</code>" in text(in_draft)

    assert upload(author, data, "备用.jpg").status_code == 302
    gone = delete(author, "bei-yong.jpg")
    assert gone.status_code == 302
    assert not (content / FOLDER / "bei-yong.jpg").exists()
    assert [r.object for r in audit_rows(app, "content.file-delete")] == ["parks/materials-park/bei-yong.jpg"]
    assert delete(author, "index.zh.md").status_code == 404  # the text is not a file to delete here


def large_photo(megabytes=5):
    """A JPEG of at least ``megabytes`` MB: noise does not compress."""
    rng = random.Random(19)
    side = 1400
    while True:
        image = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=95)
        if out.tell() >= megabytes * 1024 * 1024:
            return out.getvalue()
        side += 300


def test_a_5_mb_phone_photo_is_accepted(newsroom):
    _app, content, people = newsroom
    data = large_photo()
    assert len(data) >= 5 * 1024 * 1024
    uploaded = upload(people["author"], data, "DSC_5001.jpg")
    assert uploaded.status_code == 302
    assert (content / FOLDER / "dsc-5001.jpg").is_file()
