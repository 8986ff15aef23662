-- A learner's homework list reads the published homework items of each
-- course they follow (src/homework/list.c): with this covering index it
-- seeks them directly, instead of reading every item of the course (its
-- lessons, files and links) from the table to test kind and published.
-- bench/homework_run.sh: 10,553 -> 11,752 lists per second.
CREATE INDEX course_items_kind ON course_items (tenant_id, course_id, kind, published, id, title);
