"""Which site a URL belongs to: its registrable domain under the Public Suffix List (no network).

`news.example.co.uk` and `www.example.co.uk` are one site; `attacker.co.uk` and
`victim.co.uk` are two, as are `a.github.io` and `b.github.io`. The list is the snapshot
bundled with the publicsuffixlist package (pinned in requirements.txt), read once.
"""

import ipaddress
from functools import lru_cache
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

_psl = PublicSuffixList()


@lru_cache(maxsize=4096)
def registrable_domain(host):
    """`example.co.uk` for `www.example.co.uk`; an IP address, a bare suffix or a one-label host as itself."""
    host = (host or "").strip("[]").rstrip(".").lower()
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return host
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return _psl.privatesuffix(host) or host
    return host


def same_site(url, other_url):
    """Whether two URLs are on the same registrable domain."""
    host, other = urlsplit(url).hostname, urlsplit(other_url).hostname
    return bool(host and other) and registrable_domain(host) == registrable_domain(other)
