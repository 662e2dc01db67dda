"""Canonical form of an article URL, the key that makes one article one row."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = {
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "mc_cid",
    "mc_eid",
    "xtor",
    "xtref",
    "_ga",
    "_gl",
    "igshid",
    "ocid",
    "cmpid",
    "at_medium",
    "at_campaign",
    "ref_src",
    "ito",
    "mkt_tok",
    "sr_share",
    "smid",
    "partner",
    "ns_mchannel",
    "ns_source",
    "ns_campaign",
    "ns_linkname",
    "ns_fee",
}
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "at_", "hsa_", "oly_")
DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking_param(name):
    name = name.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def site_host(url):
    """The site of a URL as a reader names it: its host without "www." ("lorientlejour.com"), or ""."""
    return (urlsplit(url).hostname or "").removeprefix("www.") if url else ""


def outlet_name(site_name, source_domain, source_url):
    """An article's publication as the reader meets it, from three of its columns: the site's own
    name, else its domain (Article.source_name; a list of outlets reads no model instance)."""
    return site_name.strip() or source_domain or site_host(source_url) or site_name


def canonicalize(url):
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()  # drops any user:password@ too
    if ":" in host:
        host = f"[{host}]"
    if parts.port and parts.port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking_param(k)]
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, urlencode(query, doseq=True), ""))
