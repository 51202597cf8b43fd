"""Addresses in the demo province, checked against the 2025 administrative units.

Since 1 Jul 2025 an address is street or village, then commune or ward, then province,
with no district. Every address the demo uses is parsed by vietnamadminunits
(``FROM_2025`` mode), and building it fails if the parser does not find the same ward
in the same province: the demo never invents a unit.

>>> a = resolve("Thôn Đại Bối", "Xã Thiệu Trung")
>>> a.full
'Thôn Đại Bối, Xã Thiệu Trung, Tỉnh Thanh Hóa'
>>> a.ward_code, a.province_code
('15835', '38')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from vietnamadminunits import ParseMode, parse_address

PROVINCE = "Tỉnh Thanh Hóa"
COUNTRY = "VN"


@dataclass(frozen=True)
class Address:
    """A street address resolved to a 2025 ward and province."""

    street: str
    """House number and street, or village (thôn, khu phố)."""
    ward: str
    """The commune or ward (xã, phường), full name, e.g. ``Xã Thiệu Trung``."""
    ward_code: str
    """The ward's code as vietnamadminunits gives it."""
    province: str
    """Full province name, ``Tỉnh Thanh Hóa``."""
    province_code: str
    """Province code, ``38``."""
    latitude: float
    """Latitude of the ward's centre (vietnamadminunits), degrees."""
    longitude: float
    """Longitude of the ward's centre, degrees."""

    @property
    def full(self) -> str:
        """The one-line address: street, ward, province."""
        return f"{self.street}, {self.ward}, {self.province}"


@lru_cache(maxsize=None)
def resolve(street: str, ward: str) -> Address:
    """Parse ``street, ward, Tỉnh Thanh Hóa`` as a 2025 address.

    Raises:
        ValueError: the parser finds another ward or province, or none.
    """
    text = f"{street}, {ward}, {PROVINCE}"
    unit = parse_address(text, mode=ParseMode.FROM_2025, keep_street=True)
    if unit.province != PROVINCE or unit.ward != ward:
        msg = f"{text!r} parses as ward {unit.ward!r} in {unit.province!r}, expected {ward!r}"
        raise ValueError(msg)
    return Address(
        street=street,
        ward=unit.ward,
        ward_code=str(unit.ward_code),
        province=unit.province,
        province_code=str(unit.province_code),
        latitude=float(unit.latitude),
        longitude=float(unit.longitude),
    )
