"""Uploads through the editor: only JPEG, PNG, WebP photos and PDF attachments reach a bundle,
photos upright and without metadata, limits checked before decoding, safe names, alt text that
says something, and the places a file is used."""

import io
import re
import struct
import time
import zipfile
import zlib

import pytest
from PIL import ExifTags, Image, ImageCms, ImageDraw, ImageFile
from PIL.PngImagePlugin import PngInfo

from portal import images
from portal.content.attachments import is_published
from portal.content.frontmatter import parse_markdown
from portal.editor import uploads
from portal.editor.file_uses import check_alt, in_use
from portal.editor.uploads import MAX_BYTES, Refused, accept, safe_name
from portal.images import MASTER_MAX

from ..conftest import FIXTURE_CONTENT
from ..images.photos import MAKER, no_metadata

RED, GREY = (220, 20, 20), (128, 128, 128)
COMMENT = b"Shot at the Lanqiao site office"


def iptc_segment():
    """An APP13 Photoshop/IPTC segment with a caption (2:120), as news photo tools write it."""
    caption = "岚桥镇厂房 by 王工".encode()
    record = b"\x1c\x02\x78" + struct.pack(">H", len(caption)) + caption
    block = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(record)) + record
    body = b"Photoshop 3.0\x00" + block
    return b"\xff\xed" + struct.pack(">H", len(body) + 2) + body


def phone_jpeg(size=(400, 300), orientation=6):
    """A phone photo stored sideways: grey with a red square at the stored top left; EXIF with
    the orientation, camera and a GPS position, XMP, a comment, IPTC and an sRGB profile."""
    image = Image.new("RGB", size, GREY)
    ImageDraw.Draw(image).rectangle((0, 0, 59, 59), fill=RED)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = MAKER
    exif[ExifTags.Base.DateTimeOriginal] = "2026:12:01 09:30:00"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps.update({1: "N", 2: (32.0, 55.0, 7.0), 3: "E", 4: (109.0, 52.0, 55.0)})
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>32,55.1N</exif:GPSLatitude></x:xmpmeta>'
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, xmp=xmp, icc_profile=icc, comment=COMMENT, quality=92)
    data = out.getvalue()
    return data[:2] + iptc_segment() + data[2:], icc


def encoded(image, fmt, **options):
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def small_jpeg():
    return encoded(Image.new("RGB", (64, 48), GREY), "JPEG")


def opened(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def near(pixel, colour, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


def test_a_gps_phone_photo_is_stored_upright_without_any_metadata():
    data, icc = phone_jpeg()
    with Image.open(io.BytesIO(data)) as original:  # the photo really carries all of it
        assert original.getexif()[ExifTags.Base.Orientation] == 6
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)[2] == (32.0, 55.0, 7.0)
        assert "xmp" in original.info and original.info["comment"] == COMMENT
    assert b"Photoshop 3.0" in data

    stored = accept(data, "IMG_20261201_093000.JPG", "photo", set())

    assert stored.name == "img-20261201-093000.jpg"
    assert stored.mimetype == "image/jpeg"
    assert (stored.width, stored.height) == (300, 400)  # stored 400×300 on its side
    image = opened(stored.data)
    assert image.format == "JPEG" and image.size == (300, 400)
    assert len(image.getexif()) == 0
    assert "comment" not in image.info
    assert image.info.get("icc_profile") == icc  # colours look the same
    assert image.info.get("progressive") or image.info.get("progression")
    no_metadata(stored.data)
    for marker in (b"Exif", b"GPS", b"Photoshop", b"8BIM", "岚桥镇".encode(), COMMENT, b"2026:12:01"):
        assert marker not in stored.data, marker
    # Orientation 6 is a quarter turn clockwise: the stored top left is now the top right.
    assert near(image.getpixel((300 - 20, 20)), RED)
    assert near(image.getpixel((20, 20)), GREY)
    assert near(image.getpixel((300 - 20, 400 - 20)), GREY)


@pytest.mark.parametrize("orientation,red_at", [(3, (1, 1)), (8, (0, 1)), (1, (0, 0))])
def test_other_orientations_put_the_marked_corner_where_it_is_seen(orientation, red_at):
    data, _ = phone_jpeg(orientation=orientation)
    stored = accept(data, "photo.jpg", "photo", set())
    image = opened(stored.data)
    width, height = image.size
    x, y = (width - 20 if red_at[0] else 20), (height - 20 if red_at[1] else 20)
    assert near(image.getpixel((x, y)), RED), (orientation, image.size)


def test_a_photo_with_a_second_picture_is_its_first_picture():
    first, _ = phone_jpeg()
    depth = Image.new("L", (100, 75), 90)
    with Image.open(io.BytesIO(first)) as photo:
        mpo = encoded(photo, "MPO", save_all=True, append_images=[depth], exif=photo.getexif())
    with Image.open(io.BytesIO(mpo)) as check:
        assert check.format == "MPO" and check.n_frames == 2
    stored = accept(mpo, "IMG_0002.jpg", "photo", set())
    image = opened(stored.data)
    assert image.format == "JPEG" and image.size == (300, 400)
    assert near(image.getpixel((300 - 20, 20)), RED)
    no_metadata(stored.data)


def test_an_empty_file_is_refused():
    with pytest.raises(Refused) as refused:
        accept(b"", "厂房.jpg", "photo", set())
    assert "empty" in refused.value.en


def test_a_png_keeps_its_transparency_and_loses_its_text_and_exif():
    image = Image.new("P", (120, 80), 1)
    image.putpalette([255, 255, 255, 200, 30, 30] + [0] * 762)
    ImageDraw.Draw(image).rectangle((0, 0, 29, 29), fill=0)  # palette 0 is transparent
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 3
    exif[ExifTags.Base.Make] = MAKER
    info = PngInfo()
    info.add_text("Author", "王工")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>GPSLatitude</x:xmpmeta>")
    data = encoded(image, "PNG", transparency=0, exif=exif, pnginfo=info)

    stored = accept(data, "园区标志.png", "photo", set())

    assert stored.name == "yuan-qu-biao-zhi.png" and stored.mimetype == "image/png"
    result = opened(stored.data)
    assert result.format == "PNG" and result.mode == "RGBA"
    assert result.getpixel((119, 79))[3] == 0  # turned 180°: the transparent corner is bottom right
    assert result.getpixel((5, 5)) == (200, 30, 30, 255)
    assert len(result.getexif()) == 0 and not result.text
    for marker in (b"tEXt", b"iTXt", b"eXIf", MAKER.encode(), b"GPSLatitude"):
        assert marker not in stored.data, marker


def test_a_png_transparent_colour_becomes_alpha():
    image = Image.new("RGB", (40, 30), (255, 255, 255))
    ImageDraw.Draw(image).rectangle((20, 0, 39, 29), fill=(0, 90, 160))
    stored = accept(encoded(image, "PNG", transparency=(255, 255, 255)), "qr.png", "photo", set())
    result = opened(stored.data)
    assert result.getpixel((5, 5))[3] == 0 and result.getpixel((30, 5)) == (0, 90, 160, 255)


def test_webp_is_stored_as_jpeg_or_png_which_publishing_reads():
    plain = encoded(Image.new("RGB", (80, 60), GREY), "WEBP", quality=90)
    stored = accept(plain, "厂房外景.webp", "photo", set())
    assert (stored.name, stored.mimetype, opened(stored.data).format) == (
        "chang-fang-wai-jing.jpg", "image/jpeg", "JPEG")

    clear = Image.new("RGBA", (80, 60), (10, 120, 200, 255))
    ImageDraw.Draw(clear).rectangle((0, 0, 9, 9), fill=(0, 0, 0, 0))
    stored = accept(encoded(clear, "WEBP", lossless=True), "logo.webp", "photo", set())
    assert stored.name == "logo.png" and opened(stored.data).getpixel((2, 2))[3] == 0


def test_a_large_photo_is_stored_at_most_the_master_size():
    big = Image.linear_gradient("L").resize((3600, 2400)).convert("RGB")
    stored = accept(encoded(big, "JPEG", quality=80), "航拍.jpg", "photo", set())
    assert (stored.width, stored.height) == (MASTER_MAX, round(2400 * MASTER_MAX / 3600))
    assert opened(stored.data).size == (stored.width, stored.height)


def test_a_wide_jpeg_is_decoded_at_a_reduced_scale(decoding):
    panorama = Image.linear_gradient("L").resize((8000, 1000)).convert("RGB")
    stored = accept(encoded(panorama, "JPEG", quality=70), "全景.jpg", "photo", set())
    assert set(decoding) == {(4000, 500)}  # half scale still covers 2560×320
    assert (stored.width, stored.height) == (MASTER_MAX, 320)


def test_every_stored_file_is_one_the_site_publishes(tmp_path):
    """What the editor stores is what ``portal check`` and publishing take: a published type under
    a slug-like name, and a photo that ``images.derive`` makes its sizes from."""
    clear = Image.new("RGBA", (1000, 700), (10, 120, 200, 255))
    ImageDraw.Draw(clear).rectangle((0, 0, 9, 9), fill=(0, 0, 0, 0))
    uploaded = [
        (phone_jpeg()[0], "IMG_1.jpg", "photo"),
        (encoded(Image.new("RGB", (1000, 700), GREY), "PNG"), "地图.png", "photo"),
        (encoded(Image.new("RGB", (1000, 700), GREY), "WEBP"), "外景.webp", "photo"),
        (encoded(clear, "WEBP", lossless=True), "标志.webp", "photo"),
        (pdf(), "指南.pdf", "attachment"),
    ]
    for data, filename, kind in uploaded:
        stored = accept(data, filename, kind, set())
        assert re.fullmatch(r"[a-z0-9-]+\.(jpg|png|pdf)", stored.name), stored.name
        assert is_published(stored.name), stored.name
        if kind == "photo":
            (tmp_path / stored.name).write_bytes(stored.data)
            entry = images.derive(tmp_path / stored.name, tmp_path / "out", stored.name, "k")
            assert entry["size"] == [stored.width, stored.height]


def png_header(width, height):
    """A PNG whose header claims ``width``×``height`` RGB pixels, with a few bytes of IDAT."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


@pytest.fixture
def decoding(monkeypatch):
    """The calls to decode pixels made while the test runs."""
    calls = []
    real = ImageFile.ImageFile.load

    def load(self):
        calls.append(self.size)
        return real(self)
    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    return calls


@pytest.mark.parametrize("size", [
    (10_000, 6_000),  # 60 megapixels: over the site's limit
    (11_000, 11_000),  # 121 megapixels: Pillow's own DecompressionBombError
    (30_000, 10),  # a strip longer than any side a photo has
])
def test_a_pixel_bomb_is_refused_from_its_header_without_decoding(decoding, size):
    data = png_header(*size)
    assert len(data) < 200
    start = time.perf_counter()
    with pytest.raises(Refused) as refused:
        accept(data, "厂区全景.png", "photo", set())
    assert time.perf_counter() - start < 0.5
    assert decoding == []
    assert refused.value.status == 413
    assert "megapixels" in refused.value.en and "百万像素" in refused.value.zh
    assert "厂区全景.png" in refused.value.zh


def test_the_byte_limit_is_checked_before_anything_is_read(monkeypatch):
    def never(*args):
        raise AssertionError("the file was read")
    monkeypatch.setattr(uploads, "open_checked", never)
    monkeypatch.setattr(uploads, "sniff", never)
    data = b"\xff\xd8\xff" + bytes(MAX_BYTES["photo"])
    with pytest.raises(Refused) as refused:
        accept(data, "big.jpg", "photo", set())
    assert refused.value.status == 413
    assert "20 MB" in refused.value.en and "20 MB" in refused.value.zh


def docx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def plain_zip():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("照片/a.txt", "x")
    return out.getvalue()


SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"\xef\xbb\xbf  <!DOCTYPE html>\n<html><body><script>fetch('/staff/')</script></body></html>"


@pytest.mark.parametrize("filename,data,named", [
    ("厂房.jpg", HTML, "a web page (HTML)"),
    ("logo.svg", SVG, "an SVG image"),
    ("logo.png", SVG.split(b"\n", 1)[1], "an SVG image"),
    ("page.png", b"<!doctype html>\n<title>x</title>", "a web page (HTML)"),
    ("动图.gif", encoded(Image.new("P", (8, 8)), "GIF"), "a GIF image"),
    ("申报表.docx", docx(), "a Word document"),
    ("照片.jpg", plain_zip(), "a ZIP archive"),
    ("setup.jpg", b"MZ\x90\x00\x03" + bytes(200), "a Windows program"),
    ("IMG_0001.HEIC", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64), "a HEIC photo"),
    ("扫描件.tif", encoded(Image.new("RGB", (8, 8)), "TIFF"), "a TIFF image"),
    ("截图.bmp", encoded(Image.new("RGB", (8, 8)), "BMP"), "a BMP bitmap"),
    ("说明.jpg", "这是一段文字".encode(), "a file of unknown type"),
])
def test_anything_not_on_the_allow_list_is_refused_naming_what_it_is(filename, data, named):
    with pytest.raises(Refused) as refused:
        accept(data, filename, "photo", set())
    assert refused.value.status == 415
    assert named in refused.value.en
    assert filename in refused.value.zh and filename in refused.value.en
    assert "JPEG、PNG 或 WebP" in refused.value.zh


def test_an_html_page_named_jpg_is_refused_in_chinese_too():
    with pytest.raises(Refused) as refused:
        accept(HTML, "厂房.jpg", "photo", set())
    assert refused.value.zh.startswith("“厂房.jpg”实际上是网页（HTML）文件")


def test_a_heic_photo_is_told_how_to_get_a_jpeg():
    with pytest.raises(Refused) as refused:
        accept(b"\x00\x00\x00\x18ftypheic" + bytes(64), "IMG_0001.HEIC", "photo", set())
    assert "兼容性最佳" in refused.value.zh and "Most Compatible" in refused.value.en


@pytest.mark.parametrize("data,kind,hint", [
    (encoded(Image.new("RGB", (8, 8)), "PDF"), "photo", "attachment"),
    (small_jpeg(), "attachment", "as photos"),
    (docx(), "attachment", "attachments must be PDF"),
])
def test_the_wrong_kind_says_where_it_belongs(data, kind, hint):
    with pytest.raises(Refused) as refused:
        accept(data, "file", kind, set())
    assert hint in refused.value.en


def test_a_cut_off_or_animated_photo_is_refused():
    data, _ = phone_jpeg()
    with pytest.raises(Refused) as refused:
        accept(data[: len(data) // 2], "cut.jpg", "photo", set())
    assert refused.value.status == 422 and "incomplete or damaged" in refused.value.en
    frames = [Image.new("RGB", (16, 16), c) for c in ("red", "blue")]
    animated = encoded(frames[0], "PNG", save_all=True, append_images=frames[1:])
    with pytest.raises(Refused) as refused:
        accept(animated, "动画.png", "photo", set())
    assert "animated" in refused.value.en


@pytest.mark.parametrize("filename,existing,expected", [
    ("IMG_20261201_093000.JPG", set(), "img-20261201-093000.jpg"),
    ("厂房外景.jpeg", set(), "chang-fang-wai-jing.jpg"),
    ("厂房外景.jpeg", {"chang-fang-wai-jing.jpg", "chang-fang-wai-jing-2.jpg"}, "chang-fang-wai-jing-3.jpg"),
    ("COVER.jpg", {"Cover.JPG"}, "cover-2.jpg"),  # a Windows disk sees these as one file
    ("ＩＭＧ＿０００１．ＪＰＧ", set(), "img-0001.jpg"),  # typed with a full-width input method
    (" 1号厂房  A栋 .jpg", set(), "1-hao-chang-fang-a-dong.jpg"),  # pasted stray spaces
    ("C:\\Users\\王工\\Desktop\\园区大门.png", set(), "yuan-qu-da-men.jpg"),  # old IE sends the path
    ("Café Façade.jpg", set(), "cafe-facade.jpg"),
    ("——.jpg", set(), "photo.jpg"),
    ("index.jpg", set(), "index-2.jpg"),  # index.* are the bundle's own text files
    ("no-extension", set(), "no-extension.jpg"),
])
def test_safe_names(filename, existing, expected):
    assert accept(small_jpeg(), filename, "photo", existing).name == expected


def test_the_name_takes_the_real_type_and_stays_short():
    png = encoded(Image.new("RGB", (8, 8)), "PNG")
    assert accept(png, "地图.jpg", "photo", set()).name == "di-tu.png"
    title = "青岚县关于进一步优化营商环境支持重点产业链招商引资的若干政策措施实施细则.pdf"
    long = safe_name(title, ".pdf", set())
    stem = long.removesuffix(".pdf")
    assert len(stem) <= uploads.STEM_MAX and not stem.endswith("-")
    assert stem.startswith("qing-lan-xian-guan-yu")


def pdf(catalog_extra=b"", trailer_extra=b"", objects=()):
    """A small PDF as a writer lays it out: catalog, pages, one page, ``objects`` after them."""
    bodies = [b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
              b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
              b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>", *objects]
    out, offsets = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1, trailer_extra, xref)
    return out


def object_stream(text):
    packed = zlib.compress(b"5 0 " + text)
    return (b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
            % (len(packed), packed))


def test_a_pdf_is_kept_as_sent():
    scan = Image.effect_noise((600, 800), 80).convert("RGB")  # random bytes in its image stream
    data = encoded(scan, "PDF", title="青岚县招商指南", resolution=100)
    stored = accept(data, "青岚县招商引资优惠政策（2026年）.pdf", "attachment", {"guide.pdf"})
    assert stored.data == data
    assert stored.name == "qing-lan-xian-zhao-shang-yin-zi-you-hui-zheng-ce-2026-nian.pdf"
    assert (stored.mimetype, stored.width, stored.height) == ("application/pdf", None, None)
    assert accept(pdf(), "指南.jpg", "attachment", set()).name == "zhi-nan.pdf"


@pytest.mark.parametrize("data,why", [
    (pdf(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> "), "JavaScript"),
    (pdf(b"/OpenAction << /S /J#61va#53cript /JS (app.alert(1)) >> "), "JavaScript"),
    (pdf(b"/OpenAction 5 0 R ", objects=[object_stream(b"<< /S /JavaScript /JS (x) >>")]), "JavaScript"),
    (pdf(b"/OpenAction << /S /Launch /F (cmd.exe) >> "), "launches a program"),
    (pdf(b"/Names << /EmbeddedFiles 4 0 R >> "), "files embedded"),
    (pdf(trailer_extra=b"/Encrypt 9 0 R "), "encrypted"),
    (pdf()[:-40], "incomplete"),
    (pdf()[:-6], "incomplete"),  # cut just before its %%EOF
])
def test_a_pdf_that_can_do_more_than_show_pages_is_refused(data, why):
    with pytest.raises(Refused) as refused:
        accept(data, "通知.pdf", "attachment", set())
    assert why in refused.value.en
    assert "“通知.pdf”" in refused.value.zh


def test_a_compressed_object_stream_without_scripts_is_fine():
    data = pdf(objects=[object_stream(b"<< /Type /Annot /Subtype /Link /URI (https://example.cn) >>")])
    assert accept(data, "a.pdf", "attachment", set()).data == data


GOOD_ZH, GOOD_EN = "一号厂房外景，三层钢结构", "Exterior of factory building 1, a three-storey steel frame"


def test_good_alt_text_passes():
    assert check_alt(GOOD_ZH, GOOD_EN, "IMG_2031.jpg") == []
    assert check_alt(" 岚桥镇厂房 ", "Lanqiao factory", "厂房外景.jpeg") == []


@pytest.mark.parametrize("alt_zh,alt_en,filename,says", [
    ("", GOOD_EN, "a.jpg", "write the photo's Chinese description"),
    (GOOD_ZH, "   ", "a.jpg", "write the photo's English description"),
    ("  图片  ", GOOD_EN, "a.jpg", "says nothing"),
    ("照片１", GOOD_EN, "a.jpg", "says nothing"),
    (GOOD_ZH, "Image", "a.jpg", "says nothing"),
    (GOOD_ZH, "photo 2", "a.jpg", "says nothing"),
    (GOOD_ZH, "IMG_2031", "IMG_2031.jpg", "cannot be the file name"),
    (GOOD_ZH, "img 2031", "IMG_2031.jpg", "cannot be the file name"),
    (GOOD_ZH, "ＩＭＧ＿２０３１．ｊｐｇ", "x.jpg", "cannot be the file name"),
    (GOOD_ZH, "factory.jpg", "x.jpg", "cannot be the file name"),
    ("厂房外景", GOOD_EN, "厂房外景.jpeg", "cannot be the file name"),
    ("厂房外景.JPEG", GOOD_EN, "厂房外景.jpeg", "cannot be the file name"),
    ("微信图片_20261201093000", GOOD_EN, "a.jpg", "cannot be the file name"),
    ("厂", GOOD_EN, "a.jpg", "at least 2 Chinese characters"),
    ("Factory", GOOD_EN, "a.jpg", "at least 2 Chinese characters"),
    (GOOD_ZH, "厂房外景", "a.jpg", "not in English"),
    (GOOD_ZH, "ab", "a.jpg", "at least 3 letters"),
])
def test_alt_text_that_says_nothing_is_refused(alt_zh, alt_en, filename, says):
    problems = check_alt(alt_zh, alt_en, filename)
    assert len(problems) == 1
    zh, en = problems[0]
    assert says in en and zh


def fixture_bundle(section, slug):
    folder = FIXTURE_CONTENT / section / slug
    docs = [parse_markdown(path, path.name)[:2] for path in sorted(folder.glob("index.*.md"))]
    units = folder / "units.csv"
    units_text = units.read_text("utf-8-sig") if units.exists() else None
    return [d for d, _ in docs], [b for _, b in docs], units_text


def test_where_a_fixture_photo_is_used():
    assert in_use("photo-1.jpg", *fixture_bundle("parks", "materials-park")) == [
        "photos.0", "units.csv:2", "units.csv:3"]
    assert in_use("cover.jpg", *fixture_bundle("news", "2026-03-18-roadshow")) == ["cover", "body"]
    assert in_use("cover.jpg", *fixture_bundle("projects", "tea-processing")) == ["cover"]
    assert in_use("photo-2.jpg", *fixture_bundle("parks", "materials-park")) == []


def test_where_an_attachment_and_unit_photos_are_used():
    zh = {"title": "稻米冷链", "attachments": [{"title": "申报指南", "file": "guide.pdf"}]}
    en = {"title": "Rice cold chain", "attachments": [{"title": "Guide", "file": "guide.pdf"}]}
    assert in_use("guide.pdf", [zh, en], ["见 guide.pdf", ""], None) == ["attachments.0.file"]
    linked = ["请[下载申报指南](guide.pdf)。"]
    assert in_use("guide.pdf", [zh], linked, None) == ["attachments.0.file", "body"]
    units = ("编号,楼栋,楼层,面积㎡,状态,照片\n"
             "A-1,1号厂房,1,2400,空置,photo-10.jpg；photo-1.jpg\n"
             "A-2,1号厂房,2,1200,空置,photo-10.jpg、old-photo-1.jpg\n")
    assert in_use("photo-1.jpg", [], [], units) == ["units.csv:2"]
    assert in_use("photo-10.jpg", [], [], "\ufeff" + units) == ["units.csv:2", "units.csv:3"]
    assert in_use("guide.pdf", [{}], [], "") == []
