"""OCOP chains: Vân Du green tea, Như Xuân forest honey, nem chua, bánh gai.

Tea and honey carry one QR stamp per unit (a GS1 Digital Link URI) and go through
cases; nem chua and bánh gai are fresh goods made in small batches, delivered the same
day as lot quantities and sold within their few days of shelf life.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from txng.demo import keys
from txng.demo.events import VN_TZ, Recorder, quantity
from txng.demo.flows import (
    END, World, after, day_at, distribute_cases, lot_ilmd, next_working, pack, sell_lot,
    transfer,
)
from txng.demo.products import KGM

_GARDENS = (("doi_che_dong_tam", "che_bup_van_du"), ("doi_che_thanh_son", "che_bup_van_du"),
            ("doi_che_pham_thi_hoa", "che_bup_pham_thi_hoa"))


def _d(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 7, 0, tzinfo=VN_TZ)


def tea(w: World) -> Recorder:
    """Monthly plucking in three gardens -> green tea boxes -> OCOP shop, supermarket."""
    rec, rng = w.recorder("che-van-du"), w.rng
    workshop = w.locations["xuong_che_van_du"]
    htx = w.owner(workshop)
    che_xanh = w.products["che_xanh"]
    plan = [(["cua_hang_ocop"], 2), (["kho_hac_thanh", "sieu_thi_le_loi"], 1),
            (["cua_hang_dac_san"], 1)]
    for month in range(3, 11):
        day = _d(month, rng.randint(2, 12))
        inputs, ready = [], day
        for n, (garden_key, product_key) in enumerate(_GARDENS, start=1):
            garden, bup = w.locations[garden_key], w.products[product_key]
            picked = day_at(day, rng, 5.5, 9)
            kg = rng.randrange(120, 400, 5)
            lot = f"BC{picked:%y%m%d}{n}"
            leaf = keys.lgtin(bup.gcp, bup.item, lot)
            rec.commission(picked, garden, quantities=[quantity(leaf, kg, KGM)],
                           ilmd=lot_ilmd(bup, lot, picked, growingAreaCode=garden.area_code,
                                         cultivar="Chè trung du lá nhỏ"))
            arrived = picked
            if garden.owner != workshop.owner:
                arrived, _ = transfer(rec, w, after(picked, rng, 1, 3), garden, workshop,
                                      owner=w.owner(garden),
                                      quantities=[quantity(leaf, kg, KGM)], raw=True)
            inputs.append(quantity(leaf, kg, KGM))
            ready = max(ready, arrived)
        made = after(ready, rng, 1, 4)
        boxes = rec.units(che_xanh, rng.randrange(80, 121, 20))
        lot = f"CX{made:%y%m%d}"
        rec.transform(made, workshop, inputs, output_epcs=boxes,
                      ilmd=lot_ilmd(che_xanh, lot, made, process="Diệt men, vò, sao khô"))
        cases, packed = pack(rec, workshop, htx, boxes, 20, after(made, rng, 12, 30))
        distribute_cases(rec, w, packed, workshop, htx, cases, plan, basket=3,
                         gap_hours=(8, 60), share=0.8)
    return rec


def honey(w: World) -> Recorder:
    """Spring and autumn honey flows -> bottling -> check -> OCOP shop, specialty shops."""
    rec, rng = w.recorder("mat-ong"), w.rng
    apiary, workshop = w.locations["trai_ong_ben_en"], w.locations["xuong_mat_ong"]
    htx = w.owner(workshop)
    raw, bottled_product = w.products["mat_ong_tho"], w.products["mat_ong"]
    plan = [(["cua_hang_ocop"], 2), (["cua_hang_dac_san"], 2), (["sieu_thi_mini_mai_anh"], 1)]
    for start in (_d(3, 8), _d(4, 3), _d(5, 2), _d(10, 5), _d(10, 26)):
        harvested = day_at(start + timedelta(days=rng.randint(0, 5)), rng, 6, 10)
        kg = rng.randrange(120, 260)
        lot = f"MO{harvested:%y%m%d}"
        honey_class = keys.lgtin(raw.gcp, raw.item, lot)
        rec.commission(harvested, apiary, quantities=[quantity(honey_class, kg, KGM)],
                       ilmd=lot_ilmd(raw, lot, harvested, raisingAreaCode=apiary.area_code,
                                     floralSource="Hoa rừng tự nhiên (keo, bạc hà, chân chim)",
                                     beeSpecies="Ong nội Apis cerana"))
        made = next_working(harvested, rng, (2, 5))
        bottles = rec.units(bottled_product, 24 * rng.randint(4, 6))
        bottle_lot = f"MOC{made:%y%m%d}"
        rec.transform(made, workshop, [quantity(honey_class, round(len(bottles) * 0.7, 1), KGM)],
                      output_epcs=bottles,
                      ilmd=lot_ilmd(bottled_product, bottle_lot, made, rawHoneyLot=lot,
                                    moisture="19,5 %"))
        checked = after(made, rng, 2, 8)
        rec.inspect(checked, workshop, epcs=bottles)
        cases, packed = pack(rec, workshop, htx, bottles, 24, checked)
        distribute_cases(rec, w, packed, workshop, htx, cases, plan, basket=2,
                         gap_hours=(10, 72), share=0.75)
    return rec


def _fresh_batches(rec: Recorder, w: World, *, workshop_key: str, product_key: str,
                   prefix: str, extra_days: tuple[datetime, ...], spacing: tuple[int, int],
                   size: tuple[int, int], shops: tuple[tuple[str, int], ...],
                   per_day: tuple[int, int], **ilmd: str) -> Recorder:
    rng = rec.rng
    workshop = w.locations[workshop_key]
    maker, product = w.owner(workshop), w.products[product_key]
    days, day = list(extra_days), _d(1, 6)
    while day < END - timedelta(days=12):
        days.append(day)
        day += timedelta(days=rng.randint(*spacing))
    for day in sorted({d.date(): d for d in days}.values()):  # one batch a day
        made = day_at(day, rng, 4.5, 8)
        count = rng.randrange(*size, 10)
        lot = f"{prefix}{made:%y%m%d}"
        lot_class = keys.lgtin(product.gcp, product.item, lot)
        rec.commission(made, workshop, quantities=[quantity(lot_class, count)],
                       ilmd=lot_ilmd(product, lot, made, **ilmd))
        expiry = made + timedelta(days=product.shelf_life_days or 7)
        for shop_key, share in shops:
            shop = w.locations[shop_key]
            part = count * share // 100
            got, _ = transfer(rec, w, after(made, rng, 1, 4), workshop, shop, owner=maker,
                              quantities=[quantity(lot_class, part)])
            sell_lot(rec, shop, lot_class, part, got, per_day=per_day, every_days=(1, 2),
                     until=expiry - timedelta(hours=12))
    return rec


def nem_chua(w: World) -> Recorder:
    """Nem chua every two to three weeks, delivered fresh to a supermarket and a shop."""
    return _fresh_batches(
        w.recorder("nem-chua"), w, workshop_key="xuong_nem_hang", product_key="nem_chua",
        prefix="NC", extra_days=(_d(2, 10),), spacing=(14, 21), size=(150, 320),
        shops=(("sieu_thi_le_loi", 45), ("cua_hang_dac_san", 35)), per_day=(20, 50),
        ingredients="Thịt lợn nạc, bì lợn, thính gạo, tỏi, ớt, lá đinh lăng")


def banh_gai(w: World) -> Recorder:
    """Bánh gai monthly, with extra batches before Tết (17 Feb 2026)."""
    return _fresh_batches(
        w.recorder("banh-gai"), w, workshop_key="xuong_banh_gai", product_key="banh_gai",
        prefix="BG", extra_days=(_d(2, 4), _d(2, 11)), spacing=(24, 35), size=(120, 260),
        shops=(("cua_hang_ocop", 45), ("cua_hang_dac_san", 40)), per_day=(15, 40),
        ingredients="Lá gai, gạo nếp cái hoa vàng, đỗ xanh, dừa, mỡ lợn, vừng")
