-- Question banks (issue 4): each tenant's questions in categories, the
-- model of src/quizzes/gift.h. A category is a path ("Sécurité routière/
-- Panneaux", as GIFT's $CATEGORY writes it); `practice` opens it to the
-- public practice pages. A question keeps what lists show in columns and
-- the rest (answers, pairs, tags, feedback) as JSON in `data`, whose numbers
-- are written with 17 digits so that they read back exactly.

CREATE TABLE question_categories (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  path TEXT NOT NULL,
  sort_key TEXT NOT NULL,                  -- text_fold(path), for the list's order
  practice INTEGER NOT NULL DEFAULT 0,     -- anyone may practise on it
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX question_categories_path ON question_categories (tenant_id, path);
CREATE INDEX question_categories_practice ON question_categories (tenant_id, practice, sort_key);

CREATE TABLE questions (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  category_id BIGINT NOT NULL REFERENCES question_categories (id),
  type TEXT NOT NULL,                      -- multichoice, truefalse, shortanswer, numerical,
                                           -- matching, essay, description
  title TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  format TEXT NOT NULL DEFAULT 'moodle',   -- moodle, html, plain, markdown
  idnumber TEXT NOT NULL DEFAULT '',
  data TEXT NOT NULL,                      -- JSON: answers, pairs, tags, single, correct, feedback
  media_sha256 TEXT,                       -- image, audio or video shown with the question
  media_name TEXT,
  media_type TEXT,
  media_size BIGINT NOT NULL DEFAULT 0,
  media_alt TEXT NOT NULL DEFAULT '',      -- what the medium shows, for pupils who cannot see it
  archived INTEGER NOT NULL DEFAULT 0,     -- kept for the attempts that used it, drawn no more
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX questions_category ON questions (tenant_id, category_id, archived, id);
