"""A seal's CMS as pyHanko builds it, made once per signer and filled in for each seal.

pyHanko builds the CMS SignedData of a seal with asn1crypto, object by object: about
8.8 ms of the 10 ms a seal costs, for a structure of about a thousand bytes in which,
for a PAdES seal (no signing time among its signed attributes: the PDF's /M carries
it), only two things change from one seal to the next: the message digest inside the
signed attributes, and the signature over those attributes. A template keeps the DER
pyHanko produced for a placeholder digest and, per seal, writes the digest in, has the
attributes signed, and writes the signature in, with the lengths of the five structures
around the signature encoded afresh (an ECDSA signature is 70 to 72 bytes long).

tests/certificates/test_cms_template.py compares a filled template, byte for byte, with
what pyHanko builds itself for the same digest and signature, on every run.
"""

import hashlib
from dataclasses import dataclass

# DER tags of the structures on the way from ContentInfo to the signature.
SEQUENCE, SET, OCTET_STRING = 0x30, 0x31, 0x04
EXPLICIT_0 = 0xA0  # ContentInfo's [0] EXPLICIT content; SignerInfo's [0] IMPLICIT signedAttrs
UNSIGNED_ATTRS = 0xA1  # SignerInfo's [1] IMPLICIT unsignedAttrs


class TemplateRefused(ValueError):
    """pyHanko's CMS is not of the one shape a template fills in (one signer, no unsigned attributes)."""


def placeholder_digest(length):
    """A digest of `length` bytes that no real document has, to be found in pyHanko's DER."""
    return hashlib.shake_256(b"pledge: the message digest of a CMS template").digest(length)


def _element(der, at):
    """Return (tag, start of the content, end of the element) of the DER element at `at`."""
    tag, first = der[at], der[at + 1]
    if first < 0x80:
        return tag, at + 2, at + 2 + first
    count = first & 0x7F
    length = int.from_bytes(der[at + 2 : at + 2 + count], "big")
    start = at + 2 + count
    return tag, start, start + length


def _children(der, start, end):
    """Return [(tag, element start, content start, element end)] of the elements in der[start:end]."""
    found, at = [], start
    while at < end:
        tag, content, after = _element(der, at)
        found.append((tag, at, content, after))
        at = after
    if at != end:
        raise TemplateRefused("the DER's lengths do not add up")
    return found


def _encoded(tag, content):
    """Return the DER element of `tag` around `content` (short or long form length)."""
    length = len(content)
    if length < 0x80:
        return bytes((tag, length)) + content
    size = (length.bit_length() + 7) // 8
    return bytes((tag, 0x80 | size)) + length.to_bytes(size, "big") + content


@dataclass(frozen=True)
class CmsTemplate:
    """The parts of pyHanko's DER around what changes per seal."""

    content_type: bytes  # ContentInfo's contentType element (id-signedData)
    signed_data_head: bytes  # SignedData's elements before signerInfos
    signer_info_head: bytes  # SignerInfo's elements before the signature, placeholder digest included
    digest_at: int  # where the digest starts in signer_info_head
    digest_length: int
    attributes: tuple  # (start, end) of the [0] signedAttrs element in signer_info_head

    @classmethod
    def of(cls, der, placeholder):
        """Read the template out of the DER pyHanko made for the `placeholder` digest."""
        [(tag, _, content, end)] = _children(der, 0, len(der))
        content_type, explicit = _children(der, content, end)
        if tag != SEQUENCE or explicit[0] != EXPLICIT_0:
            raise TemplateRefused("not a ContentInfo")
        [(tag, _, content, end)] = _children(der, explicit[2], explicit[3])
        signed_data = _children(der, content, end)
        signer_infos = signed_data[-1]
        infos = _children(der, signer_infos[2], signer_infos[3])
        if tag != SEQUENCE or signer_infos[0] != SET or len(infos) != 1:
            raise TemplateRefused("not a SignedData of one signer")
        [(tag, _, content, end)] = infos
        fields = _children(der, content, end)
        signature = fields[-1]
        if signature[0] != OCTET_STRING or any(field[0] == UNSIGNED_ATTRS for field in fields):
            raise TemplateRefused("the signature is not the SignerInfo's last element")
        [attributes] = [field for field in fields if field[0] == EXPLICIT_0]
        head = der[fields[0][1] : signature[1]]
        if head.count(placeholder) != 1:
            raise TemplateRefused("the placeholder digest is not in the signed attributes once")
        base = fields[0][1]
        return cls(
            content_type=der[content_type[1] : content_type[3]],
            signed_data_head=der[signed_data[0][1] : signer_infos[1]],
            signer_info_head=head,
            digest_at=head.index(placeholder),
            digest_length=len(placeholder),
            attributes=(attributes[1] - base, attributes[3] - base),
        )

    def _head(self, digest):
        if len(digest) != self.digest_length:
            raise ValueError(f"a digest of {self.digest_length} bytes was expected")
        head = self.signer_info_head
        return head[: self.digest_at] + digest + head[self.digest_at + self.digest_length :]

    def signed_attributes(self, digest):
        """Return the DER that the signature covers: the signed attributes as a SET (RFC 5652, 5.4)."""
        start, end = self.attributes
        return bytes((SET,)) + self._head(digest)[start + 1 : end]

    def filled(self, digest, signature):
        """Return the ContentInfo's DER with `digest` and the `signature` over signed_attributes(digest)."""
        signer_info = _encoded(SEQUENCE, self._head(digest) + _encoded(OCTET_STRING, signature))
        signed_data = _encoded(SEQUENCE, self.signed_data_head + _encoded(SET, signer_info))
        return _encoded(SEQUENCE, self.content_type + _encoded(EXPLICIT_0, signed_data))
