"""``portal doctor``: look at a deployment and say, one line each, what is wrong and which setting
to change. Reads and connects only: it sends no mail, migrates nothing, publishes nothing."""

import os
import shutil
import smtplib
import sys
from pathlib import Path
from urllib.parse import urlsplit

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from .config import MAIL_TO_FILES, MIN_SECRET_KEY_LENGTH
from .db.migrate import current, head
from .filemodes import loose
from .outbox.transport import SmtpTransport
from .publish.store import NotPublished
from .site_checks import OK, PROBLEM, WARNING, forwarding, tls

SMTP_CHECK_TIMEOUT_S = 5
MIN_FREE_MB = 1024  # PORTAL_DOCTOR_MIN_FREE_MB changes it


def site_url(app):
    url = app.config.get("SITE_URL") or ""
    parts = urlsplit(url)
    if not url:
        return [(PROBLEM, "站点地址未设置 / PORTAL_SITE_URL is not set: set it to the public address, "
                          "e.g. https://invest.example.gov.cn/")]
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [(PROBLEM, f"站点地址不完整 / PORTAL_SITE_URL {url!r} needs http:// or https:// and a host")]
    prefix = parts.path.rstrip("/")
    return [(OK, f"站点地址 / site URL {url}" + (f" (路径前缀 / path prefix {prefix}/)" if prefix else ""))]


def secret_key(app):
    length = len(app.config.get("SECRET_KEY") or "")
    if length < MIN_SECRET_KEY_LENGTH:
        return [(PROBLEM, f"密钥太短（{length} 个字符）/ PORTAL_SECRET_KEY has {length} characters, needs at "
                          f"least {MIN_SECRET_KEY_LENGTH}: e.g. `openssl rand -hex 32`")]
    return [(OK, f"密钥 / secret key: {length} characters")]


def mail(app):
    url = app.config.get("SMTP_URL") or ""
    if not url:
        return [(PROBLEM, "未设置邮件服务器：线索只写入文件 / PORTAL_SMTP_URL is not set: leads are written "
                          "to files in the instance folder, nobody is mailed; set smtp://host, or "
                          f"PORTAL_SMTP_URL={MAIL_TO_FILES} if that is meant")]
    scheme = urlsplit(url).scheme
    if url == MAIL_TO_FILES or scheme == "file":
        return [(WARNING, "邮件写入文件，线索不会发邮件通知 / PORTAL_SMTP_URL keeps mail in files: leads "
                          "are not mailed to anyone")]
    transport = SmtpTransport(url, SMTP_CHECK_TIMEOUT_S)
    where = f"{transport.host}:{transport.port}"
    try:
        connection = transport.connect()  # TLS and login as the outbox does them
        try:
            connection.ehlo_or_helo_if_needed()
        finally:
            connection.quit()
    except (smtplib.SMTPException, OSError) as error:
        return [(PROBLEM, f"无法连接邮件服务器 {where} / the mail server in PORTAL_SMTP_URL does not "
                          f"answer at {where}: {error or type(error).__name__}")]
    return [(OK, f"邮件服务器 / mail server {where} answers")]


def database(app):
    url = app.config["DATABASE_URL"]
    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else None
    if path and not Path(path).exists():  # connecting would create an empty file
        return [(PROBLEM, f"没有数据库 / no database at {path}: run `portal prepare`, or set "
                          "PORTAL_DATABASE_URL")]
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            revision = current(connection)
    except sa.exc.SQLAlchemyError as error:
        return [(PROBLEM, f"无法连接数据库 / the database in PORTAL_DATABASE_URL cannot be read: "
                          f"{str(error).splitlines()[0]}")]
    finally:
        engine.dispose()
    newest = head()
    if revision != newest:
        return [(PROBLEM, f"数据库未迁移到最新 / the database is at revision {revision}, not {newest}: "
                          "run `portal db upgrade`")]
    return [(OK, f"数据库 / database at revision {newest}")]


def content(app):
    found = []
    folder = Path(app.config["CONTENT_DIR"])
    if folder.is_dir() and os.access(folder, os.R_OK | os.X_OK):
        found.append((OK, f"内容文件夹 / content folder {folder} is readable"))
    else:
        found.append((PROBLEM, f"内容文件夹不可读 / PORTAL_CONTENT_DIR {folder} is not a readable folder"))
    try:
        name = app.extensions["content"].generation.name
    except NotPublished:
        found.append((PROBLEM, "没有已发布的内容 / nothing is published in the instance folder: run "
                               "`portal publish`"))
    else:
        found.append((OK, f"已发布 / published generation {name}"))
    return found


def instance(app):
    folder = Path(app.instance_path)
    found = []
    for path, mode in loose(folder):
        found.append((PROBLEM, f"个人数据或密钥对其他用户可读 / {path} has mode {mode:o}: readable by group "
                               f"or others; `portal db upgrade` tightens it (or `chmod go-rwx {path}`)"))
    minimum = int(app.config.get("DOCTOR_MIN_FREE_MB") or MIN_FREE_MB)
    free = shutil.disk_usage(folder).free // (1024 * 1024)
    if free < minimum:
        found.append((PROBLEM, f"磁盘空间不足 / only {free} MB free for the instance folder {folder}, "
                               f"under {minimum} MB: free some space (or set PORTAL_DOCTOR_MIN_FREE_MB)"))
    if not found:
        found.append((OK, f"实例文件夹 / instance folder {folder}: private files private, {free} MB free"))
    return found


CHECKS = (site_url, forwarding, tls, secret_key, mail, database, content, instance)


@click.command()
@with_appcontext
def doctor():
    """Check this deployment: settings, mail, database, published content, files; exit 1 on problems."""
    found = [line for check in CHECKS for line in check(current_app)]
    problems = [message for level, message in found if level == PROBLEM]
    for level, message in found:
        if level == WARNING or level == PROBLEM or not problems:
            click.echo(f"{level}: {message}")
    if problems:
        sys.exit(1)


def init_app(app):
    app.cli.add_command(doctor)
