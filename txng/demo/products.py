"""Products of the demo: finished goods and the raw materials they are made from.

Each product has a GTIN-13 under its owner's company prefix, so a producer only ever
commissions its own identifiers (a farm its paddy, the mill its rice). Finished goods
name the standard they declare (TCVN, or the company's own ``TCCS``) and, for OCOP
goods, the star rating and the recognition decision. Decision numbers and the drug's
registration number are invented for the demo.
"""

from __future__ import annotations

from dataclasses import dataclass

from txng.demo import keys
from txng.demo.parties import AGRICULTURE, HEALTH, INDUSTRY, Party

KGM = "KGM"


@dataclass(frozen=True)
class Ocop:
    """An OCOP recognition (Decision 148/QĐ-TTg): 3 to 5 stars, valid 36 months."""

    stars: int
    decision: str
    issuer: str
    issued: str
    """ISO date."""
    valid_until: str
    """ISO date, 36 months after issue."""


@dataclass(frozen=True)
class Product:
    """A trade item class (EPCClass master data)."""

    key: str
    """Short ASCII handle, e.g. ``nuoc_mam``."""
    name: str
    """Name on the label (Vietnamese)."""
    category: str
    """Product group, e.g. ``Gạo``, ``Nước mắm``, ``Thuốc``."""
    sector: str
    """Sector department: nông nghiệp, y tế, công nghiệp."""
    owner: str
    """Key of the brand owner (the party whose prefix the GTIN uses)."""
    gcp: str
    """The owner's GS1 company prefix."""
    item: int
    """Item reference inside the prefix."""
    gtin: str
    """GTIN-13, prefix 893, valid check digit."""
    epc_class: str
    """EPC pattern URN of the class, ``urn:epc:idpat:sgtin:...*``: its master data id."""
    net_content: str
    """Net content as printed (``500 ml``, ``5 kg``), or the trading unit for raw goods."""
    uom: str | None
    """UN/ECE unit for lot quantities (KGM for bulk goods); None counts items."""
    raw: bool
    """A raw material or intermediate, traded in bulk lots rather than sold to consumers."""
    serialized: bool
    """Each unit carries its own serial (SGTIN / Digital Link); else lots only."""
    digital_link: bool
    """Events name the units by GS1 Digital Link URI (a QR stamp), not by EPC URN."""
    shelf_life_days: int | None
    """Days from production to expiry, if it expires."""
    standard: str | None
    """The standard declared for the product (Circular 02/2024 minimum data)."""
    ocop: Ocop | None
    """OCOP rating, if rated."""
    extra: tuple[tuple[str, str], ...] = ()
    """Further CBV master data attributes (local names), e.g. for the drug."""


def _ocop(stars: int, number: int, issued: str) -> Ocop:
    year, month, day = issued.split("-")
    return Ocop(stars, f"{number}/QĐ-UBND", "Ủy ban nhân dân tỉnh Thanh Hóa", issued,
                f"{int(year) + 3}-{month}-{day}")


# key, owner, item, name, category, net content, uom, raw, serialized, digital link,
# shelf life, standard, OCOP
_SPECS: tuple[tuple, ...] = (
    ("thoc_thieu_trung", "htx_thieu_trung", 101, "Thóc ST25 tươi", "Lúa gạo", "bao 50 kg",
     KGM, True, False, False, 30, None, None),
    ("thoc_yen_truong", "htx_yen_truong", 101, "Thóc ST25 tươi", "Lúa gạo", "bao 50 kg",
     KGM, True, False, False, 30, None, None),
    ("thoc_le_van_thanh", "ho_le_van_thanh", 11, "Thóc ST25 tươi", "Lúa gạo", "bao 50 kg",
     KGM, True, False, False, 30, None, None),
    ("gao_st25", "luong_thuc_thieu_hoa", 2501, "Gạo ST25 Thiệu Hóa túi 5 kg", "Gạo", "5 kg",
     None, False, False, False, 365, "TCVN 11888:2017", None),
    ("che_bup_van_du", "htx_che_van_du", 100, "Búp chè tươi Vân Du", "Chè", "sọt 20 kg",
     KGM, True, False, False, 2, None, None),
    ("che_bup_pham_thi_hoa", "ho_pham_thi_hoa", 10, "Búp chè tươi", "Chè", "sọt 20 kg",
     KGM, True, False, False, 2, None, None),
    ("che_xanh", "htx_che_van_du", 201, "Chè xanh Vân Du hộp 200 g", "Chè", "200 g",
     None, False, True, True, 365, "TCCS 01:2024/HTXCVD", _ocop(3, 3125, "2024-09-16")),
    ("mat_ong_tho", "htx_ong_nhu_xuan", 100, "Mật ong thô hoa rừng", "Mật ong", "thùng 30 kg",
     KGM, True, False, False, 365, None, None),
    ("mat_ong", "htx_ong_nhu_xuan", 201, "Mật ong hoa rừng Như Xuân chai 500 ml", "Mật ong",
     "500 ml", None, False, True, True, 730, "TCCS 02:2024/HTXONX",
     _ocop(4, 2876, "2024-08-20")),
    ("nem_chua", "ho_nguyen_thi_hang", 1, "Nem chua Thanh Hóa gói 10 chiếc", "Nem chua",
     "10 chiếc × 25 g", None, False, False, False, 7, "TCCS 01:2023/NCH",
     _ocop(4, 1942, "2025-05-12")),
    ("banh_gai", "ho_le_thi_nga", 1, "Bánh gai Tứ Trụ túi 10 chiếc", "Bánh truyền thống",
     "10 chiếc × 80 g", None, False, False, False, 10, "TCCS 01:2024/BGBN",
     _ocop(4, 3330, "2024-10-03")),
    ("ca_com", "ho_nguyen_van_bien", 1, "Cá cơm than tươi", "Thủy sản", "khay 25 kg",
     KGM, True, False, False, 2, None, None),
    ("muoi_hat", "htx_muoi_hoang_thanh", 101, "Muối biển hạt to Hoằng Thanh", "Muối",
     "bao 50 kg", KGM, True, False, False, None, None, None),
    ("chuop_ca_com", "nuoc_mam_hai_binh", 100, "Chượp cá cơm ủ muối", "Nước mắm",
     "thùng gỗ 8 tấn", KGM, True, False, False, None, None, None),
    ("nuoc_mam", "nuoc_mam_hai_binh", 401, "Nước mắm cá cơm Hải Bình 40 độ đạm chai 500 ml",
     "Nước mắm", "500 ml", None, False, True, False, 730, "TCVN 5107:2018",
     _ocop(4, 2254, "2024-07-01")),
    ("muc_tuoi", "ho_trinh_van_luc", 1, "Mực ống tươi", "Thủy sản", "khay 10 kg",
     KGM, True, False, False, 2, None, None),
    ("muc_kho", "ho_tran_thi_lan", 1, "Mực khô Sầm Sơn túi 500 g", "Thủy sản khô", "500 g",
     None, False, False, False, 180, "TCCS 01:2024/MKL", _ocop(3, 3301, "2024-10-01")),
    ("coi_htx", "htx_coi_nga_son", 100, "Cói nguyên liệu phơi khô", "Cói", "bó 10 kg",
     KGM, True, False, False, None, None, None),
    ("coi_mai_van_tu", "ho_mai_van_tu", 10, "Cói nguyên liệu phơi khô", "Cói", "bó 10 kg",
     KGM, True, False, False, None, None, None),
    ("chieu_coi", "htx_coi_nga_son", 201, "Chiếu cói Nga Sơn in hoa 1,6 m × 2 m",
     "Thủ công mỹ nghệ", "1 chiếc", None, False, True, True, None, "TCCS 01:2023/HTXCNS",
     _ocop(4, 1877, "2025-04-28")),
    ("paracetamol", "duoc_ham_rong", 1501, "Paracetamol 500 mg, hộp 10 vỉ × 10 viên nén",
     "Thuốc", "100 viên", None, False, True, False, 1095, "Dược điển Việt Nam V", None),
    ("ao_so_mi", "may_bim_son", 3201, "Áo sơ mi nam dài tay cotton Bỉm Sơn", "Dệt may",
     "1 chiếc", None, False, True, False, None, "TCCS 03:2025/MBS", None),
)

_SECTORS = {"chieu_coi": INDUSTRY, "ao_so_mi": INDUSTRY, "paracetamol": HEALTH}

_EXTRA = {
    "paracetamol": (("regulatedProductName", "Paracetamol"),
                    ("strengthDescription", "500 mg"),
                    ("dosageFormType", "Viên nén"),
                    ("additionalTradeItemIdentification", "VD-35871-21")),
}


def make_products(parties: list[Party]) -> list[Product]:
    """Every product of the demo; GTINs follow the owners' prefixes."""
    by_key = {p.key: p for p in parties}
    products = []
    for (key, owner_key, item, name, category, net, uom, raw, serial, dl, shelf, std,
         ocop) in _SPECS:
        owner = by_key[owner_key]
        products.append(Product(
            key=key, name=name, category=category,
            sector=_SECTORS.get(key, AGRICULTURE), owner=owner_key, gcp=owner.gcp,
            item=item, gtin=keys.gtin13(owner.gcp, item),
            epc_class=keys.idpat_sgtin(owner.gcp, item), net_content=net, uom=uom, raw=raw,
            serialized=serial, digital_link=dl, shelf_life_days=shelf, standard=std,
            ocop=ocop, extra=_EXTRA.get(key, ()),
        ))
    return products
