-- Grades: the columns of each course's gradebook (one per graded thing:
-- a homework assignment today, quizzes and exams later) and the learners'
-- grades, stored together per learner for their own view.

CREATE TABLE grade_items (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  course_id BIGINT NOT NULL REFERENCES courses (id),
  source TEXT NOT NULL,                     -- 'homework'
  source_id BIGINT NOT NULL,                -- the homework item
  title TEXT NOT NULL,
  max_grade BIGINT NOT NULL DEFAULT 2000,   -- hundredths
  weight BIGINT NOT NULL DEFAULT 100,       -- hundredths: 100 is a coefficient of 1
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX grade_items_source ON grade_items (tenant_id, source, source_id);
CREATE INDEX grade_items_course ON grade_items (tenant_id, course_id, id);

CREATE TABLE grades (
  tenant_id BIGINT NOT NULL,
  learner_id BIGINT NOT NULL,
  course_id BIGINT NOT NULL,
  grade_item_id BIGINT NOT NULL REFERENCES grade_items (id),
  grade BIGINT NOT NULL,                    -- hundredths, out of max_grade
  max_grade BIGINT NOT NULL,
  link TEXT NOT NULL DEFAULT '',            -- where the learner sees the correction
  graded_by BIGINT,
  graded_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, learner_id, course_id, grade_item_id)
) WITHOUT ROWID;
CREATE INDEX grades_item ON grades (tenant_id, course_id, grade_item_id);
CREATE INDEX grades_recent ON grades (tenant_id, learner_id, graded_at);
