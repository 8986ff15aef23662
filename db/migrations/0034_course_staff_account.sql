-- The courses a person is on the staff of (courses_for_staff(), asked on
-- every dashboard, for learners too, through the news they may read): the
-- index on (tenant_id, account_id) did not hold course_id, so SQLite chose
-- the primary key and read every staff row of the tenant (1,091 on the
-- bench data) for each dashboard. With course_id in it, one seek.
DROP INDEX course_staff_account;
CREATE INDEX course_staff_account ON course_staff (tenant_id, account_id, course_id);
