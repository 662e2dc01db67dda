"""Which addresses the server may fetch from, enforced on the socket that urllib3 actually opens."""

import ipaddress
import socket
import sys

import urllib3
from django.conf import settings
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util.connection import allowed_gai_family

from articles.pipeline import deadline

# (address, port) pairs let through whatever the policy. Empty in production; the safety tests
# put their local server here, to have an allowed server that redirects to a refused one.
EXEMPT = frozenset()

# IPv6 prefixes whose last 32 bits are an IPv4 address a NAT64 gateway forwards to.
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_KINDS = ("unspecified", "loopback", "link-local", "multicast", "reserved", "private", "site-local")


class Refused(Exception):
    """A host whose address the policy refuses (fetching words it for people: articles.messages)."""

    def __init__(self, host, address, kind):
        super().__init__(host, address, kind)
        self.host, self.address, self.kind = host, address, kind

    @property
    def literal(self):
        """True when the URL named the address itself rather than a host name."""
        return _ip(self.host) == _ip(self.address)

    def __str__(self):
        if self.literal:  # as typed: Python 3.11 would print ::ffff:127.0.0.1 as ::ffff:7f00:1
            return f"{self.host} is {_article(self.kind)} {self.kind} address"
        return f"{self.host} resolves to {self.address} ({self.kind})"


def refusal_kind(ip):
    """Why `ip` (an ipaddress object) may not be fetched from, or None for a public address."""
    if ip.version == 6:
        # ::ffff:127.0.0.1, 6to4 and NAT64 addresses lead to the IPv4 address they embed.
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and any(ip in network for network in _NAT64):
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return refusal_kind(embedded)
    for kind in _KINDS:
        if getattr(ip, "is_" + kind.replace("-", "_"), False):
            return kind
    # Python's is_global alone is not enough (3.11 calls multicast and fec0::/10 global), but it
    # covers the rest, such as 100.64.0.0/10, the carrier-grade NAT space.
    return None if ip.is_global else "non-global"


def resolve(host, port, family=socket.AF_UNSPEC):
    """The getaddrinfo answers for `host`; Refused if any of them is not a public address.

    A name answering with both a public and a private address is refused as a whole: it is
    either misconfigured or an attempt to reach the private one.
    """
    answers = socket.getaddrinfo(host, port, family, socket.SOCK_STREAM)
    if not settings.NEWSROOM_ALLOW_PRIVATE_URLS:
        for *_, sockaddr in answers:
            ip = _ip(sockaddr[0])
            kind = refusal_kind(ip)
            if kind and (str(ip), port) not in EXEMPT:
                raise Refused(host, str(ip), kind)
    return answers


def pool_manager(**kwargs):
    """A urllib3 PoolManager whose connections go only to addresses the policy allows.

    A plain PoolManager reads no proxy variables from the environment (only ProxyManager
    uses a proxy, and only the one it is given), so HTTP_PROXY cannot route around the check.
    """
    manager = urllib3.PoolManager(**kwargs)
    manager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}
    return manager


class _GuardedConnection:
    """Resolves, checks every answer, then connects to one of the checked addresses.

    The socket is connected to the address that was checked, never to the host name again, so
    a DNS answer that changes between a check and the connection (rebinding) cannot slip a
    private address in: the only resolution that counts is this one.
    """

    def _new_conn(self):
        try:
            answers = resolve(self._dns_host.strip("[]"), self.port, allowed_gai_family())
            sock = _connect(answers, self.timeout, self.source_address, self.socket_options)
        except socket.gaierror as error:
            raise NameResolutionError(self.host, self, error) from error
        except TimeoutError as error:
            message = f"Connection to {self.host} timed out. (connect timeout={self.timeout})"
            raise ConnectTimeoutError(self, message) from error
        except OSError as error:
            raise NewConnectionError(self, f"Failed to establish a new connection: {error}") from error
        sys.audit("http.client.connect", self, self.host, self.port)
        return sock


class _GuardedHTTPConnection(_GuardedConnection, HTTPConnection):
    pass


class _GuardedHTTPSConnection(_GuardedConnection, HTTPSConnection):
    pass


class _DeadlinePool:
    """A pool whose connections are cut when the fetch using them runs out of time (articles.pipeline.deadline)."""

    def _get_conn(self, timeout=None):
        connection = super()._get_conn(timeout)
        deadline.watch(connection)
        return connection


class _HTTPPool(_DeadlinePool, HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _HTTPSPool(_DeadlinePool, HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


def _connect(answers, timeout, source_address, socket_options):
    """A socket connected to the first of `answers` that accepts, as socket.create_connection."""
    error = OSError("no address to connect to")
    for family, type_, proto, _name, sockaddr in answers:
        sock = socket.socket(family, type_, proto)
        try:
            for option in socket_options or ():
                sock.setsockopt(*option)
            if timeout is None or isinstance(timeout, int | float):
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
        except OSError as failure:
            error = failure
            sock.close()
        else:
            return sock
    raise error


def _ip(text):
    try:
        return ipaddress.ip_address(text.strip("[]").split("%")[0])
    except ValueError:
        return None


def _article(word):
    return "an" if word[0] in "aeiou" else "a"
