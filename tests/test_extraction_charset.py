"""Decoding page bytes: header, BOM, meta, detection; French accents must survive."""

import codecs

from articles.extraction import decode_html

FRENCH = "<html><body><p>L'été dernier, à Noël, « œuvre » – ça coûte 5 €.</p></body></html>"


def test_windows_1252_without_meta_keeps_its_accents():
    assert decode_html("<p>été</p>".encode("cp1252")) == "<p>été</p>"
    assert decode_html(FRENCH.encode("cp1252")) == FRENCH


def test_declared_latin_1_is_read_as_windows_1252():
    html = '<html><head><meta charset="iso-8859-1"></head><body><p>L’œuvre coûte 5 €</p></body></html>'
    assert decode_html(html.encode("cp1252")) == html


def test_utf8_bom_wins_over_a_wrong_meta():
    html = '<html><head><meta charset="windows-1252"></head><body><p>été</p></body></html>'
    assert decode_html(codecs.BOM_UTF8 + html.encode("utf-8")) == html


def test_http_header_charset_wins_over_meta():
    html = '<html><head><meta charset="utf-8"></head><body><p>été</p></body></html>'
    assert decode_html(html.encode("cp1252"), content_type="text/html; charset=ISO-8859-1") == html


def test_utf8_without_declaration():
    assert decode_html(FRENCH.encode("utf-8")) == FRENCH


def test_undeclared_cyrillic_is_detected_not_forced_to_windows_1252():
    html = "<html><body>" + "<p>Министр иностранных дел заявил о переговорах в Мюнхене.</p>" * 20 + "</body></html>"
    assert decode_html(html.encode("cp1251")) == html


def test_a_stray_windows_1252_byte_in_a_utf8_page_does_not_garble_the_rest():
    html = '<html><head><meta charset="utf-8"></head><body><p>L\'été, à Noël, « œuvre » : débat</p></body></html>'
    data = html.encode("utf-8").replace("débat".encode(), b"d\xe9bat")
    assert decode_html(data) == html
    assert decode_html(data, content_type="text/html; charset=utf-8") == html
    undeclared = data.replace(b'<meta charset="utf-8">', b"")
    assert decode_html(undeclared) == html.replace('<meta charset="utf-8">', "")
