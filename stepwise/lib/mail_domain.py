"""The mail domain of the site's address. Plain Python: ``settings.py`` uses it too."""

from ipaddress import ip_address
from urllib.parse import urlsplit


def mail_domain_of(site_url: str) -> str:
    """``https://coaching.example.com`` → ``coaching.example.com``, for the sender's address and
    Message-ID. An address given as an IP (a laptop's 127.0.0.1) names no mail domain:
    ``localhost`` then."""
    host = urlsplit(site_url).hostname or "localhost"
    try:
        ip_address(host)
    except ValueError:
        return host
    return "localhost"
