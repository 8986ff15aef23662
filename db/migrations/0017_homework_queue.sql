-- Correction queues: one row per copy waiting for its correction, stored
-- together per teacher in hand-in order, with what a queue shows (names and
-- titles as they were at hand-in), so that a teacher's queue page reads a
-- few neighbouring rows and nothing else. Rows come and go with the copies
-- (src/homework/): added at hand-in, moved when a copy is replaced or
-- reassigned, removed when it is returned.

CREATE TABLE correction_queue (
  tenant_id BIGINT NOT NULL,
  teacher_id BIGINT NOT NULL,               -- 0: given to nobody yet
  submitted_at BIGINT NOT NULL,
  submission_id BIGINT NOT NULL,
  item_id BIGINT NOT NULL,
  course_id BIGINT NOT NULL,
  learner_id BIGINT NOT NULL,
  learner_name TEXT NOT NULL,
  title TEXT NOT NULL,
  course_title TEXT NOT NULL,
  late INTEGER NOT NULL DEFAULT 0,
  started_at BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, teacher_id, submitted_at, submission_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX correction_queue_submission ON correction_queue (tenant_id, submission_id);

INSERT INTO correction_queue (tenant_id, teacher_id, submitted_at, submission_id, item_id,
  course_id, learner_id, learner_name, title, course_title, late, started_at)
SELECT s.tenant_id, COALESCE(s.teacher_id, 0), s.submitted_at, s.id, s.item_id, s.course_id,
  s.learner_id, l.given_name || ' ' || l.family_name, i.title, c.title, s.late, s.started_at
FROM submissions s
JOIN accounts l ON l.tenant_id = s.tenant_id AND l.id = s.learner_id
JOIN course_items i ON i.tenant_id = s.tenant_id AND i.id = s.item_id
JOIN courses c ON c.tenant_id = s.tenant_id AND c.id = s.course_id
WHERE s.returned_at = 0;

-- a learner's copies in one range, with what their homework list shows
CREATE INDEX submissions_learner_list ON submissions (tenant_id, learner_id, item_id, id, version,
  submitted_at, late, started_at, returned_at, grade, max_grade);
DROP INDEX submissions_learner;

-- assignment settings stored by key (read for every line of a learner's list)
CREATE TABLE assignments_by_item (
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  item_id BIGINT NOT NULL REFERENCES course_items (id) ON DELETE CASCADE,
  course_id BIGINT NOT NULL,
  instructions_md TEXT NOT NULL DEFAULT '',
  opens_at BIGINT NOT NULL,
  due_at BIGINT NOT NULL DEFAULT 0,
  max_grade BIGINT NOT NULL DEFAULT 2000,
  weight BIGINT NOT NULL DEFAULT 100,
  accepts_file INTEGER NOT NULL DEFAULT 1,
  accepts_text INTEGER NOT NULL DEFAULT 0,
  file_types BIGINT NOT NULL DEFAULT 31,
  late_policy TEXT NOT NULL DEFAULT 'flag',
  cutoff_at BIGINT NOT NULL DEFAULT 0,
  resubmit INTEGER NOT NULL DEFAULT 1,
  updated_by BIGINT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, item_id)
) WITHOUT ROWID;
INSERT INTO assignments_by_item SELECT tenant_id, item_id, course_id, instructions_md, opens_at,
  due_at, max_grade, weight, accepts_file, accepts_text, file_types, late_policy, cutoff_at,
  resubmit, updated_by, updated_at FROM assignments;
DROP TABLE assignments;
ALTER TABLE assignments_by_item RENAME TO assignments;
CREATE INDEX assignments_course_items ON assignments (tenant_id, course_id, item_id);
