"""How complete a product's record is against Circular 02/2024/TT-BKHCN's minimum data.

The Circular asks every product's traceability record for: name; images; the producer's
or trader's name and address; per production or trading stage, the product's tracing
code, the location's tracing code and the event time; brand, trademark, code and serial
where the product has them; expiry where it has one; the standards applied
(../shared/standards/VN-NOTES.md §5). Stages are read from the captured EPCIS events
that name the product's GTIN (any serial, lot or quantity of it). Items that apply only
"where any" count as not applicable when the product declares it has none.
"""

from __future__ import annotations

from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import Session

from txng.epcis.models import Event, EventEpc
from txng.gs1 import Gtin
from txng.registry.models import Product
from txng.registry.schemas import Completeness, CompletenessItem, Stage

LABELS = {
    "name": "Tên sản phẩm (product name)",
    "images": "Hình ảnh sản phẩm (product images)",
    "producer_name": "Tên cơ sở sản xuất, kinh doanh (producer or trader name)",
    "producer_address": "Địa chỉ cơ sở sản xuất, kinh doanh (producer or trader address)",
    "product_code": "Mã truy vết sản phẩm (product tracing code)",
    "stages": "Công đoạn sản xuất, kinh doanh (production or trading stages)",
    "location_codes": "Mã truy vết địa điểm từng công đoạn (location code of each stage)",
    "event_times": "Thời gian sản xuất, kinh doanh (time of each stage)",
    "brand": "Nhãn hiệu, thương hiệu (brand, trademark) nếu có",
    "expiry": "Hạn sử dụng (shelf life, expiry) nếu có",
    "standards": "Tiêu chuẩn áp dụng (standards applied)",
}


def _events_of(gtin14: str):
    """Rows of EventEpc whose canonical EPC is the GTIN or a serial, lot of it.

    The index keeps EPCs as canonical Digital Link URIs; every EPC of a GTIN starts with
    ``https://id.gs1.org/01/<GTIN-14>`` followed by nothing or by ``/``. ``/`` is the
    character just before ``0`` in byte order, so the range is contiguous.
    """
    base = Gtin.parse(gtin14).digital_link
    return or_(EventEpc.epc == base, and_(EventEpc.epc >= base + "/", EventEpc.epc < base + "0"))


def stages(db_session: Session, product: Product) -> list[Stage]:
    """The product's events grouped by business step and location, in time order."""
    matching = (select(EventEpc.event_pk).where(_events_of(product.gtin14)).distinct()
                .subquery())
    place = func.coalesce(Event.biz_location, Event.read_point)
    rows = db_session.execute(
        select(Event.biz_step, place, func.count(), func.min(Event.event_time),
               func.max(Event.event_time))
        .join(matching, matching.c.event_pk == Event.id)
        .where(Event.superseded == false())
        .group_by(Event.biz_step, place)
        .order_by(func.min(Event.event_time)))
    return [Stage(biz_step=step, location=location, events=count, first_event_time=first,
                  last_event_time=last) for step, location, count, first, last in rows]


def completeness(db_session: Session, product: Product) -> Completeness:
    """Which Circular 02/2024 minimum-data items the product's record has, with a percent."""
    owner = product.owner
    found = stages(db_session, product)
    unlocated = sum(s.events for s in found if s.location is None)

    def item(key: str, present: bool | None, detail: str | None = None) -> CompletenessItem:
        status = "not_applicable" if present is None else "present" if present else "missing"
        return CompletenessItem(item=key, label=LABELS[key], status=status, detail=detail)

    expiry: bool | None
    if product.expires is False:
        expiry, expiry_detail = None, "declared as not expiring"
    else:
        expiry = bool(product.expires and (product.shelf_life_days or product.expiry_note))
        expiry_detail = (f"{product.shelf_life_days} days" if product.shelf_life_days
                         else product.expiry_note or "not declared")
    brand = product.brand or product.trademark
    items = [
        item("name", bool(product.name), product.name),
        item("images", bool(product.images), f"{len(product.images)} image(s)"),
        item("producer_name", bool(owner.name), owner.name),
        item("producer_address", bool(owner.ward and owner.province),
             ", ".join(x for x in (owner.street, owner.ward, owner.province) if x)),
        item("product_code", True, f"GTIN {product.gtin}"),
        item("stages", bool(found), f"{sum(s.events for s in found)} event(s) in "
                                    f"{len(found)} stage(s)" if found else "no events"),
        item("location_codes", bool(found) and unlocated == 0,
             f"{unlocated} event(s) without a location" if unlocated else None),
        item("event_times", bool(found),
             f"{found[0].first_event_time.date()} to {found[-1].last_event_time.date()}"
             if found else None),
        # "Where any": a product with no brand has nothing to show here.
        item("brand", True if brand else None, brand or "none declared"),
        item("expiry", expiry, expiry_detail),
        item("standards", bool(product.standards), "; ".join(product.standards) or None),
    ]
    present = [i.item for i in items if i.status == "present"]
    missing = [i.item for i in items if i.status == "missing"]
    percent = round(100 * len(present) / (len(present) + len(missing)))
    return Completeness(gtin=product.gtin, name=product.name, percent=percent, present=present,
                        missing=missing, items=items, stages=found)
