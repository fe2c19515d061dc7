"""Sending one delivery: a webhook POST signed with HMAC-SHA256, or an e-mail over SMTP.

Both carry the delivery's key, ``<alert id>:<story>:<reason>``: the webhook in the
``X-Steppe-Delivery`` header, the e-mail in that header and as its ``Message-ID``. A send that
reached the receiver but whose success could not be recorded (the worker died in between) is
sent again with the same key, so receivers can drop the repeat.

The signature is ``X-Steppe-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes>`` with
the alert's secret; ``verify`` checks one in constant time (what a receiver does).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
import ssl
import threading
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any
from urllib.parse import urlsplit

import httpx

from steppe.alerts.entry import entry_html, entry_text, webhook_parts
from steppe.errors import DeliveryError, quoted
from steppe.settings import Settings
from steppe.sources.fetch import answered, network_failure
from steppe.store.alerts_sql import AlertRow, DeliveryRow

_local = threading.local()   # one HTTP client per thread: building one (TLS context) is slow
REASONS = {"new": "nouvelle histoire", "grow": "l'histoire s'étend", "test": "essai"}


def delivery_key(alert: AlertRow, story: str, reason: str) -> str:
    return f"{alert.id}:{story}:{reason}"


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str) -> bool:
    """Whether ``header`` is the signature of ``body`` (constant-time comparison)."""
    return hmac.compare_digest(signature(secret, body).encode(), header.encode())


def webhook_body(alert: AlertRow, body: dict[str, Any], key: str) -> dict[str, Any]:
    """The JSON a webhook receives: the alert, the story, why, its lead sentences and
    headlines (each with its outlet and link), and the outlet count."""
    sentences, headlines = webhook_parts(body["entry"])
    return {"alert": alert.name, "delivery": key, "reason": body["reason"],
            "story": {"id": body["story"], "label": body["label"], "url": body["url"],
                      "outlets": body["outlets"], "articles": body["articles"]},
            "sentences": sentences, "headlines": headlines}


def post_webhook(alert: AlertRow, body: dict[str, Any], key: str, timeout: float) -> int:
    """POST the signed body; the HTTP status, or DeliveryError (timeout, refusal, non-2xx)."""
    assert alert.webhook
    raw = json.dumps(webhook_body(alert, body, key), ensure_ascii=False,
                     sort_keys=True).encode("utf-8")
    headers = {"Content-Type": "application/json; charset=utf-8",
               "X-Steppe-Signature": signature(alert.secret, raw),
               "X-Steppe-Delivery": key, "X-Steppe-Event": body["reason"],
               "User-Agent": "Steppe alerts"}
    where = urlsplit(alert.webhook).netloc
    try:
        response = _client().post(alert.webhook, content=raw, headers=headers,
                                  timeout=httpx.Timeout(timeout))
    except httpx.TimeoutException:
        raise DeliveryError(f"webhook {where} : pas de réponse en {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise DeliveryError(f"webhook {where} : {network_failure(exc)}") from None
    if not 200 <= response.status_code < 300:
        raise DeliveryError(f"webhook {where} : {answered(response.status_code)}")
    return response.status_code


def _client() -> httpx.Client:
    client: httpx.Client | None = getattr(_local, "client", None)
    if client is None:
        client = _local.client = httpx.Client(follow_redirects=False)
    return client


def email_message(settings: Settings, alert: AlertRow, body: dict[str, Any],
                  key: str) -> EmailMessage:
    """The story's entry as plain text and HTML, keyed by its Message-ID."""
    entry = body["entry"]
    msg = EmailMessage()
    msg["Subject"] = f"[Steppe] {alert.name} — {REASONS.get(body['reason'], body['reason'])} : " \
                     f"{body['label']}"[:200]
    msg["From"] = settings.smtp_from
    msg["To"] = alert.email
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = f"<{key.replace(':', '.')}@steppe>"
    msg["X-Steppe-Delivery"] = key
    footer = f"\n{body['url']}\n\nAlerte « {alert.name} » : {alert.query}\n"
    msg.set_content(entry_text(entry) + footer)
    msg.add_alternative(f"<!doctype html><html><body>{entry_html(entry)}"
                        f"<p><a href=\"{body['url']}\">{body['url']}</a></p></body></html>",
                        subtype="html")
    return msg


def send_email(settings: Settings, alert: AlertRow, body: dict[str, Any], key: str) -> None:
    """Hand the message to the SMTP server of the settings; DeliveryError when it refuses."""
    if not settings.smtp_host:
        raise DeliveryError("aucun serveur SMTP configuré (réglez STEPPE_SMTP_HOST)")
    where = f"{settings.smtp_host}:{settings.smtp_port}"
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port,
                          timeout=settings.alert_timeout) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(email_message(settings, alert, body, key))
    except smtplib.SMTPException as exc:
        raise DeliveryError(f"SMTP {where} : refusé par le serveur ({' '.join(str(exc).split())})") from None
    except (OSError, ssl.SSLError) as exc:
        raise DeliveryError(f"SMTP {where} : {network_failure(exc)}") from None


def send(settings: Settings, alert: AlertRow, delivery: DeliveryRow) -> None:
    """Send one delivery on its channel."""
    key = delivery_key(alert, delivery.story, delivery.reason)
    if delivery.channel == "webhook":
        if not alert.webhook:
            raise DeliveryError(f"l’alerte {quoted(alert.name)} n’a plus de webhook")
        post_webhook(alert, delivery.body, key, settings.alert_timeout)
    elif delivery.channel == "email":
        if not alert.email:
            raise DeliveryError(f"l’alerte {quoted(alert.name)} n’a plus d’adresse e-mail")
        send_email(settings, alert, delivery.body, key)
    else:
        raise DeliveryError(f"canal inconnu {quoted(delivery.channel)}")
