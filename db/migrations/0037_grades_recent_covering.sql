-- A learner's latest grades (grades_latest(), on every learner's dashboard,
-- and their grades page) read from the index alone: with the grade and
-- the link in it, no visit to the table for each line.
DROP INDEX grades_recent;
CREATE INDEX grades_recent ON grades (tenant_id, learner_id, graded_at, grade, max_grade, link);
