-- People and access: units, partner schools, accounts, roles, guardians,
-- API tokens, sign-in throttling, password resets.

CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  UNIQUE (tenant_id, code)
);

CREATE TABLE schools (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  name TEXT NOT NULL,
  uai TEXT,                             -- national school id, e.g. 0860012A
  city TEXT NOT NULL DEFAULT '',
  academy TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  UNIQUE (tenant_id, uai)
);

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  login TEXT NOT NULL,                  -- lowercase; unique on the platform
  password_hash TEXT NOT NULL DEFAULT '',
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  email TEXT,
  birth_date TEXT,                      -- YYYY-MM-DD
  school_id BIGINT REFERENCES schools (id),
  school_class TEXT NOT NULL DEFAULT '',
  lang TEXT NOT NULL DEFAULT 'fr',
  active INTEGER NOT NULL DEFAULT 1,
  search_text TEXT NOT NULL DEFAULT '', -- folded names, login and e-mail
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX accounts_login ON accounts (login);
CREATE INDEX accounts_tenant ON accounts (tenant_id, family_name);
CREATE INDEX accounts_school ON accounts (tenant_id, school_id);
CREATE INDEX accounts_email ON accounts (email);

CREATE TABLE account_roles (
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  role TEXT NOT NULL,                   -- learner, guardian, teacher, ...
  granted_by BIGINT,
  granted_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, account_id, role)
);
CREATE INDEX account_roles_role ON account_roles (tenant_id, role);

CREATE TABLE guardianships (
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  guardian_id BIGINT NOT NULL REFERENCES accounts (id),
  learner_id BIGINT NOT NULL REFERENCES accounts (id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, guardian_id, learner_id)
);
CREATE INDEX guardianships_learner ON guardianships (tenant_id, learner_id);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  token_hash TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX api_tokens_account ON api_tokens (tenant_id, account_id);

-- One row per failed sign-in, keyed 'login:<login>' and 'ip:<address>'.
CREATE TABLE login_failures (
  key TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

CREATE TABLE password_resets (
  token_hash TEXT PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
