"""EPCIS repository: events, EPC index, lineage, capture jobs, master data

Revision ID: 0001
Revises: 
Create Date: 2026-12-04 13:05:46.035117
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('capture_job',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('media_type', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('event_count', sa.Integer(), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=True),
    sa.Column('problem', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('payload', sa.LargeBinary(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_capture_job'))
    )
    with op.batch_alter_table('capture_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_capture_job_state'), ['state'], unique=False)

    op.create_table('vocabulary_element',
    sa.Column('vocabulary_type', sa.String(length=200), nullable=False),
    sa.Column('element_id', sa.String(length=512), nullable=False),
    sa.Column('attributes', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('children', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('vocabulary_type', 'element_id', name=op.f('pk_vocabulary_element'))
    )
    op.create_table('epcis_event',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.String(length=512), nullable=False),
    sa.Column('declaration_time', sa.DateTime(timezone=True), nullable=True),
    sa.Column('event_hash', sa.String(length=100), nullable=False),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=8), nullable=True),
    sa.Column('event_time', sa.DateTime(timezone=True), nullable=False),
    sa.Column('record_time', sa.DateTime(timezone=True), nullable=False),
    sa.Column('biz_step', sa.String(length=512), nullable=True),
    sa.Column('disposition', sa.String(length=512), nullable=True),
    sa.Column('read_point', sa.String(length=512), nullable=True),
    sa.Column('biz_location', sa.String(length=512), nullable=True),
    sa.Column('parent_id', sa.String(length=512), nullable=True),
    sa.Column('transformation_id', sa.String(length=512), nullable=True),
    sa.Column('capture_job_id', sa.String(length=36), nullable=False),
    sa.Column('document', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['capture_job_id'], ['capture_job.id'], name=op.f('fk_epcis_event_capture_job_id_capture_job')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_epcis_event'))
    )
    with op.batch_alter_table('epcis_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_epcis_event_biz_location'), ['biz_location'], unique=False)
        batch_op.create_index(batch_op.f('ix_epcis_event_biz_step'), ['biz_step'], unique=False)
        batch_op.create_index(batch_op.f('ix_epcis_event_capture_job_id'), ['capture_job_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_epcis_event_disposition'), ['disposition'], unique=False)
        batch_op.create_index(batch_op.f('ix_epcis_event_event_hash'), ['event_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_epcis_event_event_time'), ['event_time'], unique=False)
        batch_op.create_index(batch_op.f('ix_epcis_event_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_epcis_event_read_point'), ['read_point'], unique=False)
        batch_op.create_index(batch_op.f('ix_epcis_event_record_time'), ['record_time'], unique=False)
        batch_op.create_index(batch_op.f('ix_epcis_event_transformation_id'), ['transformation_id'], unique=False)
        batch_op.create_index('ix_epcis_event_type_event_time', ['type', 'event_time'], unique=False)
        batch_op.create_index(batch_op.f('ix_epcis_event_event_id'), ['event_id'], unique=False)
        batch_op.create_index('uq_epcis_event_event_id_original', ['event_id'], unique=True,
                              sqlite_where=sa.text('declaration_time IS NULL'),
                              postgresql_where=sa.text('declaration_time IS NULL'))

    op.create_table('epcis_event_epc',
    sa.Column('event_pk', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('epc', sa.String(length=512), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['event_pk'], ['epcis_event.id'], name=op.f('fk_epcis_event_epc_event_pk_epcis_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_pk', 'epc', 'role', name=op.f('pk_epcis_event_epc'))
    )
    with op.batch_alter_table('epcis_event_epc', schema=None) as batch_op:
        batch_op.create_index('ix_epcis_event_epc_epc_role', ['epc', 'role'], unique=False)

    op.create_table('lineage_edge',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('source', sa.String(length=512), nullable=False),
    sa.Column('target', sa.String(length=512), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('event_pk', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['event_pk'], ['epcis_event.id'], name=op.f('fk_lineage_edge_event_pk_epcis_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lineage_edge'))
    )
    with op.batch_alter_table('lineage_edge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lineage_edge_event_pk'), ['event_pk'], unique=False)
        batch_op.create_index(batch_op.f('ix_lineage_edge_source'), ['source'], unique=False)
        batch_op.create_index(batch_op.f('ix_lineage_edge_target'), ['target'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('lineage_edge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lineage_edge_target'))
        batch_op.drop_index(batch_op.f('ix_lineage_edge_source'))
        batch_op.drop_index(batch_op.f('ix_lineage_edge_event_pk'))

    op.drop_table('lineage_edge')
    with op.batch_alter_table('epcis_event_epc', schema=None) as batch_op:
        batch_op.drop_index('ix_epcis_event_epc_epc_role')

    op.drop_table('epcis_event_epc')
    with op.batch_alter_table('epcis_event', schema=None) as batch_op:
        batch_op.drop_index('uq_epcis_event_event_id_original')
        batch_op.drop_index(batch_op.f('ix_epcis_event_event_id'))
        batch_op.drop_index('ix_epcis_event_type_event_time')
        batch_op.drop_index(batch_op.f('ix_epcis_event_transformation_id'))
        batch_op.drop_index(batch_op.f('ix_epcis_event_record_time'))
        batch_op.drop_index(batch_op.f('ix_epcis_event_read_point'))
        batch_op.drop_index(batch_op.f('ix_epcis_event_parent_id'))
        batch_op.drop_index(batch_op.f('ix_epcis_event_event_time'))
        batch_op.drop_index(batch_op.f('ix_epcis_event_event_hash'))
        batch_op.drop_index(batch_op.f('ix_epcis_event_disposition'))
        batch_op.drop_index(batch_op.f('ix_epcis_event_capture_job_id'))
        batch_op.drop_index(batch_op.f('ix_epcis_event_biz_step'))
        batch_op.drop_index(batch_op.f('ix_epcis_event_biz_location'))

    op.drop_table('epcis_event')
    op.drop_table('vocabulary_element')
    with op.batch_alter_table('capture_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_capture_job_state'))

    op.drop_table('capture_job')
