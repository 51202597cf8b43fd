"""GS1 keys for the demo: GLN, GTIN, SSCC with check digits, as EPC URNs or Digital Links.

A key is built from a GS1 company prefix (GCP) and a reference, so the check digit is
always computed, never typed. The prefix length travels with the key, which the EPC URN
needs (``urn:epc:id:sgtin:8935123.012345.100001``) and the element string does not.

>>> gln("8935123", 1)
'8935123000014'
>>> sgln("8935123", 1)
'urn:epc:id:sgln:8935123.00001.0'
>>> gtin13("8935123", 12345)
'8935123123454'
>>> sgtin("8935123", 12345, "100001")
'urn:epc:id:sgtin:8935123.012345.100001'
>>> dl_sgtin("8935123", 12345, "100001")
'https://id.gs1.org/01/08935123123454/21/100001'
>>> sscc("8935123", 0, 12345)
'089351230000123454'
>>> sscc_urn("8935123", 0, 12345)
'urn:epc:id:sscc:8935123.0000012345'
"""

from __future__ import annotations

from txng.gs1 import check_digit

VN_PREFIX = "893"
DL_ROOT = "https://id.gs1.org"


def _ref(gcp: str, ref: int, width: int) -> str:
    """The reference digits that fill a key of ``width`` digits (without check) after ``gcp``."""
    size = width - len(gcp)
    text = str(ref).zfill(size)
    if len(text) != size:
        msg = f"reference {ref} does not fit in {size} digits after prefix {gcp}"
        raise ValueError(msg)
    return text


# --- GLN: parties (PGLN) and places (SGLN) -------------------------------------------


def gln(gcp: str, ref: int) -> str:
    """13-digit GLN."""
    body = gcp + _ref(gcp, ref, 12)
    return body + str(check_digit(body))


def sgln(gcp: str, ref: int, extension: int = 0) -> str:
    """EPC URN of a location GLN, with its GLN extension (0: the site itself)."""
    return f"urn:epc:id:sgln:{gcp}.{_ref(gcp, ref, 12)}.{extension}"


def pgln(gcp: str, ref: int = 0) -> str:
    """EPC URN of a party GLN."""
    return f"urn:epc:id:pgln:{gcp}.{_ref(gcp, ref, 12)}"


# --- GTIN: products, instances (SGTIN) and lots (LGTIN) -------------------------------


def gtin13(gcp: str, item: int) -> str:
    """13-digit GTIN."""
    body = gcp + _ref(gcp, item, 12)
    return body + str(check_digit(body))


def gtin14(gcp: str, item: int) -> str:
    """The GTIN-13 padded to 14 digits, as in AI (01) and Digital Links."""
    return "0" + gtin13(gcp, item)


def _indicator_item(gcp: str, item: int) -> str:
    return "0" + _ref(gcp, item, 12)


def sgtin(gcp: str, item: int, serial: str) -> str:
    """EPC URN of one serialised trade item."""
    return f"urn:epc:id:sgtin:{gcp}.{_indicator_item(gcp, item)}.{serial}"


def lgtin(gcp: str, item: int, lot: str) -> str:
    """EPC class URN of a lot of a trade item (for quantityList)."""
    return f"urn:epc:class:lgtin:{gcp}.{_indicator_item(gcp, item)}.{lot}"


def idpat_sgtin(gcp: str, item: int) -> str:
    """EPC pattern URN naming every instance of a GTIN (the product class in master data)."""
    return f"urn:epc:idpat:sgtin:{gcp}.{_indicator_item(gcp, item)}.*"


def dl_sgtin(gcp: str, item: int, serial: str) -> str:
    """GS1 Digital Link URI of one serialised trade item (what the QR stamp carries)."""
    return f"{DL_ROOT}/01/{gtin14(gcp, item)}/21/{serial}"


def dl_lgtin(gcp: str, item: int, lot: str) -> str:
    """GS1 Digital Link URI of a lot."""
    return f"{DL_ROOT}/01/{gtin14(gcp, item)}/10/{lot}"


# --- SSCC: cases and pallets -----------------------------------------------------------


def sscc(gcp: str, extension: int, serial: int) -> str:
    """18-digit SSCC: extension digit, company prefix, serial reference, check digit."""
    body = str(extension) + gcp + _ref(gcp, serial, 16)
    return body + str(check_digit(body))


def sscc_urn(gcp: str, extension: int, serial: int) -> str:
    """EPC URN of an SSCC."""
    return f"urn:epc:id:sscc:{gcp}.{extension}{_ref(gcp, serial, 16)}"
