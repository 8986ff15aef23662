-- Enrolment: a learner in a programme or in a course a la carte, its
-- history, its accommodations and its documents.

CREATE TABLE enrolments (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  learner_id BIGINT NOT NULL REFERENCES accounts (id),
  programme_id BIGINT REFERENCES programmes (id),
  course_id BIGINT REFERENCES courses (id),
  status TEXT NOT NULL,                 -- submitted, active, completed, cancelled, suspended
  applied_by BIGINT NOT NULL REFERENCES accounts (id),
  school_id BIGINT REFERENCES schools (id),
  price_cents BIGINT NOT NULL DEFAULT 0,
  extra_time_pct BIGINT NOT NULL DEFAULT 0,     -- more time on every deadline
  reduced_homework INTEGER NOT NULL DEFAULT 0,  -- lighter homework load
  spread_years BIGINT NOT NULL DEFAULT 1,       -- programme spread over N years
  accommodation_note TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK ((programme_id IS NULL AND course_id IS NOT NULL)
      OR (programme_id IS NOT NULL AND course_id IS NULL))
);
-- at most one live enrolment of a learner per programme and per course
CREATE UNIQUE INDEX enrolments_live_programme ON enrolments (tenant_id, learner_id, programme_id)
  WHERE programme_id IS NOT NULL AND status IN ('submitted', 'active', 'suspended');
CREATE UNIQUE INDEX enrolments_live_course ON enrolments (tenant_id, learner_id, course_id)
  WHERE course_id IS NOT NULL AND status IN ('submitted', 'active', 'suspended');
CREATE INDEX enrolments_learner ON enrolments (tenant_id, learner_id, id);
CREATE INDEX enrolments_status ON enrolments (tenant_id, status, id);
CREATE INDEX enrolments_school ON enrolments (tenant_id, school_id, id);

CREATE TABLE enrolment_events (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  enrolment_id BIGINT NOT NULL REFERENCES enrolments (id),
  from_status TEXT,
  to_status TEXT NOT NULL,
  actor_id BIGINT NOT NULL REFERENCES accounts (id),
  note TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL
);
CREATE INDEX enrolment_events_enrolment ON enrolment_events (tenant_id, enrolment_id, id);

CREATE TABLE enrolment_documents (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  enrolment_id BIGINT NOT NULL REFERENCES enrolments (id),
  requirement_id BIGINT NOT NULL REFERENCES programme_requirements (id),
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending', -- pending, accepted, rejected
  uploaded_by BIGINT NOT NULL REFERENCES accounts (id),
  uploaded_at BIGINT NOT NULL,
  reviewed_by BIGINT REFERENCES accounts (id),
  reviewed_at BIGINT,
  review_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX enrolment_documents_enrolment ON enrolment_documents (tenant_id, enrolment_id);
CREATE INDEX enrolment_documents_status ON enrolment_documents (tenant_id, status, id);
