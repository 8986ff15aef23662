-- A counter per tenant, raised by every change to its catalogue, so that
-- application servers know when their in-memory copy of the published
-- catalogue (what public search reads) is out of date.
CREATE TABLE catalogue_versions (
  tenant_id BIGINT PRIMARY KEY REFERENCES tenants (id),
  version BIGINT NOT NULL
);
