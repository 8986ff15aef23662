-- Counting a teacher's copies waiting (the queue page, the dashboard, the
-- allocation of each new copy) reads this narrow index, not the queue's
-- rows with their names.
CREATE INDEX correction_queue_count ON correction_queue (tenant_id, teacher_id);
