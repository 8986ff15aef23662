-- Counters per tenant and name, raised by every change to what the
-- in-memory caches of src/kernel/cache.h hold ("courses": courses, their
-- items and homework settings), so that each server knows when its copy
-- is out of date (read once per request that uses a cache).
CREATE TABLE content_versions (
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  name TEXT NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, name)
);
