"""Food chains with a processing step: ST25 rice, anchovy fish sauce, dried squid.

- Rice: four growing areas harvest paddy twice (vụ chiêm xuân in May-June, vụ mùa in
  September-October), the mill turns each paddy lot into a lot of 5 kg bags, stacks it
  on pallets and sends them to a retailer's distribution centre and to a wholesaler,
  who break the pallets down and supply supermarkets and shops. Shops report weekly
  sales of each lot.
- Fish sauce: anchovies landed at Lạch Bạng are salted with Hoằng Thanh salt into
  fermenting mash (chượp); after at least six months the mash is drawn and bottled
  (one serial per bottle), checked, packed twelve to a case, stored at a logistics
  provider and delivered to shops, which sell single bottles.
- Dried squid: squid landed at Lạch Hới is sun-dried by a household into 500 g bags,
  sold by specialty shops as lot quantities.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from txng.demo import keys
from txng.demo.events import VN_TZ, Recorder, quantity
from txng.demo.flows import (
    END, World, after, day_at, deliver, distribute_cases, lot_ilmd, next_working, pack,
    pack_lot, sell_lot, transfer, unpack_lot,
)
from txng.demo.products import KGM
from txng.demo.sites import Location


def _d(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 7, 0, tzinfo=VN_TZ)


_RICE_FIELDS = (("ruong_dong_bai", "thoc_thieu_trung"), ("ruong_con_cao", "thoc_thieu_trung"),
                ("ruong_yen_truong", "thoc_yen_truong"),
                ("ruong_le_van_thanh", "thoc_le_van_thanh"))
_RICE_CROPS = ((_d(5, 20), "CX"), (_d(9, 25), "VM"))  # vụ chiêm xuân, vụ mùa
_RICE_OUTLETS = (("kho_hac_thanh", ("sieu_thi_le_loi", "sieu_thi_nguyen_trai"), 0.5),
                 ("kho_nong_san", ("sieu_thi_mini_mai_anh", "cua_hang_ha_linh"), 0.35))


def rice(w: World) -> Recorder:
    """Paddy harvest -> milling -> pallets -> distribution centre / wholesaler -> shops."""
    rec, rng = w.recorder("gao-st25"), w.rng
    mill = w.locations["nha_may_xay_xat"]
    miller = w.owner(mill)
    gao = w.products["gao_st25"]
    for crop_start, crop in _RICE_CROPS:
        for n, (field_key, product_key) in enumerate(_RICE_FIELDS, start=1):
            field, thoc = w.locations[field_key], w.products[product_key]
            harvest = day_at(crop_start + timedelta(days=rng.randint(0, 14)), rng, 6, 11)
            kg = rng.randrange(9_000, 22_000, 50)
            lot = f"{crop}{harvest:%y%m%d}{n}"
            paddy = keys.lgtin(thoc.gcp, thoc.item, lot)
            rec.commission(harvest, field, quantities=[quantity(paddy, kg, KGM)],
                           ilmd=lot_ilmd(thoc, lot, harvest, growingAreaCode=field.area_code,
                                         variety="ST25",
                                         certificate=f"VietGAP-{field.area_code}"))
            arrival, _ = transfer(rec, w, after(harvest, rng, 3, 7), field, mill,
                                  owner=w.owner(field), quantities=[quantity(paddy, kg, KGM)],
                                  raw=True)
            milled = next_working(arrival, rng, (1, 3))
            bags = int(kg * 0.62 / 5)
            rice_lot = f"G{milled:%y%m%d}{n}"
            rice_class = keys.lgtin(gao.gcp, gao.item, rice_lot)
            rec.transform(milled, mill, [quantity(paddy, kg, KGM)],
                          output_quantities=[quantity(rice_class, bags)],
                          ilmd=lot_ilmd(gao, rice_lot, milled, paddyLot=lot))
            pallets, packed = pack_lot(rec, mill, miller, rice_class, bags, 120,
                                       after(milled, rng, 2, 5))
            _wholesale(rec, w, packed, mill, rice_class, pallets)
    return rec


def _wholesale(rec: Recorder, w: World, when: datetime, mill: Location, rice_class: str,
               pallets: list[tuple[str, int]]) -> None:
    rng, taken = rec.rng, 0
    for hub_key, shop_keys, share in _RICE_OUTLETS:
        count = max(1, round(len(pallets) * share))
        chunk = pallets[taken:taken + count]
        taken += count
        hub = w.locations[hub_key]
        arrival, owner = transfer(rec, w, next_working(when, rng, (1, 4)), mill, hub,
                                  owner=w.owner(mill), epcs=[p for p, _ in chunk])
        opened = unpack_lot(rec, hub, rice_class, chunk, after(arrival, rng, 1, 20))
        stock = sum(c for _, c in chunk)
        for shop_key in shop_keys:
            bags = stock * rng.randint(30, 45) // 100
            shop = w.locations[shop_key]
            got, _ = transfer(rec, w, next_working(opened, rng, (0, 3)), hub, shop, owner=owner,
                              quantities=[quantity(rice_class, bags)])
            sell_lot(rec, shop, rice_class, bags, got, per_day=(20, 60), every_days=(6, 10))


def fish_sauce(w: World) -> Recorder:
    """Anchovy + salt -> chượp -> bottles -> cases -> logistics warehouse -> shops."""
    rec, rng = w.recorder("nuoc-mam"), w.rng
    port, salt_field = w.locations["cang_lach_bang"], w.locations["dong_muoi"]
    factory = w.locations["nha_may_nuoc_mam"]
    maker = w.owner(factory)
    ca_com, muoi = w.products["ca_com"], w.products["muoi_hat"]
    chuop, nuoc_mam = w.products["chuop_ca_com"], w.products["nuoc_mam"]
    salt: list[list] = []  # [lot class, kg left]
    for start in (_d(2, 23), _d(4, 20), _d(6, 8)):
        made = day_at(start + timedelta(days=rng.randint(0, 4)), rng, 6, 10)
        kg = rng.randrange(12_000, 20_000, 100)
        lot = f"M{made:%y%m%d}"
        salt_class = keys.lgtin(muoi.gcp, muoi.item, lot)
        rec.commission(made, salt_field, quantities=[quantity(salt_class, kg, KGM)],
                       ilmd=lot_ilmd(muoi, lot, made, saltField=salt_field.name))
        transfer(rec, w, next_working(made, rng, (1, 2)), salt_field, factory,
                 owner=w.owner(salt_field), quantities=[quantity(salt_class, kg, KGM)], raw=True)
        salt.append([salt_class, kg, made + timedelta(days=4)])
    mashes: list[tuple[str, int, datetime]] = []
    for n, start in enumerate((_d(3, 10), _d(3, 24), _d(4, 8), _d(4, 22), _d(5, 6), _d(5, 20),
                               _d(6, 10), _d(7, 1), _d(7, 22), _d(8, 12)), start=1):
        landed = day_at(start + timedelta(days=rng.randint(0, 5)), rng, 4, 8)
        kg = rng.randrange(2_500, 7_000, 50)
        lot = f"CC{landed:%y%m%d}"
        fish = keys.lgtin(ca_com.gcp, ca_com.item, lot)
        rec.commission(landed, port, quantities=[quantity(fish, kg, KGM)],
                       ilmd=lot_ilmd(ca_com, lot, landed, vessel="TH-90528-TS",
                                     fishingGear="Lưới vây", catchArea="Ngư trường ven bờ "
                                     "Vịnh Bắc Bộ, vùng biển Thanh Hóa"))
        arrival, _ = transfer(rec, w, after(landed, rng, 0.5, 2), port, factory,
                              owner=w.owner(port), quantities=[quantity(fish, kg, KGM)], raw=True)
        salted = after(arrival, rng, 1, 3)
        source = next(s for s in salt if s[1] >= kg // 3 and s[2] < salted)
        source[1] -= kg // 3
        mash_lot = f"CH{salted:%y%m%d}"
        mash = keys.lgtin(chuop.gcp, chuop.item, mash_lot)
        rec.transform(salted, factory, [quantity(fish, kg, KGM),
                                        quantity(source[0], kg // 3, KGM)],
                      output_quantities=[quantity(mash, kg + kg // 3, KGM)],
                      ilmd=lot_ilmd(chuop, mash_lot, salted, vat=f"Thùng gỗ số {n:02d}"))
        mashes.append((mash, kg + kg // 3, salted))
    plan = [(["kho_nghi_son", "sieu_thi_le_loi"], 3), (["kho_nghi_son", "cua_hang_dac_san"], 3),
            (["kho_nghi_son", "cua_hang_ocop"], 2), (["kho_nghi_son", "sieu_thi_mini_mai_anh"], 2)]
    for mash, _, salted in mashes[:6]:
        bottled = day_at(salted + timedelta(days=rng.randint(185, 200)), rng)
        if bottled > END - timedelta(days=20):
            continue
        bottles = rec.units(nuoc_mam, 12 * rng.randint(8, 10))
        lot = f"NM{bottled:%y%m%d}"
        rec.transform(bottled, factory, [quantity(mash, round(len(bottles) * 1.2, 1), KGM)],
                      output_epcs=bottles, ilmd=lot_ilmd(nuoc_mam, lot, bottled, mashLot=mash,
                                                         proteinContent="40 gN/l"))
        checked = after(bottled, rng, 3, 20)
        rec.inspect(checked, factory, epcs=bottles)
        cases, packed = pack(rec, factory, maker, bottles, 12, checked)
        distribute_cases(rec, w, packed, factory, maker, cases, plan, basket=2,
                         gap_hours=(6, 40), share=0.8)
    return rec


def squid(w: World) -> Recorder:
    """Fresh squid landed -> sun-dried 500 g bags -> specialty shops."""
    rec, rng = w.recorder("muc-kho"), w.rng
    port, workshop = w.locations["cang_lach_hoi"], w.locations["xuong_muc_kho"]
    muc_tuoi, muc_kho = w.products["muc_tuoi"], w.products["muc_kho"]
    for start in (_d(5, 4), _d(5, 25), _d(6, 15), _d(7, 6), _d(7, 27), _d(8, 17)):
        landed = day_at(start + timedelta(days=rng.randint(0, 5)), rng, 4, 7)
        kg = rng.randrange(250, 600, 5)
        lot = f"MT{landed:%y%m%d}"
        fresh = keys.lgtin(muc_tuoi.gcp, muc_tuoi.item, lot)
        rec.commission(landed, port, quantities=[quantity(fresh, kg, KGM)],
                       ilmd=lot_ilmd(muc_tuoi, lot, landed, vessel="TH-91377-TS",
                                     fishingGear="Lưới chụp mực",
                                     catchArea="Vùng biển Sầm Sơn - Hòn Mê"))
        arrival, owner = transfer(rec, w, after(landed, rng, 0.5, 2), port, workshop,
                                  owner=w.owner(port), quantities=[quantity(fresh, kg, KGM)],
                                  raw=True)
        dried = day_at(arrival + timedelta(days=rng.randint(2, 3)), rng, 15, 17)
        bags = kg // 5 * 2  # about 5 kg of fresh squid per kg dried
        dry_lot = f"MK{dried:%y%m%d}"
        dry = keys.lgtin(muc_kho.gcp, muc_kho.item, dry_lot)
        rec.transform(dried, workshop, [quantity(fresh, kg, KGM)],
                      output_quantities=[quantity(dry, bags)],
                      ilmd=lot_ilmd(muc_kho, dry_lot, dried, freshLot=lot, method="Phơi nắng"))
        for route, share in ((["cua_hang_dac_san"], 45), (["cua_hang_ocop"], 30),
                             (["kho_hac_thanh", "sieu_thi_le_loi"], 20)):
            count = bags * share // 100
            got, _ = deliver(rec, w, next_working(dried, rng, (1, 3)),
                             [workshop, *(w.locations[k] for k in route)], owner=owner,
                             quantities=[quantity(dry, count)])
            sell_lot(rec, w.locations[route[-1]], dry, count, got, per_day=(3, 12),
                     every_days=(3, 7))
    return rec
