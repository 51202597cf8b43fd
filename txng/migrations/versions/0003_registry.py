"""Registry: parties, company prefixes, locations, products, lots, certificates

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 18:00:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('party',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('trade_name', sa.String(length=300), nullable=True),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('sector', sa.String(length=16), nullable=True),
    sa.Column('mst', sa.String(length=14), nullable=True),
    sa.Column('gln', sa.String(length=13), nullable=True),
    sa.Column('street', sa.String(length=300), nullable=True),
    sa.Column('ward', sa.String(length=100), nullable=False),
    sa.Column('ward_code', sa.String(length=10), nullable=False),
    sa.Column('province', sa.String(length=100), nullable=False),
    sa.Column('province_code', sa.String(length=4), nullable=False),
    sa.Column('address_as_given', sa.String(length=500), nullable=True),
    sa.Column('contacts', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party')),
    sa.UniqueConstraint('gln', name=op.f('uq_party_gln')),
    sa.UniqueConstraint('mst', name=op.f('uq_party_mst'))
    )
    with op.batch_alter_table('party', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_party_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_sector'), ['sector'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_ward'), ['ward'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_ward_code'), ['ward_code'], unique=False)

    op.create_table('company_prefix',
    sa.Column('prefix', sa.String(length=12), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['party_id'], ['party.id'], name=op.f('fk_company_prefix_party_id_party'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('prefix', name=op.f('pk_company_prefix'))
    )
    with op.batch_alter_table('company_prefix', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_company_prefix_party_id'), ['party_id'], unique=False)

    op.create_table('location',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=True),
    sa.Column('gln', sa.String(length=13), nullable=False),
    sa.Column('extension', sa.String(length=20), nullable=True),
    sa.Column('sgln', sa.String(length=100), nullable=False),
    sa.Column('canonical', sa.String(length=120), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('area_code', sa.String(length=64), nullable=True),
    sa.Column('street', sa.String(length=300), nullable=True),
    sa.Column('ward', sa.String(length=100), nullable=True),
    sa.Column('ward_code', sa.String(length=10), nullable=True),
    sa.Column('province', sa.String(length=100), nullable=True),
    sa.Column('province_code', sa.String(length=4), nullable=True),
    sa.Column('address_as_given', sa.String(length=500), nullable=True),
    sa.Column('latitude', sa.Double(), nullable=True),
    sa.Column('longitude', sa.Double(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['party.id'], name=op.f('fk_location_owner_id_party')),
    sa.ForeignKeyConstraint(['parent_id'], ['location.id'], name=op.f('fk_location_parent_id_location')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_location')),
    sa.UniqueConstraint('canonical', name=op.f('uq_location_canonical')),
    sa.UniqueConstraint('sgln', name=op.f('uq_location_sgln'))
    )
    with op.batch_alter_table('location', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_location_area_code'), ['area_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_location_gln'), ['gln'], unique=False)
        batch_op.create_index(batch_op.f('ix_location_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_location_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_location_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_location_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_location_ward'), ['ward'], unique=False)

    op.create_table('product',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('gtin14', sa.String(length=14), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('name_en', sa.String(length=300), nullable=True),
    sa.Column('category', sa.String(length=100), nullable=True),
    sa.Column('unit', sa.String(length=50), nullable=True),
    sa.Column('ocop_stars', sa.SmallInteger(), nullable=True),
    sa.Column('key_product', sa.Boolean(), nullable=False),
    sa.Column('brand', sa.String(length=200), nullable=True),
    sa.Column('trademark', sa.String(length=200), nullable=True),
    sa.Column('registration_number', sa.String(length=100), nullable=True),
    sa.Column('country_of_origin', sa.String(length=2), nullable=False),
    sa.Column('standards', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('images', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('expires', sa.Boolean(), nullable=True),
    sa.Column('shelf_life_days', sa.Integer(), nullable=True),
    sa.Column('expiry_note', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['party.id'], name=op.f('fk_product_owner_id_party')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product')),
    sa.UniqueConstraint('gtin14', name=op.f('uq_product_gtin14'))
    )
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_product_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_product_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_product_ocop_stars'), ['ocop_stars'], unique=False)
        batch_op.create_index(batch_op.f('ix_product_owner_id'), ['owner_id'], unique=False)

    op.create_table('certificate',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('location_id', sa.Integer(), nullable=True),
    sa.Column('issuer', sa.String(length=300), nullable=False),
    sa.Column('number', sa.String(length=100), nullable=False),
    sa.Column('scope', sa.String(length=500), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('file_ref', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_certificate_location_id_location')),
    sa.ForeignKeyConstraint(['party_id'], ['party.id'], name=op.f('fk_certificate_party_id_party')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_certificate_product_id_product')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate'))
    )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_party_id'), ['party_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_product_id'), ['product_id'], unique=False)

    op.create_table('lot',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('lot_number', sa.String(length=20), nullable=False),
    sa.Column('production_date', sa.Date(), nullable=True),
    sa.Column('expiry_date', sa.Date(), nullable=True),
    sa.Column('quantity', sa.Double(), nullable=True),
    sa.Column('unit', sa.String(length=20), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_lot_product_id_product')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lot')),
    sa.UniqueConstraint('product_id', 'lot_number', name=op.f('uq_lot_product_id_lot_number'))
    )
    with op.batch_alter_table('lot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lot_product_id'), ['product_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('lot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lot_product_id'))

    op.drop_table('lot')
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_product_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_party_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_location_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_kind'))

    op.drop_table('certificate')
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_product_owner_id'))
        batch_op.drop_index(batch_op.f('ix_product_ocop_stars'))
        batch_op.drop_index(batch_op.f('ix_product_name'))
        batch_op.drop_index(batch_op.f('ix_product_category'))

    op.drop_table('product')
    with op.batch_alter_table('location', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_location_ward'))
        batch_op.drop_index(batch_op.f('ix_location_parent_id'))
        batch_op.drop_index(batch_op.f('ix_location_owner_id'))
        batch_op.drop_index(batch_op.f('ix_location_name'))
        batch_op.drop_index(batch_op.f('ix_location_kind'))
        batch_op.drop_index(batch_op.f('ix_location_gln'))
        batch_op.drop_index(batch_op.f('ix_location_area_code'))

    op.drop_table('location')
    with op.batch_alter_table('company_prefix', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_company_prefix_party_id'))

    op.drop_table('company_prefix')
    with op.batch_alter_table('party', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_party_ward_code'))
        batch_op.drop_index(batch_op.f('ix_party_ward'))
        batch_op.drop_index(batch_op.f('ix_party_status'))
        batch_op.drop_index(batch_op.f('ix_party_sector'))
        batch_op.drop_index(batch_op.f('ix_party_name'))
        batch_op.drop_index(batch_op.f('ix_party_kind'))

    op.drop_table('party')
