-- Notifications: the in-app list of what happened for each person, and how
-- they want to be told by mail.

CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  kind TEXT NOT NULL,                  -- homework.returned, message.new...
  title TEXT NOT NULL,
  link TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  read_at BIGINT,
  mailed_at BIGINT                     -- sent by mail (at once or in a digest)
);
CREATE INDEX notifications_account ON notifications (tenant_id, account_id, id);
CREATE INDEX notifications_unmailed ON notifications (mailed_at, created_at);

CREATE TABLE notification_prefs (
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  mode TEXT NOT NULL,                  -- each, digest, none
  PRIMARY KEY (tenant_id, account_id)
);
