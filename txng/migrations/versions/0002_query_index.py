"""Query index (owner, supersession and error reason of events, quantities, typed
values), named queries and subscriptions

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04 17:30:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
Document = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade() -> None:
    with op.batch_alter_table('epcis_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('error_reason', sa.String(length=512), nullable=True))
        batch_op.add_column(sa.Column('superseded', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('owner', sa.String(length=200), nullable=True))
        batch_op.create_index(batch_op.f('ix_epcis_event_owner'), ['owner'], unique=False)
    with op.batch_alter_table('epcis_event_epc', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quantity', sa.Float(), nullable=True))
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE epcis_event_epc ALTER COLUMN epc TYPE varchar(512) COLLATE "C"')
    op.create_table('epcis_event_value',
    sa.Column('id', Id, autoincrement=True, nullable=False),
    sa.Column('event_pk', Id, nullable=False),
    sa.Column('field', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=512), nullable=False),
    sa.Column('value', sa.String(length=1024), nullable=True),
    sa.Column('number', sa.Float(), nullable=True),
    sa.Column('moment', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_pk'], ['epcis_event.id'],
                            name=op.f('fk_epcis_event_value_event_pk_epcis_event'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_epcis_event_value'))
    )
    with op.batch_alter_table('epcis_event_value', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_epcis_event_value_event_pk'), ['event_pk'])
        batch_op.create_index('ix_epcis_event_value_field_name_value', ['field', 'name', 'value'])
        batch_op.create_index('ix_epcis_event_value_field_name_number',
                              ['field', 'name', 'number'])
        batch_op.create_index('ix_epcis_event_value_field_name_moment',
                              ['field', 'name', 'moment'])
    op.create_table('epcis_named_query',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('query', Document, nullable=False),
    sa.Column('namespaces', Document, nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_epcis_named_query'))
    )
    op.create_table('epcis_subscription',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('query_name', sa.String(length=100), nullable=False),
    sa.Column('dest', sa.String(length=2000), nullable=True),
    sa.Column('signature_token', sa.String(length=500), nullable=True),
    sa.Column('stream', sa.Boolean(), nullable=False),
    sa.Column('schedule', Document, nullable=True),
    sa.Column('report_if_empty', sa.Boolean(), nullable=False),
    sa.Column('viewer_party', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_event_pk', Id, nullable=False),
    sa.Column('last_notified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('next_run_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=2000), nullable=True),
    sa.ForeignKeyConstraint(['query_name'], ['epcis_named_query.name'],
                            name=op.f('fk_epcis_subscription_query_name_epcis_named_query'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_epcis_subscription'))
    )
    with op.batch_alter_table('epcis_subscription', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_epcis_subscription_next_run_at'), ['next_run_at'])
        batch_op.create_index(batch_op.f('ix_epcis_subscription_query_name'), ['query_name'])


def downgrade() -> None:
    op.drop_table('epcis_subscription')
    op.drop_table('epcis_named_query')
    op.drop_table('epcis_event_value')
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE epcis_event_epc ALTER COLUMN epc TYPE varchar(512)')
    with op.batch_alter_table('epcis_event_epc', schema=None) as batch_op:
        batch_op.drop_column('quantity')
    with op.batch_alter_table('epcis_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_epcis_event_owner'))
        batch_op.drop_column('owner')
        batch_op.drop_column('superseded')
        batch_op.drop_column('error_reason')
