-- Agenda (learning core): virtual-class slots of a course, events of the
-- school year (tenant-wide or for one unit), and the secret address of
-- each person's iCalendar feed (only its hash is kept).

CREATE TABLE virtual_classes (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  course_id BIGINT NOT NULL REFERENCES courses (id),
  title TEXT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  url TEXT NOT NULL,                    -- where to join (https://...)
  created_by BIGINT NOT NULL REFERENCES accounts (id),
  created_at BIGINT NOT NULL
);
CREATE INDEX virtual_classes_course ON virtual_classes (tenant_id, course_id, starts_at);

CREATE TABLE school_events (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  unit_id BIGINT REFERENCES units (id),  -- NULL: the whole tenant
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  all_day INTEGER NOT NULL DEFAULT 0,   -- whole days, local time
  created_by BIGINT NOT NULL REFERENCES accounts (id),
  created_at BIGINT NOT NULL
);
CREATE INDEX school_events_time ON school_events (tenant_id, starts_at);

CREATE TABLE agenda_feeds (
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  token_hash TEXT NOT NULL UNIQUE,      -- SHA-256 of the secret in the feed's address
  created_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, account_id)
);
