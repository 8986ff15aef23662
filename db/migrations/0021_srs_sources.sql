-- Cards made from a question of the question bank (src/srs/import.c)
-- remember it, so that turning a category into cards again adds only the
-- questions not turned yet.
ALTER TABLE srs_notes ADD COLUMN source_id BIGINT NOT NULL DEFAULT 0;
CREATE INDEX srs_notes_source ON srs_notes (tenant_id, deck_id, source_id);
