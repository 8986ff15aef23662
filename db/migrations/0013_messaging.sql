-- Messages (learning core): threads between a learner (or a guardian) and
-- the staff of a course, optionally about one homework copy; their
-- messages and attachments; who takes part and what they have not read;
-- and who is waiting for the batched mail about unread messages.

CREATE TABLE message_threads (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  course_id BIGINT NOT NULL REFERENCES courses (id),
  learner_id BIGINT NOT NULL REFERENCES accounts (id), -- the learner it is about
  subject TEXT NOT NULL,
  submission_id BIGINT,                 -- a homework copy it is about; homework links it
  created_by BIGINT NOT NULL REFERENCES accounts (id),
  created_at BIGINT NOT NULL,
  last_message_at BIGINT NOT NULL,
  messages BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX message_threads_submission ON message_threads (tenant_id, submission_id);

-- One row per person taking part, stored together per person: a person's
-- list of threads and their unread count are one range of the key.
CREATE TABLE message_participants (
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  thread_id BIGINT NOT NULL REFERENCES message_threads (id),
  role TEXT NOT NULL,                   -- learner, guardian, staff
  last_message_at BIGINT NOT NULL,      -- the thread's, to list by activity
  unread BIGINT NOT NULL DEFAULT 0,     -- messages of others not read yet
  last_read_id BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, account_id, thread_id)
) WITHOUT ROWID;
CREATE INDEX message_participants_thread ON message_participants (tenant_id, thread_id);
CREATE INDEX message_participants_recent ON message_participants (tenant_id, account_id, last_message_at);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  thread_id BIGINT NOT NULL REFERENCES message_threads (id),
  author_id BIGINT NOT NULL REFERENCES accounts (id),
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX messages_thread ON messages (tenant_id, thread_id, id);

CREATE TABLE message_attachments (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  thread_id BIGINT NOT NULL REFERENCES message_threads (id),
  message_id BIGINT NOT NULL REFERENCES messages (id),
  sha256 TEXT NOT NULL,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX message_attachments_thread ON message_attachments (tenant_id, thread_id, message_id);

-- A person with unread messages and a mail job queued for them: the first
-- unread message queues the job, later ones find the row and add nothing.
CREATE TABLE message_mail_pending (
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  queued_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, account_id)
);
