-- Spaced repetition (src/srs/): a deck per course, the notes authors (or a
-- learner, for themselves) write and the cards they make (one per cloze
-- number), each learner's memory of each card, and every review.
--
-- The two large tables are a learner's card states and review log (the
-- operator's scale: 26,000 learners with 2,000 cards each and a year of
-- reviews, tens of millions of rows). Both are WITHOUT ROWID tables keyed
-- by (tenant_id, learner_id, ...), so that the rows a learner's queue,
-- rating or statistics read are stored together (DESIGN.md section 7).
-- Stabilities and difficulties are the IEEE-754 bits of the scheduler's
-- doubles, in BIGINT: exact on both engines (src/srs/internal.h).
-- Desired retention is in per mille (900 is 0.90).

CREATE TABLE srs_decks (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  course_id BIGINT NOT NULL REFERENCES courses (id),
  title TEXT NOT NULL,
  description_md TEXT NOT NULL DEFAULT '',
  retention BIGINT NOT NULL DEFAULT 900,
  retention_min BIGINT NOT NULL DEFAULT 800,  -- what a learner may choose, set by authors
  retention_max BIGINT NOT NULL DEFAULT 950,
  new_per_day BIGINT NOT NULL DEFAULT 20,
  published INTEGER NOT NULL DEFAULT 1,
  params TEXT NOT NULL DEFAULT '',            -- 21 weights fitted on the course's log, '' = defaults
  next_position BIGINT NOT NULL DEFAULT 1,    -- order of the next card made
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX srs_decks_course ON srs_decks (tenant_id, course_id);

CREATE TABLE srs_notes (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  deck_id BIGINT NOT NULL REFERENCES srs_decks (id),
  owner_id BIGINT NOT NULL DEFAULT 0,         -- 0: the deck's; else the learner whose own card it is
  kind TEXT NOT NULL,                         -- 'basic' (front/back) or 'cloze'
  front_md TEXT NOT NULL,                     -- the question, or the cloze text
  back_md TEXT NOT NULL DEFAULT '',           -- the answer, or what a cloze's answer adds
  image_sha256 TEXT,
  image_type TEXT,
  image_alt TEXT NOT NULL DEFAULT '',
  origin TEXT NOT NULL DEFAULT 'author',      -- author, learner, gift, question
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  deleted_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX srs_notes_deck ON srs_notes (tenant_id, deck_id, owner_id, deleted_at, id);

-- What is reviewed: one card per basic note, one per cloze number. A card
-- is never deleted (the log refers to it); it becomes inactive.
CREATE TABLE srs_cards (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  deck_id BIGINT NOT NULL,
  note_id BIGINT NOT NULL REFERENCES srs_notes (id),
  ord BIGINT NOT NULL,                        -- cloze number; 0 for a basic card
  owner_id BIGINT NOT NULL DEFAULT 0,
  position BIGINT NOT NULL,                   -- new cards are shown in this order
  active INTEGER NOT NULL DEFAULT 1,
  graded_reviews BIGINT NOT NULL DEFAULT 0,   -- ratings of it as a graduated card, all learners
  lapses BIGINT NOT NULL DEFAULT 0            -- of which Again
);
CREATE UNIQUE INDEX srs_cards_note ON srs_cards (tenant_id, note_id, ord);
CREATE INDEX srs_cards_order ON srs_cards (tenant_id, deck_id, position, active, owner_id, id);

-- A learner's memory of a card they have rated at least once.
CREATE TABLE srs_states (
  tenant_id BIGINT NOT NULL,
  learner_id BIGINT NOT NULL,
  card_id BIGINT NOT NULL,
  deck_id BIGINT NOT NULL,
  state BIGINT NOT NULL,                      -- 1 learning, 2 review, 3 relearning
  step BIGINT NOT NULL,                       -- learning step; -1 in review
  stability BIGINT NOT NULL,                  -- double bits
  difficulty BIGINT NOT NULL,                 -- double bits
  due BIGINT NOT NULL,
  last_review BIGINT NOT NULL,
  reps BIGINT NOT NULL,                       -- ratings so far (the version a rating carries)
  lapses BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, learner_id, card_id)
) WITHOUT ROWID;
CREATE INDEX srs_states_due ON srs_states (tenant_id, learner_id, due, deck_id);

-- Every rating, with the state before and after: enough to undo it, to
-- replay a card's history and to fit parameters.
CREATE TABLE srs_reviews (
  tenant_id BIGINT NOT NULL,
  learner_id BIGINT NOT NULL,
  reviewed_at BIGINT NOT NULL,
  card_id BIGINT NOT NULL,
  deck_id BIGINT NOT NULL,
  rating BIGINT NOT NULL,                     -- 1 again, 2 hard, 3 good, 4 easy
  elapsed_days BIGINT NOT NULL,               -- whole days since the previous review; -1 for the first
  state_before BIGINT NOT NULL,               -- 0 new (no state yet), 1, 2, 3
  step_before BIGINT NOT NULL,
  stability_before BIGINT NOT NULL,
  difficulty_before BIGINT NOT NULL,
  due_before BIGINT NOT NULL,
  last_review_before BIGINT NOT NULL,         -- 0 for a new card
  state_after BIGINT NOT NULL,
  step_after BIGINT NOT NULL,
  stability_after BIGINT NOT NULL,
  difficulty_after BIGINT NOT NULL,
  due_after BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, learner_id, reviewed_at, card_id)
) WITHOUT ROWID;

-- A learner's own settings per deck, and where they are in its new cards.
CREATE TABLE srs_learner_decks (
  tenant_id BIGINT NOT NULL,
  learner_id BIGINT NOT NULL,
  deck_id BIGINT NOT NULL,
  retention BIGINT NOT NULL DEFAULT 0,        -- their desired retention; 0: the deck's
  new_cursor BIGINT NOT NULL DEFAULT 0,       -- position of the last new card they saw
  PRIMARY KEY (tenant_id, learner_id, deck_id)
) WITHOUT ROWID;

-- A learner's own fitted parameters.
CREATE TABLE srs_learners (
  tenant_id BIGINT NOT NULL,
  learner_id BIGINT NOT NULL,
  params TEXT NOT NULL DEFAULT '',
  fit_id BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, learner_id)
) WITHOUT ROWID;

-- Fits of parameters (background job srs.fit): a learner's (deck_id 0) or
-- a course's (learner_id 0), with the held-out log losses.
CREATE TABLE srs_fits (
  id INTEGER PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  learner_id BIGINT NOT NULL DEFAULT 0,
  deck_id BIGINT NOT NULL DEFAULT 0,
  status BIGINT NOT NULL DEFAULT 0,           -- 0 queued, 1 done, 2 failed
  outcome BIGINT NOT NULL DEFAULT -1,         -- 0 fitted, 1 too few reviews, 2 no improvement
  requested_by BIGINT,
  requested_at BIGINT NOT NULL,
  finished_at BIGINT NOT NULL DEFAULT 0,
  n_reviews BIGINT NOT NULL DEFAULT 0,
  n_train BIGINT NOT NULL DEFAULT 0,
  n_test BIGINT NOT NULL DEFAULT 0,
  held_out INTEGER NOT NULL DEFAULT 0,
  loss_default BIGINT NOT NULL DEFAULT -1,    -- mean log loss in millionths; -1 unknown
  loss_fitted BIGINT NOT NULL DEFAULT -1,
  params TEXT NOT NULL DEFAULT '',
  duration_ms BIGINT NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX srs_fits_scope ON srs_fits (tenant_id, learner_id, deck_id, id);
