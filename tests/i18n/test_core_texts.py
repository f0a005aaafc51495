"""The lower layers speak the person's language: device errors and advice, Pocket's refusals
explained, the IBAN check, payment errors; while codes, paths and values stay as they are.
(tests/i18n/conftest.py puts the app back in English after each test.)"""

from __future__ import annotations

import pytest
from hwilib import errors as hwe

from pocketgui.api.environments import Environment, InsecureURL
from pocketgui.api.errors import (
    NotFound,
    OrderValidationError,
    error_for,
    known_codes,
)
from pocketgui.devices import errors as e
from pocketgui.devices.families import family
from pocketgui.devices.hwi_errors import error_from_code
from pocketgui.devices.usb_access import UDEV_COMMAND
from pocketgui.formats.bank_codes import check_iban
from pocketgui.i18n.catalog import _, format_locale, set_language
from pocketgui.i18n.pseudo import END, START
from pocketgui.payments import validation
from pocketgui.payments.errors import InvalidAmount, InvalidReference
from pocketgui.sandbox import SandboxServer
from tests.api.sandbox_kit import pocket

ADDRESS = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"


def test_a_device_error_from_hwi_is_said_in_german_and_keeps_hwis_text_as_detail() -> None:
    set_language("de")
    locked = error_from_code(hwe.DEVICE_NOT_READY, "Device is locked")
    assert isinstance(locked, e.DeviceLocked)
    assert str(locked) == "Die Hardware-Wallet ist gesperrt. Geben Sie zuerst ihre PIN ein."
    assert locked.detail == "Device is locked"  # HWI's words, for the details: as they came
    assert str(e.AddressMismatch("device showed x, derived y")).endswith(
        "Es wurde nichts gesendet.")


def test_the_usb_fix_is_said_in_german_around_the_command_as_it_is() -> None:
    set_language("de")
    denied = error_from_code(hwe.NEED_TO_BE_ROOT, "LIBUSB_ERROR_ACCESS")
    assert isinstance(denied, e.PermissionDenied)
    assert str(denied).startswith("Dieser Computer erlaubt pocketgui nicht")
    assert denied.fix.startswith("Führen Sie dies in einem Terminal aus:")
    assert f"\n{UDEV_COMMAND}\n" in denied.fix


def test_the_device_advice_names_the_device_and_the_address_unchanged_in_german() -> None:
    set_language("de")
    notice = family("trezor").signing_notice(ADDRESS, "m/84h/0h/0h/0/0")
    assert notice.startswith("Ihr Trezor zeigt die Adresse, für die er signiert")
    assert ADDRESS in notice
    assert "keinen Bildschirm" in family("digitalbitbox").refusal()


def test_pockets_refusals_are_explained_in_german_and_their_codes_stay() -> None:
    set_language("de")
    refused = error_for(400, "invalid_iban")
    assert isinstance(refused, OrderValidationError)
    assert refused.message == ("Ihre IBAN ist ungültig: Vergleichen Sie sie mit Ihrem "
                               "Kontoauszug.")
    assert refused.code == "invalid_iban" and str(refused).endswith("(HTTP 400, invalid_iban)")
    unknown = error_for(422, "brand_new_code")
    assert unknown.message.startswith("Pocket hat die Anfrage abgelehnt (brand_new_code, HTTP 422)")
    assert "Versuchen Sie es in ein paar Minuten erneut" in error_for(503, None).message


def test_a_staging_url_in_plain_http_is_refused_in_german_naming_the_host() -> None:
    set_language("de")
    with pytest.raises(InsecureURL) as raised:
        Environment.staging("http://staging.pocket.example")
    assert str(raised.value).startswith(
        "Unverschlüsseltes http zu staging.pocket.example wird abgelehnt")


def test_every_explained_code_has_its_german_sentence() -> None:
    english = {code: error_for(400, code).message for code in known_codes()}
    set_language("de")
    untranslated = [code for code in known_codes() if error_for(400, code).message == english[code]]
    assert untranslated == []


def test_a_missing_order_is_explained_in_german_over_real_http(sandbox: SandboxServer) -> None:
    set_language("de")
    with pocket(sandbox) as client, pytest.raises(NotFound) as raised:
        client.get_order("no-such-order")
    assert raised.value.message.startswith("Pocket hat für diese Client-ID keine solche Ressource")
    assert raised.value.code == "not_found" and raised.value.status == 404


def test_the_iban_check_is_explained_in_german_with_the_country_in_german() -> None:
    check = check_iban("DE7551210800124512619")  # one character short
    assert check.reason == "Wrong length for Germany: 21 characters, 22 expected."
    set_language("de")
    assert check.explained(_, format_locale()) == (
        "Falsche Länge für Deutschland: 21 Zeichen, 22 erwartet.")
    assert check_iban("DE75512108001245126198").explained(_).startswith(
        "Die Prüfziffern stimmen nicht")


def test_payment_errors_are_said_in_german_with_the_value_as_typed() -> None:
    set_language("de")
    with pytest.raises(InvalidReference) as reference:
        validation.creditor_reference("RF00 1234")
    assert str(reference.value) == ("«RF00 1234» ist keine gültige Gläubigerreferenz (RF, gefolgt "
                                    "von zwei Prüfziffern).")
    with pytest.raises(InvalidAmount) as amount:
        validation.amount("12.345")
    assert str(amount.value) == "12.345 hat mehr als zwei Nachkommastellen."


def test_in_the_pseudo_locale_every_core_text_is_marked_and_its_values_kept() -> None:
    set_language("xx")
    texts = [
        str(e.DeviceNotFound("no trezor at udp:127.0.0.1:21324")),
        family("ledger").signing_notice(ADDRESS, "m/84h/1h/0h/0/0"),
        error_for(400, "challenge_expired").message,
        error_for(418, "teapot").message,
        check_iban("XX12").explained(_),
        check_iban("CH93 0076 2011 6238 5295").explained(_),
    ]
    assert all(text.startswith(START) and text.endswith(END) for text in texts), texts
    assert "m/84h/1h/0h/0/0" in texts[1] and "teapot" in texts[3] and "418" in texts[3]


def test_back_in_english_the_texts_are_the_english_ones() -> None:
    set_language("de")
    set_language("en")
    assert str(e.DeviceLocked()) == e.DeviceLocked.human
    assert isinstance(error_for(404, None), NotFound)
    assert error_for(404, None).message.startswith("Pocket has no such resource")
