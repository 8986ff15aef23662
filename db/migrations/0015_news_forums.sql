-- News and forums (learning core): announcements for a tenant, a unit or a
-- course; a forum per course with threads, posts the staff may hide, and
-- the reports learners make about posts.

CREATE TABLE news (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  scope TEXT NOT NULL,                  -- tenant, unit, course
  unit_id BIGINT REFERENCES units (id),
  course_id BIGINT REFERENCES courses (id),
  title TEXT NOT NULL,
  body_md TEXT NOT NULL DEFAULT '',
  author_id BIGINT NOT NULL REFERENCES accounts (id),
  published_at BIGINT NOT NULL
);
CREATE INDEX news_tenant ON news (tenant_id, published_at);
CREATE INDEX news_course ON news (tenant_id, course_id, published_at);
CREATE INDEX news_unit ON news (tenant_id, unit_id, published_at);

CREATE TABLE forum_threads (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  course_id BIGINT NOT NULL REFERENCES courses (id),
  title TEXT NOT NULL,
  author_id BIGINT NOT NULL REFERENCES accounts (id),
  created_at BIGINT NOT NULL,
  last_post_at BIGINT NOT NULL,
  posts BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX forum_threads_course ON forum_threads (tenant_id, course_id, last_post_at);

CREATE TABLE forum_posts (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  course_id BIGINT NOT NULL REFERENCES courses (id),
  thread_id BIGINT NOT NULL REFERENCES forum_threads (id),
  author_id BIGINT NOT NULL REFERENCES accounts (id),
  body_md TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  hidden_at BIGINT,                     -- hidden by the staff: others see a placeholder
  hidden_by BIGINT REFERENCES accounts (id)
);
CREATE INDEX forum_posts_thread ON forum_posts (tenant_id, thread_id, id);

CREATE TABLE forum_reports (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  course_id BIGINT NOT NULL REFERENCES courses (id),
  post_id BIGINT NOT NULL REFERENCES forum_posts (id),
  reporter_id BIGINT NOT NULL REFERENCES accounts (id),
  reason TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  resolved_at BIGINT,
  resolved_by BIGINT REFERENCES accounts (id),
  UNIQUE (tenant_id, post_id, reporter_id)
);
CREATE INDEX forum_reports_course ON forum_reports (tenant_id, course_id, resolved_at, id);
