-- The courses of a learner (src/enrolment/access.c, on every homework list
-- and dashboard) read from two indexes alone: the learner's enrolments with
-- their status, course or programme and accommodations, then the courses
-- of each programme with their position, without visiting either table.
DROP INDEX enrolments_learner;
CREATE INDEX enrolments_learner ON enrolments (tenant_id, learner_id, id, status, course_id,
  programme_id, extra_time_pct, reduced_homework);
CREATE INDEX programme_courses_list ON programme_courses (tenant_id, programme_id, course_id, position);
