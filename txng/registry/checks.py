"""Pure checks of registry input: tax codes, GS1 keys, addresses, date order.

Each check adds a :class:`~txng.errors.FieldError` to a :class:`Problems` and returns the
value in its stored form (or None), so that one answer names every field at fault.
Messages are English, then Vietnamese in brackets.

>>> problems = Problems()
>>> parse_mst(problems, "mst", "0100233488-1")
>>> problems.errors[0].message
"Invalid MST '0100233488-1': expected 10 digits, or 13 as 10-3 (Mã số thuế phải có 10 hoặc 13 chữ số)"
>>> parse_mst(Problems(), "mst", "0314409058002")
'0314409058-002'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from stdnum import exceptions as stdnum_errors
from stdnum.vn import mst as stdnum_mst
from vietnamadminunits import ParseMode, convert_address, parse_address

from txng.errors import FieldError, InvalidInput
from txng.gs1 import Epc, Gln, Gtin, ParseError
from txng.registry.schemas import Address

VIETNAM_PREFIX = "893"


@dataclass
class Problems:
    """Field errors found so far; :meth:`raise_if_any` ends the request with all of them."""

    errors: list[FieldError] = field(default_factory=list)

    def add(self, field_name: str, message: str) -> None:
        self.errors.append(FieldError(field=field_name, message=message))

    def raise_if_any(self, what: str) -> None:
        if self.errors:
            raise InvalidInput.listing(self.errors, f"{what} not saved: ")


def parse_mst(problems: Problems, name: str, text: str | None) -> str | None:
    """A tax code in its stored form: 10 digits, or 10-3 for a dependent unit.

    The check digit is the one python-stdnum verifies (weights 31, 29, 23, ... mod 11).
    """
    if text is None:
        return None
    try:
        number = stdnum_mst.validate(text)
    except stdnum_errors.InvalidChecksum:
        problems.add(name, f"Invalid MST check digit in {text!r} "
                           "(Mã số thuế sai chữ số kiểm tra)")
        return None
    except stdnum_errors.ValidationError:
        problems.add(name, f"Invalid MST {text!r}: expected 10 digits, or 13 as 10-3 "
                           "(Mã số thuế phải có 10 hoặc 13 chữ số)")
        return None
    return stdnum_mst.format(number)


def parse_gln(problems: Problems, name: str, text: str | None, *,
              vietnamese: bool = False) -> str | None:
    """A 13-digit GLN with a valid check digit (under 893 when ``vietnamese``)."""
    if text is None:
        return None
    try:
        gln = Gln.parse(text)
    except ParseError as exc:
        problems.add(name, f"{exc} (GLN không hợp lệ)")
        return None
    if vietnamese and not gln.is_vietnamese:
        problems.add(name, f"GLN {gln.value} is not under GS1 Vietnam's prefix 893 "
                           "(GLN phải bắt đầu bằng 893)")
        return None
    return gln.value


def parse_sgln(problems: Problems, name: str, text: str,
               extension: str | None) -> tuple[str, str | None] | None:
    """(GLN, extension) of a location given as a GLN (+ extension), SGLN URN or DL URI."""
    text = text.strip()
    if text.isdigit():
        gln = parse_gln(problems, name, text)
        return (gln, extension if extension not in (None, "0") else None) if gln else None
    try:
        epc = Epc.parse(text)
    except ParseError as exc:
        problems.add(name, f"{exc} (mã địa điểm không hợp lệ)")
        return None
    if epc.kind != "sgln":
        problems.add(name, f"{text!r} is a {epc.kind.upper()}, not a GLN or SGLN "
                           "(không phải mã địa điểm GLN)")
        return None
    own = epc.extension if epc.extension not in (None, "0") else None
    if extension not in (None, "0") and own is not None and own != extension:
        problems.add("extension", f"Extension {extension!r} differs from {own!r} in {text!r}")
        return None
    return epc.key, own or (extension if extension not in (None, "0") else None)


def parse_gtin(problems: Problems, name: str, text: str) -> Gtin | None:
    try:
        return Gtin.parse(text)
    except ParseError as exc:
        problems.add(name, f"{exc} (mã GTIN không hợp lệ)")
        return None


def parse_prefixes(problems: Problems, name: str, texts: list[str], *,
                   vietnamese: bool) -> list[str]:
    """GS1 company prefixes: 6 to 12 digits, distinct, none the start of another."""
    out: list[str] = []
    for i, text in enumerate(texts):
        value = text.strip()
        if not (value.isascii() and value.isdigit() and 6 <= len(value) <= 12):
            problems.add(f"{name}[{i}]", f"Invalid GS1 company prefix {text!r}: expected 6 to "
                                         "12 digits (tiền tố doanh nghiệp GS1 không hợp lệ)")
        elif vietnamese and not value.startswith(VIETNAM_PREFIX):
            problems.add(f"{name}[{i}]", f"GS1 company prefix {value} is not under GS1 "
                                         "Vietnam's 893 (tiền tố phải bắt đầu bằng 893)")
        elif any(value.startswith(p) or p.startswith(value) for p in out):
            problems.add(f"{name}[{i}]", f"GS1 company prefix {value} overlaps another one "
                                         "in the list (tiền tố bị trùng)")
        else:
            out.append(value)
    return out


def under_prefix(key: str, prefixes: list[str]) -> str | None:
    """The company prefix ``key`` (GTIN-13/14 without indicator, GLN) falls under, if any."""
    return next((p for p in prefixes if key.startswith(p)), None)


@dataclass(frozen=True)
class ResolvedAddress:
    """An address in the 2025 units, as stored."""

    street: str | None
    ward: str
    ward_code: str
    province: str
    province_code: str
    as_given: str | None
    """The typed address, when it was converted from the pre-2025 units."""


def resolve_address(problems: Problems, name: str, address: Address) -> ResolvedAddress | None:
    """The ward and province of ``address`` in the 2025 units.

    A 2025 ward is found by name in its province; a pre-2025 ward needs its district too,
    and is converted (the 2025 name is stored, what was typed is kept beside it).
    """
    found = _resolve(address.street, address.ward, address.district, address.province)
    if isinstance(found, str):
        problems.add(f"{name}.{found.split(':', 1)[0]}", found.split(":", 1)[1].strip())
        return None
    return found


@lru_cache(maxsize=4096)
def _resolve(street: str | None, ward: str, district: str | None,
             province: str) -> ResolvedAddress | str:
    head = f"{street}, " if street else ""
    if district is None:
        unit = parse_address(f"{ward}, {province}", mode=ParseMode.FROM_2025)
        given = None
    else:
        given = f"{head}{ward}, {district}, {province}"
        try:
            unit = convert_address(f"{ward}, {district}, {province}")
        except Exception:  # noqa: BLE001 - the converter raises bare errors for unknown units
            unit = None
    if unit is None or not unit.province:
        return (f"province: Unknown province {province!r} in the 2025 units "
                "(không tìm thấy tỉnh/thành phố)")
    if not unit.ward:
        if district is None:
            return (f"ward: Unknown ward {ward!r} in {unit.province} after the 2025 reform; "
                    "for a pre-2025 ward give its district too (không tìm thấy xã/phường; "
                    "địa chỉ cũ cần ghi cả quận/huyện)")
        return (f"ward: Unknown ward {ward!r} of {district!r} in {unit.province} "
                "(không tìm thấy xã/phường)")
    return ResolvedAddress(street=street, ward=unit.ward, ward_code=str(unit.ward_code),
                           province=unit.province, province_code=str(unit.province_code),
                           as_given=given)


def check_date_order(problems: Problems, first_name: str, first: date | None,
                     last_name: str, last: date | None) -> None:
    """``first`` must not come after ``last``."""
    if first is not None and last is not None and last < first:
        problems.add(last_name, f"{last_name} {last.isoformat()} is before {first_name} "
                                f"{first.isoformat()} (ngày kết thúc trước ngày bắt đầu)")
