"""The canonical URL: one article, whatever link it was shared with."""

import pytest

from articles.canonical import canonicalize


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("HTTPS://WWW.Example.COM/Monde/Article-1", "https://www.example.com/Monde/Article-1"),
        ("https://www.example.com/a#commentaires", "https://www.example.com/a"),
        ("https://www.example.com/a?utm_source=x&utm_medium=y&id=7", "https://www.example.com/a?id=7"),
        ("https://www.example.com/a?xtor=RSS-1&fbclid=abc", "https://www.example.com/a"),
        ("https://www.example.com:443/a", "https://www.example.com/a"),
        ("http://www.example.com:8080/a", "http://www.example.com:8080/a"),
        ("https://www.example.com", "https://www.example.com/"),
        ("https://user:secret@www.example.com/a", "https://www.example.com/a"),
        ("http://[::1]:8000/a?gclid=1", "http://[::1]:8000/a"),
    ],
)
def test_canonicalize(given, canonical):
    assert canonicalize(given) == canonical


def test_the_path_keeps_its_case_and_the_query_its_order():
    assert canonicalize("https://e.com/Path?b=2&a=1") == "https://e.com/Path?b=2&a=1"
