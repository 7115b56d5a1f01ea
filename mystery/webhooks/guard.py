"""Keep webhooks outside: refuse URLs that are not http(s) or resolve to inside addresses.

Checked when a webhook is created and again at every delivery (DNS can change); the
delivery then connects to the very address that was checked, so a name cannot resolve to
a public address for the check and a private one for the connection.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l

NOT_HTTP = _l("Use an http:// or https:// URL.")
INSIDE = _l("This URL points to a loopback, private or link-local address.")
UNRESOLVED = _l("This URL's host name does not resolve.")


class UnsafeUrl(ValueError):
    """A URL a webhook may not be sent to; `reason` is a sentence for a person."""

    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = reason


def split(url):
    """Return (scheme, host, port) of an http(s) URL, or raise UnsafeUrl."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise UnsafeUrl(NOT_HTTP) from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeUrl(NOT_HTTP)
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80)


def is_inside(address):
    """Tell whether an IP address is loopback, private, link-local or otherwise not public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def resolve(host, port):
    """Return the addresses a host name resolves to (an IP literal resolves to itself)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnsafeUrl(UNRESOLVED) from error
    return list(dict.fromkeys(info[4][0] for info in infos))


def check(url, allow_private=False, must_resolve=True):
    """Return (scheme, host, port, addresses) of a URL safe to POST to, or raise UnsafeUrl."""
    scheme, host, port = split(url)
    try:
        addresses = resolve(host, port)
    except UnsafeUrl:
        if must_resolve:
            raise
        return scheme, host, port, []
    if not allow_private and any(is_inside(address) for address in addresses):
        raise UnsafeUrl(INSIDE)
    return scheme, host, port, addresses
