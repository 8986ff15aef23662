-- Course content (learning core): sections holding items, files attached to
-- lessons, who teaches each course, and what each learner has done.

ALTER TABLE courses ADD COLUMN school_year TEXT NOT NULL DEFAULT '';

CREATE TABLE course_sections (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  course_id BIGINT NOT NULL REFERENCES courses (id),
  title TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX course_sections_course ON course_sections (tenant_id, course_id, position);

CREATE TABLE course_items (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  course_id BIGINT NOT NULL REFERENCES courses (id),
  section_id BIGINT NOT NULL REFERENCES course_sections (id),
  kind TEXT NOT NULL,                    -- lesson, file, link, homework
  title TEXT NOT NULL,
  body_md TEXT NOT NULL DEFAULT '',      -- lesson text, or an introduction
  url TEXT NOT NULL DEFAULT '',          -- external link, or a resource given by address
  file_sha256 TEXT,                      -- file resource (PDF, audio, video...)
  file_name TEXT,
  file_type TEXT,
  file_size BIGINT,
  position INTEGER NOT NULL DEFAULT 0,
  published INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX course_items_course ON course_items (tenant_id, course_id, section_id, position);

-- images and files attached to a lesson, shown or linked from its text
CREATE TABLE course_item_files (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  item_id BIGINT NOT NULL REFERENCES course_items (id),
  sha256 TEXT NOT NULL,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX course_item_files_item ON course_item_files (tenant_id, item_id);

-- teachers (and advisors) of a course: who corrects its homework, answers
-- its messages, moderates its forum
CREATE TABLE course_staff (
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  course_id BIGINT NOT NULL REFERENCES courses (id),
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  role TEXT NOT NULL DEFAULT 'teacher',   -- teacher, advisor
  PRIMARY KEY (tenant_id, course_id, account_id)
);
CREATE INDEX course_staff_account ON course_staff (tenant_id, account_id);

-- items a learner marked done (or handed in), stored together per learner
CREATE TABLE item_progress (
  tenant_id BIGINT NOT NULL,
  learner_id BIGINT NOT NULL,
  course_id BIGINT NOT NULL,
  item_id BIGINT NOT NULL,
  done_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, learner_id, course_id, item_id)
) WITHOUT ROWID;
