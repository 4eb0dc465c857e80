import hashlib

from stepwise.lib.tokens import token_hash, token_new


def test_a_token_carries_at_least_128_bits_and_is_url_safe():
    token = token_new()
    assert len(token) * 6 >= 128  # base64: six bits per character
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_tokens_do_not_repeat():
    assert len({token_new() for _ in range(1000)}) == 1000


def test_the_stored_form_is_the_sha256_hex_digest():
    assert token_hash("abc") == hashlib.sha256(b"abc").hexdigest()
    assert len(token_hash(token_new())) == 64
