-- Certification exams on the road-safety model (issue 4): exams defined by
-- the organisation, partner schools registered for them, their candidates
-- (pupils without an account), sessions with their classes, one attempt
-- per candidate and session with every answer, and statistics kept up to
-- date when an attempt ends (per school, summed per academy).

CREATE TABLE exams (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  code TEXT NOT NULL,
  title TEXT NOT NULL,
  question_count BIGINT NOT NULL,
  time_limit BIGINT NOT NULL,                -- seconds
  pass_pct BIGINT NOT NULL,                  -- share of the points needed, in percent
  categories TEXT NOT NULL,                  -- question category ids, comma-separated
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX exams_code ON exams (tenant_id, code);

CREATE TABLE exam_schools (
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  school_id BIGINT NOT NULL REFERENCES schools (id),
  academy TEXT NOT NULL,                     -- copied from the school, for statistics
  contact_name TEXT NOT NULL,
  contact_email TEXT NOT NULL DEFAULT '',
  registered_by BIGINT,
  registered_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, school_id)
) WITHOUT ROWID;
CREATE INDEX exam_schools_academy ON exam_schools (tenant_id, academy, school_id);

CREATE TABLE exam_candidates (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  school_id BIGINT NOT NULL,
  class_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  given_name TEXT NOT NULL,
  birth_date TEXT NOT NULL DEFAULT '',       -- AAAA-MM-JJ
  sort_key TEXT NOT NULL,                    -- text_fold("family given")
  code TEXT NOT NULL,                        -- personal code, typed by the pupil
  extra_time_pct BIGINT NOT NULL DEFAULT 0,  -- accommodation: more time, in percent
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX exam_candidates_code ON exam_candidates (tenant_id, school_id, code);
CREATE INDEX exam_candidates_class ON exam_candidates (tenant_id, school_id, class_name, sort_key);
-- the same pupil in a class list imported again
CREATE INDEX exam_candidates_name ON exam_candidates (tenant_id, school_id, sort_key, birth_date);

CREATE TABLE exam_sessions (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  school_id BIGINT NOT NULL,
  exam_id BIGINT NOT NULL REFERENCES exams (id),
  code TEXT NOT NULL,                        -- session code, typed by the pupils
  title TEXT NOT NULL,
  opens_at BIGINT NOT NULL,
  closes_at BIGINT NOT NULL,
  supervisors TEXT NOT NULL DEFAULT '',      -- one name per line
  resit INTEGER NOT NULL DEFAULT 0,          -- only candidates who have not passed yet
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX exam_sessions_code ON exam_sessions (tenant_id, code);
CREATE INDEX exam_sessions_school ON exam_sessions (tenant_id, school_id, opens_at);

CREATE TABLE exam_session_classes (
  tenant_id BIGINT NOT NULL,
  session_id BIGINT NOT NULL,
  class_name TEXT NOT NULL,
  PRIMARY KEY (tenant_id, session_id, class_name)
) WITHOUT ROWID;

CREATE TABLE exam_attempts (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  session_id BIGINT NOT NULL,
  school_id BIGINT NOT NULL,
  exam_id BIGINT NOT NULL,
  candidate_id BIGINT NOT NULL,
  token_hash TEXT NOT NULL,                  -- SHA-256 of the attempt's secret
  questions TEXT NOT NULL,
  seed BIGINT NOT NULL,
  started_at BIGINT NOT NULL,
  deadline_at BIGINT NOT NULL,
  finished_at BIGINT NOT NULL DEFAULT 0,     -- 0: still running (or expired, not closed yet)
  score BIGINT NOT NULL DEFAULT 0,           -- ten-thousandths of a point, one per question
  max_score BIGINT NOT NULL,
  pass_pct BIGINT NOT NULL,
  passed INTEGER NOT NULL DEFAULT 0,
  verify_code TEXT                           -- certificate's public code, when passed
);
CREATE UNIQUE INDEX exam_attempts_one ON exam_attempts (tenant_id, session_id, candidate_id);
CREATE INDEX exam_attempts_candidate ON exam_attempts (tenant_id, candidate_id, exam_id, passed);
CREATE UNIQUE INDEX exam_attempts_verify ON exam_attempts (verify_code);

CREATE TABLE exam_answers (
  tenant_id BIGINT NOT NULL,
  attempt_id BIGINT NOT NULL,
  question_id BIGINT NOT NULL,
  response TEXT NOT NULL,
  credit BIGINT NOT NULL,                    -- ten-thousandths of a point
  answered_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, attempt_id, question_id)
) WITHOUT ROWID;

-- wrong codes typed at the entrance, counted per session code and address
CREATE TABLE exam_entry_failures (
  tenant_id BIGINT NOT NULL,
  entry_key TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX exam_entry_failures_key ON exam_entry_failures (tenant_id, entry_key, at);

CREATE TABLE exam_stats_school (
  tenant_id BIGINT NOT NULL,
  exam_id BIGINT NOT NULL,
  academy TEXT NOT NULL,
  school_id BIGINT NOT NULL,
  candidates BIGINT NOT NULL DEFAULT 0,      -- who sat at least once
  passed BIGINT NOT NULL DEFAULT 0,          -- who passed (once)
  attempts BIGINT NOT NULL DEFAULT 0,
  score_sum BIGINT NOT NULL DEFAULT 0,       -- ten-thousandths of a point
  max_sum BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, exam_id, academy, school_id)
) WITHOUT ROWID;
CREATE INDEX exam_stats_school_by_school ON exam_stats_school (tenant_id, school_id, exam_id);

CREATE TABLE exam_stats_question (
  tenant_id BIGINT NOT NULL,
  exam_id BIGINT NOT NULL,
  academy TEXT NOT NULL,
  school_id BIGINT NOT NULL,
  question_id BIGINT NOT NULL,
  answers BIGINT NOT NULL DEFAULT 0,         -- times drawn in a finished attempt
  credit_sum BIGINT NOT NULL DEFAULT 0,      -- ten-thousandths of a point
  PRIMARY KEY (tenant_id, exam_id, academy, school_id, question_id)
) WITHOUT ROWID;
