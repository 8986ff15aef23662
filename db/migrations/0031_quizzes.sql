-- Quizzes in courses (issue 4): a quiz IS a course item of kind 'quiz',
-- under the same id (as homework). Its settings, its questions (fixed ones,
-- or a number drawn at random from a category), the learners' attempts and
-- every answer, saved as it is given.

CREATE TABLE quizzes (
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  item_id BIGINT NOT NULL REFERENCES course_items (id) ON DELETE CASCADE,
  course_id BIGINT NOT NULL,
  time_limit BIGINT NOT NULL DEFAULT 0,      -- seconds; 0: none
  max_attempts BIGINT NOT NULL DEFAULT 1,    -- 0: unlimited
  review TEXT NOT NULL DEFAULT 'after',      -- right answers shown: never, after (each attempt), closed
  opens_at BIGINT NOT NULL DEFAULT 0,
  closes_at BIGINT NOT NULL DEFAULT 0,       -- 0: never closes
  max_grade BIGINT NOT NULL DEFAULT 2000,    -- hundredths: /20
  weight BIGINT NOT NULL DEFAULT 100,
  shuffle INTEGER NOT NULL DEFAULT 1,        -- answers in a different order for each attempt
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, item_id)
) WITHOUT ROWID;

CREATE TABLE quiz_slots (
  tenant_id BIGINT NOT NULL,
  item_id BIGINT NOT NULL REFERENCES course_items (id) ON DELETE CASCADE,
  position BIGINT NOT NULL,
  question_id BIGINT NOT NULL DEFAULT 0,     -- a fixed question, or 0:
  category_id BIGINT NOT NULL DEFAULT 0,     -- `count` questions drawn from this category
  count BIGINT NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, item_id, position)
) WITHOUT ROWID;

CREATE TABLE quiz_attempts (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  item_id BIGINT NOT NULL REFERENCES course_items (id),
  course_id BIGINT NOT NULL,
  learner_id BIGINT NOT NULL REFERENCES accounts (id),
  number BIGINT NOT NULL,                    -- 1, 2... for this learner and quiz
  questions TEXT NOT NULL,                   -- question ids in the order shown
  seed BIGINT NOT NULL,                      -- order of the answers
  started_at BIGINT NOT NULL,
  deadline_at BIGINT NOT NULL DEFAULT 0,     -- 0: no time limit
  finished_at BIGINT NOT NULL DEFAULT 0,
  score BIGINT NOT NULL DEFAULT 0,           -- ten-thousandths of a point, one point per question
  max_score BIGINT NOT NULL DEFAULT 0,
  to_grade BIGINT NOT NULL DEFAULT 0,        -- essays waiting for a teacher
  grade BIGINT                               -- hundredths out of the quiz's max_grade; NULL until final
);
CREATE UNIQUE INDEX quiz_attempts_number ON quiz_attempts (tenant_id, item_id, learner_id, number);
CREATE INDEX quiz_attempts_grading ON quiz_attempts (tenant_id, item_id, to_grade, finished_at);

CREATE TABLE quiz_answers (
  tenant_id BIGINT NOT NULL,
  attempt_id BIGINT NOT NULL,
  question_id BIGINT NOT NULL,
  response TEXT NOT NULL,
  credit BIGINT,                             -- ten-thousandths of a point; NULL: an essay to grade
  answered_at BIGINT NOT NULL,
  graded_by BIGINT,
  comment TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, attempt_id, question_id)
) WITHOUT ROWID;
