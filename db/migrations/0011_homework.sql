-- Homework (learning core): the settings of each homework item of a course
-- (an assignment IS a course item of kind 'homework', under the same id),
-- the learners' copies with their allocation to a teacher, correction and
-- return, and every version handed in (what each receipt certified).

CREATE TABLE assignments (
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  item_id BIGINT NOT NULL REFERENCES course_items (id) ON DELETE CASCADE,
  course_id BIGINT NOT NULL,
  instructions_md TEXT NOT NULL DEFAULT '',
  opens_at BIGINT NOT NULL,                 -- work starts; extra time is a share of opens_at..due_at
  due_at BIGINT NOT NULL DEFAULT 0,         -- 0: no due date
  max_grade BIGINT NOT NULL DEFAULT 2000,   -- hundredths of a point: 2000 is /20
  weight BIGINT NOT NULL DEFAULT 100,       -- hundredths: 100 is a coefficient of 1
  accepts_file INTEGER NOT NULL DEFAULT 1,
  accepts_text INTEGER NOT NULL DEFAULT 0,
  file_types BIGINT NOT NULL DEFAULT 31,    -- bits: 1 PDF, 2 JPEG, 4 PNG, 8 ODT, 16 DOCX
  late_policy TEXT NOT NULL DEFAULT 'flag', -- accept, flag, refuse
  cutoff_at BIGINT NOT NULL DEFAULT 0,      -- 'refuse': nothing after it (0: the due date)
  resubmit INTEGER NOT NULL DEFAULT 1,      -- the copy may be replaced until correction starts
  updated_by BIGINT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, item_id)
);
CREATE INDEX assignments_course ON assignments (tenant_id, course_id, item_id);

-- one current copy per learner and assignment: a double click on "hand in"
-- meets the unique index, and a replacement updates the row (version + 1)
CREATE TABLE submissions (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  item_id BIGINT NOT NULL REFERENCES course_items (id),
  course_id BIGINT NOT NULL,
  learner_id BIGINT NOT NULL REFERENCES accounts (id),
  version BIGINT NOT NULL DEFAULT 1,
  sha256 TEXT NOT NULL,                     -- of the file, or of the text without a file
  file_sha256 TEXT,
  file_name TEXT,
  file_type TEXT,
  file_size BIGINT NOT NULL DEFAULT 0,
  text_answer TEXT NOT NULL DEFAULT '',
  submitted_at BIGINT NOT NULL,             -- hand-in of the current version
  due_at BIGINT NOT NULL DEFAULT 0,         -- the learner's own due date then
  late INTEGER NOT NULL DEFAULT 0,
  teacher_id BIGINT,                        -- allocated teacher; NULL: nobody yet
  allocated_at BIGINT NOT NULL DEFAULT 0,
  started_at BIGINT NOT NULL DEFAULT 0,     -- correction started: no replacing from then
  returned_at BIGINT NOT NULL DEFAULT 0,    -- 0 while the copy waits for its correction
  turnaround BIGINT NOT NULL DEFAULT 0,     -- returned_at - submitted_at, seconds
  grade BIGINT,                             -- hundredths; NULL: none yet
  max_grade BIGINT NOT NULL DEFAULT 2000,
  feedback_md TEXT NOT NULL DEFAULT '',
  annotated_sha256 TEXT,
  annotated_name TEXT,
  annotated_type TEXT,
  annotated_size BIGINT NOT NULL DEFAULT 0,
  corrected_by BIGINT
);
CREATE UNIQUE INDEX submissions_one ON submissions (tenant_id, item_id, learner_id);
CREATE INDEX submissions_learner ON submissions (tenant_id, learner_id, item_id);
-- a teacher's queue, oldest first, and their turnaround over a period
CREATE INDEX submissions_queue ON submissions (tenant_id, teacher_id, returned_at, submitted_at, id);
-- per course: pending copies and turnaround over a period
CREATE INDEX submissions_course ON submissions (tenant_id, course_id, returned_at, submitted_at);
-- the whole organisation: copies waiting too long, turnaround over a period
CREATE INDEX submissions_age ON submissions (tenant_id, returned_at, submitted_at, course_id, teacher_id);

CREATE TABLE submission_versions (
  tenant_id BIGINT NOT NULL,
  submission_id BIGINT NOT NULL REFERENCES submissions (id),
  version BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  file_sha256 TEXT,
  file_name TEXT,
  file_type TEXT,
  file_size BIGINT NOT NULL DEFAULT 0,
  text_answer TEXT NOT NULL DEFAULT '',
  submitted_at BIGINT NOT NULL,
  late INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, submission_id, version)
) WITHOUT ROWID;
