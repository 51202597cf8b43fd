"""Business locations of the demo: growing areas, landing ports, factories, warehouses, shops.

Each site has a GLN under its owner's company prefix (location references 1, 2, ...) and
is named in events by its SGLN URN with extension 0. Warehouses and factories have a
storage sub-site (CBV sub-site type 202), shops and pharmacies a backroom (201) and a
sales floor (203); these are the read points of shipping, receiving and selling.
Growing and raising areas carry an area code (mã số vùng trồng / vùng nuôi) built from
the province and ward codes; its format is illustrative, not an official scheme.
"""

from __future__ import annotations

from dataclasses import dataclass

from txng.demo import keys
from txng.demo.parties import Party
from txng.demo.places import Address, resolve

GROWING_AREA = "vùng trồng"
RAISING_AREA = "vùng nuôi"
SALT_FIELD = "đồng muối"
FISHING_PORT = "cảng cá"
FACTORY = "nhà máy"
WORKSHOP = "cơ sở chế biến"
WAREHOUSE = "kho"
SHOP = "cửa hàng"
SUPERMARKET = "siêu thị"
PHARMACY = "nhà thuốc"

RETAIL = frozenset({SHOP, SUPERMARKET, PHARMACY})
PRIMARY = frozenset({GROWING_AREA, RAISING_AREA, SALT_FIELD, FISHING_PORT})

SST_BACKROOM = "201"
SST_STORAGE = "202"
SST_SALES_FLOOR = "203"


@dataclass(frozen=True)
class SubSite:
    """A part of a site, used as a read point."""

    sgln: str
    """SGLN URN with a non-zero extension."""
    sst: str
    """CBV sub-site type code (201 backroom, 202 storage area, 203 sales floor)."""
    ssd: str
    """Sub-site detail, free text in Vietnamese."""


@dataclass(frozen=True)
class Location:
    """A site owned by one party."""

    key: str
    """Short ASCII handle, e.g. ``nha_may_nuoc_mam``."""
    name: str
    """Display name (Vietnamese)."""
    kind: str
    """What the site is: vùng trồng, cảng cá, nhà máy, kho, cửa hàng, nhà thuốc..."""
    owner: str
    """Key of the owning party."""
    owner_pgln: str
    """PGLN URN of the owning party."""
    gln: str
    """13-digit GLN of the site."""
    sgln: str
    """SGLN URN of the site (extension 0): the bizLocation of its events."""
    address: Address
    """Where it is (2025 units)."""
    area_code: str | None
    """Growing or raising area code, for farms and apiaries."""
    subsites: tuple[SubSite, ...]
    """Storage, backroom, sales floor, as the kind of site has them."""

    def subsite(self, sst: str) -> str:
        """The read point of a sub-site type, or the site itself when it has none."""
        return next((s.sgln for s in self.subsites if s.sst == sst), self.sgln)

    @property
    def storage(self) -> str:
        """Where goods are shipped from and received into."""
        return self.subsite(SST_BACKROOM if self.kind in RETAIL else SST_STORAGE)

    @property
    def sales_floor(self) -> str:
        """Where goods are sold."""
        return self.subsite(SST_SALES_FLOOR)


# key, owner key, kind, name, street, ward
_SPECS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("ruong_dong_bai", "htx_thieu_trung", GROWING_AREA, "Vùng trồng lúa ST25 Đồng Bãi",
     "Cánh đồng Đồng Bãi", "Xã Thiệu Trung"),
    ("ruong_con_cao", "htx_thieu_trung", GROWING_AREA, "Vùng trồng lúa ST25 Cồn Cao",
     "Cánh đồng Cồn Cao", "Xã Thiệu Trung"),
    ("ruong_yen_truong", "htx_yen_truong", GROWING_AREA, "Cánh đồng mẫu lớn Yên Trường",
     "Xứ đồng Phú Hữu", "Xã Yên Trường"),
    ("ruong_le_van_thanh", "ho_le_van_thanh", GROWING_AREA, "Ruộng lúa hộ Lê Văn Thành",
     "Xứ đồng Mả Gạo, Thôn 4", "Xã Thiệu Toán"),
    ("nha_may_xay_xat", "luong_thuc_thieu_hoa", FACTORY, "Nhà máy xay xát gạo Thiệu Hóa",
     "Lô B2, Cụm công nghiệp Thiệu Đô", "Xã Thiệu Hóa"),
    ("doi_che_dong_tam", "htx_che_van_du", GROWING_AREA, "Vùng chè Đồi Ngang",
     "Đồi Ngang, Thôn Đồng Tâm", "Xã Vân Du"),
    ("doi_che_thanh_son", "htx_che_van_du", GROWING_AREA, "Vùng chè Thành Sơn",
     "Thôn Thành Sơn", "Xã Vân Du"),
    ("xuong_che_van_du", "htx_che_van_du", WORKSHOP, "Xưởng chế biến chè Vân Du",
     "Thôn Đồng Tâm", "Xã Vân Du"),
    ("doi_che_pham_thi_hoa", "ho_pham_thi_hoa", GROWING_AREA, "Đồi chè hộ Phạm Thị Hoa",
     "Thôn Liên Sơn", "Xã Thạch Quảng"),
    ("trai_ong_ben_en", "htx_ong_nhu_xuan", RAISING_AREA, "Khu nuôi ong ven rừng Bến En",
     "Thôn Đồng Mười", "Xã Xuân Bình"),
    ("xuong_mat_ong", "htx_ong_nhu_xuan", WORKSHOP, "Xưởng sơ chế và đóng chai mật ong",
     "Thôn Xuân Thành", "Xã Như Xuân"),
    ("xuong_nem_hang", "ho_nguyen_thi_hang", WORKSHOP, "Cơ sở sản xuất nem chua Hằng",
     "Số 18 đường Tống Duy Tân", "Phường Hạc Thành"),
    ("xuong_banh_gai", "ho_le_thi_nga", WORKSHOP, "Cơ sở sản xuất bánh gai Bà Nga",
     "Thôn 6", "Xã Thọ Xuân"),
    ("cang_lach_bang", "ho_nguyen_van_bien", FISHING_PORT, "Cảng cá Lạch Bạng",
     "Khu cảng cá Lạch Bạng", "Phường Hải Bình"),
    ("cang_lach_hoi", "ho_trinh_van_luc", FISHING_PORT, "Cảng cá Lạch Hới",
     "Khu cảng cá Lạch Hới", "Phường Sầm Sơn"),
    ("dong_muoi", "htx_muoi_hoang_thanh", SALT_FIELD, "Đồng muối Hoằng Thanh",
     "Thôn 8", "Xã Hoằng Thanh"),
    ("nha_may_nuoc_mam", "nuoc_mam_hai_binh", FACTORY, "Nhà máy chế biến nước mắm Hải Bình",
     "Tổ dân phố 2", "Phường Hải Bình"),
    ("xuong_muc_kho", "ho_tran_thi_lan", WORKSHOP, "Cơ sở chế biến mực khô Lan Sầm Sơn",
     "Số 62 đường Hồ Xuân Hương", "Phường Nam Sầm Sơn"),
    ("ruong_coi_nga_son", "htx_coi_nga_son", GROWING_AREA, "Vùng trồng cói ven sông Càn",
     "Bãi bồi ven sông Càn", "Xã Nga Sơn"),
    ("ruong_coi_mai_van_tu", "ho_mai_van_tu", GROWING_AREA, "Ruộng cói hộ Mai Văn Tư",
     "Thôn 2", "Xã Nga An"),
    ("xuong_det_chieu", "htx_coi_nga_son", WORKSHOP, "Xưởng dệt chiếu cói Nga Sơn",
     "Thôn Chính Nghĩa", "Xã Nga Sơn"),
    ("nha_may_may", "may_bim_son", FACTORY, "Nhà máy may Bỉm Sơn",
     "Số 120 đường Trần Hưng Đạo", "Phường Bỉm Sơn"),
    ("nha_may_duoc", "duoc_ham_rong", FACTORY, "Nhà máy Dược phẩm Hàm Rồng (GMP-WHO)",
     "Số 15 đường Bà Triệu", "Phường Hàm Rồng"),
    ("kho_duoc", "duoc_xu_thanh", WAREHOUSE, "Kho thuốc đạt GDP Xứ Thanh",
     "Số 210 đường Lê Hoàn", "Phường Đông Tiến"),
    ("nha_thuoc_minh_chau", "ho_dao_minh_chau", PHARMACY, "Nhà thuốc Minh Châu",
     "Số 9 đường Phan Chu Trinh", "Phường Hạc Thành"),
    ("nha_thuoc_duc_thinh", "ho_vu_duc_thinh", PHARMACY, "Nhà thuốc Đức Thịnh",
     "Số 35 Quốc lộ 47", "Phường Quảng Phú"),
    ("nha_thuoc_an_binh", "ho_ngo_thi_binh", PHARMACY, "Nhà thuốc An Bình",
     "Số 4 đường Nguyễn Huệ", "Phường Bỉm Sơn"),
    ("kho_hac_thanh", "tm_hac_thanh", WAREHOUSE, "Trung tâm phân phối Hạc Thành",
     "Số 27 đường Trần Phú", "Phường Đông Quang"),
    ("sieu_thi_le_loi", "tm_hac_thanh", SUPERMARKET, "Siêu thị Hạc Thành Mart Lê Lợi",
     "Số 95 Đại lộ Lê Lợi", "Phường Hạc Thành"),
    ("sieu_thi_nguyen_trai", "tm_hac_thanh", SUPERMARKET, "Siêu thị Hạc Thành Mart Nguyễn Trãi",
     "Số 210 đường Nguyễn Trãi", "Phường Quang Trung"),
    ("kho_nghi_son", "logistics_nghi_son", WAREHOUSE, "Kho bãi Logistics Nghi Sơn",
     "Lô C5, Khu kinh tế Nghi Sơn", "Phường Nghi Sơn"),
    ("cua_hang_dac_san", "ho_hoang_minh_tuan", SHOP, "Cửa hàng Đặc sản Xứ Thanh",
     "Số 88 đường Lê Thánh Tông", "Phường Sầm Sơn"),
    ("cua_hang_ocop", "ocop_xu_thanh", SHOP, "Điểm giới thiệu và bán sản phẩm OCOP Xứ Thanh",
     "Số 16 đường Lạc Long Quân", "Phường Hạc Thành"),
    ("sieu_thi_mini_mai_anh", "ho_do_thi_mai", SHOP, "Siêu thị mini Mai Anh",
     "Thôn 3", "Phường Quảng Phú"),
    ("kho_nong_san", "nong_san_dong_son", WAREHOUSE, "Kho hàng Nông sản Đông Sơn",
     "Số 12 Quốc lộ 45", "Phường Đông Sơn"),
    ("cua_hang_thu_ha", "ho_luong_thu_ha", SHOP, "Cửa hàng Thời trang Thu Hà",
     "Số 41 đường Lê Lợi", "Xã Ngọc Lặc"),
    ("cua_hang_ha_linh", "ho_ha_van_linh", SHOP, "Cửa hàng Tạp hóa Hà Linh",
     "Phố Đồng Tâm", "Xã Bá Thước"),
)


def _subsites(gcp: str, ref: int, kind: str) -> tuple[SubSite, ...]:
    if kind in RETAIL:
        return (SubSite(keys.sgln(gcp, ref, 1), SST_BACKROOM, "Kho sau cửa hàng"),
                SubSite(keys.sgln(gcp, ref, 2), SST_SALES_FLOOR, "Quầy bán hàng"))
    if kind in (FACTORY, WORKSHOP, WAREHOUSE):
        return (SubSite(keys.sgln(gcp, ref, 1), SST_STORAGE, "Kho thành phẩm"),)
    return ()


def make_locations(parties: list[Party]) -> list[Location]:
    """Every site of the demo, numbered per owner in the order above."""
    by_key = {p.key: p for p in parties}
    counters: dict[str, int] = {}
    areas: dict[str, int] = {}
    locations = []
    for key, owner_key, kind, name, street, ward in _SPECS:
        owner = by_key[owner_key]
        ref = counters[owner_key] = counters.get(owner_key, 0) + 1
        address = resolve(street, ward)
        code = None
        if kind in (GROWING_AREA, RAISING_AREA):
            n = areas[address.ward_code] = areas.get(address.ward_code, 0) + 1
            tag = "MSVT" if kind == GROWING_AREA else "MSVN"
            code = f"{tag}-{address.province_code}-{address.ward_code}-{n:03d}"
        locations.append(Location(
            key=key, name=name, kind=kind, owner=owner_key, owner_pgln=owner.pgln,
            gln=keys.gln(owner.gcp, ref), sgln=keys.sgln(owner.gcp, ref), address=address,
            area_code=code, subsites=_subsites(owner.gcp, ref, kind),
        ))
    return locations
