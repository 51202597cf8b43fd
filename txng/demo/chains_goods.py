"""Non-food chains: Nga Sơn sedge mats, a paracetamol drug, men's shirts.

- Sedge mats (OCOP, handicraft): a cooperative and a household harvest and dry sedge
  in June and October; the cooperative's workshop weaves mats, one QR stamp each,
  bundles them ten to a pack and sells through the OCOP shop and a supermarket.
- Paracetamol 500 mg: a GMP-WHO plant makes a batch a month, releases it after
  testing, packs boxes into cases and cases onto a pallet for a GDP distributor, who
  delivers cases to pharmacies; pharmacies dispense boxes.
- Shirts: a garment factory makes a batch every six weeks for a fashion shop, a
  supermarket and a mini-mart.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from txng.demo import keys
from txng.demo.events import VN_TZ, Recorder, quantity
from txng.demo.flows import (
    END, World, after, day_at, deliver, distribute_cases, lot_ilmd, next_working, pack,
    transfer, unpack,
)
from txng.demo.products import KGM

_SEDGE = (("ruong_coi_nga_son", "coi_htx"), ("ruong_coi_mai_van_tu", "coi_mai_van_tu"))


def _d(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 7, 0, tzinfo=VN_TZ)


def sedge_mats(w: World) -> Recorder:
    """Sedge harvests -> weaving -> bundles of ten mats -> OCOP shop, supermarket."""
    rec, rng = w.recorder("chieu-coi"), w.rng
    workshop = w.locations["xuong_det_chieu"]
    htx = w.owner(workshop)
    mat = w.products["chieu_coi"]
    stock: list[list] = []  # [lot class, kg left, ready from]
    for season in (_d(6, 1), _d(10, 1)):
        for n, (field_key, product_key) in enumerate(_SEDGE, start=1):
            field, coi = w.locations[field_key], w.products[product_key]
            dried = day_at(season + timedelta(days=rng.randint(0, 10)), rng, 7, 11)
            kg = rng.randrange(600, 1_400, 10)
            lot = f"C{dried:%y%m%d}{n}"
            sedge = keys.lgtin(coi.gcp, coi.item, lot)
            rec.commission(dried, field, quantities=[quantity(sedge, kg, KGM)],
                           ilmd=lot_ilmd(coi, lot, dried, growingAreaCode=field.area_code,
                                         process="Chẻ, phơi khô 3 nắng"))
            ready = dried
            if field.owner != workshop.owner:
                ready, _ = transfer(rec, w, next_working(dried, rng, (1, 3)), field, workshop,
                                    owner=w.owner(field), quantities=[quantity(sedge, kg, KGM)],
                                    raw=True)
            stock.append([sedge, kg, ready])
    plan = [(["cua_hang_ocop"], 3), (["kho_hac_thanh", "sieu_thi_nguyen_trai"], 2),
            (["cua_hang_dac_san"], 2)]
    for month in range(6, 12):
        woven = _d(month, rng.randint(15, 25))
        lots = [s for s in stock if s[2] < woven and s[1] > 0][:2]
        if not lots or woven > END - timedelta(days=15):
            continue
        mats = rec.units(mat, 10 * rng.randint(5, 7))
        need = len(mats) * 3  # about 3 kg of dried sedge per mat
        inputs = []
        for entry in lots:
            used = min(entry[1], need - sum(q["quantity"] for q in inputs))
            if used > 0:
                entry[1] -= used
                inputs.append(quantity(entry[0], used, KGM))
        woven = day_at(woven, rng, 15, 17)
        lot = f"CC{woven:%y%m%d}"
        rec.transform(woven, workshop, inputs, output_epcs=mats,
                      ilmd=lot_ilmd(mat, lot, woven, pattern="In hoa văn chữ Phúc",
                                    size="1,6 m × 2 m"))
        bundles, packed = pack(rec, workshop, htx, mats, 10, after(woven, rng, 14, 40))
        distribute_cases(rec, w, packed, workshop, htx, bundles, plan, basket=1,
                         gap_hours=(12, 80), share=0.7)
    return rec


def drug(w: World) -> Recorder:
    """Monthly paracetamol batches -> QC release -> cases -> pallet -> distributor ->
    pharmacies -> dispensing."""
    rec, rng = w.recorder("thuoc"), w.rng
    plant, depot = w.locations["nha_may_duoc"], w.locations["kho_duoc"]
    maker, product = w.owner(plant), w.products["paracetamol"]
    plan = [(["nha_thuoc_minh_chau"], 3), (["nha_thuoc_duc_thinh"], 2),
            (["nha_thuoc_an_binh"], 2)]
    for month in range(1, 11):
        made = day_at(_d(month, rng.randint(5, 15)), rng, 7, 15)
        boxes = rec.units(product, 12 * rng.randint(7, 8))
        lot = f"PA{made:%y%m}{rng.randint(1, 9)}"
        rec.commission(made, plant, epcs=boxes,
                       ilmd=lot_ilmd(product, lot, made, registrationNumber="VD-35871-21",
                                     manufacturingStandard="GMP-WHO"))
        released = next_working(made, rng, (5, 9))  # kiểm nghiệm thành phẩm
        rec.inspect(released, plant, epcs=boxes)
        cases, packed = pack(rec, plant, maker, boxes, 12, after(released, rng, 1, 3))
        pallets, stacked = pack(rec, plant, maker, [c for c, _ in cases], len(cases),
                                after(packed, rng, 0.2, 1), pallet=True)
        arrival, owner = deliver(rec, w, next_working(stacked, rng, (0, 2)), [plant, depot],
                                 owner=maker, epcs=[p for p, _ in pallets])
        opened = unpack(rec, depot, pallets, after(arrival, rng, 1, 18))
        distribute_cases(rec, w, opened, depot, owner, cases, plan, basket=3,
                         gap_hours=(6, 50), share=0.7, dispense=True)
    return rec


def shirts(w: World) -> Recorder:
    """Shirt batches -> QC -> cartons of twenty -> fashion shop, supermarket, mini-mart."""
    rec, rng = w.recorder("ao-so-mi"), w.rng
    factory = w.locations["nha_may_may"]
    maker, product = w.owner(factory), w.products["ao_so_mi"]
    plan = [(["cua_hang_thu_ha"], 2), (["kho_hac_thanh", "sieu_thi_nguyen_trai"], 2),
            (["sieu_thi_mini_mai_anh"], 1)]
    day = _d(1, 8)
    while day < END - timedelta(days=30):
        made = day_at(day, rng, 8, 16)
        shirts_made = rec.units(product, 20 * rng.randint(4, 5))
        lot = f"SM{made:%y%m%d}"
        rec.commission(made, factory, epcs=shirts_made,
                       ilmd=lot_ilmd(product, lot, made, fabric="100 % cotton",
                                     sizes="S, M, L, XL"))
        checked = next_working(made, rng, (1, 2))
        rec.inspect(checked, factory, epcs=shirts_made)
        cartons, packed = pack(rec, factory, maker, shirts_made, 20, after(checked, rng, 1, 4))
        distribute_cases(rec, w, packed, factory, maker, cartons, plan, basket=3,
                         gap_hours=(8, 60), share=0.7)
        day += timedelta(days=rng.randint(38, 48))
    return rec
