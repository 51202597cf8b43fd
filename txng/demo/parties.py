"""Enterprises, cooperatives (HTX) and households of the demo province.

The names are invented but shaped like real ones (``Công ty TNHH ...``, ``Hợp tác xã ...``,
``Hộ kinh doanh <owner>``). Every party gets, from the seed:

- a 10-digit MST (mã số thuế) starting with 28, the tax office code that Thanh Hóa
  numbers carry, with the check digit that ``stdnum.vn.mst`` verifies;
- a GS1 company prefix under 893 (GS1 Vietnam): 7 digits for enterprises and
  cooperatives, 8 digits for households. The two ranges (8935-8937, 8938-8939) never
  share a prefix, so every key parses to one company;
- a party GLN (the prefix with location reference 0), given as a PGLN URN.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from stdnum.vn import mst as stdnum_mst

from txng.demo import keys
from txng.demo.places import Address, resolve

ENTERPRISE = "doanh nghiệp"
COOPERATIVE = "hợp tác xã"
HOUSEHOLD = "hộ kinh doanh"

AGRICULTURE = "nông nghiệp"
HEALTH = "y tế"
INDUSTRY = "công nghiệp"
TRADE = "thương mại"

MST_PROVINCE = "28"


@dataclass(frozen=True)
class Party:
    """An organisation that owns locations, products and goods in the demo."""

    key: str
    """Short ASCII handle used inside the demo, e.g. ``nuoc_mam_hai_binh``."""
    name: str
    """Registered name (Vietnamese, with diacritics)."""
    trade_name: str | None
    """The shop or brand name a household trades under, if any."""
    kind: str
    """``doanh nghiệp``, ``hợp tác xã`` or ``hộ kinh doanh``."""
    sector: str
    """The sector department that oversees it: nông nghiệp, y tế, công nghiệp, thương mại."""
    mst: str
    """10-digit tax code (mã số thuế), valid per ``stdnum.vn.mst``."""
    gcp: str
    """GS1 company prefix, 893 + 4 or 5 digits."""
    gln: str
    """13-digit party GLN."""
    pgln: str
    """The party GLN as an EPC URN (``urn:epc:id:pgln:...``), used for owning_party."""
    address: Address
    """Head office address (2025 units)."""


# key, kind, name, trade name, sector, street, ward
_SPECS: tuple[tuple[str, str, str, str | None, str, str, str], ...] = (
    ("htx_thieu_trung", COOPERATIVE, "Hợp tác xã Dịch vụ Nông nghiệp Thiệu Trung", None,
     AGRICULTURE, "Thôn Đại Bối", "Xã Thiệu Trung"),
    ("htx_yen_truong", COOPERATIVE, "Hợp tác xã Nông nghiệp Yên Trường", None,
     AGRICULTURE, "Thôn Phú Hữu", "Xã Yên Trường"),
    ("ho_le_van_thanh", HOUSEHOLD, "Hộ kinh doanh Lê Văn Thành", None,
     AGRICULTURE, "Thôn 4", "Xã Thiệu Toán"),
    ("luong_thuc_thieu_hoa", ENTERPRISE, "Công ty TNHH Lương thực Thiệu Hóa", None,
     AGRICULTURE, "Lô B2, Cụm công nghiệp Thiệu Đô", "Xã Thiệu Hóa"),
    ("htx_che_van_du", COOPERATIVE, "Hợp tác xã Chè Vân Du", None,
     AGRICULTURE, "Thôn Đồng Tâm", "Xã Vân Du"),
    ("ho_pham_thi_hoa", HOUSEHOLD, "Hộ kinh doanh Phạm Thị Hoa", None,
     AGRICULTURE, "Thôn Liên Sơn", "Xã Thạch Quảng"),
    ("htx_ong_nhu_xuan", COOPERATIVE, "Hợp tác xã Nuôi ong Như Xuân", None,
     AGRICULTURE, "Thôn Xuân Thành", "Xã Như Xuân"),
    ("ho_nguyen_thi_hang", HOUSEHOLD, "Hộ kinh doanh Nguyễn Thị Hằng", "Nem chua Hằng",
     AGRICULTURE, "Số 18 đường Tống Duy Tân", "Phường Hạc Thành"),
    ("ho_le_thi_nga", HOUSEHOLD, "Hộ kinh doanh Lê Thị Nga", "Bánh gai Bà Nga",
     AGRICULTURE, "Thôn 6", "Xã Thọ Xuân"),
    ("ho_nguyen_van_bien", HOUSEHOLD, "Hộ kinh doanh Nguyễn Văn Biển", "Tàu cá TH-90528-TS",
     AGRICULTURE, "Tổ dân phố 5", "Phường Hải Bình"),
    ("ho_trinh_van_luc", HOUSEHOLD, "Hộ kinh doanh Trịnh Văn Lực", "Tàu cá TH-91377-TS",
     AGRICULTURE, "Khu phố 7", "Phường Sầm Sơn"),
    ("htx_muoi_hoang_thanh", COOPERATIVE, "Hợp tác xã Sản xuất Muối Hoằng Thanh", None,
     AGRICULTURE, "Thôn 8", "Xã Hoằng Thanh"),
    ("nuoc_mam_hai_binh", ENTERPRISE, "Công ty TNHH Nước mắm Hải Bình", None,
     AGRICULTURE, "Tổ dân phố 2", "Phường Hải Bình"),
    ("ho_tran_thi_lan", HOUSEHOLD, "Hộ kinh doanh Trần Thị Lan", "Mực khô Lan Sầm Sơn",
     AGRICULTURE, "Số 62 đường Hồ Xuân Hương", "Phường Nam Sầm Sơn"),
    ("htx_coi_nga_son", COOPERATIVE, "Hợp tác xã Thủ công Mỹ nghệ Cói Nga Sơn", None,
     INDUSTRY, "Thôn Chính Nghĩa", "Xã Nga Sơn"),
    ("may_bim_son", ENTERPRISE, "Công ty TNHH May mặc Bỉm Sơn", None,
     INDUSTRY, "Số 120 đường Trần Hưng Đạo", "Phường Bỉm Sơn"),
    ("ho_mai_van_tu", HOUSEHOLD, "Hộ kinh doanh Mai Văn Tư", None,
     AGRICULTURE, "Thôn 2", "Xã Nga An"),
    ("duoc_ham_rong", ENTERPRISE, "Công ty Cổ phần Dược phẩm Hàm Rồng", None,
     HEALTH, "Số 15 đường Bà Triệu", "Phường Hàm Rồng"),
    ("duoc_xu_thanh", ENTERPRISE, "Công ty TNHH Phân phối Dược phẩm Xứ Thanh", None,
     HEALTH, "Số 210 đường Lê Hoàn", "Phường Đông Tiến"),
    ("ho_dao_minh_chau", HOUSEHOLD, "Hộ kinh doanh Đào Minh Châu", "Nhà thuốc Minh Châu",
     HEALTH, "Số 9 đường Phan Chu Trinh", "Phường Hạc Thành"),
    ("ho_vu_duc_thinh", HOUSEHOLD, "Hộ kinh doanh Vũ Đức Thịnh", "Nhà thuốc Đức Thịnh",
     HEALTH, "Số 35 Quốc lộ 47", "Phường Quảng Phú"),
    ("ho_ngo_thi_binh", HOUSEHOLD, "Hộ kinh doanh Ngô Thị Bình", "Nhà thuốc An Bình",
     HEALTH, "Số 4 đường Nguyễn Huệ", "Phường Bỉm Sơn"),
    ("tm_hac_thanh", ENTERPRISE, "Công ty Cổ phần Thương mại Dịch vụ Hạc Thành", None,
     TRADE, "Số 27 đường Trần Phú", "Phường Đông Quang"),
    ("logistics_nghi_son", ENTERPRISE, "Công ty TNHH Logistics Nghi Sơn", None,
     TRADE, "Lô C5, Khu kinh tế Nghi Sơn", "Phường Nghi Sơn"),
    ("ho_hoang_minh_tuan", HOUSEHOLD, "Hộ kinh doanh Hoàng Minh Tuấn", "Cửa hàng Đặc sản Xứ Thanh",
     TRADE, "Số 88 đường Lê Thánh Tông", "Phường Sầm Sơn"),
    ("ocop_xu_thanh", ENTERPRISE, "Công ty TNHH Xúc tiến Sản phẩm OCOP Xứ Thanh", None,
     TRADE, "Số 16 đường Lạc Long Quân", "Phường Hạc Thành"),
    ("ho_do_thi_mai", HOUSEHOLD, "Hộ kinh doanh Đỗ Thị Mai", "Siêu thị mini Mai Anh",
     TRADE, "Thôn 3", "Phường Quảng Phú"),
    ("nong_san_dong_son", ENTERPRISE, "Công ty TNHH Phân phối Nông sản Đông Sơn", None,
     TRADE, "Số 12 Quốc lộ 45", "Phường Đông Sơn"),
    ("ho_luong_thu_ha", HOUSEHOLD, "Hộ kinh doanh Lương Thu Hà", "Thời trang Thu Hà",
     TRADE, "Số 41 đường Lê Lợi", "Xã Ngọc Lặc"),
    ("ho_ha_van_linh", HOUSEHOLD, "Hộ kinh doanh Hà Văn Linh", "Tạp hóa Hà Linh",
     TRADE, "Phố Đồng Tâm", "Xã Bá Thước"),
)


def make_mst(rng: random.Random, used: set[str]) -> str:
    """A fresh 10-digit MST: province digits 28, a 7-digit sequence, the check digit."""
    while True:
        body = MST_PROVINCE + f"{rng.randrange(1, 10_000_000):07d}"
        check = stdnum_mst.calc_check_digit(body)
        if len(check) == 1 and body not in used:  # some sequences have no valid digit
            used.add(body)
            return body + check


def make_parties(rng: random.Random) -> list[Party]:
    """Every party of the demo, with identifiers drawn from ``rng``."""
    msts: set[str] = set()
    short = rng.sample(range(5000, 8000), k=len(_SPECS))
    long = rng.sample(range(80000, 100000), k=len(_SPECS))
    parties = []
    for i, (key, kind, name, trade, sector, street, ward) in enumerate(_SPECS):
        gcp = keys.VN_PREFIX + (str(long[i]) if kind == HOUSEHOLD else str(short[i]))
        parties.append(Party(
            key=key, name=name, trade_name=trade, kind=kind, sector=sector,
            mst=make_mst(rng, msts), gcp=gcp, gln=keys.gln(gcp, 0), pgln=keys.pgln(gcp, 0),
            address=resolve(street, ward),
        ))
    return parties
