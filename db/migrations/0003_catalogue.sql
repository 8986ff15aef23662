-- Catalogue: programmes (formations), courses, which courses a programme
-- holds, and the documents a programme requires at enrolment.

CREATE TABLE programmes (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  unit_id BIGINT REFERENCES units (id),
  code TEXT NOT NULL,
  title TEXT NOT NULL,
  level TEXT NOT NULL,                  -- ps .. terminale, postbac, adult
  public TEXT NOT NULL,                 -- regulated, free, funded
  duration_months BIGINT NOT NULL DEFAULT 0,
  duration_hours BIGINT NOT NULL DEFAULT 0,
  price_cents BIGINT NOT NULL DEFAULT 0,
  summary TEXT NOT NULL DEFAULT '',
  description_md TEXT NOT NULL DEFAULT '',
  published INTEGER NOT NULL DEFAULT 1,
  search_text TEXT NOT NULL DEFAULT '', -- folded title, code, summary, description
  sort_key TEXT NOT NULL DEFAULT '',    -- folded title
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (tenant_id, code)
);
CREATE INDEX programmes_list ON programmes (tenant_id, published, sort_key);

CREATE TABLE courses (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  unit_id BIGINT REFERENCES units (id),
  code TEXT NOT NULL,
  title TEXT NOT NULL,
  level TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  description_md TEXT NOT NULL DEFAULT '',
  a_la_carte INTEGER NOT NULL DEFAULT 0, -- sold alone to schools
  price_cents BIGINT NOT NULL DEFAULT 0, -- price when sold alone
  published INTEGER NOT NULL DEFAULT 1,
  search_text TEXT NOT NULL DEFAULT '',
  sort_key TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (tenant_id, code)
);
CREATE INDEX courses_list ON courses (tenant_id, published, sort_key);

CREATE TABLE programme_courses (
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  programme_id BIGINT NOT NULL REFERENCES programmes (id),
  course_id BIGINT NOT NULL REFERENCES courses (id),
  position INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, programme_id, course_id)
);
CREATE INDEX programme_courses_course ON programme_courses (tenant_id, course_id);

CREATE TABLE programme_requirements (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  programme_id BIGINT NOT NULL REFERENCES programmes (id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX programme_requirements_programme ON programme_requirements (tenant_id, programme_id);
